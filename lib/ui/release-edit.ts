/**
 * Editing a running job (issue 5): the form state is the Create Job wizard's own, filled from the
 * job, checked by the wizard's validation (the same rules the API applies to the resulting spec),
 * and turned into a PATCH that carries only what changed plus the generation it was based on.
 */
import type { MatchGroup, PatchReleaseRequest, ReleaseView } from '@/lib/api/release-types';
import type { StringMatch } from '@/lib/release/types';
import { initialWizardState, validateStep, compileGroups, type ConditionGroup, type ConditionRow, type MatchOp, type WizardErrors, type WizardState } from './release-wizard';

let seq = 0;
const id = (prefix: string) => `${prefix}${(seq++).toString(36)}`;

function row(kind: ConditionRow['kind'], fields: Partial<ConditionRow> = {}): ConditionRow {
  return { id: id('e'), kind, name: '', op: 'exact', value: '', presets: [], ...fields };
}

function opOf(m: StringMatch): { op: MatchOp; value: string } {
  if (m.prefix !== undefined) return { op: 'prefix', value: m.prefix };
  if (m.regex !== undefined) return { op: 'regex', value: m.regex };
  return { op: 'exact', value: m.exact ?? '' };
}

/** The wizard's condition rows for a job's `match` (the inverse of compileGroups). */
export function groupsFromMatch(match: readonly MatchGroup[]): ConditionGroup[] {
  return match.map((g) => {
    const conditions: ConditionRow[] = [];
    for (const [name, m] of Object.entries(g.headers ?? {})) conditions.push(row('header', { name, ...opOf(m) }));
    for (const c of g.cookies ?? []) conditions.push(row('cookie', { name: c.name, ...opOf(c.value) }));
    if (g.uri) conditions.push(row('uri', opOf(g.uri)));
    if (g.os?.length) conditions.push(row('os', { presets: [...g.os] }));
    if (g.browsers?.length) conditions.push(row('browser', { presets: [...g.browsers] }));
    return { id: id('g'), conditions };
  });
}

/** The edit form for a job: the wizard state it would have been created with. */
export function editStateFromJob(job: Pick<ReleaseView, 'name' | 'strategy' | 'service' | 'spec'>): WizardState {
  const { spec } = job;
  const match = spec.traffic.match ?? [];
  return {
    ...initialWizardState(job.strategy),
    name: job.name,
    service: job.service,
    baselineVersion: spec.baseline.version,
    version: spec.candidate.version,
    replicas: String(spec.candidate.replicas),
    canaryMode: match.length > 0 ? 'content' : 'weight',
    candidateWeight: spec.traffic.candidateWeight,
    groups: groupsFromMatch(match),
    blueGreenTarget: spec.traffic.candidateWeight === 100 ? 'candidate' : 'baseline',
    mirrorPercent: spec.traffic.mirrorPercent ?? 100,
  };
}

/** The edit form's errors: replicas as in step 3, traffic as in step 4 (images and version are not editable). */
export function validateEdit(state: WizardState): WizardErrors {
  const version = validateStep('version', { ...state, images: {} });
  return { ...(version.replicas ? { replicas: version.replicas } : {}), ...validateStep('strategy', state) };
}

/** The PATCH for the fields that differ from the job; null when nothing changed. */
export function buildEditPatch(job: Pick<ReleaseView, 'strategy' | 'spec' | 'generation'>, state: WizardState): PatchReleaseRequest | null {
  const { spec } = job;
  const patch: PatchReleaseRequest = {};
  const replicas = Number(state.replicas.trim());
  if (replicas !== spec.candidate.replicas) patch.candidateReplicas = replicas;
  if (job.strategy === 'Canary') {
    if (state.candidateWeight !== spec.traffic.candidateWeight) patch.candidateWeight = state.candidateWeight;
    const match = state.canaryMode === 'content' ? compileGroups(state.groups) : [];
    if (JSON.stringify(match) !== JSON.stringify(spec.traffic.match ?? [])) patch.match = match;
  }
  if (job.strategy === 'BlueGreen') {
    const weight = state.blueGreenTarget === 'candidate' ? 100 : 0;
    if (weight !== spec.traffic.candidateWeight) patch.candidateWeight = weight;
  }
  if (job.strategy === 'Mirror' && state.mirrorPercent !== (spec.traffic.mirrorPercent ?? 100)) patch.mirrorPercent = state.mirrorPercent;
  if (Object.keys(patch).length === 0) return null;
  return { ...patch, generation: job.generation };
}
