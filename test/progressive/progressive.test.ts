/**
 * Issue 11 "must show", against the embedded cluster, the controller and the REAL Prometheus
 * (scraping every second), with steady traffic through the ingress: a candidate failing 5% of its
 * requests is rolled back with no failed request on the baseline; one answering in 400 ms is rolled
 * back by the slow fraction (> 250 ms); a healthy one is promoted through every step to take over;
 * without traffic the job stays at no-data past its pause and never passes. Plus Promote / Pause / Abort by
 * annotation and spec.paused, as kubectl users and the REST API set them, with the controller
 * replaced by a new one mid-schedule. The five run at once, one namespace each, in one cluster.
 * Fails (does not skip) when the prometheus binary is missing.
 */
import { freePort } from '@/scripts/lib/free-port';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ABORT_ANNOTATION, PROMOTE_ANNOTATION } from '@/lib/analysis';
import type { GrayscaleRelease, GrayscaleReleaseSpec } from '@/lib/release';
import type { RunningController } from '@/server/controller';
import { prometheusBinary, startPrometheus, type PrometheusHandle } from '@/scripts/lib/prometheus';
import { controllerFor, createJob, deploymentNames, eventsFor, patchJob, startHarness, statusWeights, waitForJob, type Harness } from '../controller/harness';
import { APP, between, decisionOf, echoNamespace, makeCandidateFaulty, startLoad, waitForProgress, type LoadCounts } from './support';

const RPS = 30;
const JOB = 'progressive';
/** Generous on a loaded 2-core machine: every scenario decides in well under a minute when idle. */
const DECIDE_MS = 110_000;

let h: Harness;
let controller: RunningController;
let restarted = false;
let prom: PrometheusHandle;

const analysis = (errorMarginPp: number, slowMarginPp: number) => ({
  interval: '10s',
  alpha: 0.05,
  srmAlpha: 0.001,
  minSample: 50,
  maxDuration: '3m',
  reporter: 'destination' as const,
  metrics: [
    { type: 'error-rate' as const, marginPp: errorMarginPp, include4xx: false },
    { type: 'slow-fraction' as const, thresholdMs: 250, marginPp: slowMarginPp },
  ],
});

const spec = (over: Partial<GrayscaleReleaseSpec>): GrayscaleReleaseSpec => ({
  strategy: 'Canary',
  service: APP,
  baseline: { version: 'v1' },
  candidate: { version: 'v2', replicas: 1 },
  traffic: { candidateWeight: 0 },
  ...over,
});

interface Figures {
  scenario: string;
  decidedAfterS: number;
  counts: LoadCounts;
}
const figures: Figures[] = [];

/** Starts a scenario at once (all run concurrently); its `it` awaits the outcome. */
function scenario<T>(run: () => Promise<T>): Promise<T> {
  const p = run();
  p.catch(() => undefined); // reported by the `it` that awaits it
  return p;
}

let rollbackErrors: Promise<{ job: GrayscaleRelease; counts: LoadCounts }>;
let rollbackLatency: Promise<{ job: GrayscaleRelease; counts: LoadCounts }>;
let promotion: Promise<{ job: GrayscaleRelease; counts: LoadCounts }>;
let noTraffic: Promise<GrayscaleRelease>;
let byHand: Promise<{ paused: GrayscaleRelease; promoted: GrayscaleRelease; stillThere: GrayscaleRelease; aborted: GrayscaleRelease }>;

/** A faulty candidate under load until the job is rolled back; load counted throughout. */
async function faulty(ns: string, env: Record<string, string>, errorMarginPp: number) {
  await echoNamespace(h, ns);
  const load = startLoad(h.cluster.ingressUrl!, ns, RPS);
  try {
    await createJob(h, ns, JOB, spec({ steps: [{ weight: 50, pause: '10s' }, { weight: 100 }], analysis: analysis(errorMarginPp, 5) }));
    await makeCandidateFaulty(h, ns, env);
    const job = await waitForProgress(h, ns, JOB, (j) => j.status?.progress?.phase === 'rolled-back' || j.status?.progress?.phase === 'completed', 'a decision', DECIDE_MS);
    // a little longer: requests still in flight at the rollback and after it count too
    await waitForJob(h, ns, JOB, (j) => statusWeights(j).v2 === 0, `${ns}: 100% on v1`, 20_000);
    await new Promise((r) => setTimeout(r, 1000));
    return { job, counts: await load.stop() };
  } finally {
    await load.stop();
  }
}

