import { describe, expect, it } from 'vitest';
import { planRollout, rankForDeletion, resolveFenceposts, resolveIntOrPercent, type PlanPod } from './rollout-plan';

let seq = 0;
function pod(isNew: boolean, ready = true, createdAt = seq++): PlanPod {
  return { name: `p${createdAt}`, isNew, ready, available: ready, createdAt };
}
const pods = (n: number, isNew: boolean, ready = true): PlanPod[] => Array.from({ length: n }, () => pod(isNew, ready));

describe('resolveIntOrPercent / resolveFenceposts', () => {
  it('rounds surge up and unavailable down, as kube does', () => {
    expect(resolveIntOrPercent('25%', 10, true)).toBe(3);
    expect(resolveIntOrPercent('25%', 10, false)).toBe(2);
    expect(resolveIntOrPercent(2, 10, true)).toBe(2);
    expect(resolveIntOrPercent(undefined, 4, true)).toBe(1);
    expect(resolveFenceposts(undefined, undefined, 1)).toEqual({ surge: 1, unavailable: 0 });
    expect(resolveFenceposts(undefined, undefined, 3)).toEqual({ surge: 1, unavailable: 0 });
    expect(resolveFenceposts(undefined, undefined, 4)).toEqual({ surge: 1, unavailable: 1 });
    expect(resolveFenceposts('50%', '50%', 3)).toEqual({ surge: 2, unavailable: 1 });
  });

  it('never resolves both to zero (unavailable becomes 1)', () => {
    expect(resolveFenceposts(0, 0, 3)).toEqual({ surge: 0, unavailable: 1 });
    expect(resolveFenceposts('0%', '10%', 3)).toEqual({ surge: 0, unavailable: 1 });
  });
});

describe('planRollout: scaling', () => {
  const rolling = { type: 'RollingUpdate' as const };
  it('creates missing pods and deletes surplus, not-ready and newest first', () => {
    expect(planRollout({ replicas: 3, strategy: rolling, pods: [], terminatingOld: 0 })).toEqual({ create: 3, delete: [] });
    const oldest = pod(true);
    const notReady = pod(true, false);
    const newest = pod(true);
    const plan = planRollout({ replicas: 1, strategy: rolling, pods: [oldest, newest, notReady], terminatingOld: 0 });
    expect(plan.create).toBe(0);
    expect(plan.delete.map((p) => p.name)).toEqual([notReady.name, newest.name]);
  });

  it('rankForDeletion puts not ready before ready and newer before older', () => {
    const a = pod(true, true, 1);
    const b = pod(true, true, 2);
    const c = pod(true, false, 0);
    expect(rankForDeletion([a, b, c]).map((p) => p.name)).toEqual([c.name, b.name, a.name]);
  });
});

/** Simulates a rollout step by step: created pods become ready one step later. */
function simulate(replicas: number, strategy: Parameters<typeof planRollout>[0]['strategy']): { minReady: number; maxTotal: number; steps: number } {
  let current: PlanPod[] = pods(replicas, false);
  let minReady = Infinity;
  let maxTotal = 0;
  for (let step = 1; step < 100; step++) {
    const plan = planRollout({ replicas, strategy, pods: current, terminatingOld: 0 });
    const deleted = new Set(plan.delete.map((p) => p.name));
    current = current.filter((p) => !deleted.has(p.name));
    minReady = Math.min(minReady, current.filter((p) => p.ready).length);
    current.push(...pods(plan.create, true, false));
    maxTotal = Math.max(maxTotal, current.length);
    if (plan.create === 0 && plan.delete.length === 0 && current.every((p) => p.isNew && p.ready) && current.length === replicas) return { minReady, maxTotal, steps: step };
    current = current.map((p) => ({ ...p, ready: true, available: true }));
  }
  throw new Error('rollout did not converge');
}

describe('planRollout: rolling update', () => {
  it('1 replica with defaults: surge first, never zero ready', () => {
    const r = simulate(1, { type: 'RollingUpdate' });
    expect(r.minReady).toBe(1);
    expect(r.maxTotal).toBe(2);
  });

  it('4 replicas with defaults keeps 3 ready and at most 5 pods', () => {
    const r = simulate(4, { type: 'RollingUpdate' });
    expect(r.minReady).toBe(3);
    expect(r.maxTotal).toBeLessThanOrEqual(5);
  });

  it('10 replicas with 30%/30%: surge ceil(3)=3, unavailable floor(3)=3', () => {
    const r = simulate(10, { type: 'RollingUpdate', maxSurge: '30%', maxUnavailable: '30%' });
    expect(r.minReady).toBe(7);
    expect(r.maxTotal).toBeLessThanOrEqual(13);
    const first = planRollout({ replicas: 10, strategy: { type: 'RollingUpdate', maxSurge: '30%', maxUnavailable: '30%' }, pods: pods(10, false), terminatingOld: 0 });
    expect(first.create).toBe(3);
    expect(first.delete).toHaveLength(3);
  });

  it('3 replicas with 10%/10%: surge rounds up to 1, unavailable down to 0', () => {
    const r = simulate(3, { type: 'RollingUpdate', maxSurge: '10%', maxUnavailable: '10%' });
    expect(r.minReady).toBe(3);
    expect(r.maxTotal).toBe(4);
  });

  it('maxSurge 0 deletes before creating, within maxUnavailable', () => {
    const r = simulate(3, { type: 'RollingUpdate', maxSurge: 0, maxUnavailable: 1 });
    expect(r.minReady).toBe(2);
    expect(r.maxTotal).toBe(3);
  });

  it('first step with defaults on 1 replica creates one pod and deletes nothing', () => {
    expect(planRollout({ replicas: 1, strategy: { type: 'RollingUpdate' }, pods: [pod(false)], terminatingOld: 0 })).toEqual({ create: 1, delete: [] });
  });

  it('deletes unavailable old pods first, without touching availability', () => {
    const readyOld = pods(2, false);
    const brokenOld = pod(false, false);
    const plan = planRollout({ replicas: 3, strategy: { type: 'RollingUpdate', maxSurge: 0, maxUnavailable: 0 }, pods: [...readyOld, brokenOld], terminatingOld: 0 });
    expect(plan.delete[0].name).toBe(brokenOld.name);
  });

  it('scaling down mid-rollout removes surplus new pods', () => {
    const plan = planRollout({ replicas: 1, strategy: { type: 'RollingUpdate' }, pods: [...pods(3, false), ...pods(2, true)], terminatingOld: 0 });
    expect(plan.create).toBe(0);
    const remaining = 5 - plan.delete.length;
    expect(remaining).toBe(1);
  });
});

describe('planRollout: recreate', () => {
  it('deletes all old pods, waits for terminating ones, then creates', () => {
    const strategy = { type: 'Recreate' as const };
    expect(planRollout({ replicas: 2, strategy, pods: pods(2, false), terminatingOld: 0 })).toMatchObject({ create: 0, delete: [{}, {}] });
    expect(planRollout({ replicas: 2, strategy, pods: [], terminatingOld: 2 })).toEqual({ create: 0, delete: [] });
    expect(planRollout({ replicas: 2, strategy, pods: [], terminatingOld: 0 })).toEqual({ create: 2, delete: [] });
  });
});
