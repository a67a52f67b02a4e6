/**
 * The controller's look (server/controller/progress.ts) against a Prometheus that does not answer
 * (a closed port, a real connection refusal) and one that is not configured: a no-data verdict
 * saying why, never a pass; no look when none is due. The looks against the real Prometheus are in
 * test/progressive/progressive.test.ts.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { validateReleaseSpec, RELEASE_FINALIZER, type GrayscaleRelease } from '@/lib/release';
import { analysisSchema, PROGRESSIVE_PRESETS } from '@/lib/analysis';
import { createPrometheusClient } from '../telemetry/prometheus-client';
import { lookIfDue } from './progress';
import { statusPatch } from './status';

const T0 = Date.parse('2026-11-27T10:00:00Z');

function job(progress?: object): GrayscaleRelease {
  const spec = validateReleaseSpec({
    strategy: 'Canary',
    service: 'reviews',
    baseline: { version: 'v1' },
    candidate: { version: 'v2' },
    steps: PROGRESSIVE_PRESETS.standard.spec.steps,
    analysis: analysisSchema.parse({ ...PROGRESSIVE_PRESETS.standard.spec.analysis, interval: '10s' }),
  });
  if (!spec.ok) throw new Error(JSON.stringify(spec.errors));
  return {
    apiVersion: 'graylane.io/v1alpha1',
    kind: 'GrayscaleRelease',
    metadata: { name: 'progressive', namespace: 'demo-project', finalizers: [RELEASE_FINALIZER] },
    spec: spec.value,
    status: progress ? { phase: 'Progressing', progress: { step: '1/3', stepIndex: 0, stepCount: 3, phase: 'running', message: '', ...progress } } : undefined,
  };
}
const startedAt = new Date(T0).toISOString();

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

afterEach(() => {
  delete process.env.GRAYLANE_PROMETHEUS_URL;
});

describe('lookIfDue', () => {
  it('looks only when a look is due', async () => {
    const never = () => {
      throw new Error('must not be called');
    };
    expect(await lookIfDue(job(), T0, never)).toBeUndefined();
    expect(await lookIfDue(job({ stepStartedAt: startedAt, analysisStartedAt: startedAt }), T0 + 9_000, never)).toBeUndefined();
    expect(await lookIfDue(job({ stepStartedAt: startedAt, analysisStartedAt: startedAt, phase: 'rolled-back' }), T0 + 60_000, never)).toBeUndefined();
  });

  it('turns an unreachable Prometheus into no-data, never a pass', async () => {
    const port = await closedPort();
    const v = await lookIfDue(job({ stepStartedAt: startedAt, analysisStartedAt: startedAt }), T0 + 10_000, () => createPrometheusClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000 }));
    expect(v?.verdict).toBe('no-data');
    expect(v?.message).toMatch(/^No data: Prometheus could not be queried \(.+\)\. Never a pass\.$/);
  });

  it('says how to configure Prometheus when it is not, and still escalates after the maximum duration', async () => {
    const v = await lookIfDue(job({ stepStartedAt: startedAt, analysisStartedAt: startedAt }), T0 + 10_000);
    expect(v?.verdict).toBe('no-data');
    expect(v?.message).toContain('set GRAYLANE_PROMETHEUS_URL');
    const late = await lookIfDue(job({ stepStartedAt: startedAt, analysisStartedAt: startedAt }), T0 + 31 * 60_000);
    expect(late?.verdict).toBe('max-duration');
  });
});

describe('statusPatch', () => {
  it('clears progress keys the new status no longer has (merge patch)', () => {
    const patch = statusPatch({ phase: 'Progressing', progress: { step: '2/3', stepIndex: 1, stepCount: 3, phase: 'running', message: 'm' } }, { progress: { step: '1/3', stepIndex: 0, stepCount: 3, phase: 'running', message: 'x', stepStartedAt: startedAt } });
    expect(patch.status.progress).toEqual({ step: '2/3', stepIndex: 1, stepCount: 3, phase: 'running', message: 'm', stepStartedAt: null });
  });
});
