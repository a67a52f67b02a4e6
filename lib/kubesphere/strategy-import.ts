/**
 * KubeSphere 3.x `Strategy` -> Graylane `GrayscaleRelease` (pure; server/kubesphere gathers the
 * facts). Mapping: type -> strategy, principal -> baseline, the other subset of the template ->
 * candidate, governor -> takeOver, template routes -> candidateWeight / match groups /
 * mirrorPercent. Anything that does not carry over exactly is said in `warnings`; the result is
 * checked with the same validation as the REST API, so an import never yields a job the API refuses.
 * https://kubesphere.io/docs/v3.4/project-user-guide/grayscale-release/overview/
 */

import {
  RELEASE_API_VERSION,
  RELEASE_KIND,
  validateRelease,
  type DestinationRule,
  type FieldError,
  type GrayscaleRelease,
  type MatchGroup,
  type ReleaseTraffic,
  type Strategy,
} from '@/lib/release';
import { convertMatch } from './strategy-match';
import { KS_ANNOTATIONS, KS_SERVICEMESH_GROUP, KS_STRATEGY_PLURAL, KS_STRATEGY_VERSION, type KsHttpRoute, type KsStrategy, type WorkloadFacts } from './strategy-types';

export interface StrategyImportFacts {
  /** the Deployment of the principal version (KubeSphere's `oldWorkloadName`), when found */
  baselineWorkload?: WorkloadFacts | null;
  /** the Deployment of the other version (KubeSphere's `newWorkloadName`), when found */
  candidateWorkload?: WorkloadFacts | null;
  /** the Service's DestinationRule, to map subset names to `version` labels when they differ */
  destinationRule?: DestinationRule | null;
}

export interface StrategyImportResult {
  /** the job to create; null when the Strategy cannot become a valid job (see errors) */
  release: GrayscaleRelease | null;
  /** what did not carry over exactly, in words for the preview */
  warnings: string[];
  /** validation errors of the converted job (field paths as the REST API reports them) */
  errors: FieldError[];
  /** the workloads the Strategy names (KubeSphere annotations), for the server to adopt */
  workloads: { baseline?: string; candidate?: string; type?: string };
}

/** Recorded on imported jobs so the UI can say where a job came from. */
export const IMPORTED_FROM_ANNOTATION = 'graylane.io/imported-from';

const KNOWN_TYPES: readonly Strategy[] = ['Canary', 'BlueGreen', 'Mirror'];
/** Route fields the importer reads; any other one (timeouts, retries, fault, ...) is reported. */
const READ_ROUTE_FIELDS = new Set(['match', 'route', 'mirror', 'mirrorPercentage', 'mirrorPercent', 'name']);

/** `reviews.demo.svc.cluster.local` -> `reviews` (short names stay as they are). */
function shortHost(host: string | undefined): string | undefined {
  return host?.split('.')[0] || undefined;
}

/** Subset name -> version label, through the DestinationRule when it says otherwise. */
function versionOfSubset(subset: string | undefined, dr: DestinationRule | null | undefined): string | undefined {
  if (!subset) return undefined;
  return dr?.spec.subsets?.find((s) => s.name === subset)?.labels?.version ?? subset;
}

/** A DNS-1123 label from any name (KubeSphere allowed the same names, so this rarely changes one). */
function releaseName(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
  return cleaned || 'imported-strategy';
}

function serviceOf(strategy: KsStrategy, routes: KsHttpRoute[], warnings: string[]): string {
  const fromHosts = shortHost(strategy.spec.template?.spec?.hosts?.[0]);
  const fromRoutes = shortHost(routes.flatMap((r) => r.route ?? []).find((d) => d.destination?.host)?.destination?.host);
  // KubeSphere <= 3.1's console also wrote a string `spec.hosts`.
  const legacy = typeof strategy.spec.hosts === 'string' ? shortHost(strategy.spec.hosts) : undefined;
  const service = fromHosts ?? fromRoutes ?? legacy;
  if (service) return service;
  const app = strategy.spec.selector?.matchLabels?.app;
  warnings.push(`the template names no host; assuming the Service is named after the app label "${app ?? ''}"`);
  return app ?? '';
}

