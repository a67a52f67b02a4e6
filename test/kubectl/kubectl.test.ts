/**
 * The machine's real kubectl against the embedded cluster: apply (client- and server-side), get
 * with server-side Tables, watch, patch, scale, describe, delete, and Istio CRDs registered at
 * runtime on a bare cluster. kubectl runs as a child process (async, so the in-process server
 * keeps serving) with a fresh HOME so no discovery cache leaks between clusters.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startCluster, type Cluster } from '../../sim/cluster';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BOOKINFO = path.join(ROOT, 'deploy/samples/bookinfo.yaml');
const ISTIO_CRDS = path.join(ROOT, 'sim/data/istio-networking-crds.yaml');

interface Kubectl {
  (args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }>;
  env: NodeJS.ProcessEnv;
}

async function startWithKubectl(opts: { bare?: boolean }): Promise<{ cluster: Cluster; kubectl: Kubectl; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'graylane-kubectl-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  const cluster = await startCluster({ kubeconfig, bare: opts.bare, podReadyDelayMs: 100 });
  const env = { ...process.env, HOME: dir, KUBECONFIG: kubeconfig };
  const kubectl = ((args: string[], input?: string) =>
    new Promise((resolve) => {
      const child = execFile('/usr/bin/kubectl', args, { env, timeout: 40_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      });
      if (input !== undefined) child.stdin?.end(input);
    })) as Kubectl;
  kubectl.env = env;
  return { cluster, kubectl, dir };
}

function ok(r: { code: number; stdout: string; stderr: string }): string {
  if (r.code !== 0) throw new Error(`kubectl failed (${r.code}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

describe('kubectl against a full cluster (bookinfo)', () => {
  let cluster: Cluster;
  let kubectl: Kubectl;
  let dir: string;

  beforeAll(async () => {
    ({ cluster, kubectl, dir } = await startWithKubectl({}));
    ok(await kubectl(['create', 'namespace', 'demo']));
  });
  afterAll(async () => {
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('applies bookinfo, re-applies without changes, and applies server-side', async () => {
    const first = ok(await kubectl(['apply', '-f', BOOKINFO, '-n', 'demo']));
    expect(first).toContain('deployment.apps/reviews-v1 created');
    expect(first).toContain('service/productpage created');
    const again = ok(await kubectl(['apply', '-f', BOOKINFO, '-n', 'demo']));
    expect(again).toMatch(/deployment\.apps\/reviews-v1 (unchanged|configured)/);
    expect(again).not.toContain('created');
    const ssa = ok(await kubectl(['apply', '--server-side', '-f', BOOKINFO, '-n', 'demo']));
    expect(ssa).toContain('deployment.apps/reviews-v1 serverside-applied');
  });

  it('gets deployments, services, service accounts and Ready pods with kubectl columns', async () => {
    ok(await kubectl(['wait', '--for=condition=Ready', 'pod', '--all', '-n', 'demo', '--timeout=30s']));
    const out = ok(await kubectl(['get', 'deploy,svc,sa,pods', '-n', 'demo']));
    expect(out).toMatch(/NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/);
    expect(out).toMatch(/deployment\.apps\/reviews-v2\s+1\/1\s+1\s+1\s+/);
    expect(out).toMatch(/NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE/);
    expect(out).toMatch(/service\/reviews\s+ClusterIP\s+10\.96\.\d+\.\d+\s+<none>\s+9080\/TCP/);
    expect(out).toMatch(/serviceaccount\/bookinfo-reviews\s+0\s+/);
    expect(out).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    expect(out).toMatch(/pod\/productpage-v1-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0/);
    const wide = ok(await kubectl(['get', 'pods', '-n', 'demo', '-o', 'wide', '-l', 'app=details']));
    expect(wide).toMatch(/IP\s+NODE/);
    expect(wide).toMatch(/10\.\d+\.\d+\.\d+/);
  });

  it('streams a change with get -w', async () => {
    const child = spawn('/usr/bin/kubectl', ['get', 'deploy', 'details-v1', '-n', 'demo', '-w'], { env: kubectl.env });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    try {
      const deadline = Date.now() + 15_000;
      while (!out.includes('details-v1') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const before = out.split('\n').filter((l) => l.startsWith('details-v1')).length;
      ok(await kubectl(['scale', 'deploy', 'details-v1', '-n', 'demo', '--replicas=2']));
      while (!/details-v1\s+\d\/2/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(out).toMatch(/details-v1\s+\d\/2/);
      expect(out.split('\n').filter((l) => l.startsWith('details-v1')).length).toBeGreaterThan(before);
      expect(out.match(/^NAME/gm)?.length).toBe(1);
    } finally {
      child.kill();
    }
  });

  it('patches (merge, json, strategic), scales, prints YAML, describes and deletes', async () => {
    ok(await kubectl(['patch', 'deploy', 'reviews-v1', '-n', 'demo', '--type', 'merge', '-p', '{"metadata":{"labels":{"patched":"merge"}}}']));
    ok(await kubectl(['patch', 'deploy', 'reviews-v1', '-n', 'demo', '--type', 'json', '-p', '[{"op":"add","path":"/metadata/annotations/jp","value":"yes"}]']));
    ok(await kubectl(['patch', 'deploy', 'reviews-v1', '-n', 'demo', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"reviews","env":[{"name":"EXTRA","value":"1"}]}]}}}}']));
    ok(await kubectl(['scale', 'deploy', 'reviews-v3', '-n', 'demo', '--replicas=2']));
    const yaml = ok(await kubectl(['get', 'deploy', 'reviews-v1', '-n', 'demo', '-o', 'yaml']));
    expect(yaml).toContain('patched: merge');
    expect(yaml).toContain('jp: "yes"');
    expect(yaml).toContain('name: EXTRA');
    expect(yaml).toContain('name: LOG_DIR'); // strategic merge kept the existing env entry
    expect(yaml).toContain('image: registry.istio.io/release/examples-bookinfo-reviews-v1');
    const scaled = ok(await kubectl(['get', 'deploy', 'reviews-v3', '-n', 'demo', '-o', 'jsonpath={.spec.replicas}']));
    expect(scaled).toBe('2');
    const desc = ok(await kubectl(['describe', 'deploy', 'reviews-v1', '-n', 'demo']));
    expect(desc).toMatch(/Name:\s+reviews-v1/);
    expect(desc).toMatch(/Selector:\s+app=reviews,version=v1/);
    const descSvc = ok(await kubectl(['describe', 'svc', 'reviews', '-n', 'demo']));
    expect(descSvc).toMatch(/IP:\s+10\.96\./);
    expect(ok(await kubectl(['delete', 'deploy', 'ratings-v1', '-n', 'demo']))).toContain('deleted');
    const gone = await kubectl(['get', 'deploy', 'ratings-v1', '-n', 'demo']);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('NotFound');
    const deadline = Date.now() + 10_000;
    let pods = '';
    do {
      pods = ok(await kubectl(['get', 'pods', '-n', 'demo', '-l', 'app=ratings', '-o', 'name']));
    } while (pods.trim() !== '' && Date.now() < deadline && (await new Promise((r) => setTimeout(r, 100))) === undefined);
    expect(pods.trim()).toBe('');
  });

  it('reports create conflicts and unknown fields like a real server', async () => {
    const dup = await kubectl(['create', 'namespace', 'demo']);
    expect(dup.code).not.toBe(0);
    expect(dup.stderr).toContain('AlreadyExists');
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: strict\n  namespace: demo\ndata:\n  a: "1"\nbogus: true\n';
    const strict = await kubectl(['apply', '-f', '-'], cm);
    expect(strict.code).not.toBe(0);
    expect(strict.stderr).toContain('unknown field "bogus"');
  });
});

describe('kubectl with Istio CRDs on a bare cluster', () => {
  let cluster: Cluster;
  let kubectl: Kubectl;
  let dir: string;

  beforeAll(async () => {
    ({ cluster, kubectl, dir } = await startWithKubectl({ bare: true }));
  });
  afterAll(async () => {
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('registers the CRDs from the manifest and serves VirtualService/DestinationRule/Gateway in v1, v1beta1 and v1alpha3', async () => {
    const before = await kubectl(['get', 'virtualservices', '-A']);
    expect(before.code).not.toBe(0);
    const applied = ok(await kubectl(['apply', '-f', ISTIO_CRDS]));
    expect(applied).toContain('customresourcedefinition.apiextensions.k8s.io/virtualservices.networking.istio.io created');
    ok(await kubectl(['wait', '--for', 'condition=established', 'crd/virtualservices.networking.istio.io', 'crd/destinationrules.networking.istio.io', 'crd/gateways.networking.istio.io']));
    ok(await kubectl(['create', 'namespace', 'mesh']));
    const objects = [
      { v: 'v1alpha3', kind: 'VirtualService', spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 80 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 20 }] }] } },
      { v: 'v1beta1', kind: 'DestinationRule', spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] } },
      { v: 'v1', kind: 'Gateway', spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] } },
    ];
    const file = path.join(dir, 'istio.yaml');
    writeFileSync(file, objects.map((o) => stringify({ apiVersion: `networking.istio.io/${o.v}`, kind: o.kind, metadata: { name: 'reviews', namespace: 'mesh' }, spec: o.spec })).join('---\n'));
    expect(ok(await kubectl(['apply', '-f', file]))).toContain('virtualservice.networking.istio.io/reviews created');
    expect(ok(await kubectl(['apply', '-f', file]))).toContain('virtualservice.networking.istio.io/reviews unchanged');
    const table = ok(await kubectl(['get', 'vs,dr,gw', '-n', 'mesh']));
    expect(table).toMatch(/virtualservice\.networking\.istio\.io\/reviews\s+\["reviews"\]/);
    expect(table).toMatch(/destinationrule\.networking\.istio\.io\/reviews\s+reviews/);
    expect(table).toContain('gateway.networking.istio.io/reviews');
    for (const v of ['v1', 'v1beta1', 'v1alpha3']) {
      const av = ok(await kubectl(['get', `virtualservices.${v}.networking.istio.io`, 'reviews', '-n', 'mesh', '-o', 'jsonpath={.apiVersion} {.spec.http[0].route[1].weight}']));
      expect(av).toBe(`networking.istio.io/${v} 20`);
    }
    ok(await kubectl(['patch', 'vs', 'reviews', '-n', 'mesh', '--type', 'merge', '-p', '{"spec":{"http":[{"route":[{"destination":{"host":"reviews","subset":"v2"},"weight":100}]}]}}']));
    expect(ok(await kubectl(['get', 'vs', 'reviews', '-n', 'mesh', '-o', 'jsonpath={.spec.http[0].route[0].destination.subset}']))).toBe('v2');
    const smp = await kubectl(['patch', 'vs', 'reviews', '-n', 'mesh', '-p', '{"spec":{}}']);
    expect(smp.code).not.toBe(0);
    expect(smp.stderr).toContain('strategic-merge-patch+json is not supported');
    expect(ok(await kubectl(['apply', '--server-side', '-f', file]))).toContain('serverside-applied');
  });

  it('refuses invalid VirtualServices with 422 and the field path', async () => {
    const neg = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'neg', namespace: 'mesh' }, spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' }, weight: -10 }] }] } };
    const r1 = await kubectl(['apply', '-f', '-'], JSON.stringify(neg));
    expect(r1.code).not.toBe(0);
    expect(r1.stderr).toContain('is invalid');
    expect(r1.stderr).toContain('spec.http[0].route[0].weight');
    const noHost = { ...neg, metadata: { name: 'nohost', namespace: 'mesh' }, spec: { hosts: ['reviews'], http: [{ route: [{ destination: { subset: 'v1' } }] }] } };
    const r2 = await kubectl(['create', '-f', '-'], JSON.stringify(noHost));
    expect(r2.code).not.toBe(0);
    expect(r2.stderr).toContain('spec.http[0].route[0].destination.host');
    const list = ok(await kubectl(['get', 'vs', '-n', 'mesh', '-o', 'name']));
    expect(list.trim().split('\n')).toEqual(['virtualservice.networking.istio.io/reviews']);
  });

  it('unregisters the resource when its CRD is deleted', async () => {
    ok(await kubectl(['delete', 'crd', 'gateways.networking.istio.io']));
    const r = await kubectl(['get', 'gateways.v1.networking.istio.io', '-n', 'mesh']);
    expect(r.code).not.toBe(0);
  });
});
