import { describe, expect, it } from 'vitest';
import { computeDeploymentStatus, type StatusInput } from './deployment-status';
import type { PlanPod } from './rollout-plan';

const now = new Date('2025-01-01T10:00:00.123Z');
function p(isNew: boolean, ready: boolean, i: number): PlanPod {
  return { name: `p${i}`, isNew, ready, available: ready, createdAt: i };
}
function input(pods: PlanPod[], extra: Partial<StatusInput> = {}): StatusInput {
  return { generation: 2, replicas: 3, paused: false, strategy: { type: 'RollingUpdate' }, newReplicaSetName: 'web-abc', pods, previous: undefined, now, ...extra };
}

describe('computeDeploymentStatus', () => {
  it('reports a finished rollout as NewReplicaSetAvailable and omits zero counts', () => {
    const s = computeDeploymentStatus(input([p(true, true, 1), p(true, true, 2), p(true, true, 3)]));
    expect(s).toMatchObject({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(s.unavailableReplicas).toBeUndefined();
    const conds = s.conditions as any[];
    expect(conds.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable'],
      ['Progressing', 'True', 'NewReplicaSetAvailable'],
    ]);
    expect(conds[1].message).toBe('ReplicaSet "web-abc" has successfully progressed.');
    expect(conds[0].lastTransitionTime).toBe('2025-01-01T10:00:00Z');
  });

  it('reports a rollout in progress and missing availability', () => {
    const s = computeDeploymentStatus(input([p(false, true, 1), p(true, false, 2)]));
    expect(s).toMatchObject({ replicas: 2, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1, unavailableReplicas: 2 });
    const conds = s.conditions as any[];
    expect(conds[0]).toMatchObject({ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' });
    expect(conds[1]).toMatchObject({ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' });
  });

  it('keeps condition timestamps when nothing changed, so a resync writes nothing', () => {
    const pods = [p(true, true, 1), p(true, true, 2), p(true, true, 3)];
    const first = computeDeploymentStatus(input(pods));
    const later = computeDeploymentStatus(input(pods, { previous: first, now: new Date('2025-01-01T11:00:00Z') }));
    expect(later).toEqual(first);
  });

  it('keeps lastTransitionTime when only the reason changes', () => {
    const inProgress = computeDeploymentStatus(input([p(true, true, 1), p(true, true, 2), p(false, true, 3)]));
    const done = computeDeploymentStatus(input([p(true, true, 1), p(true, true, 2), p(true, true, 3)], { previous: inProgress, now: new Date('2025-01-01T10:05:00Z') }));
    const prog = (done.conditions as any[])[1];
    expect(prog.reason).toBe('NewReplicaSetAvailable');
    expect(prog.lastTransitionTime).toBe('2025-01-01T10:00:00Z');
    expect(prog.lastUpdateTime).toBe('2025-01-01T10:05:00Z');
  });

  it('says paused deployments are paused', () => {
    const s = computeDeploymentStatus(input([], { paused: true }));
    expect((s.conditions as any[])[1]).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused' });
  });
});