/** Every subset the template sends traffic to or mirrors to, in order of appearance. */
function subsetsOf(routes: KsHttpRoute[]): string[] {
  const seen: string[] = [];
  for (const r of routes) {
    for (const d of r.route ?? []) if (d.destination?.subset && !seen.includes(d.destination.subset)) seen.push(d.destination.subset);
    if (r.mirror?.subset && !seen.includes(r.mirror.subset)) seen.push(r.mirror.subset);
  }
  return seen;
}

/** Percent of a route's traffic that reaches `version` (Istio: one destination without weight = 100). */
function weightTo(route: KsHttpRoute, version: string, dr: DestinationRule | null | undefined): number {
  const dests = route.route ?? [];
  if (dests.length === 1) return versionOfSubset(dests[0].destination?.subset, dr) === version ? 100 : 0;
  const total = dests.reduce((sum, d) => sum + (d.weight ?? 0), 0);
  if (total <= 0) return 0;
  const mine = dests.filter((d) => versionOfSubset(d.destination?.subset, dr) === version).reduce((sum, d) => sum + (d.weight ?? 0), 0);
  return Math.round((mine * 100) / total);
}

function mirrorPercentOf(route: KsHttpRoute, warnings: string[]): number {
  const raw = route.mirrorPercentage?.value ?? route.mirrorPercent ?? 100;
  if (raw <= 0) {
    warnings.push(`the template mirrors ${raw}% of requests; Graylane mirrors at least 1%, so 1% was used`);
    return 1;
  }
  const rounded = Math.min(100, Math.max(1, Math.round(raw)));
  if (rounded !== raw) warnings.push(`mirror percentage ${raw} rounded to ${rounded} (Graylane uses whole percents)`);
  return rounded;
}

function noteIgnoredRouteFields(routes: KsHttpRoute[], warnings: string[]): void {
  routes.forEach((r, i) => {
    const extra = Object.keys(r).filter((k) => !READ_ROUTE_FIELDS.has(k));
    if (extra.length > 0) warnings.push(`http[${i}]: ${extra.join(', ')} not imported (Graylane keeps such fields on an existing VirtualService but does not create them)`);
  });
}

interface TrafficContext {
  type: Strategy;
  baseline: string;
  candidate: string;
  dr: DestinationRule | null | undefined;
  warnings: string[];
}

function canaryTraffic(routes: KsHttpRoute[], ctx: TrafficContext): ReleaseTraffic {
  const match: MatchGroup[] = [];
  let candidateWeight = 0;
  let sawDefault = false;
  routes.forEach((route, i) => {
    const where = `http[${i}]`;
    if (!route.match || route.match.length === 0) {
      if (sawDefault) {
        ctx.warnings.push(`${where}: unreachable after the catch-all route; ignored`);
        return;
      }
      sawDefault = true;
      candidateWeight = weightTo(route, ctx.candidate, ctx.dr);
      return;
    }
    const toCandidate = weightTo(route, ctx.candidate, ctx.dr);
    if (toCandidate === 0) {
      ctx.warnings.push(`${where}: matching requests go to ${ctx.baseline}, which is what unmatched requests do in Graylane; not imported as a condition`);
      return;
    }
    if (toCandidate < 100) ctx.warnings.push(`${where}: matching requests were split ${toCandidate}% to ${ctx.candidate}; Graylane sends all matching requests to the candidate`);
    route.match.forEach((m, j) => {
      const converted = convertMatch(m, `${where}.match[${j}]`);
      ctx.warnings.push(...converted.warnings);
      if (converted.group) match.push(converted.group);
    });
  });
  if (!sawDefault) ctx.warnings.push(`the template has no catch-all route (unmatched requests had no destination); Graylane sends them to ${ctx.baseline}`);
  return match.length > 0 ? { candidateWeight, match } : { candidateWeight };
}

