/**
 * Integration tests of the embedded API machinery through `@kubernetes/client-node` (the client
 * the console uses) and raw HTTP for what a client library would not send.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy, Watch, setHeaderOptions, type V1Deployment } from '@kubernetes/client-node';
import { startCluster, type Cluster } from '../cluster';

let cluster: Cluster;
let dir: string;
let kc: KubeConfig;
let core: CoreV1Api;
let apps: AppsV1Api;
let custom: CustomObjectsApi;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'graylane-api-'));
  cluster = await startCluster({ kubeconfig: path.join(dir, 'kubeconfig'), watchCacheSize: 300, bookmarkIntervalMs: 300, podReadyDelayMs: 50 });
  kc = new KubeConfig();
  kc.loadFromString(readFileSync(path.join(dir, 'kubeconfig'), 'utf8'));
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
  custom = kc.makeApiClient(CustomObjectsApi);
  await core.createNamespace({ body: { metadata: { name: 't' } } });
});

afterAll(async () => {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Status body of a failed client-node call. */
async function failure(p: Promise<unknown>): Promise<{ code: number; body: any }> {
  try {
    await p;
  } catch (err: any) {
    return { code: err.code, body: typeof err.body === 'string' ? JSON.parse(err.body) : err.body };
  }
  throw new Error('expected the call to fail');
}

async function raw(method: string, p: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(cluster.apiUrl + p, { method, body, headers: { 'content-type': 'application/json', ...headers } });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}

function deployment(name: string, labels: Record<string, string> = { app: name }, replicas = 1): V1Deployment {
  return {
    metadata: { name, labels },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'main', image: 'nginx:1.25' }] } } },
  };
}

