/**
 * Leader election between two controller processes (`npm run controller`'s command) against one
 * embedded cluster: only the Lease holder reconciles (its identity is the reportingInstance of every
 * Event it records), a SIGKILLed leader is replaced within the lease duration, the new leader
 * progresses a job created afterwards, and a graceful stop releases the Lease.
 * Then console replicas (instrumentation.ts under Next's signal handling, fixtures/console-process.ts):
 * SIGTERM releases the Lease before the process exits, so the other leads at once; SIGKILL still
 * fails over within the lease duration.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lease } from '@/server/controller/lease-leadership';
import { bookinfoNamespace, canarySpec, createJob, startHarness, waitFor, waitForJob, type Harness } from './harness';

const LEASE_SECONDS = 4;
const RETRY_SECONDS = 0.5;
const LEASE_PATH = '/apis/coordination.k8s.io/v1/namespaces/graylane-system/leases/graylane-controller';

interface Instance {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

let h: Harness;
const instances: Instance[] = [];

function startInstance(kubeconfig: string, script = 'server/controller/main.ts', leaseSeconds = LEASE_SECONDS): Instance {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', script], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      KUBECONFIG: kubeconfig,
      // The console's start-up check wants a session secret outside demo mode (demo mode would also
      // hash the demo accounts' passwords at start, slow on a busy machine).
      GRAYLANE_DEMO: '',
      GRAYLANE_DEMO_PASSWORD: '',
      GRAYLANE_SESSION_SECRET: 'leader-election-test-secret-0123456789abcdef',
      GRAYLANE_CONTROLLER: 'on',
      GRAYLANE_SYSTEM_NAMESPACE: 'graylane-system',
      GRAYLANE_LEADER_ELECTION: 'on',
      GRAYLANE_LEASE_DURATION_SECONDS: String(leaseSeconds),
      GRAYLANE_LEASE_RENEW_DEADLINE_SECONDS: String(leaseSeconds - 1),
      GRAYLANE_LEASE_RENEW_PERIOD_SECONDS: '0.5',
      GRAYLANE_LEASE_RETRY_PERIOD_SECONDS: String(RETRY_SECONDS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const instance = { child, output, exited };
  instances.push(instance);
  return instance;
}

async function readLease(): Promise<Lease | null> {
  try {
    return await h.rest.request<Lease>({ method: 'GET', path: LEASE_PATH });
  } catch {
    return null;
  }
}

/** Identities are `<host>_<pid>_<random>`: the pid tells which child holds the Lease. */
const holderPid = (lease: Lease | null) => Number(lease?.spec?.holderIdentity?.split('_').at(-2) ?? NaN);
const logged = (i: Instance, text: string) => i.output.some((line) => line.includes(text));

async function reportingInstances(ns: string, job: string): Promise<string[]> {
  const list = await h.clients.core.listNamespacedEvent({ namespace: ns });
  return [...new Set(list.items.filter((e) => e.involvedObject.name === job).map((e) => e.reportingInstance ?? ''))];
}

beforeAll(async () => {
  h = await startHarness(100);
  await Promise.all(['le-before', 'le-after'].map((ns) => bookinfoNamespace(h, ns)));
}, 90_000);

afterAll(async () => {
  for (const i of instances) if (i.child.exitCode === null) i.child.kill('SIGKILL');
  await Promise.all(instances.map((i) => i.exited));
  await h?.stop();
});