beforeAll(async () => {
  // Fail, never skip: the real Prometheus is part of what this proves.
  if (!prometheusBinary()) throw new Error('prometheus not found at /usr/bin/prometheus: install it with `sudo apt-get install --no-install-recommends prometheus`');
  h = await startHarness(200);
  prom = await startPrometheus({ port: await freePort(), targets: [new URL(h.cluster.telemetryUrl!).host], scrapeIntervalS: 1, dataDir: path.join(h.dir, 'prom') });
  process.env.GRAYLANE_PROMETHEUS_URL = prom.url;
  controller = controllerFor(h);
  await controller.ready;

  // a 2 pp margin: a 5% candidate cannot be shown within it (no false promotion), while detection is unchanged
  rollbackErrors = scenario(() => faulty('pg-errors', { SIM_ERROR_RATE: '0.05' }, 2));
  rollbackLatency = scenario(() => faulty('pg-latency', { SIM_LATENCY_MS: '400' }, 3));
  promotion = scenario(async () => {
    const ns = 'pg-healthy';
    await echoNamespace(h, ns);
    const load = startLoad(h.cluster.ingressUrl!, ns, RPS);
    try {
      await createJob(h, ns, JOB, spec({ steps: [{ weight: 25, pause: '10s' }, { weight: 50, pause: '10s' }, { weight: 100 }], analysis: analysis(5, 5) }));
      const job = await waitForProgress(h, ns, JOB, (j) => j.status?.progress?.phase === 'completed' || j.status?.progress?.phase === 'rolled-back', 'a decision', DECIDE_MS);
      const handed = await waitForJob(h, ns, JOB, (j) => j.status?.progress?.handedOver === true && j.status.phase === 'TakenOver', `${ns}: handed over`, 20_000);
      return { job: { ...handed, status: { ...handed.status, progress: handed.status!.progress ?? job.status!.progress } }, counts: await load.stop() };
    } finally {
      await load.stop();
    }
  });
  noTraffic = scenario(async () => {
    const ns = 'pg-idle';
    await echoNamespace(h, ns);
    await createJob(h, ns, JOB, spec({ steps: [{ weight: 50, pause: '10s' }, { weight: 100 }], analysis: analysis(5, 5) }));
    // two looks: the second one is past the step's 10 s pause, when a pass would promote
    return waitForProgress(h, ns, JOB, (j) => (j.status?.progress?.history?.length ?? 0) >= 2, 'two looks', DECIDE_MS);
  });
  byHand = scenario(async () => {
    const ns = 'pg-by-hand';
    await echoNamespace(h, ns);
    // no analysis: the schedule moves on pauses and clicks alone
    await createJob(h, ns, JOB, spec({ steps: [{ weight: 20, pause: 'manual' }, { weight: 60, pause: '2s' }, { weight: 100 }] }));
    await waitForJob(h, ns, JOB, (j) => !!j.status?.progress?.stepStartedAt && statusWeights(j).v2 === 20, `${ns}: step 1 at 20%`, 30_000);
    await patchJob(h, ns, JOB, { spec: { paused: true } });
    const paused = await waitForJob(h, ns, JOB, (j) => j.status?.progress?.phase === 'paused', `${ns}: paused`, 20_000);
    // A new controller takes over mid-schedule (every scenario's state is in its job's status):
    // the others' looks and this job's clicks carry on from there.
    await controller.stop();
    controller = controllerFor(h);
    await controller.ready;
    restarted = true;
    await patchJob(h, ns, JOB, { metadata: { annotations: { [PROMOTE_ANNOTATION]: '0' } } });
    const promoted = await waitForJob(
      h,
      ns,
      JOB,
      (j) => j.status?.progress?.stepIndex === 1 && statusWeights(j).v2 === 60 && !!j.status.progress.stepStartedAt && j.metadata.annotations?.[PROMOTE_ANNOTATION] === undefined,
      `${ns}: promoted to step 2, annotation cleared`,
      20_000,
    );
    // paused: the 2 s pause of step 2 elapses without an automatic promotion; a stale Promote is ignored
    await patchJob(h, ns, JOB, { metadata: { annotations: { [PROMOTE_ANNOTATION]: '0' } } });
    await waitForJob(h, ns, JOB, (j) => j.metadata.annotations?.[PROMOTE_ANNOTATION] === undefined, `${ns}: stale promote cleared`, 20_000);
    await new Promise((r) => setTimeout(r, 3000));
    const stillThere = (await waitForJob(h, ns, JOB, () => true, 'read'))!;
    await patchJob(h, ns, JOB, { metadata: { annotations: { [ABORT_ANNOTATION]: 'true' } } });
    const aborted = await waitForJob(
      h,
      ns,
      JOB,
      (j) => j.status?.phase === 'Failed' && statusWeights(j).v2 === 0 && j.metadata.annotations?.[ABORT_ANNOTATION] === undefined,
      `${ns}: aborted, annotation cleared`,
      20_000,
    );
    return { paused, promoted, stillThere, aborted };
  });
}, 90_000);

