/**
 * Scenario 3 (issue 8), concurrent operators: two signed-in clients change the same release job at
 * the same moment (traffic weight vs Take Over vs Restore vs Job Offline), many rounds. Each write
 * carries the `generation` of the job as its client last saw it, as the console's UI does.
 *
 * Proved, per round: no lost update. Outcomes (both HTTP statuses and the job's spec afterwards)
 * must equal one of the two serial orders of the same two writes, computed by a model of the API's
 * rules (a stale generation is 409; Offline is refused while the outcome is ambiguous; a write that
 * changes nothing keeps the generation). A client that got 409 reloads and applies its change again,
 * and the controller's routing converges to the final spec (never to the stale write). The last
 * round races Job Offline against Take Over of the other version: whichever wins, the kept version
 * is the one its author saw. Then, in chromium, the job detail's traffic card is shown a 409 (the
 * job changed under an open confirm dialog): it offers Reload, and Reload shows the other's change.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ApiSession, Scenario, ScenarioOptions, ScenarioResult, Stack } from '../types';
import { poll } from '../../../e2e/support/poll';
import { openConsoleBrowser, openJobDetail, screenshotDir } from './cluster-outage';

type Op = { kind: 'weight'; weight: number } | { kind: 'takeover'; version: string } | { kind: 'restore' } | { kind: 'offline' };

/** The part of the spec the operators race on, and the generation that guards it. */
interface Model {
  weight: number;
  takeOver: string;
  offline: boolean;
  generation: number;
}

interface JobView {
  name: string;
  generation: number;
  observedGeneration: number;
  phase: string;
  spec: { baseline: { version: string }; candidate: { version: string }; traffic: { candidateWeight?: number }; takeOver?: string; offline?: boolean };
  versions: { version: string; weight: number }[];
  conditions: { type: string; status: string }[];
}

const SERVICE = 'details';
const JOB = 'concurrent-operators';

function modelOf(job: JobView): Model {
  return { weight: job.spec.traffic.candidateWeight ?? 0, takeOver: job.spec.takeOver ?? '', offline: Boolean(job.spec.offline), generation: job.generation };
}

/** The API's rules for one write carrying `expected` generation: the HTTP status and the state after it. */
function applyOp(state: Model, op: Op, expected: number): { status: number; state: Model } {
  if (op.kind === 'offline' && state.offline) return { status: 200, state }; // repeating Job Offline changes nothing
  if (expected !== state.generation) return { status: 409, state };
  if (state.offline) return { status: 409, state };
  let next: Model;
  switch (op.kind) {
    case 'weight':
      next = { ...state, weight: op.weight };
      break;
    case 'takeover':
      next = { ...state, takeOver: op.version };
      break;
    case 'restore':
      next = { ...state, takeOver: '' };
      break;
    case 'offline':
      // Offered only when the kept version is unambiguous (lib/api/release-view-offline.ts).
      if (!state.takeOver && state.weight > 0) return { status: 409, state };
      next = { ...state, offline: true };
      break;
  }
  const changed = next.weight !== state.weight || next.takeOver !== state.takeOver || next.offline !== state.offline;
  return { status: 200, state: changed ? { ...next, generation: state.generation + 1 } : state };
}

/** Both serial orders of two writes made from the same view. */
function serialOrders(s0: Model, a: Op, b: Op): { statusA: number; statusB: number; state: Model; order: string }[] {
  const ab1 = applyOp(s0, a, s0.generation);
  const ab2 = applyOp(ab1.state, b, s0.generation);
  const ba1 = applyOp(s0, b, s0.generation);
  const ba2 = applyOp(ba1.state, a, s0.generation);
  return [
    { statusA: ab1.status, statusB: ab2.status, state: ab2.state, order: 'A then B' },
    { statusA: ba2.status, statusB: ba1.status, state: ba2.state, order: 'B then A' },
  ];
}

function describeOp(op: Op): string {
  return op.kind === 'weight' ? `weight ${op.weight}` : op.kind === 'takeover' ? `take over ${op.version}` : op.kind;
}

async function send(client: ApiSession, ns: string, op: Op, generation: number): Promise<{ status: number; body: unknown }> {
  const base = `/api/projects/${ns}/releases/${JOB}`;
  switch (op.kind) {
    case 'weight':
      return client.request('PATCH', base, { candidateWeight: op.weight, generation });
    case 'takeover':
      return client.request('POST', `${base}/takeover`, { version: op.version, generation });
    case 'restore':
      return client.request('POST', `${base}/restore`, { generation });
    case 'offline':
      return client.request('POST', `${base}/offline`, { generation });
  }
}

