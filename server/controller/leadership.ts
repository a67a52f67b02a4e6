import 'server-only';

/**
 * The seam for leader election: the controller reconciles once `acquire` resolves and stops at once
 * when the `onLost` callback fires; it may then call `acquire` again to stand as a candidate anew.
 * lease-leadership.ts implements it with a `coordination.k8s.io/v1` Lease shared by the replicas.
 * https://kubernetes.io/docs/concepts/architecture/leases/#leader-election
 */
export interface Leadership {
  /** resolves once this process leads (or never, if `signal` aborts first) */
  acquire(signal: AbortSignal): Promise<void>;
  /** registers a callback to run whenever leadership is lost */
  onLost(callback: () => void): void;
  /** gives leadership up (graceful stop) so another replica takes over without waiting */
  release(): Promise<void>;
  /** who this process is in the election (written as the holder of the Lease) */
  identity: string;
}

/** Leadership for a single controller: granted at once, never lost. */
export const soleLeader: Leadership = {
  acquire: async () => undefined,
  onLost: () => undefined,
  release: async () => undefined,
  identity: 'sole-leader',
};
