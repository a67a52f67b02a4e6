import 'server-only';

/**
 * The seam for leader election: the controller starts reconciling once `acquire` resolves and
 * stops when `lost` fires. Several console replicas will share one
 * `coordination.k8s.io/v1` Lease (a later issue); until then every process leads.
 * https://kubernetes.io/docs/concepts/architecture/leases/#leader-election
 */
export interface Leadership {
  acquire(signal: AbortSignal): Promise<void>;
  /** called with a callback to run when leadership is lost */
  onLost(callback: () => void): void;
  release(): Promise<void>;
}

/** Leadership for a single controller: granted at once, never lost. */
export const soleLeader: Leadership = {
  acquire: async () => undefined,
  onLost: () => undefined,
  release: async () => undefined,
};