describe('leader election over a Lease', () => {
  it('lets one of two processes reconcile, and the other take over when it is killed', async () => {
    const a = startInstance(h.kubeconfig);
    const b = startInstance(h.kubeconfig);
    const pids = [a.child.pid, b.child.pid];

    // Slow start-up (tsx compiling on a busy machine) is fine: poll generously.
    const lease = await waitFor(readLease, (l) => pids.includes(holderPid(l)), 'a controller holds the Lease', 90_000);
    const leader = holderPid(lease) === a.child.pid ? a : b;
    const follower = leader === a ? b : a;
    const leaderIdentity = lease!.spec!.holderIdentity!;
    await waitFor(async () => follower.output, () => logged(follower, 'waiting for the lease'), 'the other controller waits for the Lease', 90_000);
    expect(logged(leader, 'became leader')).toBe(true);
    expect(lease!.spec!.leaseDurationSeconds).toBe(LEASE_SECONDS);

    // Only the leader writes: every Event of the job names it.
    await createJob(h, 'le-before', 'canary-release', canarySpec());
    await waitForJob(h, 'le-before', 'canary-release', (j) => j.status?.phase === 'Progressing', 'job progresses under the first leader', 60_000);
    expect(await reportingInstances('le-before', 'canary-release')).toEqual([leaderIdentity]);
    expect(logged(follower, 'became leader')).toBe(false);

    const killedAt = Date.now();
    leader.child.kill('SIGKILL');
    const taken = await waitFor(readLease, (l) => holderPid(l) === follower.child.pid, 'the other controller takes the Lease', 60_000);
    const takeoverMs = Date.now() - killedAt;
    // The follower may take an expired Lease at its next retry; allow scheduling slack on a busy machine.
    expect(takeoverMs).toBeLessThan((LEASE_SECONDS + RETRY_SECONDS * 1.2) * 1000 + 4000);
    expect(taken!.spec!.leaseTransitions).toBe((lease!.spec!.leaseTransitions ?? 0) + 1);
    const newIdentity = taken!.spec!.holderIdentity!;

    await createJob(h, 'le-after', 'canary-release', canarySpec());
    await waitForJob(h, 'le-after', 'canary-release', (j) => j.status?.phase === 'Progressing', 'job created after the failover progresses', 60_000);
    expect(await reportingInstances('le-after', 'canary-release')).toEqual([newIdentity]);

    // A graceful stop releases the Lease so a successor need not wait for it to expire.
    follower.child.kill('SIGTERM');
    await follower.exited;
    const released = await readLease();
    expect(released?.spec?.holderIdentity ?? '').toBe('');
    expect(released?.spec?.leaseDurationSeconds).toBe(1);
  }, 360_000);
});

describe('console replicas (instrumentation.ts) and SIGTERM', () => {
  it('releases the Lease on SIGTERM so the other replica leads at once; SIGKILL still fails over within the lease duration', async () => {
    // A longer lease than above, so "at once" and "after expiry" cannot be confused.
    const lease = 8;
    const script = 'test/controller/fixtures/console-process.ts';
    const a = startInstance(h.kubeconfig, script, lease);
    const b = startInstance(h.kubeconfig, script, lease);
    const first = await waitFor(readLease, (l) => [a.child.pid, b.child.pid].includes(holderPid(l)), 'a console replica holds the Lease', 150_000).catch((err: Error) => {
      throw new Error(`${err.message}\nreplica output:\n${[...a.output, '---', ...b.output].join('\n')}`);
    });
    const leader = holderPid(first) === a.child.pid ? a : b;
    const follower = leader === a ? b : a;
    await waitFor(async () => follower.output, () => logged(follower, 'waiting for the lease'), 'the other replica waits for the Lease', 90_000);

    const termAt = Date.now();
    leader.child.kill('SIGTERM');
    const taken = await waitFor(readLease, (l) => holderPid(l) === follower.child.pid, 'the other replica takes the released Lease', 60_000);
    const gracefulMs = Date.now() - termAt;
    // Next's own handler decides the exit status (143); the controller stopped first and said so.
    expect(await leader.exited).toBe(143);
    expect(logged(leader, 'released the lease')).toBe(true);
    // Released: the follower's next retry (0.5 s) takes it, far from the 8 s an expiry needs.
    expect(gracefulMs).toBeLessThan((lease * 1000) / 2);
    expect(taken!.spec!.leaseTransitions).toBe((first!.spec!.leaseTransitions ?? 0) + 1);

    // A third replica stands by; SIGKILL gives no chance to release: it takes over on expiry.
    const c = startInstance(h.kubeconfig, script, lease);
    await waitFor(async () => c.output, () => logged(c, 'waiting for the lease'), 'a third replica waits for the Lease', 90_000);
    const killAt = Date.now();
    follower.child.kill('SIGKILL');
    await waitFor(readLease, (l) => holderPid(l) === c.child.pid, 'the third replica takes the expired Lease', 60_000);
    const killedMs = Date.now() - killAt;
    expect(killedMs).toBeLessThan((lease + RETRY_SECONDS * 1.2) * 1000 + 4000);
    console.log(`lease ${lease} s: taken over ${gracefulMs} ms after SIGTERM (released), ${killedMs} ms after SIGKILL (expired)`);
    c.child.kill('SIGTERM');
    expect(await c.exited).toBe(143);
  }, 360_000);
});
