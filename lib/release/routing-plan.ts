/**
 * What the traffic should look like right now, from the spec and what is safe: a level-based
 * decision, recomputed on every reconcile. A version is routable only when its subset can exist
 * and has pods (baseline: its Deployment exists; candidate: ready), so a request is never sent to a
 * missing subset or one without ready pods (make-before-break).
 */

import type { GrayscaleReleaseSpec, MatchGroup } from './types';

export type RoutingPlan =
  | { kind: 'all'; version: string }
  | { kind: 'split'; candidateWeight: number; match: MatchGroup[] }
  | { kind: 'mirror'; percent: number };

export interface Routable {
  baseline: boolean;
  candidate: boolean;
}

/** The version that stays when the job goes offline: the takeOver version, else the baseline. See https://istio.io/latest/docs/concepts/traffic-management/#virtual-services */
export function keptVersion(spec: GrayscaleReleaseSpec): string {
  return spec.takeOver || spec.baseline.version;
}

/**
 * Decides the routing for a spec given which versions are routable; `notes` say why it differs
 * from what the spec asks. See https://istio.io/latest/docs/concepts/traffic-management/#virtual-services
 */
export function planRouting(spec: GrayscaleReleaseSpec, routable: Routable): { plan: RoutingPlan; notes: string[] } {
  const base = spec.baseline.version;
  const cand = spec.candidate.version;
  const notes: string[] = [];
  if (!routable.baseline && !routable.candidate) {
    throw new Error(`neither ${base} nor ${cand} can receive traffic (baseline Deployment missing, candidate not ready)`);
  }
  const wanted = desiredPlan(spec);
  if (!routable.candidate) {
    const needsCandidate = !(wanted.kind === 'all' && wanted.version === base) && !(wanted.kind === 'split' && wanted.candidateWeight === 0 && wanted.match.length === 0);
    if (needsCandidate) notes.push(`candidate ${cand} has no ready pods yet: all traffic stays on ${base}`);
    return { plan: { kind: 'all', version: base }, notes };
  }
  if (!routable.baseline) {
    const needsBaseline = !(wanted.kind === 'all' && wanted.version === cand) && !(wanted.kind === 'split' && wanted.candidateWeight === 100);
    if (needsBaseline) notes.push(`baseline ${base} has no Deployment: all traffic goes to ${cand}`);
    return { plan: { kind: 'all', version: cand }, notes };
  }
  return { plan: wanted, notes };
}

function desiredPlan(spec: GrayscaleReleaseSpec): RoutingPlan {
  if (spec.offline) return { kind: 'all', version: keptVersion(spec) };
  if (spec.takeOver) return { kind: 'all', version: spec.takeOver };
  const { traffic } = spec;
  switch (spec.strategy) {
    case 'Mirror':
      return { kind: 'mirror', percent: traffic.mirrorPercent ?? 100 };
    case 'BlueGreen':
      return { kind: 'all', version: traffic.candidateWeight === 100 ? spec.candidate.version : spec.baseline.version };
    case 'Canary':
      return { kind: 'split', candidateWeight: traffic.candidateWeight, match: traffic.match ?? [] };
  }
}
