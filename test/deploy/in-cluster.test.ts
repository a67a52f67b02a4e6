/**
 * In-cluster configuration (issue 9): in a pod the console has no kubeconfig, only the service
 * account's token and CA mounted under /var/run/secrets/kubernetes.io/serviceaccount and the
 * KUBERNETES_SERVICE_HOST/PORT variables. Here the embedded cluster sits behind an HTTPS front
 * whose certificate a test CA signed and which demands the mounted token, as a real API server
 * does; the console's clients (generated and raw REST) must verify the CA and send the token.
 * https://kubernetes.io/docs/tasks/run-application/access-api-from-pod/#directly-accessing-the-rest-api
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster } from '@/sim/cluster';
import { createKubeClients } from '@/server/kube/client';
import { loadKubeConfig } from '@/server/kube/config';
import { createKubeRest } from '@/server/kube/rest';

type Cluster = Awaited<ReturnType<typeof startCluster>>;
const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.graylane-sa-token.sig';

function openssl(cwd: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

/** A CA and a server certificate for 127.0.0.1 signed by it (EC keys: quick to make). */
function makeCa(dir: string, name: string): void {
  openssl(dir, 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '1', '-subj', `/CN=${name}`);
}

/** Writes what the kubelet mounts into a pod, below `prefix` (client-node's loadFromCluster(pathPrefix)). */
function mountServiceAccount(prefix: string, ca: string): void {
  const dir = path.join(prefix, SA_DIR);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'token'), TOKEN);
  writeFileSync(path.join(dir, 'ca.crt'), ca);
  writeFileSync(path.join(dir, 'namespace'), 'graylane-system');
}

describe('in-cluster configuration: service account token and CA', () => {
  let dir: string;
  let cluster: Cluster;
  let front: https.Server;
  let port: number;
  const seen: (string | undefined)[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'graylane-incluster-'));
    makeCa(dir, 'ca');
    makeCa(dir, 'other-ca');
    openssl(dir, 'req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=kubernetes');
    writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:kubernetes.default.svc\n');
    openssl(dir, 'x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '1', '-extfile', 'san.ext');
    mountServiceAccount(path.join(dir, 'pod'), readFileSync(path.join(dir, 'ca.crt'), 'utf8'));
    mountServiceAccount(path.join(dir, 'wrong-ca'), readFileSync(path.join(dir, 'other-ca.crt'), 'utf8'));

    cluster = await startCluster({ apiPort: 0, kubeconfig: path.join(dir, 'kubeconfig') });
    const upstream = new URL(cluster.apiUrl);
    // The API server's front: TLS with the test CA's certificate, 401 without the mounted token.
    front = https.createServer({ key: readFileSync(path.join(dir, 'server.key')), cert: readFileSync(path.join(dir, 'server.crt')) }, (req, res) => {
      seen.push(req.headers.authorization);
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 }));
        return;
      }
      const proxied = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(proxied);
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    port = (front.address() as AddressInfo).port;
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => front?.close(resolve));
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('uses the service account when KUBERNETES_SERVICE_HOST is set and no KUBECONFIG is', () => {
    const saved = { KUBECONFIG: process.env.KUBECONFIG, HOST: process.env.KUBERNETES_SERVICE_HOST, PORT: process.env.KUBERNETES_SERVICE_PORT };
    try {
      delete process.env.KUBECONFIG;
      process.env.KUBERNETES_SERVICE_HOST = '127.0.0.1';
      process.env.KUBERNETES_SERVICE_PORT = String(port);
      const kc = loadKubeConfig();
      expect(kc.getCurrentCluster()).toMatchObject({ server: `https://127.0.0.1:${port}`, caFile: `${SA_DIR}/ca.crt`, skipTLSVerify: false });
      expect(kc.getCurrentUser()?.authProvider).toMatchObject({ name: 'tokenFile', config: { tokenFile: `${SA_DIR}/token` } });
      // An explicit KUBECONFIG wins over the pod's service account (kubectl's order).
      process.env.KUBECONFIG = path.join(dir, 'kubeconfig');
      expect(loadKubeConfig().getCurrentCluster()?.server).toBe(cluster.apiUrl);
    } finally {
      for (const [k, v] of [['KUBECONFIG', saved.KUBECONFIG], ['KUBERNETES_SERVICE_HOST', saved.HOST], ['KUBERNETES_SERVICE_PORT', saved.PORT]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('reaches the API over verified TLS with the mounted token (generated clients and raw REST)', async () => {
    const saved = { HOST: process.env.KUBERNETES_SERVICE_HOST, PORT: process.env.KUBERNETES_SERVICE_PORT };
    process.env.KUBERNETES_SERVICE_HOST = '127.0.0.1';
    process.env.KUBERNETES_SERVICE_PORT = String(port);
    const kc = new KubeConfig();
    kc.loadFromCluster(path.join(dir, 'pod'));
    process.env.KUBERNETES_SERVICE_HOST = saved.HOST;
    process.env.KUBERNETES_SERVICE_PORT = saved.PORT;
    if (saved.HOST === undefined) delete process.env.KUBERNETES_SERVICE_HOST;
    if (saved.PORT === undefined) delete process.env.KUBERNETES_SERVICE_PORT;

    seen.length = 0;
    const clients = createKubeClients({ kubeConfig: kc });
    const namespaces = await clients.core.listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toContain('default');
    const rest = createKubeRest(kc);
    const version = await rest.request<{ gitVersion: string }>({ method: 'GET', path: '/version' });
    expect(version.gitVersion).toMatch(/^v1\.\d+/);
    await rest.request({ method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'from-a-pod' } } });
    expect((await clients.core.readNamespace({ name: 'from-a-pod' })).metadata?.name).toBe('from-a-pod');
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(new Set(seen)).toEqual(new Set([`Bearer ${TOKEN}`]));
  });

  it('refuses a server whose certificate the mounted CA did not sign', async () => {
    const kc = new KubeConfig();
    kc.loadFromClusterAndUser(
      { name: 'inCluster', server: `https://127.0.0.1:${port}`, caFile: path.join(dir, 'wrong-ca', SA_DIR, 'ca.crt'), skipTLSVerify: false },
      { name: 'inClusterUser', authProvider: { name: 'tokenFile', config: { tokenFile: path.join(dir, 'wrong-ca', SA_DIR, 'token') } } },
    );
    seen.length = 0;
    await expect(createKubeClients({ kubeConfig: kc }).core.listNamespace()).rejects.toThrow();
    await expect(createKubeRest(kc).request({ method: 'GET', path: '/version' })).rejects.toThrow();
    expect(seen).toEqual([]); // the TLS handshake failed: no request (and no token) reached the server
  });
});
