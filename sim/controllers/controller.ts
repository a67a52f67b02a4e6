/**
 * The shape every in-process controller has, so index.ts can feed them store events and resyncs
 * uniformly.
 */
import type { KubeObject, StoreEvent } from '../api/types';

export interface Controller {
  /** Called synchronously from the store's listener: only queue work here, never write. */
  handle(ev: StoreEvent): void;
  /** Periodic level-based pass: queue every object; handlers must not write when nothing changed. */
  resync(): void;
  stop(): void;
}

/** `namespace/name` key of an object (cluster-scoped objects: `/name`). */
export function objectKey(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const i = key.indexOf('/');
  const namespace = key.slice(0, i);
  return { namespace: namespace || undefined, name: key.slice(i + 1) };
}

/** The object carries a deletionTimestamp: it is going away and counts for nothing. */
export function isTerminating(obj: KubeObject): boolean {
  return Boolean(obj.metadata.deletionTimestamp);
}
