import 'server-only';
import {
  analyzedStepCount,
  evaluateLook,
  lookDue,
  lookQueries,
  observe,
  type AnalysisTarget,
  type LookResults,
  type Observation,
  type Verdict,
} from '@/lib/analysis';
import { isProgressive, RELEASE_FINALIZER, validateReleaseSpec, type GrayscaleRelease } from '@/lib/release';
import { effectiveSpec } from '@/lib/release/progressive';
import { prometheusFromEnv, type PrometheusClient } from '../telemetry/prometheus-client';

/** The Prometheus client of the looks; tests may swap it (default: GRAYLANE_PROMETHEUS_URL, read at each look). */
export type PrometheusSource = () => PrometheusClient;

/**
 * One look of a progressive job's analysis, if one is due now (lib/analysis/progress.ts lookDue):
 * every count query at one evaluation time, parsed, judged by evaluateLook. Prometheus failing or
 * not configured is a `no-data` look saying why: never a pass (max duration still escalates).
 * @see https://prometheus.io/docs/prometheus/latest/querying/api/#instant-queries
 */
export async function lookIfDue(release: GrayscaleRelease, now: number, source: PrometheusSource = prometheusFromEnv): Promise<Verdict | undefined> {
  const valid = validateReleaseSpec(release.spec);
  if (!valid.ok) return undefined;
  const spec = valid.value;
  const accepted = (release.metadata.finalizers ?? []).includes(RELEASE_FINALIZER);
  if (!isProgressive(spec) || !spec.analysis || !accepted || release.metadata.deletionTimestamp || spec.offline) return undefined;
  const progress = release.status?.progress;
  const due = lookDue(progress, spec.analysis, now);
  if (!due) return undefined;

  const target: AnalysisTarget = {
    namespace: release.metadata.namespace ?? '',
    service: spec.service,
    baseline: spec.baseline.version,
    candidate: spec.candidate.version,
    reporter: spec.analysis.reporter,
  };
  const eff = effectiveSpec(spec, progress);
  const input = {
    analysis: spec.analysis,
    analyzedSteps: analyzedStepCount(spec.steps!),
    previous: due.previous,
    elapsedMs: due.elapsedMs,
    // content matches send their requests to the candidate whatever the weight: no share to check
    expectedCanaryShare: spec.traffic.match?.length ? null : eff.traffic.candidateWeight / 100,
  };
  let observation: Observation;
  let unreachable: string | null = null;
  try {
    observation = await observeNow(source(), spec.analysis, target, due.windowS, now);
  } catch (err) {
    unreachable = (err as Error).message;
    observation = { requests: null, metrics: {} };
  }
  const verdict = evaluateLook({ ...input, observation });
  if (unreachable && verdict.verdict === 'no-data') {
    return { ...verdict, message: `No data: Prometheus could not be queried (${unreachable}). Never a pass.` };
  }
  return verdict;
}

async function observeNow(prom: PrometheusClient, analysis: NonNullable<GrayscaleRelease['spec']['analysis']>, target: AnalysisTarget, windowS: number, now: number): Promise<Observation> {
  const q = lookQueries(analysis, target, windowS);
  // One evaluation time for every query: the counts of a look describe the same instant.
  const at = now / 1000;
  const custom = Object.entries(q.custom);
  const [requests, errors, buckets, ...customResults] = await Promise.all([
    prom.query(q.requests, at),
    q.errors ? prom.query(q.errors, at) : Promise.resolve(undefined),
    q.buckets ? prom.query(q.buckets, at) : Promise.resolve(undefined),
    ...custom.map(async ([, c]) => ({ events: await prom.query(c.events, at), total: await prom.query(c.total, at) })),
  ]);
  const results: LookResults = {
    requests,
    ...(errors ? { errors } : {}),
    ...(buckets ? { buckets } : {}),
    custom: Object.fromEntries(custom.map(([name], i) => [name, customResults[i] as { events: LookResults['requests']; total: LookResults['requests'] }])),
  };
  return observe(analysis, target, results);
}
