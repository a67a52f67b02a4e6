/**
 * The embedded cluster's test controls (issue 8), exercised over HTTP as clients see them.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from './cluster';

let cluster: Cluster;

beforeAll(async () => {
  cluster = await startCluster({ testControls: true, podReadyDelayMs: 50, bare: true });
  await api('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 't' } });
});

afterAll(async () => {
  await cluster?.stop();
});

async function api(method: string, p: string, body?: unknown, signal?: AbortSignal): Promise<{ status: number; json: any }> {
  const res = await fetch(cluster.apiUrl + p, { method, signal, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: res.status, json: await res.json() };
}

/** Opens a watch and collects its lines; `ended` resolves when the server ends the stream. */
function openWatch(p: string): { lines: string[]; ended: Promise<void>; close(): void } {
  const lines: string[] = [];
  let buf = '';
  let close = () => undefined as void;
  const ended = new Promise<void>((resolve) => {
    const req = request(cluster.apiUrl + p, (res) => {
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        buf += d;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          lines.push(buf.slice(0, i));
          buf = buf.slice(i + 1);
        }
      });
      res.on('end', resolve);
      res.on('close', resolve);
    });
    req.on('error', () => resolve());
    req.end();
    close = () => req.destroy();
  });
  return { lines, ended, close };
}

async function waitFor<T>(fn: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } });

describe('test controls', () => {
  it('are off by default', async () => {
    const plain = await startCluster({ bare: true });
    try {
      expect(plain.controls).toBeUndefined();
    } finally {
      await plain.stop();
    }
  });

  it('apiOutage refuses connections, ends open watches and reopens on the same port', async () => {
    const watch = openWatch('/api/v1/namespaces/t/configmaps?watch=true');
    await new Promise((r) => setTimeout(r, 100));
    const outage = cluster.controls!.apiOutage(400);
    await watch.ended;
    // a new connection (not a pooled keep-alive one, which just breaks) is refused
    const port = Number(new URL(cluster.apiUrl).port);
    const err = await new Promise<string | undefined>((resolve) => {
      const s = connect(port, '127.0.0.1', () => (s.destroy(), resolve(undefined)));
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code));
    });
    expect(err).toBe('ECONNREFUSED');
    await outage;
    expect((await api('GET', '/api/v1/namespaces/t/configmaps')).status).toBe(200);
  });

  it('setApiLatency holds responses, yet a write whose client gave up is committed', async () => {
    cluster.controls!.setApiLatency(300);
    try {
      const t0 = Date.now();
      expect((await api('GET', '/api/v1/namespaces/t/configmaps')).status).toBe(200);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
      const aborted = await api('POST', '/api/v1/namespaces/t/configmaps', configMap('slow'), AbortSignal.timeout(100)).then(
        () => false,
        () => true,
      );
      expect(aborted).toBe(true);
    } finally {
      cluster.controls!.setApiLatency(0);
    }
    // the create happened even though its client timed out: a blind retry would be a conflict
    expect((await api('GET', '/api/v1/namespaces/t/configmaps/slow')).status).toBe(200);
    expect((await api('POST', '/api/v1/namespaces/t/configmaps', configMap('slow'))).status).toBe(409);
  });

  it('expireWatchHistory makes resumed watches get 410 Expired while a fresh list-then-watch works', async () => {
    const before = (await api('GET', '/api/v1/namespaces/t/configmaps')).json.metadata.resourceVersion as string;
    await api('POST', '/api/v1/namespaces/t/configmaps', configMap('a'));
    const open = openWatch(`/api/v1/namespaces/t/configmaps?watch=true&resourceVersion=${before}`);
    await waitFor(async () => (open.lines.length > 0 ? true : undefined));
    cluster.controls!.expireWatchHistory();
    await open.ended; // open streams end, so their clients resume

    const resumed = openWatch(`/api/v1/namespaces/t/configmaps?watch=true&resourceVersion=${before}`);
    await resumed.ended;
    const ev = JSON.parse(resumed.lines[0]);
    expect(ev.type).toBe('ERROR');
    expect(ev.object.code).toBe(410);
    expect(ev.object.reason).toBe('Expired');

    const rv = (await api('GET', '/api/v1/namespaces/t/configmaps')).json.metadata.resourceVersion as string;
    const fresh = openWatch(`/api/v1/namespaces/t/configmaps?watch=true&resourceVersion=${rv}`);
    await api('POST', '/api/v1/namespaces/t/configmaps', configMap('b'));
    const added = await waitFor(async () => fresh.lines.map((l) => JSON.parse(l)).find((e) => e.type === 'ADDED' && e.object.metadata.name === 'b'));
    expect(added.type).toBe('ADDED');
    fresh.close();
  });

  it('killPods deletes the matching pods and their Deployment recreates them', async () => {
    const labels = { app: 'web', version: 'v1' };
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web-v1', labels },
      spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } } },
    };
    expect((await api('POST', '/apis/apps/v1/namespaces/t/deployments', dep)).status).toBe(201);
    const podNames = async () => ((await api('GET', '/api/v1/namespaces/t/pods?labelSelector=app%3Dweb')).json.items as any[]).map((p) => p.metadata.name as string).sort();
    const first = await waitFor(async () => {
      const n = await podNames();
      return n.length === 2 ? n : undefined;
    });
    expect(await cluster.controls!.killPods('t', 'app=web,version=v1')).toBe(2);
    expect(await cluster.controls!.killPods('t', 'app=nothing')).toBe(0);
    const second = await waitFor(async () => {
      const n = await podNames();
      return n.length === 2 && n.every((x) => !first.includes(x)) ? n : undefined;
    });
    expect(second).toHaveLength(2);
  });

  it('setTracesDown resets Jaeger API connections while down; /metrics keeps answering; back when up', async () => {
    const url = cluster.telemetryUrl!;
    const jaeger = async () => {
      try {
        return (await fetch(`${url}/api/services`, { signal: AbortSignal.timeout(5000) })).status;
      } catch (err) {
        return `error: ${((err as Error).cause as { code?: string } | undefined)?.code ?? (err as Error).message}`;
      }
    };
    expect(await jaeger()).toBe(200);
    cluster.controls!.setTracesDown(true);
    try {
      expect(await jaeger()).toMatch(/^error: /);
      expect((await fetch(`${url}/metrics`)).status).toBe(200);
    } finally {
      cluster.controls!.setTracesDown(false);
    }
    expect(await jaeger()).toBe(200);
  });
});