function blueGreenTraffic(routes: KsHttpRoute[], ctx: TrafficContext): ReleaseTraffic {
  const main = routes.find((r) => !r.match || r.match.length === 0) ?? routes[0];
  const weight = main ? weightTo(main, ctx.candidate, ctx.dr) : 0;
  if (routes.some((r) => r.match && r.match.length > 0)) ctx.warnings.push('blue-green conditions are not supported; only the catch-all route was imported');
  if (weight !== 0 && weight !== 100) {
    const rounded = weight >= 50 ? 100 : 0;
    ctx.warnings.push(`blue-green split ${100 - weight}/${weight} is not all-or-nothing; imported as ${rounded}% to ${ctx.candidate}`);
    return { candidateWeight: rounded };
  }
  return { candidateWeight: weight };
}

function mirrorTraffic(routes: KsHttpRoute[], ctx: TrafficContext): ReleaseTraffic {
  const mirrored = routes.find((r) => r.mirror);
  if (!mirrored) {
    ctx.warnings.push('the template mirrors nothing; imported with 100% mirrored to the candidate');
    return { candidateWeight: 0, mirrorPercent: 100 };
  }
  if (routes.length > 1 || (mirrored.match?.length ?? 0) > 0) ctx.warnings.push('only the mirroring route was imported; Graylane mirrors all of the baseline\'s traffic share');
  const toCandidate = weightTo(mirrored, ctx.candidate, ctx.dr);
  if (toCandidate > 0) ctx.warnings.push(`${toCandidate}% of live traffic went to ${ctx.candidate}; a Mirror job keeps all live traffic on ${ctx.baseline}`);
  return { candidateWeight: 0, mirrorPercent: mirrorPercentOf(mirrored, ctx.warnings) };
}

function candidateVersion(strategy: KsStrategy, routes: KsHttpRoute[], facts: StrategyImportFacts, baseline: string, warnings: string[]): string {
  const others = [...new Set(subsetsOf(routes).map((s) => versionOfSubset(s, facts.destinationRule)!))].filter((v) => v !== baseline);
  const fromWorkload = facts.candidateWorkload?.version;
  if (others.length > 1) warnings.push(`the template routes to several versions besides ${baseline} (${others.join(', ')}); ${others[0]} was taken as the candidate`);
  const candidate = others[0] ?? fromWorkload ?? (strategy.spec.governor !== baseline ? strategy.spec.governor : undefined);
  if (fromWorkload && candidate && fromWorkload !== candidate) warnings.push(`workload ${facts.candidateWorkload?.name} runs version ${fromWorkload}, but the template routes to ${candidate}`);
  return candidate ?? '';
}

/** Images of the candidate's containers that differ from the baseline's (same-named containers). */
function candidateImages(facts: StrategyImportFacts, warnings: string[]): Record<string, string> | undefined {
  const cand = facts.candidateWorkload;
  if (!cand) return undefined;
  const base = facts.baselineWorkload;
  const images: Record<string, string> = {};
  for (const c of cand.containers) {
    if (!c.image) continue;
    const same = base?.containers.find((b) => b.name === c.name);
    if (base && !same) {
      warnings.push(`container ${c.name} of ${cand.name} has no counterpart in ${base.name}; the candidate is derived from the baseline, so it is not imported`);
      continue;
    }
    if (!same || same.image !== c.image) images[c.name] = c.image;
  }
  return Object.keys(images).length > 0 ? images : undefined;
}

function policyWarnings(strategy: KsStrategy, warnings: string[]): void {
  const policy = strategy.spec.strategyPolicy;
  if (policy === 'Immediately') warnings.push('strategyPolicy Immediately: Graylane always waits for the candidate to be ready before routing to it');
  if (policy === 'Paused' || strategy.spec.paused) warnings.push('the Strategy is paused; Graylane has no pause, so the imported job applies its routes at once');
  if (policy && !['WaitForWorkloadReady', 'Immediately', 'Paused'].includes(policy)) warnings.push(`unknown strategyPolicy ${policy} ignored`);
}

/**
 * Converts a KubeSphere `servicemesh.kubesphere.io/v1alpha2` Strategy into a GrayscaleRelease in
 * the same namespace, validated like a REST API create.
 * https://istio.io/latest/docs/reference/config/networking/virtual-service/
 */
