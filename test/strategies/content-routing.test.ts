/**
 * Canary by request content, end to end: a real GrayscaleRelease on reviews, reconciled by the
 * controller on the embedded cluster, with requests through the ingress to productpage (which
 * forwards `end-user`, `cookie` and `user-agent` to reviews, as Bookinfo does). Steady anonymous
 * traffic runs through the whole file and must never fail while the conditions change; measured
 * batches then show which reviews version each kind of request reaches. After each change the
 * job's YAML preview must show no difference from what the controller wrote.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GrayscaleReleaseSpec, MatchGroup } from '@/lib/release';
import { canarySpec, createJob, patchJob } from '../controller/harness';
import { binomialBounds, bookinfoLogin, expectPreviewInSync as previewInSync, reviewsVersion, routesInForce, sample, startStrategyCluster, steadyLoad, UA, type LoadResult, type StrategyCluster } from './traffic';

const NS = 'content-routing';
const JOB = 'reviews-content';
let c: StrategyCluster;
let background: ReturnType<typeof steadyLoad>;

beforeAll(async () => {
  c = await startStrategyCluster(NS);
  background = steadyLoad(async () => {
    const version = await reviewsVersion(c.ingress);
    return { status: version.startsWith('error:') ? Number(version.slice(6)) : 200, version };
  }, 25, 4);
});

afterAll(async () => {
  await background?.stop();
  await c?.stop();
});

/** Replaces the job's conditions/weight (merge patch, as the REST API's PATCH does) and waits until they route. */
async function setTraffic(match: MatchGroup[], candidateWeight: number): Promise<void> {
  await patchJob(c.h, NS, JOB, { spec: { traffic: { match, candidateWeight } } });
  await routesInForce(c, JOB, `conditions ${JSON.stringify(match)} + ${candidateWeight}%`);
}

const expectPreviewInSync = () => previewInSync(c, JOB);

describe('canary by request content on reviews', () => {
  it('logged in as jason with end-user exact jason: only jason reaches v2', async () => {
    const spec: GrayscaleReleaseSpec = canarySpec({ traffic: { candidateWeight: 0, match: [{ headers: { 'end-user': { exact: 'jason' } } }] } });
    await createJob(c.h, NS, JOB, spec);
    await routesInForce(c, JOB, 'Progressing with the end-user rule', (j) => j.status?.phase === 'Progressing');
    const jason = await bookinfoLogin(c.ingress, 'jason');
    const other = await bookinfoLogin(c.ingress, 'jasonx');
    const [asJason, asOther, anonymous] = await Promise.all([sample(c.ingress, 60, { cookie: jason }), sample(c.ingress, 40, { cookie: other }), sample(c.ingress, 40)]);
    expect(asJason).toEqual({ v2: 60 });
    expect(asOther).toEqual({ v1: 40 });
    expect(anonymous).toEqual({ v1: 40 });
    await expectPreviewInSync();
  });

  it('cookie user=jason: only requests carrying that cookie reach v2', async () => {
    await setTraffic([{ cookies: [{ name: 'user', value: { exact: 'jason' } }] }], 0);
    const [plain, among, lookalikes, none] = await Promise.all([
      sample(c.ingress, 40, { cookie: 'user=jason' }),
      sample(c.ingress, 40, { cookie: 'theme=dark; user=jason; lang=en' }),
      Promise.all(['user=jasonx', 'xuser=jason', 'user=jaso', 'theme=user=jason'].map((cookie) => sample(c.ingress, 10, { cookie }))),
      sample(c.ingress, 40),
    ]);
    expect(plain).toEqual({ v2: 40 });
    expect(among).toEqual({ v2: 40 });
    expect(lookalikes).toEqual([{ v1: 10 }, { v1: 10 }, { v1: 10 }, { v1: 10 }]);
    expect(none).toEqual({ v1: 40 });
    await expectPreviewInSync();
  });

  it('os: [Android]: only Android user agents reach v2', async () => {
    await setTraffic([{ os: ['Android'] }], 0);
    const androids = await Promise.all([UA.androidChrome, UA.androidFirefox].map((ua) => sample(c.ingress, 30, { 'user-agent': ua })));
    const others = await Promise.all([UA.iphoneSafari, UA.windowsChrome, UA.linuxFirefox, UA.macSafari].map((ua) => sample(c.ingress, 15, { 'user-agent': ua })));
    expect(androids).toEqual([{ v2: 30 }, { v2: 30 }]);
    expect(others).toEqual([{ v1: 15 }, { v1: 15 }, { v1: 15 }, { v1: 15 }]);
    await expectPreviewInSync();
  });

  it('conditions + 20% weight: matching requests all reach v2, the others about 20%', async () => {
    await setTraffic([{ cookies: [{ name: 'user', value: { exact: 'jason' } }] }, { os: ['Android'] }], 20);
    const [byCookie, byOs] = await Promise.all([sample(c.ingress, 50, { cookie: 'user=jason' }), sample(c.ingress, 50, { 'user-agent': UA.androidChrome })]);
    expect(byCookie).toEqual({ v2: 50 });
    expect(byOs).toEqual({ v2: 50 });
    const n = 400;
    const unmatched = await sample(c.ingress, n, { 'user-agent': UA.windowsChrome }, 12);
    const [low, high] = binomialBounds(n, 0.2);
    console.log(`content-routing: unmatched requests on v2: ${unmatched.v2 ?? 0}/${n} (5-sigma bounds ${low}..${high})`);
    expect((unmatched.v1 ?? 0) + (unmatched.v2 ?? 0)).toBe(n);
    expect(unmatched.v2).toBeGreaterThanOrEqual(low);
    expect(unmatched.v2).toBeLessThanOrEqual(high);
    await expectPreviewInSync();
  });

  it('take over then restore: back to the configured conditions and weight', async () => {
    await patchJob(c.h, NS, JOB, { spec: { takeOver: 'v2' } });
    await routesInForce(c, JOB, 'taken over by v2', (j) => j.status?.phase === 'TakenOver');
    expect(await sample(c.ingress, 30, { 'user-agent': UA.windowsChrome })).toEqual({ v2: 30 });
    await patchJob(c.h, NS, JOB, { spec: { takeOver: '' } });
    await routesInForce(c, JOB, 'restored', (j) => j.status?.phase === 'Progressing');
    expect(await sample(c.ingress, 30, { cookie: 'user=jason' })).toEqual({ v2: 30 });
    const n = 200;
    const unmatched = await sample(c.ingress, n, { 'user-agent': UA.windowsChrome }, 12);
    const [low, high] = binomialBounds(n, 0.2);
    expect(unmatched.v2).toBeGreaterThanOrEqual(low);
    expect(unmatched.v2).toBeLessThanOrEqual(high);
    expect((unmatched.v1 ?? 0) + (unmatched.v2 ?? 0)).toBe(n);
  });

  it('the steady anonymous traffic never failed while the conditions changed', async () => {
    const result: LoadResult = await background.stop();
    console.log(`content-routing background: ${JSON.stringify(result)}`);
    // the load only has to have run across the changes: on an idle machine the file takes ~2 s (40 requests at 25/s)
    expect(result.total).toBeGreaterThan(20);
    expect(result.non2xx).toBe(0);
    expect(Object.keys(result.versions).every((v) => v === 'v1' || v === 'v2')).toBe(true);
  });
});