function sameSpec(a: Model, b: Model): boolean {
  return a.weight === b.weight && a.takeOver === b.takeOver && a.offline === b.offline;
}

/** A small seeded generator (mulberry32), so a failing round can be replayed from the printed seed. */
function random(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function getJob(client: ApiSession, ns: string): Promise<JobView> {
  const res = await client.request('GET', `/api/projects/${ns}/releases/${JOB}`);
  if (res.status !== 200) throw new Error(`GET job: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
  return res.body as JobView;
}

/** Waits until the controller applied the current generation and the routed weights match `state`. */
async function converged(client: ApiSession, ns: string, state: Model, timeoutMs: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const job = await getJob(client, ns);
    const candidate = job.versions.find((v) => v.version === job.spec.candidate.version)?.weight;
    const baseline = job.versions.find((v) => v.version === job.spec.baseline.version)?.weight;
    const want = state.takeOver ? (state.takeOver === job.spec.candidate.version ? 100 : 0) : state.weight;
    const routed = job.conditions.some((c) => c.type === 'RoutesApplied' && c.status === 'True');
    last = `generation ${job.generation}, observed ${job.observedGeneration}, weights ${baseline}/${candidate}, RoutesApplied ${routed}`;
    if (job.observedGeneration >= job.generation && routed && candidate === want && baseline === 100 - want) return undefined;
    await sleep(200);
  }
  return `routing did not converge to ${state.takeOver ? `take over ${state.takeOver}` : `weight ${state.weight}`} within ${timeoutMs / 1000} s (${last})`;
}

async function waitPhase(client: ApiSession, ns: string, phases: string[], timeoutMs: number): Promise<JobView | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await client.request('GET', `/api/projects/${ns}/releases/${JOB}`);
    if (res.status === 200 && phases.includes((res.body as JobView).phase)) return res.body as JobView;
    await sleep(250);
  }
  return undefined;
}

async function deleteJob(client: ApiSession, ns: string, timeoutMs = 30_000): Promise<boolean> {
  await client.request('DELETE', `/api/projects/${ns}/releases/${JOB}`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await client.request('GET', `/api/projects/${ns}/releases/${JOB}`)).status === 404) return true;
    await sleep(300);
  }
  return false;
}

/** The chromium half: the traffic card's confirm dialog meets a 409 and offers Reload. */
async function provesReloadInBrowser(stack: Stack, other: ApiSession, opts: ScenarioOptions): Promise<string[]> {
  const failures: string[] = [];
  const ns = stack.namespace;
  const session = await openConsoleBrowser(stack, 'admin');
  const dir = screenshotDir();
  mkdirSync(dir, { recursive: true });
  try {
    const { page } = session;
    await openJobDetail(page, `${stack.consoleUrl}/projects/${ns}/grayscale/${JOB}`);
    const slider = page.getByTestId('release-slider-input');
    await slider.waitFor({ state: 'visible', timeout: 30_000 });
    // Hydrated is not enough: when the layout's session read misses its 500 ms budget (a loaded
    // machine), the browser asks for the session and the slider stays disabled ("checking your
    // permissions") until it answers; keys pressed before that are lost and Apply never enables.
    await poll('the traffic slider to be enabled', 30_000, async () => (await slider.isEnabled()) || undefined);
    // Moves the draft by 5% with the keyboard, as a user would.
    const from = Number(await slider.inputValue());
    const step = from > 50 ? -1 : 1;
    await slider.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press(step < 0 ? 'ArrowLeft' : 'ArrowRight');
    await poll(`the slider to move from ${from}% to ${from + 5 * step}%`, 10_000, async () => Number(await slider.inputValue()) === from + 5 * step || undefined);
    await page.getByTestId('release-traffic-apply').click();
    await page.getByTestId('release-traffic-confirm').waitFor({ state: 'visible', timeout: 30_000 });
    // Meanwhile the other operator changes the job.
    const current = await getJob(other, ns);
    const theirs = (current.spec.traffic.candidateWeight ?? 0) === 37 ? 38 : 37;
    const change = await other.request('PATCH', `/api/projects/${ns}/releases/${JOB}`, { candidateWeight: theirs, generation: current.generation });
    if (change.status !== 200) failures.push(`browser round: the other operator's change failed: HTTP ${change.status}`);
    await page.getByTestId('release-traffic-confirm-confirm').click();
    const error = page.getByTestId('release-traffic-confirm-error');
    await error.waitFor({ state: 'visible', timeout: 30_000 });
    const status = await error.getAttribute('data-status');
    if (status !== '409') failures.push(`browser round: the traffic card showed HTTP ${status} instead of 409`);
    const reload = page.getByTestId('release-traffic-confirm-error-reload');
    if (!(await reload.isVisible())) failures.push('browser round: no Reload button on the 409');
    const shot = path.join(dir, 'concurrent-operators-409.png');
    await page.screenshot({ path: shot });
    opts.log(`screenshot: ${shot}`);
    await reload.click();
    await page.getByTestId('release-traffic-confirm').waitFor({ state: 'hidden', timeout: 30_000 });
    // After Reload the card shows the other operator's weight, not the stale draft.
    const deadline = Date.now() + 10_000;
    let shown = '';
    while (Date.now() < deadline) {
      shown = (await page.getByTestId('release-slider-candidate').textContent()) ?? '';
      if (shown.includes(`${theirs}%`)) break;
      await sleep(200);
    }
    if (!shown.includes(`${theirs}%`)) failures.push(`browser round: after Reload the slider shows "${shown}", not the other operator's ${theirs}%`);
    await page.screenshot({ path: path.join(dir, 'concurrent-operators-reloaded.png') });
  } catch (err) {
    failures.push(`browser round: ${(err as Error).message.split('\n')[0]}`);
    await session.page.screenshot({ path: path.join(dir, 'concurrent-operators-failure.png') }).catch(() => undefined);
  } finally {
    await session.close();
  }
  return failures;
}

export const concurrentOperatorsScenario: Scenario = {
  id: 'concurrent-operators',
  title: 'Concurrent operators: two clients change one job at once; no lost update, 409 offers a reload',
  async run(stack: Stack, opts: ScenarioOptions): Promise<ScenarioResult> {
    const failures: string[] = [];
    const ns = stack.namespace;
    const seed = Number(process.env.GRAYLANE_CONCURRENT_SEED) || Date.now() % 2_147_483_647;
    const rand = random(seed);
    opts.log(`seed ${seed} (replay with GRAYLANE_CONCURRENT_SEED=${seed})`);
    const started = Date.now();
    const a = await stack.login('admin');
    const b = await stack.login('project-regular');
    const figures = { rounds: 0, conflicts: 0, 'both applied': 0, 'reload + retry applied': 0, 'lost updates': 0, 'convergence checks': 0 };

    const defaults = await a.request('GET', `/api/projects/${ns}/releases/defaults?service=${SERVICE}`);
    if (defaults.status !== 200) return { figures: { seed }, failures: [`defaults for ${SERVICE}: HTTP ${defaults.status} ${JSON.stringify(defaults.body).slice(0, 200)}`] };
    const d = defaults.body as { baseline: { version: string }; candidate: { version: string; images: Record<string, string> } };
    const created = await a.request('POST', `/api/projects/${ns}/releases`, {
      name: JOB,
      spec: { strategy: 'Canary', service: SERVICE, baseline: { version: d.baseline.version }, candidate: { version: d.candidate.version, replicas: 1, images: d.candidate.images }, traffic: { candidateWeight: 10 } },
    });
    if (created.status !== 201) return { figures: { seed }, failures: [`create job: HTTP ${created.status} ${JSON.stringify(created.body).slice(0, 300)}`] };
    const baselineVersion = d.baseline.version;
    const candidateVersion = d.candidate.version;
    if (!(await waitPhase(a, ns, ['Progressing'], 40_000))) failures.push('the job did not reach Progressing within 40 s');

    const pickOp = (s: Model): Op => {
      const r = rand();
      if (r < 0.45) {
        let w = Math.floor(rand() * 101);
        if (w === s.weight) w = (w + 7) % 101;
        return { kind: 'weight', weight: w };
      }
      if (r < 0.75) return { kind: 'takeover', version: s.takeOver === candidateVersion ? baselineVersion : rand() < 0.5 ? candidateVersion : baselineVersion };
      if (r < 0.9) return { kind: 'restore' };
      return { kind: 'offline' };
    };

    const rounds = opts.soak ? Infinity : 14;
    const soakEnd = opts.soak ? started + opts.soakMs : Infinity;
    for (let round = 1; round <= rounds && Date.now() < soakEnd; round++) {
      const job = await getJob(a, ns);
      const s0 = modelOf(job);
      let opA = pickOp(s0);
      let opB = pickOp(s0);
      // Offline would end the job: only in the last round, below.
      if (opA.kind === 'offline') opA = { kind: 'restore' };
      if (opB.kind === 'offline') opB = { kind: 'weight', weight: (s0.weight + 13) % 101 };
      const [ra, rb] = await Promise.all([send(a, ns, opA, s0.generation), send(b, ns, opB, s0.generation)]);
      const after = modelOf(await getJob(a, ns));
      figures.rounds++;
      if (ra.status === 409 || rb.status === 409) figures.conflicts++;
      if (ra.status === 200 && rb.status === 200) figures['both applied']++;
      const orders = serialOrders(s0, opA, opB);
      const match = orders.find((o) => o.statusA === ra.status && o.statusB === rb.status && sameSpec(o.state, after));
      if (!match) {
        figures['lost updates']++;
        failures.push(
          `round ${round}: A ${describeOp(opA)} -> ${ra.status}, B ${describeOp(opB)} -> ${rb.status}, from ${JSON.stringify(s0)} to ${JSON.stringify(after)}: ` +
            `not a serial order (${orders.map((o) => `${o.order}: ${o.statusA}/${o.statusB} ${JSON.stringify(o.state)}`).join('; ')})` +
            `${ra.status >= 400 && ra.status !== 409 ? ` A said ${JSON.stringify(ra.body).slice(0, 200)}` : ''}${rb.status >= 400 && rb.status !== 409 ? ` B said ${JSON.stringify(rb.body).slice(0, 200)}` : ''}`,
        );
      }
      // The refused operator reloads and applies its change again (what the UI's Reload leads to).
      let final = after;
      for (const [client, op, res] of [[a, opA, ra], [b, opB, rb]] as const) {
        if (res.status !== 409) continue;
        const fresh = modelOf(await getJob(client, ns));
        const expected = applyOp(fresh, op, fresh.generation);
        const retry = await send(client, ns, op, fresh.generation);
        final = modelOf(await getJob(client, ns));
        if (retry.status !== expected.status || !sameSpec(final, expected.state)) {
          failures.push(`round ${round}: retry of ${describeOp(op)} after reload -> ${retry.status} ${JSON.stringify(final)}, expected ${expected.status} ${JSON.stringify(expected.state)}`);
        } else if (retry.status === 200) figures['reload + retry applied']++;
      }
      figures['convergence checks']++;
      const notConverged = await converged(a, ns, final, 15_000);
      if (notConverged) failures.push(`round ${round}: ${notConverged}`);
    }

    // The browser: a 409 in the traffic card's confirm dialog offers Reload (traffic is editable only without take over).
    const beforeBrowser = await getJob(a, ns);
    if (beforeBrowser.spec.takeOver) await a.request('POST', `/api/projects/${ns}/releases/${JOB}/restore`, { generation: beforeBrowser.generation });
    failures.push(...(await provesReloadInBrowser(stack, b, opts)));

    // Last round: Job Offline (keeping the baseline the author has taken over) races Take Over of the candidate.
    let job = await getJob(a, ns);
    if (job.spec.takeOver !== baselineVersion) {
      await a.request('POST', `/api/projects/${ns}/releases/${JOB}/takeover`, { version: baselineVersion, generation: job.generation });
      job = await getJob(a, ns);
    }
    const s0 = modelOf(job);
    const offlineOp: Op = { kind: 'offline' };
    const takeOverOp: Op = { kind: 'takeover', version: candidateVersion };
    const [ro, rt] = await Promise.all([send(a, ns, offlineOp, s0.generation), send(b, ns, takeOverOp, s0.generation)]);
    const afterRace = modelOf(await getJob(a, ns));
    figures.rounds++;
    if (ro.status === 409 || rt.status === 409) figures.conflicts++;
    const match = serialOrders(s0, offlineOp, takeOverOp).find((o) => o.statusA === ro.status && o.statusB === rt.status && sameSpec(o.state, afterRace));
    if (!match) {
      figures['lost updates']++;
      failures.push(`offline round: offline -> ${ro.status}, take over ${candidateVersion} -> ${rt.status}, state ${JSON.stringify(afterRace)}: not a serial order`);
    }
    if (afterRace.offline) {
      // The offline author saw the baseline taken over: that is the version that must stay.
      const done = await waitPhase(a, ns, ['Completed'], 30_000);
      if (!done) failures.push('offline round: the job did not complete within 30 s');
      else {
        const serving = done.versions.filter((v) => v.weight > 0).map((v) => v.version);
        if (serving.join() !== baselineVersion) failures.push(`offline round: after Job Offline ${serving.join(', ')} serves, expected ${baselineVersion} (the version its author saw taken over)`);
      }
    }
    opts.log(`offline round: offline ${ro.status}, take over ${rt.status}${afterRace.offline ? ', job completed keeping the baseline' : ''}`);

    if (!(await deleteJob(a, ns))) failures.push('the job was not deleted within 30 s');
    return { figures: { seed, ...figures, seconds: Math.round((Date.now() - started) / 1000) }, failures };
  },
};
