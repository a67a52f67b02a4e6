/**
 * The Create Job wizard's state, per-step validation and the request it sends, as pure functions.
 * Field rules come from lib/release (the same patterns the API and the CRD enforce), so a value the
 * wizard accepts is one the server accepts too; the server's answer is still shown field by field.
 */
import type { CreateReleaseRequest, MatchGroup, Strategy } from '@/lib/api/release-types';
import type { ServiceView } from '@/lib/api/types';
import { BROWSER_PRESETS, OS_PRESETS, type BrowserPreset, type OsPreset, type StringMatch } from '@/lib/release/types';
import { LIMITS, PATTERNS } from '@/lib/release/rules';
import { clampPercent } from './release-format';

export const WIZARD_STEPS = [
  { id: 'basic', label: 'Basic Information' },
  { id: 'service', label: 'Service Settings' },
  { id: 'version', label: 'New Version Settings' },
  { id: 'strategy', label: 'Strategy Settings' },
  { id: 'preview', label: 'Preview' },
] as const;

export type WizardStepId = (typeof WIZARD_STEPS)[number]['id'];

export type ConditionKind = 'header' | 'cookie' | 'uri' | 'os' | 'browser';
export type MatchOp = 'exact' | 'prefix' | 'regex';

/** One condition row of a "by request content" group. `presets` is used by os/browser rows. */
export interface ConditionRow {
  id: string;
  kind: ConditionKind;
  name: string;
  op: MatchOp;
  value: string;
  presets: string[];
}

/** Conditions inside a group must all hold (AND); groups are alternatives (OR). */
export interface ConditionGroup {
  id: string;
  conditions: ConditionRow[];
}

export interface WizardState {
  strategy: Strategy;
  name: string;
  app: string;
  service: string;
  baselineVersion: string;
  version: string;
  /** kept as typed so an empty or odd input can be explained instead of silently becoming 0 */
  replicas: string;
  /** container name -> image */
  images: Record<string, string>;
  canaryMode: 'weight' | 'content';
  candidateWeight: number;
  groups: ConditionGroup[];
  /** Blue-Green: which version receives the traffic when the job starts */
  blueGreenTarget: 'baseline' | 'candidate';
  mirrorPercent: number;
}

/** Field id -> message. Ids: name, service, version, replicas, images.<container>, candidateWeight, mirrorPercent, groups, groups.<g>.<c>, form. */
export type WizardErrors = Record<string, string>;

export function initialWizardState(strategy: Strategy): WizardState {
  return {
    strategy,
    name: '',
    app: '',
    service: '',
    baselineVersion: '',
    version: '',
    replicas: '1',
    images: {},
    canaryMode: 'weight',
    candidateWeight: 0,
    groups: [],
    blueGreenTarget: 'baseline',
    mirrorPercent: 100,
  };
}

