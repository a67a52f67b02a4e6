/**
 * Connection reuse and authentication of the one Kubernetes transport (transport.ts), against a
 * real HTTP server standing in for the API server: client-node 2.0 alone opened a new connection
 * for every request to a cluster with any TLS setting (here `insecure-skip-tls-verify`).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeConfig } from '@kubernetes/client-node';
import { createKubeClients } from './client';

let server: Server;
const seen: { port: number; authorization?: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ port: req.socket.remotePort ?? 0, authorization: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function kubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  const { port } = server.address() as AddressInfo;
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'secret-token' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

describe('the Kubernetes transport', () => {
  it('reuses one connection across the generated clients and the raw REST client, with the token on every request', async () => {
    const clients = createKubeClients({ kubeConfig: kubeConfig() });
    seen.length = 0;
    for (let i = 0; i < 5; i++) {
      await clients.core.readNamespace({ name: 'demo' });
      await clients.rest.request({ method: 'GET', path: '/api/v1/namespaces/demo' });
    }
    expect(seen).toHaveLength(10);
    // Back to back, a request may start before the previous connection is back in the pool: the
    // pool then holds two, still far from one per request (ten, before).
    expect(new Set(seen.map((s) => s.port)).size).toBeLessThanOrEqual(2);
    expect(seen.every((s) => s.authorization === 'Bearer secret-token')).toBe(true);
  });
});
