import 'server-only';
import { canonicalJson, replacingMergePatch } from '@/lib/release/clone';
import { type GrayscaleRelease, type GrayscaleReleaseStatus, type ReleaseCondition } from '@/lib/release';
import type { Decision } from './decide';

/**
 * Builds the status a decision describes, keeping each condition's lastTransitionTime while its
 * status stays the same (so an unchanged world produces an identical status and no write).
 * https://github.com/kubernetes/community/blob/master/contributors/devel/sig-architecture/api-conventions.md#typical-status-properties
 */
export function buildStatus(release: GrayscaleRelease, decision: Decision, now: string): GrayscaleReleaseStatus {
  const previous = release.status?.conditions ?? [];
  const conditions: ReleaseCondition[] = decision.conditions.map((c) => {
    const before = previous.find((p) => p.type === c.type);
    const lastTransitionTime = before && before.status === c.status && before.lastTransitionTime ? before.lastTransitionTime : now;
    return { ...c, lastTransitionTime };
  });
  return {
    phase: decision.phase,
    observedGeneration: release.metadata.generation ?? 0,
    conditions,
    versions: decision.versions,
    ...(decision.message ? { message: decision.message } : {}),
    ...(decision.keptVersion ? { keptVersion: decision.keptVersion } : {}),
    // a progressive job keeps its schedule's record while it goes offline
    ...((decision.progress ?? release.status?.progress) ? { progress: decision.progress ?? release.status?.progress } : {}),
  };
}

/** Whether writing `next` would change the job's status. */
export function statusChanged(release: GrayscaleRelease, next: GrayscaleReleaseStatus): boolean {
  return canonicalJson(release.status ?? {}) !== canonicalJson(next);
}

/**
 * The merge patch that replaces the whole status (null clears optional fields no longer set; the
 * nested progress is diffed against `previous` so keys it no longer has are cleared too).
 * https://www.rfc-editor.org/rfc/rfc7386
 */
export function statusPatch(next: GrayscaleReleaseStatus, previous?: GrayscaleReleaseStatus): { status: Record<string, unknown> } {
  const progress = next.progress ? { progress: replacingMergePatch(previous?.progress, next.progress) } : {};
  return { status: { message: null, keptVersion: null, ...next, ...progress } };
}
