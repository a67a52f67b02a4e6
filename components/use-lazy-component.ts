'use client';

import { useEffect, useState, type ComponentType } from 'react';

const loaded = new WeakMap<() => Promise<unknown>, unknown>();

/**
 * A component whose code is loaded (once per page) by `load` as soon as `enabled`; undefined
 * until it is there. Unlike next/dynamic it lets the caller keep its own loading state until the
 * part is ready, so a page that needs it appears in one piece instead of shifting when it arrives.
 * A failed load yields `fallback` (the page still works without the part).
 */
export function useLazyComponent<P extends object>(load: () => Promise<ComponentType<P>>, enabled: boolean, fallback: ComponentType<P>): ComponentType<P> | undefined {
  const [component, setComponent] = useState<ComponentType<P> | undefined>(() => loaded.get(load) as ComponentType<P> | undefined);
  useEffect(() => {
    if (!enabled || component) return;
    let live = true;
    load().then(
      (c) => {
        loaded.set(load, c);
        if (live) setComponent(() => c);
      },
      () => {
        if (live) setComponent(() => fallback);
      },
    );
    return () => {
      live = false;
    };
  }, [enabled, component, load, fallback]);
  return component;
}
