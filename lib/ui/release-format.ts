/**
 * Pure formatting and decisions for the release-job pages: phase badges, strategy names, weights,
 * replica counts and what Job Offline will do. No React here so it is unit-tested on its own.
 */
import type { ReleasePhase, ReleaseVersionView, ReleaseView, Strategy } from '@/lib/api/release-types';

/** The three KubeSphere release modes as the UI names them (kebab-case ids used in test ids). */
export type ReleaseMode = 'blue-green' | 'canary' | 'mirror';

export const MODE_STRATEGY: Record<ReleaseMode, Strategy> = { 'blue-green': 'BlueGreen', canary: 'Canary', mirror: 'Mirror' };

const STRATEGY_LABEL: Record<Strategy, string> = { Canary: 'Canary Release', BlueGreen: 'Blue-Green Deployment', Mirror: 'Traffic Mirroring' };

/** "Canary Release", "Blue-Green Deployment", "Traffic Mirroring". */
export function strategyLabel(strategy: Strategy): string {
  return STRATEGY_LABEL[strategy] ?? strategy;
}

export type Tone = 'success' | 'info' | 'warning' | 'danger' | 'neutral';

const PHASE_LABEL: Record<ReleasePhase, string> = {
  Pending: 'Pending',
  WaitingForCandidate: 'Waiting for new version',
  Progressing: 'Progressing',
  TakenOver: 'Taken over',
  Completing: 'Going offline',
  Completed: 'Completed',
  Failed: 'Failed',
};

const PHASE_TONE: Record<ReleasePhase, Tone> = {
  Pending: 'neutral',
  WaitingForCandidate: 'warning',
  Progressing: 'info',
  TakenOver: 'success',
  Completing: 'warning',
  Completed: 'neutral',
  Failed: 'danger',
};

/** Human label of a job phase; unknown phases (a newer controller) are shown as they are. */
export function phaseLabel(phase: string | undefined): string {
  if (!phase) return 'Pending';
  return PHASE_LABEL[phase as ReleasePhase] ?? phase;
}

/** Badge colour of a job phase. */
export function phaseTone(phase: string | undefined): Tone {
  return PHASE_TONE[(phase ?? 'Pending') as ReleasePhase] ?? 'neutral';
}

/** Completed and Failed do not change on their own: stop polling. Everything else may. */
export function isFinalPhase(phase: string | undefined): boolean {
  return phase === 'Completed' || phase === 'Failed';
}

/** Poll interval while the controller catches up with a change (one GET of the job). */
export const IN_FLIGHT_POLL_MS = 300;

/** How often the job detail re-reads a job that can still change on its own (DESIGN.md: changes appear without reload): often while a change is in flight, never once final. */
export function releaseRefetchInterval(view: Pick<ReleaseView, 'phase' | 'deleting' | 'generation' | 'observedGeneration'> | undefined): number | false {
  if (!view) return 1500;
  if (view.deleting) return 1500;
  // a change is in flight (the controller has not observed this generation yet): look often, so
  // "applied" shows within a few hundred ms of the controller's write instead of up to 1.5 s later
  if (view.observedGeneration < view.generation) return IN_FLIGHT_POLL_MS;
  return isFinalPhase(view.phase) ? false : 1500;
}

/** Clamps to 0..100 and rounds: weights are whole percents. */
export function clampPercent(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(100, Math.max(0, Math.round(value)));
}

/** "30%". */
export function formatPercent(value: number): string {
  return `${clampPercent(value)}%`;
}

/** Both versions' shares of traffic for a candidate weight: the baseline gets the rest. */
export function splitWeights(candidateWeight: number): { baseline: number; candidate: number } {
  const candidate = clampPercent(candidateWeight);
  return { baseline: 100 - candidate, candidate };
}

/** "1/2" ready/desired replicas. */
export function replicasLabel(ready: number, total: number): string {
  return `${Math.max(0, ready)}/${Math.max(0, total)}`;
}

/** The versions in display order: baseline first, then the candidate. */
export function orderedVersions(view: Pick<ReleaseView, 'versions'>): ReleaseVersionView[] {
  return [...view.versions].sort((a, b) => (a.role === b.role ? 0 : a.role === 'baseline' ? -1 : 1));
}

/** What the server says about Job Offline (additive field of ReleaseView). */
export interface OfflineInfo {
  allowed: boolean;
  keeps: string;
  removes: string;
  reason?: string;
}

/**
 * What Job Offline will keep and remove. Uses the server's `offline` when present; otherwise
 * applies DESIGN.md's rule (keep the takeOver version, else the baseline) and only allows it for
 * a live job whose kept version has ready pods.
 */
export function offlineInfo(view: ReleaseView & { offline?: Partial<OfflineInfo> }): OfflineInfo {
  const keepsDefault = view.spec.takeOver || view.spec.baseline.version;
  const removesDefault = keepsDefault === view.spec.baseline.version ? view.spec.candidate.version : view.spec.baseline.version;
  const server = view.offline;
  if (server && typeof server.allowed === 'boolean') {
    return {
      allowed: server.allowed,
      keeps: server.keeps || keepsDefault,
      removes: server.removes || removesDefault,
      ...(server.reason ? { reason: server.reason } : {}),
    };
  }
  let reason: string | undefined;
  if (view.deleting) reason = 'The job is being deleted.';
  else if (isFinalPhase(view.phase)) reason = `The job is ${phaseLabel(view.phase).toLowerCase()}.`;
  else if (view.phase === 'Completing' || view.spec.offline) reason = 'The job is already going offline.';
  else {
    const kept = view.versions.find((v) => v.version === keepsDefault);
    if (!kept || kept.readyReplicas < 1) reason = `Version ${keepsDefault} has no ready pods yet.`;
  }
  return { allowed: !reason, keeps: keepsDefault, removes: removesDefault, ...(reason ? { reason } : {}) };
}

/** The candidate weight a job asks for now (the slider's starting point). */
export function configuredWeight(view: Pick<ReleaseView, 'spec'>): number {
  return clampPercent(view.spec.traffic?.candidateWeight ?? 0);
}

/** "3 minutes ago"-style relative time, or the date for older ones; "-" when unknown. */
export function formatAge(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return '-';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '-';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s}s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m}m ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h}h ago`;
  return new Date(t).toISOString().slice(0, 10);
}

/** Strips a leading "field: " the server puts in front of field messages (the field is shown already). */
export function fieldMessage(field: string, message: string): string {
  return message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}
