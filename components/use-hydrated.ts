'use client';

import { useSyncExternalStore } from 'react';

const never = () => () => undefined;

/**
 * false while React hydrates server-rendered HTML (and in that HTML), true from then on and on
 * every client render. Pages rendered on the server with their data (the job detail, issue 10)
 * paint their controls before their scripts run; a click or key press then would be lost, so the
 * controls stay disabled until this turns true (tests and users alike wait for "enabled").
 * https://react.dev/reference/react/useSyncExternalStore#adding-support-for-server-rendering
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
