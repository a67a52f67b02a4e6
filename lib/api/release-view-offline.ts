/**
 * Whether Job Offline is offered, and what it keeps. DESIGN.md: the kept version is the takeOver
 * version, or the baseline if none; offline is only offered when that outcome is unambiguous. It is
 * ambiguous while the candidate still answers user requests without having been taken over: the
 * user may mean "promote" or "roll back", so they must say which with Take Over first.
 */
import { keptVersion } from '../release/routing-plan';
import type { GrayscaleReleaseSpec, ReleasePhase } from '../release/types';
import type { ReleaseOfflineView } from './release-types';

export interface OfflineState {
  spec: GrayscaleReleaseSpec;
  phase: ReleasePhase;
  deleting: boolean;
  /** whether the kept version has ready pods now (unknown: not checked) */
  keptReady?: boolean;
}

/** The share of user responses the candidate gives per the spec (mirrored copies are never answered to users). */
function candidateServes(spec: GrayscaleReleaseSpec): { weight: number; matched: boolean } {
  switch (spec.strategy) {
    case 'Mirror':
      return { weight: 0, matched: false };
    case 'BlueGreen':
      return { weight: spec.traffic.candidateWeight === 100 ? 100 : 0, matched: false };
    case 'Canary':
      return { weight: spec.traffic.candidateWeight, matched: (spec.traffic.match?.length ?? 0) > 0 };
  }
}

/**
 * Job Offline's outcome for a job now: kept and removed version, and why it is not offered when not.
 * See https://istio.io/latest/docs/concepts/traffic-management/#routing-versions
 */
export function offlineOutcome({ spec, phase, deleting, keptReady }: OfflineState): ReleaseOfflineView {
  const keeps = keptVersion(spec);
  const removes = keeps === spec.baseline.version ? spec.candidate.version : spec.baseline.version;
  const refuse = (reason: string): ReleaseOfflineView => ({ allowed: false, keeps, removes, reason });
  if (deleting) return refuse('the job is being deleted');
  if (phase === 'Completed') return refuse(`the job is completed: ${keeps} serves all traffic`);
  if (spec.offline) return refuse(`the job is already going offline, keeping ${keeps}`);
  if (keptReady === false) return refuse(`version ${keeps} has no ready pods yet, so it cannot take all traffic`);
  if (spec.takeOver) return { allowed: true, keeps, removes };
  const serves = candidateServes(spec);
  if (serves.weight > 0 || serves.matched) {
    const share = [serves.weight > 0 ? `${serves.weight}% of requests` : '', serves.matched ? 'the requests matching its conditions' : ''].filter(Boolean).join(' and ');
    return refuse(
      `${spec.candidate.version} still receives ${share}: take over ${spec.baseline.version} (roll back) or ${spec.candidate.version} (promote) first, so it is clear which version stays`,
    );
  }
  return { allowed: true, keeps, removes };
}