async function until<T>(fn: () => Promise<T | undefined> | T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('basics', () => {
  it('reports version 1.31 and discovery with short names and subresources', async () => {
    const v = await raw('GET', '/version');
    expect(v.json).toMatchObject({ major: '1', minor: '31', gitVersion: 'v1.31.0' });
    const appsV1 = await raw('GET', '/apis/apps/v1');
    const names = appsV1.json.resources.map((r: any) => r.name);
    expect(names).toEqual(expect.arrayContaining(['deployments', 'deployments/scale', 'deployments/status']));
    expect(appsV1.json.resources.find((r: any) => r.name === 'deployments')).toMatchObject({ shortNames: ['deploy'], categories: ['all'], namespaced: true });
    const istio = await raw('GET', '/apis/networking.istio.io');
    expect(istio.json.versions.map((x: any) => x.version)).toEqual(['v1', 'v1beta1', 'v1alpha3']);
    expect((await raw('GET', '/healthz')).status).toBe(200);
  });

  it('creates with defaults, then gets and lists with label/field selectors and limit/continue', async () => {
    for (let i = 0; i < 5; i++) {
      await core.createNamespacedConfigMap({ namespace: 't', body: { metadata: { name: `cm-${i}`, labels: { tier: i % 2 ? 'odd' : 'even', idx: String(i) } }, data: { i: String(i) } } });
    }
    const cm = await core.readNamespacedConfigMap({ namespace: 't', name: 'cm-3' });
    expect(cm.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(cm.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(Number(cm.metadata?.resourceVersion)).toBeGreaterThan(0);

    const odd = await core.listNamespacedConfigMap({ namespace: 't', labelSelector: 'tier=odd' });
    expect(odd.items.map((c) => c.metadata?.name)).toEqual(['cm-1', 'cm-3']);
    const notin = await core.listNamespacedConfigMap({ namespace: 't', labelSelector: 'idx notin (0,1,2),tier' });
    expect(notin.items.map((c) => c.metadata?.name)).toEqual(['cm-3', 'cm-4']);
    const absent = await core.listNamespacedConfigMap({ namespace: 't', labelSelector: '!tier' });
    expect(absent.items).toHaveLength(0);
    const byName = await core.listConfigMapForAllNamespaces({ fieldSelector: 'metadata.name=cm-2' });
    expect(byName.items.map((c) => `${c.metadata?.namespace}/${c.metadata?.name}`)).toEqual(['t/cm-2']);
    const notName = await core.listNamespacedConfigMap({ namespace: 't', fieldSelector: 'metadata.name!=cm-2,metadata.namespace=t' });
    expect(notName.items).toHaveLength(4);

    const page1 = await core.listNamespacedConfigMap({ namespace: 't', limit: 2 });
    expect(page1.items.map((c) => c.metadata?.name)).toEqual(['cm-0', 'cm-1']);
    expect(page1.metadata?._continue).toBeTruthy();
    expect(page1.metadata?.remainingItemCount).toBe(3);
    const page2 = await core.listNamespacedConfigMap({ namespace: 't', limit: 2, _continue: page1.metadata?._continue });
    expect(page2.items.map((c) => c.metadata?.name)).toEqual(['cm-2', 'cm-3']);
    const page3 = await core.listNamespacedConfigMap({ namespace: 't', limit: 2, _continue: page2.metadata?._continue });
    expect(page3.items.map((c) => c.metadata?.name)).toEqual(['cm-4']);
    expect(page3.metadata?._continue).toBeFalsy();
    expect(page3.metadata?.resourceVersion).toBe(page1.metadata?.resourceVersion);
  });

  it('honours generateName and dryRun', async () => {
    const made = await core.createNamespacedConfigMap({ namespace: 't', body: { metadata: { generateName: 'gen-' } } });
    expect(made.metadata?.name).toMatch(/^gen-[a-z0-9]{5}$/);
    const dry = await core.createNamespacedConfigMap({ namespace: 't', dryRun: 'All', body: { metadata: { name: 'dry' } } });
    expect(dry.metadata?.name).toBe('dry');
    expect((await failure(core.readNamespacedConfigMap({ namespace: 't', name: 'dry' }))).code).toBe(404);
  });

  it('applies deployment and service defaults (clusterIP, strategy, pod spec)', async () => {
    const d = await apps.createNamespacedDeployment({ namespace: 't', body: deployment('defaults', { app: 'defaults' }, 0) });
    expect(d.spec?.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    expect(d.spec?.revisionHistoryLimit).toBe(10);
    expect(d.spec?.progressDeadlineSeconds).toBe(600);
    expect(d.spec?.template.spec?.restartPolicy).toBe('Always');
    expect(d.spec?.template.spec?.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(d.metadata?.generation).toBe(1);
    const s = await core.createNamespacedService({ namespace: 't', body: { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } } });
    expect(s.spec?.type).toBe('ClusterIP');
    expect(s.spec?.clusterIP).toMatch(/^10\.96\.\d+\.\d+$/);
    expect(s.spec?.ports?.[0]).toMatchObject({ protocol: 'TCP', targetPort: 80 });
  });
});

describe('updates and patches', () => {
  it('rejects a replace with a stale resourceVersion (409 Conflict) and bumps generation on spec changes only', async () => {
    const d0 = await apps.createNamespacedDeployment({ namespace: 't', body: deployment('conflict', { app: 'conflict' }, 0) });
    // The deployment controller writes status concurrently, so these replaces are unconditional (no resourceVersion).
    const body = { ...d0, metadata: { ...d0.metadata, resourceVersion: undefined } };
    const fresh = await apps.replaceNamespacedDeployment({ namespace: 't', name: 'conflict', body: { ...body, spec: { ...d0.spec!, minReadySeconds: 1 } } });
    expect(fresh.metadata?.generation).toBe(2);
    const labelled = await apps.replaceNamespacedDeployment({ namespace: 't', name: 'conflict', body: { ...body, metadata: { ...body.metadata, labels: { app: 'conflict', x: 'y' } }, spec: fresh.spec } });
    expect(labelled.metadata?.generation).toBe(2);
    const f = await failure(apps.replaceNamespacedDeployment({ namespace: 't', name: 'conflict', body: d0 }));
    expect(f.code).toBe(409);
    expect(f.body).toMatchObject({ kind: 'Status', reason: 'Conflict', code: 409 });
    expect(f.body.message).toContain('the object has been modified');
  });

  it('applies merge, JSON and strategic merge patches', async () => {
    await apps.createNamespacedDeployment({ namespace: 't', body: deployment('patchme', { app: 'patchme' }, 0) });
    const merged = await apps.patchNamespacedDeployment({ namespace: 't', name: 'patchme', body: { metadata: { labels: { merged: 'yes' } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    expect(merged.metadata?.labels).toMatchObject({ app: 'patchme', merged: 'yes' });
    const jp = await apps.patchNamespacedDeployment({ namespace: 't', name: 'patchme', body: [{ op: 'replace', path: '/spec/replicas', value: 0 }, { op: 'add', path: '/metadata/annotations', value: { a: 'b' } }] }, setHeaderOptions('Content-Type', PatchStrategy.JsonPatch));
    expect(jp.metadata?.annotations).toEqual({ a: 'b' });
    const smp = await apps.patchNamespacedDeployment(
      { namespace: 't', name: 'patchme', body: { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox:1.36' }] } } } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    // Strategic merge merges containers by name: the original container stays.
    expect(smp.spec?.template.spec?.containers.map((c) => c.name).sort()).toEqual(['main', 'sidecar']);
    const ssa = await apps.patchNamespacedDeployment(
      { namespace: 't', name: 'patchme', fieldManager: 'test-apply', body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'patchme', labels: { applied: 'true' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
    );
    expect(ssa.metadata?.labels).toMatchObject({ applied: 'true' });
    expect(ssa.metadata?.managedFields?.some((m) => m.manager === 'test-apply' && m.operation === 'Apply')).toBe(true);
  });

  it('serves the scale subresource', async () => {
    await apps.createNamespacedDeployment({ namespace: 't', body: deployment('scaled', { app: 'scaled' }, 0) });
    const scale = await apps.readNamespacedDeploymentScale({ namespace: 't', name: 'scaled' });
    expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 0 }, status: { selector: 'app=scaled' } });
    await apps.patchNamespacedDeploymentScale({ namespace: 't', name: 'scaled', body: { spec: { replicas: 0 } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    const put = await apps.replaceNamespacedDeploymentScale({ namespace: 't', name: 'scaled', body: { metadata: { name: 'scaled', namespace: 't' }, spec: { replicas: 2 } } });
    expect(put.spec?.replicas).toBe(2);
    expect((await apps.readNamespacedDeployment({ namespace: 't', name: 'scaled' })).spec?.replicas).toBe(2);
    await apps.deleteNamespacedDeployment({ namespace: 't', name: 'scaled' });
  });

  it('keeps status out of main-resource updates and lets the status subresource change only status', async () => {
    const svc = await core.createNamespacedService({ namespace: 't', body: { metadata: { name: 'statusy' }, spec: { type: 'LoadBalancer', selector: { app: 'x' }, ports: [{ port: 80 }] } } });
    const st = await core.replaceNamespacedServiceStatus({ namespace: 't', name: 'statusy', body: { ...svc, spec: { ...svc.spec, selector: { app: 'changed' } }, status: { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } } } });
    expect(st.status?.loadBalancer?.ingress?.[0].ip).toBe('192.0.2.1');
    expect(st.spec?.selector).toEqual({ app: 'x' });
    const upd = await core.replaceNamespacedService({ namespace: 't', name: 'statusy', body: { ...st, spec: { ...st.spec, selector: { app: 'y' } }, status: { loadBalancer: {} } } });
    expect(upd.spec?.selector).toEqual({ app: 'y' });
    expect(upd.status?.loadBalancer?.ingress?.[0].ip).toBe('192.0.2.1');
  });
});

describe('deletion', () => {
  it('keeps an object with finalizers (deletionTimestamp set) until they are removed', async () => {
    await core.createNamespacedConfigMap({ namespace: 't', body: { metadata: { name: 'held', finalizers: ['example.com/hold'] } } });
    await core.deleteNamespacedConfigMap({ namespace: 't', name: 'held' });
    const held = await core.readNamespacedConfigMap({ namespace: 't', name: 'held' });
    expect(held.metadata?.deletionTimestamp).toBeTruthy();
    await core.patchNamespacedConfigMap({ namespace: 't', name: 'held', body: { metadata: { finalizers: null } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    expect((await failure(core.readNamespacedConfigMap({ namespace: 't', name: 'held' }))).code).toBe(404);
  });

  it('deletes a Deployment\'s pods through ownerReferences (Background propagation)', async () => {
    await apps.createNamespacedDeployment({ namespace: 't', body: deployment('owner', { app: 'owner' }, 2) });
    const pods = await until(async () => {
      const l = await core.listNamespacedPod({ namespace: 't', labelSelector: 'app=owner' });
      return l.items.length === 2 ? l.items : undefined;
    });
    expect(pods.every((p) => p.metadata?.ownerReferences?.length)).toBe(true);
    await apps.deleteNamespacedDeployment({ namespace: 't', name: 'owner', propagationPolicy: 'Background' });
    await until(async () => (await core.listNamespacedPod({ namespace: 't', labelSelector: 'app=owner' })).items.length === 0);
  });

  it('orphans dependents with propagationPolicy Orphan and deletes collections by selector', async () => {
    await apps.createNamespacedDeployment({ namespace: 't', body: deployment('orphaner', { app: 'orphaner' }, 1) });
    await until(async () => (await core.listNamespacedPod({ namespace: 't', labelSelector: 'app=orphaner' })).items.length === 1);
    await apps.deleteNamespacedDeployment({ namespace: 't', name: 'orphaner', propagationPolicy: 'Orphan' });
    await new Promise((r) => setTimeout(r, 300));
    const left = await core.listNamespacedPod({ namespace: 't', labelSelector: 'app=orphaner' });
    expect(left.items).toHaveLength(1);
    expect(left.items[0].metadata?.ownerReferences ?? []).toHaveLength(0);
    await core.deleteCollectionNamespacedPod({ namespace: 't', labelSelector: 'app=orphaner' });
    expect((await core.listNamespacedPod({ namespace: 't', labelSelector: 'app=orphaner' })).items).toHaveLength(0);
  });

  it('deletes a namespace with its contents', async () => {
    await core.createNamespace({ body: { metadata: { name: 'doomed' } } });
    await core.createNamespacedConfigMap({ namespace: 'doomed', body: { metadata: { name: 'x' } } });
    await core.deleteNamespace({ name: 'doomed' });
    await until(async () => (await failure(core.readNamespace({ name: 'doomed' }))).code === 404);
    expect((await failure(core.readNamespacedConfigMap({ namespace: 'doomed', name: 'x' }))).code).toBe(404);
    const f = await failure(core.createNamespacedConfigMap({ namespace: 'doomed', body: { metadata: { name: 'y' } } }));
    expect(f.code).toBe(404);
    expect(f.body.message).toBe('namespaces "doomed" not found');
  });
});

describe('watch', () => {
  it('resumes from a resourceVersion, sends BOOKMARKs, and expires too-old versions with 410', async () => {
    const start = await core.listNamespacedConfigMap({ namespace: 't' });
    const rv = start.metadata!.resourceVersion!;
    await core.createNamespacedConfigMap({ namespace: 't', body: { metadata: { name: 'w1', labels: { w: '1' } } } });
    const events: { type: string; name?: string; rv?: string }[] = [];
    const watch = new Watch(kc);
    const ac = await watch.watch('/api/v1/namespaces/t/configmaps', { resourceVersion: rv, allowWatchBookmarks: true, labelSelector: 'w=1' }, (type, obj) => events.push({ type, name: obj?.metadata?.name, rv: obj?.metadata?.resourceVersion }), () => undefined);
    await core.patchNamespacedConfigMap({ namespace: 't', name: 'w1', body: { data: { a: '1' } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await core.deleteNamespacedConfigMap({ namespace: 't', name: 'w1' });
    await until(() => events.some((e) => e.type === 'BOOKMARK') && events.some((e) => e.type === 'DELETED'));
    ac.abort();
    expect(events.filter((e) => e.type !== 'BOOKMARK').map((e) => `${e.type}:${e.name}`)).toEqual(['ADDED:w1', 'MODIFIED:w1', 'DELETED:w1']);
    const rvs = events.filter((e) => e.type !== 'BOOKMARK').map((e) => Number(e.rv));
    expect(rvs).toEqual([...rvs].sort((a, b) => a - b));

    // Push the first resourceVersion out of the 300-event window.
    for (let i = 0; i < 320; i++) await core.replaceNamespacedConfigMap({ namespace: 't', name: 'cm-0', body: { metadata: { name: 'cm-0' }, data: { n: String(i) } } });
    const errs: any[] = [];
    let ended = false;
    await watch.watch('/api/v1/namespaces/t/configmaps', { resourceVersion: rv }, (type, obj) => type === 'ERROR' && errs.push(obj), () => (ended = true));
    await until(() => ended);
    expect(errs[0]).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
    expect(errs[0].message).toContain('too old resource version');
  });

  it('sends a synthetic ADDED first for a name-filtered watch without resourceVersion', async () => {
    const events: string[] = [];
    const ac = await new Watch(kc).watch('/api/v1/namespaces/t/configmaps', { fieldSelector: 'metadata.name=cm-1' }, (type, obj) => events.push(`${type}:${obj.metadata.name}`), () => undefined);
    await until(() => events.length >= 1);
    ac.abort();
    expect(events).toEqual(['ADDED:cm-1']);
  });
});

describe('errors', () => {
  it('answers NotFound, AlreadyExists and Invalid (with causes) as Status objects', async () => {
    const nf = await failure(core.readNamespacedConfigMap({ namespace: 't', name: 'nope' }));
    expect(nf.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'configmaps "nope" not found', reason: 'NotFound', details: { name: 'nope', kind: 'configmaps' }, code: 404 });
    const ae = await failure(core.createNamespacedConfigMap({ namespace: 't', body: { metadata: { name: 'cm-1' } } }));
    expect(ae.body).toMatchObject({ reason: 'AlreadyExists', code: 409, message: 'configmaps "cm-1" already exists' });
    const bad = deployment('Bad_Name', { app: 'x' });
    bad.spec!.template.metadata!.labels = { app: 'other' };
    bad.spec!.template.spec!.containers = [{ name: 'c' } as any];
    const inv = await failure(apps.createNamespacedDeployment({ namespace: 't', body: bad }));
    expect(inv.code).toBe(422);
    expect(inv.body.reason).toBe('Invalid');
    expect(inv.body.details.causes.map((c: any) => c.field)).toEqual(expect.arrayContaining(['metadata.name', 'spec.template.metadata.labels', 'spec.template.spec.containers[0].image']));
    expect(inv.body.message).toMatch(/^Deployment\.apps "Bad_Name" is invalid: \[/);
    const svc = await failure(core.createNamespacedService({ namespace: 't', body: { metadata: { name: 'badport' }, spec: { ports: [{ port: 70000 }] } } }));
    expect(svc.body.details.causes[0]).toMatchObject({ field: 'spec.ports[0].port', reason: 'FieldValueInvalid' });
  });

  it('answers BadRequest for malformed JSON and YAML, 413 over 3 MiB, 405 and 415', async () => {
    const badJson = await raw('POST', '/api/v1/namespaces/t/configmaps', '{"metadata": {"name": "x"');
    expect(badJson.status).toBe(400);
    expect(badJson.json).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
    const badYaml = await raw('PATCH', '/api/v1/namespaces/t/configmaps/cm-1?fieldManager=t', 'metadata: [unclosed\n  x: : :', { 'content-type': 'application/apply-patch+yaml' });
    expect(badYaml.status).toBe(400);
    expect(badYaml.json.reason).toBe('BadRequest');
    const big = await raw('POST', '/api/v1/namespaces/t/configmaps', JSON.stringify({ metadata: { name: 'big' }, data: { x: 'a'.repeat(3 * 1024 * 1024 + 10) } }));
    expect(big.status).toBe(413);
    expect(big.json.reason).toBe('RequestEntityTooLarge');
    const notAllowed = await raw('POST', '/api/v1/namespaces/t/configmaps/cm-1', '{}');
    expect(notAllowed.status).toBe(405);
    expect(notAllowed.json.reason).toBe('MethodNotAllowed');
    const badPatch = await raw('PATCH', '/api/v1/namespaces/t/configmaps/cm-1', '{}', { 'content-type': 'text/plain' });
    expect(badPatch.status).toBe(415);
    const wrongType = await raw('POST', '/api/v1/namespaces/t/configmaps', JSON.stringify({ metadata: { name: 5 } }));
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.message).toContain('cannot unmarshal number');
  });

  it('survives hostile input without corrupting stored objects', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect((await raw('POST', '/api/v1/namespaces/t/configmaps', deep)).status).toBe(400);
    const nested = JSON.stringify({ metadata: { name: 'deep' }, data: {} }).replace('{}', '{"a":' + '{"b":'.repeat(5000) + '1' + '}'.repeat(5001));
    expect((await raw('POST', '/api/v1/namespaces/t/configmaps', nested)).status).toBe(400);
    const proto = await raw('PATCH', '/api/v1/namespaces/t/configmaps/cm-1', '{"__proto__":{"polluted":"yes"},"metadata":{"labels":{"__proto__":{"x":"y"}}}}', { 'content-type': 'application/merge-patch+json' });
    expect(proto.status).toBeLessThan(500);
    expect(({} as any).polluted).toBeUndefined();
    const labelsWrong = await raw('PATCH', '/api/v1/namespaces/t/configmaps/cm-1', '{"metadata":{"labels":"oops","finalizers":{"a":1}}}', { 'content-type': 'application/merge-patch+json' });
    expect(labelsWrong.status).toBe(400);
    const yamlBomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n';
    const bomb = await raw('PATCH', '/api/v1/namespaces/t/configmaps/cm-1?fieldManager=x', yamlBomb, { 'content-type': 'application/apply-patch+yaml' });
    expect(bomb.status).toBeGreaterThanOrEqual(400);
    expect(bomb.status).toBeLessThan(500);
    const still = await core.readNamespacedConfigMap({ namespace: 't', name: 'cm-1' });
    expect(still.metadata?.labels).toMatchObject({ tier: 'odd' });
    expect(typeof still.metadata?.labels?.tier).toBe('string');
    expect((await raw('GET', '/version')).status).toBe(200);
  });
});

describe('custom resources', () => {
  it('serves Istio kinds in every version, validates with the CRD schema and refuses strategic merge', async () => {
    const vs = { apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', metadata: { name: 'reviews', namespace: 't' }, spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 100 }] }] } };
    const created: any = await custom.createNamespacedCustomObject({ group: 'networking.istio.io', version: 'v1beta1', namespace: 't', plural: 'virtualservices', body: vs });
    expect(created.apiVersion).toBe('networking.istio.io/v1beta1');
    const asV1: any = await custom.getNamespacedCustomObject({ group: 'networking.istio.io', version: 'v1', namespace: 't', plural: 'virtualservices', name: 'reviews' });
    expect(asV1.apiVersion).toBe('networking.istio.io/v1');
    expect(asV1.spec.hosts).toEqual(['reviews']);
    const smp = await raw('PATCH', '/apis/networking.istio.io/v1/namespaces/t/virtualservices/reviews', '{"spec":{}}', { 'content-type': 'application/strategic-merge-patch+json' });
    expect(smp.status).toBe(415);
    expect(smp.json.reason).toBe('UnsupportedMediaType');
    const neg = structuredClone(vs);
    neg.metadata.name = 'neg';
    neg.spec.http[0].route[0].weight = -5;
    const f = await failure(custom.createNamespacedCustomObject({ group: 'networking.istio.io', version: 'v1', namespace: 't', plural: 'virtualservices', body: { ...neg, apiVersion: 'networking.istio.io/v1' } }));
    expect(f.code).toBe(422);
    expect(JSON.stringify(f.body.details.causes)).toContain('weight');
  });

  it('registers a CRD at runtime (Established) and unregisters it on delete', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'] },
        versions: [{ name: 'v1', served: true, storage: true, subresources: { status: {} }, additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }], schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } }, status: { type: 'object', properties: { ok: { type: 'boolean' } } } } } } }],
      },
    };
    const r = await raw('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', JSON.stringify(crd));
    expect(r.status).toBe(201);
    expect(r.json.status.conditions.find((c: any) => c.type === 'Established').status).toBe('True');
    await custom.createNamespacedCustomObject({ group: 'example.com', version: 'v1', namespace: 't', plural: 'widgets', body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 3 }, status: { ok: true } } });
    const w: any = await custom.getNamespacedCustomObject({ group: 'example.com', version: 'v1', namespace: 't', plural: 'widgets', name: 'w' });
    expect(w.spec.size).toBe(3);
    expect(w.status).toBeUndefined(); // status subresource: create ignores status
    const table = await raw('GET', '/apis/example.com/v1/namespaces/t/widgets', undefined, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    expect(table.json.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'Size']);
    expect(table.json.rows[0].cells).toEqual(['w', 3]);
    const strict = await raw('POST', '/apis/example.com/v1/namespaces/t/widgets?fieldValidation=Strict', JSON.stringify({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w2' }, spec: { size: 1, colour: 'red' } }));
    expect(strict.status).toBe(400);
    expect(strict.json.message).toContain('unknown field "spec.colour"');
    await raw('DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com');
    expect((await raw('GET', '/apis/example.com/v1/namespaces/t/widgets')).status).toBe(404);
  });
});

describe('tables', () => {
  it('answers Tables with kubectl columns for built-ins', async () => {
    const t = await raw('GET', '/api/v1/namespaces/t/services', undefined, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
    expect(t.json.kind).toBe('Table');
    expect(t.json.columnDefinitions.map((c: any) => c.name).slice(0, 6)).toEqual(['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age']);
    const web = t.json.rows.find((r: any) => r.cells[0] === 'web');
    expect(web.cells[4]).toBe('80/TCP');
    expect(web.object.kind).toBe('PartialObjectMetadata');
  });
});

describe('persistence', () => {
  it('restores state from --data-dir', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'graylane-data-'));
    try {
      const a = await startCluster({ dataDir, bare: true });
      a.store.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept', namespace: 'default' }, data: { k: 'v' } });
      const rv = Number(a.store.currentResourceVersion());
      await a.stop();
      const b = await startCluster({ dataDir, bare: true });
      expect(b.store.get('configmaps', 'default', 'kept')?.data).toEqual({ k: 'v' });
      expect(Number(b.store.currentResourceVersion())).toBeGreaterThanOrEqual(rv);
      await b.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
