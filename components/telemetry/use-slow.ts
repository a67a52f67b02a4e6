'use client';

import { useEffect, useState } from 'react';

/** True once `active` has stayed true for `afterMs` (DESIGN.md house rule 6: no spinner without a timeout message). */
export function useSlow(active: boolean, afterMs = 10_000): boolean {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (!active) {
      setSlow(false);
      return;
    }
    const t = setTimeout(() => setSlow(true), afterMs);
    return () => clearTimeout(t);
  }, [active, afterMs]);
  return active && slow;
}