afterAll(async () => {
  await Promise.allSettled([rollbackErrors, rollbackLatency, promotion, noTraffic, byHand]);
  if (figures.length > 0) {
    console.log(
      ['scenario | decided after (s, from the step start) | requests v1 ok/failed | v2 ok/failed | unattributed', ...figures.map((f) => {
        const v = (x: string) => `${f.counts.byVersion[x]?.ok ?? 0}/${f.counts.byVersion[x]?.failed ?? 0}`;
        return `${f.scenario} | ${f.decidedAfterS.toFixed(1)} | ${v('v1')} | ${v('v2')} | ${f.counts.unattributed + f.counts.transportErrors}`;
      })].join('\n'),
    );
  }
  delete process.env.GRAYLANE_PROMETHEUS_URL;
  await controller?.stop();
  await prom?.stop().catch(() => undefined);
  await h?.stop();
});

function decidedAfterS(job: GrayscaleRelease, action: string): number {
  const d = decisionOf(job, action);
  const start = job.status?.progress?.decisions?.find((x) => x.action === 'set-weight' && x.stepIndex === d?.stepIndex);
  return between(start?.at, d?.at) / 1000;
}

describe('progressive delivery with the real Prometheus', () => {
  it('rolls back a candidate failing 5% of its requests; no request routed to the baseline failed', async () => {
    const { job, counts } = await rollbackErrors;
    expect(job.status?.progress?.phase, job.status?.progress?.message).toBe('rolled-back');
    expect(job.status?.phase).toBe('Failed');
    const verdict = job.status!.progress!.lastVerdict!;
    expect(verdict.verdict).toBe('fail');
    expect(verdict.metrics.find((m) => m.id === 'error-rate')?.status).toBe('fail');
    expect(counts.byVersion.v1.failed).toBe(0);
    expect(counts.byVersion.v1.ok).toBeGreaterThan(100);
    expect(counts.byVersion.v2.failed).toBeGreaterThan(0);
    const events = await eventsFor(h, 'pg-errors', JOB);
    expect(events.find((e) => e.reason === 'AnalysisFailed')).toMatchObject({ type: 'Warning', message: expect.stringContaining('error rate') });
    expect(events.find((e) => e.reason === 'RolledBack')).toMatchObject({ type: 'Warning', message: expect.stringContaining('rolled back at step 1 of 2') });
    // the candidate is kept for inspection
    expect(await deploymentNames(h, 'pg-errors')).toEqual(['web-v1', 'web-v2']);
    figures.push({ scenario: 'SIM_ERROR_RATE=0.05', decidedAfterS: decidedAfterS(job, 'rollback'), counts });
  }, 150_000);

  it('rolls back a candidate answering in 400 ms by the slow fraction (> 250 ms)', async () => {
    const { job, counts } = await rollbackLatency;
    expect(job.status?.progress?.phase, job.status?.progress?.message).toBe('rolled-back');
    const slow = job.status!.progress!.lastVerdict!.metrics.find((m) => m.id === 'slow-fraction-250ms')!;
    expect(slow.status).toBe('fail');
    expect(slow.canary!.rate!).toBeGreaterThan(0.5);
    expect(counts.byVersion.v1.failed).toBe(0);
    const events = await eventsFor(h, 'pg-latency', JOB);
    expect(events.find((e) => e.reason === 'AnalysisFailed')?.message).toContain('slow fraction (> 250 ms)');
    figures.push({ scenario: 'SIM_LATENCY_MS=400', decidedAfterS: decidedAfterS(job, 'rollback'), counts });
  }, 150_000);

  it('promotes a healthy candidate through every step to take over', async () => {
    const { job, counts } = await promotion;
    const p = job.status!.progress!;
    expect(p.phase, p.message).toBe('completed');
    expect(p.decisions!.map((d) => `${d.action}@${d.stepIndex}`)).toEqual(['set-weight@0', 'promote@0', 'set-weight@1', 'take-over@1']);
    expect(job.spec.takeOver).toBe('v2');
    expect(statusWeights(job)).toEqual({ v1: 0, v2: 100 });
    expect(counts.byVersion.v1.failed + counts.byVersion.v2.failed + counts.unattributed + counts.transportErrors).toBe(0);
    expect(counts.byVersion.v2.ok).toBeGreaterThan(100);
    const reasons = (await eventsFor(h, 'pg-healthy', JOB)).map((e) => e.reason);
    expect(reasons.filter((r) => r === 'StepPromoted')).toHaveLength(2);
    expect(reasons).toContain('AnalysisPassed');
    expect(reasons).not.toContain('RolledBack');
    figures.push({ scenario: 'healthy (25% -> 50% -> 100%)', decidedAfterS: between(p.decisions![0].at, decisionOf(job, 'take-over')?.at) / 1000, counts });
  }, 150_000);

  it('without traffic stays at no-data and never passes', async () => {
    const job = await noTraffic;
    const p = job.status!.progress!;
    expect(p.stepIndex).toBe(0);
    expect(between(p.stepStartedAt, p.lastLookAt)).toBeGreaterThanOrEqual(10_000);
    expect(p.phase).toBe('running');
    expect(p.lastVerdict?.verdict).toBe('no-data');
    expect(p.history!.map((l) => l.verdict)).toEqual(p.history!.map(() => 'no-data'));
    expect(p.message).toContain('No data');
    expect(statusWeights(job).v2).toBe(50);
    const events = await eventsFor(h, 'pg-idle', JOB);
    expect(events.filter((e) => e.reason === 'AnalysisNoData')).toHaveLength(1);
    expect(events.map((e) => e.reason)).not.toContain('StepPromoted');
    expect(events.map((e) => e.reason)).not.toContain('AnalysisPassed');
  }, 150_000);

  it('follows Promote, Pause and Abort set by annotation and spec.paused', async () => {
    const { paused, promoted, stillThere, aborted } = await byHand;
    expect(restarted).toBe(true);
    expect(paused.status?.progress?.message).toBe('paused by a person');
    expect(promoted.status?.progress).toMatchObject({ stepIndex: 1, phase: 'paused' });
    expect(decisionOf(promoted, 'promote')?.reason).toBe('promoted by a person');
    // paused through the 2 s pause, and the stale Promote of step index 0 did nothing
    expect(stillThere.status?.progress).toMatchObject({ stepIndex: 1, phase: 'paused' });
    expect(aborted.status?.progress?.phase).toBe('rolled-back');
    expect(await deploymentNames(h, 'pg-by-hand')).toEqual(['web-v1', 'web-v2']);
    const events = await eventsFor(h, 'pg-by-hand', JOB);
    expect(events.find((e) => e.reason === 'Aborted')?.type).toBe('Warning');
    expect(events.filter((e) => e.reason === 'AnnotationCleared')).toHaveLength(3);
  }, 150_000);
});
