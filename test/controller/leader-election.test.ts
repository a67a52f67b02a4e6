/**
 * Leader election between two controller processes (`npm run controller`'s command) against one
 * embedded cluster: only the Lease holder reconciles (its identity is the reportingInstance of every
 * Event it records), a SIGKILLed leader is replaced within the lease duration, the new leader
 * progresses a job created afterwards, and a graceful stop releases the Lease.
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
  exited: Promise<void>;
}

let h: Harness;
const instances: Instance[] = [];

function startInstance(kubeconfig: string): Instance {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'server/controller/main.ts'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      KUBECONFIG: kubeconfig,
      GRAYLANE_SYSTEM_NAMESPACE: 'graylane-system',
      GRAYLANE_LEADER_ELECTION: 'on',
      GRAYLANE_LEASE_DURATION_SECONDS: String(LEASE_SECONDS),
      GRAYLANE_LEASE_RENEW_DEADLINE_SECONDS: '3',
      GRAYLANE_LEASE_RENEW_PERIOD_SECONDS: '0.5',
      GRAYLANE_LEASE_RETRY_PERIOD_SECONDS: String(RETRY_SECONDS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
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
  }, 240_000);
});