/** Why a Service cannot be released now, or null when it can. */
export function serviceUnavailableReason(service: ServiceView): string | null {
  if (service.activeRelease) return `Release job "${service.activeRelease}" is already active for this service`;
  // the API refuses these with 422 (issue 9): say so before the user picks it
  if (service.inMesh === false) return service.notInMeshReason ?? 'The service is not in the mesh (no Istio sidecar)';
  if (Object.keys(service.selector).length === 0) return 'The service has no pod selector';
  if (service.versions.length === 0) return 'No Deployment runs this service';
  if (service.versions.length > 1) return `Runs ${service.versions.length} versions (${service.versions.map((v) => v.version || 'unlabelled').join(', ')}); a job starts from exactly one`;
  if (!service.versions[0].version) return 'Its Deployment has no version label';
  return null;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The new version's image for a container: the baseline image with its version token replaced
 * (`.../examples-bookinfo-reviews-v1:1.13.0` -> `...-v2:1.13.0`), as KubeSphere prefills it.
 */
export function candidateImage(baselineImage: string, baselineVersion: string, candidateVersion: string): string {
  if (!baselineVersion || !candidateVersion) return baselineImage;
  const re = new RegExp(`(^|[-_/])${escapeRegExp(baselineVersion)}(?=$|[-_:.@/])`, 'g');
  return baselineImage.replace(re, `$1${candidateVersion}`);
}

/** The version most people type next: v1 -> v2, v9 -> v10, anything else -> '' (the user chooses). */
export function suggestNextVersion(baselineVersion: string, taken: readonly string[] = []): string {
  const m = /^(.*?)(\d+)$/.exec(baselineVersion);
  if (!m) return '';
  let n = Number(m[2]) + 1;
  while (taken.includes(`${m[1]}${n}`)) n++;
  const next = `${m[1]}${n}`.toLowerCase();
  return new RegExp(PATTERNS.candidateVersion).test(next) && next.length <= LIMITS.candidateVersionMax ? next : '';
}

function dnsLabelProblem(value: string, what: string): string | null {
  if (value.trim() === '') return `Enter a ${what}.`;
  if (value.length > LIMITS.nameMax) return `At most ${LIMITS.nameMax} characters.`;
  if (!new RegExp(PATTERNS.dns1123Label).test(value)) return 'Use lower-case letters, digits and "-", starting and ending with a letter or digit (DNS-1123).';
  return null;
}

function conditionProblem(row: ConditionRow): string | null {
  if (row.kind === 'os' || row.kind === 'browser') return row.presets.length === 0 ? `Choose at least one ${row.kind === 'os' ? 'operating system' : 'browser'}.` : null;
  if (row.kind === 'header' || row.kind === 'cookie') {
    if (row.name.trim() === '') return `Enter the ${row.kind} name.`;
    if (row.kind === 'header' && !new RegExp(PATTERNS.headerName).test(row.name)) return 'Header names are lower-case tokens (letters, digits and !#$%&\'*+.^_`|~-).';
    if (row.kind === 'cookie' && !new RegExp(PATTERNS.cookieName).test(row.name)) return 'Not a valid cookie name.';
  }
  if (row.value === '') return 'Enter the value to match.';
  if (row.kind === 'uri' && row.op !== 'regex' && !row.value.startsWith('/')) return 'A URI starts with "/".';
  if (row.kind === 'cookie' && row.op === 'prefix') return 'Cookies match exactly or by regex.';
  if (row.op === 'regex') {
    try {
      new RegExp(row.value);
    } catch {
      return 'Not a valid regular expression.';
    }
    if (/\(\?[=!<]/.test(row.value)) return 'Lookaround is not supported (RE2).';
  }
  return null;
}

/** Errors of one step, keyed by field id; empty when the step may be left with Next. */
export function validateStep(step: WizardStepId, state: WizardState, ctx: { services?: ServiceView[] } = {}): WizardErrors {
  const errors: WizardErrors = {};
  if (step === 'basic') {
    const p = dnsLabelProblem(state.name, 'name');
    if (p) errors.name = p;
  }
  if (step === 'service') {
    if (!state.app) errors.app = 'Choose an application.';
    if (!state.service) errors.service = 'Choose the service to release.';
    else {
      const svc = ctx.services?.find((s) => s.name === state.service);
      const reason = svc ? serviceUnavailableReason(svc) : null;
      if (reason) errors.service = reason;
      else if (!state.baselineVersion) errors.service = 'The service has no running version.';
    }
  }
  if (step === 'version') {
    const v = state.version;
    if (v === '') errors.version = 'Enter the new version, e.g. v2.';
    else if (v.length > LIMITS.candidateVersionMax) errors.version = `At most ${LIMITS.candidateVersionMax} characters.`;
    else if (!new RegExp(PATTERNS.candidateVersion).test(v)) errors.version = 'Use lower-case letters, digits and "-", starting and ending with a letter or digit.';
    else if (v === state.baselineVersion) errors.version = `Must differ from the running version ${state.baselineVersion}.`;
    const r = state.replicas.trim();
    if (!/^\d+$/.test(r)) errors.replicas = 'Enter a whole number of replicas.';
    else if (Number(r) < LIMITS.replicasMin || Number(r) > LIMITS.replicasMax) errors.replicas = `Between ${LIMITS.replicasMin} and ${LIMITS.replicasMax}.`;
    for (const [container, image] of Object.entries(state.images)) {
      if (image.trim() === '') errors[`images.${container}`] = 'Enter an image.';
      else if (image.length > LIMITS.imageMax || !new RegExp(PATTERNS.image).test(image)) errors[`images.${container}`] = 'Not an image reference (no spaces; e.g. registry/team/app:1.2).';
    }
  }
  if (step === 'strategy') {
    if (state.strategy === 'Canary') {
      if (state.candidateWeight !== clampPercent(state.candidateWeight)) errors.candidateWeight = 'A whole percent between 0 and 100.';
      if (state.canaryMode === 'content') {
        if (state.groups.length === 0) errors.groups = 'Add at least one condition group.';
        state.groups.forEach((g, gi) => {
          if (g.conditions.length === 0) errors[`groups.${gi}`] = 'A group needs at least one condition.';
          const kinds = new Set<string>();
          g.conditions.forEach((c, ci) => {
            const p = conditionProblem(c);
            if (p) errors[`groups.${gi}.${ci}`] = p;
            const key = c.kind === 'header' || c.kind === 'cookie' ? `${c.kind}:${c.name}` : c.kind;
            if (kinds.has(key) && !p) errors[`groups.${gi}.${ci}`] = 'This condition is already in the group.';
            kinds.add(key);
          });
        });
        if (state.groups.length > LIMITS.matchGroupsMax) errors.groups = `At most ${LIMITS.matchGroupsMax} groups.`;
      }
    }
    if (state.strategy === 'Mirror') {
      const m = state.mirrorPercent;
      if (!Number.isInteger(m) || m < LIMITS.mirrorMin || m > LIMITS.mirrorMax) errors.mirrorPercent = `A whole percent between ${LIMITS.mirrorMin} and ${LIMITS.mirrorMax}.`;
    }
  }
  return errors;
}

function stringMatch(op: MatchOp, value: string): StringMatch {
  return { [op]: value };
}

/** Condition groups as the API's `match` (empty rows are skipped; validation refuses them first). */
export function compileGroups(groups: readonly ConditionGroup[]): MatchGroup[] {
  return groups.map((g) => {
    const out: MatchGroup = {};
    for (const c of g.conditions) {
      if (c.kind === 'header') out.headers = { ...out.headers, [c.name]: stringMatch(c.op, c.value) };
      if (c.kind === 'cookie') out.cookies = [...(out.cookies ?? []), { name: c.name, value: c.op === 'regex' ? { regex: c.value } : { exact: c.value } }];
      if (c.kind === 'uri') out.uri = stringMatch(c.op, c.value);
      if (c.kind === 'os') out.os = c.presets.filter((p): p is OsPreset => (OS_PRESETS as readonly string[]).includes(p));
      if (c.kind === 'browser') out.browsers = c.presets.filter((p): p is BrowserPreset => (BROWSER_PRESETS as readonly string[]).includes(p));
    }
    return out;
  });
}

/** The POST /releases body the wizard sends (also the body of POST releases/preview). */
export function buildCreateRequest(state: WizardState): CreateReleaseRequest {
  const traffic: CreateReleaseRequest['spec']['traffic'] =
    state.strategy === 'BlueGreen'
      ? { candidateWeight: state.blueGreenTarget === 'candidate' ? 100 : 0 }
      : state.strategy === 'Mirror'
        ? { candidateWeight: 0, mirrorPercent: state.mirrorPercent }
        : state.canaryMode === 'content'
          ? { candidateWeight: clampPercent(state.candidateWeight), match: compileGroups(state.groups) }
          : { candidateWeight: clampPercent(state.candidateWeight) };
  const images = Object.fromEntries(Object.entries(state.images).filter(([, image]) => image.trim() !== '').map(([c, image]) => [c, image.trim()]));
  return {
    name: state.name,
    spec: {
      strategy: state.strategy,
      service: state.service,
      baseline: { version: state.baselineVersion },
      candidate: { version: state.version, replicas: Number(state.replicas), ...(Object.keys(images).length > 0 ? { images } : {}) },
      traffic,
    },
  };
}

/**
 * Maps a server field path (`spec.candidate.version`, `name`, `spec.traffic.match[0].headers.x`)
 * to the wizard field that shows it; unknown paths go to `form` (shown above the buttons).
 */
export function wizardFieldFor(serverField: string): string {
  const f = serverField.replace(/^(body\.)/, '').replace(/^spec\./, '');
  if (f === 'name' || f === 'metadata.name') return 'name';
  if (f === 'service' || f.startsWith('baseline')) return 'service';
  if (f === 'candidate.version') return 'version';
  if (f === 'candidate.replicas') return 'replicas';
  const img = /^candidate\.images\.(.+)$/.exec(f);
  if (img) return `images.${img[1]}`;
  if (f === 'candidate.images') return 'form';
  if (f === 'traffic.candidateWeight') return 'candidateWeight';
  if (f === 'traffic.mirrorPercent') return 'mirrorPercent';
  if (f.startsWith('traffic.match')) return 'groups';
  return 'form';
}

/** The step that holds a wizard field (so the wizard can jump back to the first server error). */
export function stepOfField(field: string): WizardStepId {
  if (field === 'name') return 'basic';
  if (field === 'service' || field === 'app') return 'service';
  if (field === 'version' || field === 'replicas' || field.startsWith('images.')) return 'version';
  if (field === 'candidateWeight' || field === 'mirrorPercent' || field.startsWith('groups')) return 'strategy';
  return 'preview';
}

/** Server field errors as wizard errors (messages joined per field), plus the earliest step holding one. */
export function mapServerFields(fields: readonly { field: string; message: string }[]): { errors: WizardErrors; step: WizardStepId } {
  const errors: WizardErrors = {};
  for (const { field, message } of fields) {
    const id = wizardFieldFor(field);
    const text = message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
    errors[id] = errors[id] ? `${errors[id]}; ${text}` : text;
  }
  const order = WIZARD_STEPS.map((s) => s.id);
  const steps = Object.keys(errors).map(stepOfField);
  const step = steps.length > 0 ? steps.reduce((a, b) => (order.indexOf(a) <= order.indexOf(b) ? a : b)) : 'preview';
  return { errors, step };
}