export function importStrategy(stored: KsStrategy, facts: StrategyImportFacts = {}): StrategyImportResult {
  // Objects read from a cluster are not guaranteed to carry a spec.
  const strategy: KsStrategy = { ...stored, spec: stored.spec ?? {} };
  const warnings: string[] = [];
  const annotations = strategy.metadata.annotations ?? {};
  const workloads = {
    baseline: annotations[KS_ANNOTATIONS.oldWorkloadName] ?? facts.baselineWorkload?.name,
    candidate: annotations[KS_ANNOTATIONS.newWorkloadName] ?? facts.candidateWorkload?.name,
    type: annotations[KS_ANNOTATIONS.workloadType],
  };
  if (workloads.type && workloads.type !== 'deployments') {
    warnings.push(`the workloads are ${workloads.type}; Graylane releases Deployments only, so the job will fail until the baseline is a Deployment`);
  }

  const type = KNOWN_TYPES.find((t) => t === strategy.spec.type);
  if (!type) warnings.push(`unknown strategy type ${JSON.stringify(strategy.spec.type ?? '')}; imported as Canary`);
  const routes = strategy.spec.template?.spec?.http ?? [];
  if ((strategy.spec.template?.spec?.tcp?.length ?? 0) > 0 && routes.length === 0) warnings.push('the template routes TCP traffic; Graylane releases HTTP traffic only');
  noteIgnoredRouteFields(routes, warnings);

  const baseline = strategy.spec.principal || facts.baselineWorkload?.version || '';
  if (!strategy.spec.principal && baseline) warnings.push(`the Strategy names no principal version; ${baseline} (workload ${facts.baselineWorkload?.name}) was taken as the baseline`);
  const candidate = candidateVersion(strategy, routes, facts, baseline, warnings);
  const ctx: TrafficContext = { type: type ?? 'Canary', baseline, candidate, dr: facts.destinationRule, warnings };
  const traffic = ctx.type === 'Mirror' ? mirrorTraffic(routes, ctx) : ctx.type === 'BlueGreen' ? blueGreenTraffic(routes, ctx) : canaryTraffic(routes, ctx);

  let takeOver: string | undefined;
  const governor = strategy.spec.governor;
  if (governor) {
    if (governor === baseline || governor === candidate) takeOver = governor;
    else warnings.push(`governor ${governor} is neither ${baseline} nor ${candidate}; not imported`);
  }
  policyWarnings(strategy, warnings);

  const replicas = facts.candidateWorkload?.replicas ?? 1;
  if (facts.candidateWorkload?.replicas === undefined) warnings.push(`the candidate's replica count is unknown; 1 was used`);
  const images = candidateImages(facts, warnings);
  if (!facts.candidateWorkload) warnings.push('the candidate workload was not found; the candidate keeps the baseline images until you set them');

  const spec = {
    strategy: ctx.type,
    service: serviceOf(strategy, routes, warnings),
    baseline: { version: baseline },
    candidate: { version: candidate, replicas, ...(images ? { images } : {}) },
    traffic,
    ...(takeOver ? { takeOver } : {}),
  };
  const name = releaseName(strategy.metadata.name);
  if (name !== strategy.metadata.name) warnings.push(`name ${strategy.metadata.name} is not a DNS label; the job is named ${name}`);

  const checked = validateRelease({ name, spec });
  if (!checked.ok) return { release: null, warnings, errors: checked.errors, workloads };
  const release: GrayscaleRelease = {
    apiVersion: RELEASE_API_VERSION,
    kind: RELEASE_KIND,
    metadata: {
      name: checked.value.name,
      ...(strategy.metadata.namespace ? { namespace: strategy.metadata.namespace } : {}),
      annotations: { [IMPORTED_FROM_ANNOTATION]: `${KS_SERVICEMESH_GROUP}/${KS_STRATEGY_VERSION}/${KS_STRATEGY_PLURAL}/${strategy.metadata.name}` },
    },
    spec: checked.value.spec,
  };
  return { release, warnings, errors: [], workloads };
}
