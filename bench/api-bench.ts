/**
 * Embedded Kubernetes API benchmark (issue 2): get and list (1,000 objects) latency, merge-patch
 * throughput, and watch delivery latency p50/p99, each beside the same figure for a bare Node
 * `http` server returning a fixed JSON body (the floor), as a ratio. Both servers run in this
 * process with the same client (fetch), so the ratio isolates the API machinery's cost.
 * Targets: watch delivery p99 < 20 ms; list of 1,000 objects < 50 ms.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startCluster } from '../sim/cluster';
import { fmt, printTable, summarize } from './stats';

const N_OBJECTS = 1000;
const GET_RUNS = 500;
const LIST_RUNS = 40;
const PATCH_RUNS = 1000;
const WATCH_RUNS = 300;

function cm(i: number) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'bench', labels: { app: 'bench', shard: String(i % 10) } }, data: { key: `value-${i}`, text: 'x'.repeat(200) } };
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Bare floor server: fixed bodies for get/list, body-draining echo for patch, a line pusher for watch. */
async function startFloor(getBody: string, listBody: string) {
  const watchers = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    if (req.url === '/watch') {
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      res.flushHeaders();
      watchers.add(res);
      req.on('close', () => watchers.delete(res));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/trigger') {
        const line = JSON.stringify({ type: 'MODIFIED', object: JSON.parse(getBody) }) + '\n';
        for (const w of watchers) w.write(line);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.url === '/list' ? listBody : getBody);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => { for (const w of watchers) w.end(); server.close(); } };
}

/** Opens a chunked JSON-lines stream and calls onLine for every complete line. */
async function openStream(url: string, onLine: (line: string) => void): Promise<AbortController> {
  const ac = new AbortController();
  const res = await fetch(url, { signal: ac.signal });
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = '';
  (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += dec.decode(value, { stream: true });
        let i;
        while ((i = buf.indexOf('\n')) >= 0) { onLine(buf.slice(0, i)); buf = buf.slice(i + 1); }
      }
    } catch { /* aborted */ }
  })();
  return ac;
}

async function watchLatency(streamUrl: string, trigger: (i: number) => Promise<unknown>, match: (line: string, i: number) => boolean): Promise<number[]> {
  const samples: number[] = [];
  let pending: { i: number; t: number; resolve: () => void } | undefined;
  const ac = await openStream(streamUrl, (line) => {
    if (pending && match(line, pending.i)) { samples.push(performance.now() - pending.t); pending.resolve(); pending = undefined; }
  });
  await new Promise((r) => setTimeout(r, 100));
  for (let i = 0; i < WATCH_RUNS; i++) {
    await new Promise<void>((resolve) => {
      pending = { i, t: performance.now(), resolve };
      void trigger(i);
    });
  }
  ac.abort();
  return samples;
}

async function main() {
  const cluster = await startCluster({ apiPort: 0, bare: true });
  const api = cluster.apiUrl;
  const json = { 'content-type': 'application/json' };
  await fetch(`${api}/api/v1/namespaces`, { method: 'POST', headers: json, body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } }) });
  for (let i = 0; i < N_OBJECTS; i++) {
    const r = await fetch(`${api}/api/v1/namespaces/bench/configmaps`, { method: 'POST', headers: json, body: JSON.stringify(cm(i)) });
    if (r.status !== 201) throw new Error(`create failed: ${r.status} ${await r.text()}`);
  }
  const itemUrl = `${api}/api/v1/namespaces/bench/configmaps/cm-1`;
  const listUrl = `${api}/api/v1/namespaces/bench/configmaps`;
  const getBody = await (await fetch(itemUrl)).text();
  const listBody = await (await fetch(listUrl)).text();
  const floor = await startFloor(getBody, listBody);

  const measure = async (runs: number, fn: () => Promise<unknown>) => {
    for (let i = 0; i < 20; i++) await fn(); // warm-up
    const s: number[] = [];
    for (let i = 0; i < runs; i++) s.push(await time(fn));
    return summarize(s);
  };

  const getApi = await measure(GET_RUNS, async () => (await fetch(itemUrl)).text());
  const getFloor = await measure(GET_RUNS, async () => (await fetch(`${floor.url}/get`)).text());
  const listApi = await measure(LIST_RUNS, async () => (await fetch(listUrl)).text());
  const listFloor = await measure(LIST_RUNS, async () => (await fetch(`${floor.url}/list`)).text());

  const patchHeaders = { 'content-type': 'application/merge-patch+json' };
  let k = 0;
  const patchOnce = async () => (await fetch(itemUrl, { method: 'PATCH', headers: patchHeaders, body: JSON.stringify({ data: { key: `v${k++}` } }) })).text();
  const t0 = performance.now();
  for (let i = 0; i < PATCH_RUNS; i++) await patchOnce();
  const patchApiRate = PATCH_RUNS / ((performance.now() - t0) / 1000);
  const t1 = performance.now();
  for (let i = 0; i < PATCH_RUNS; i++) await (await fetch(`${floor.url}/patch`, { method: 'PATCH', headers: patchHeaders, body: JSON.stringify({ data: { key: `v${i}` } }) })).text();
  const patchFloorRate = PATCH_RUNS / ((performance.now() - t1) / 1000);

  const rv = JSON.parse(await (await fetch(itemUrl)).text()).metadata.resourceVersion;
  const watchApi = summarize(await watchLatency(
    `${api}/api/v1/namespaces/bench/configmaps?watch=true&resourceVersion=${rv}&fieldSelector=metadata.name%3Dcm-2`,
    (i) => fetch(`${api}/api/v1/namespaces/bench/configmaps/cm-2`, { method: 'PATCH', headers: patchHeaders, body: JSON.stringify({ data: { key: `w${i}` } }) }).then((r) => r.text()),
    (line, i) => line.includes(`"w${i}"`),
  ));
  const watchFloor = summarize(await watchLatency(`${floor.url}/watch`, () => fetch(`${floor.url}/trigger`, { method: 'POST' }).then((r) => r.text()), () => true));

  floor.close();
  await cluster.stop();

  console.log(`Embedded Kubernetes API vs bare node:http floor (same process, same client), ${N_OBJECTS} objects`);
  printTable(
    ['figure', 'embedded API', 'bare http floor', 'ratio', 'target'],
    [
      ['get p50 (ms)', fmt(getApi.p50), fmt(getFloor.p50), fmt(getApi.p50 / getFloor.p50, 1) + 'x', ''],
      ['get p99 (ms)', fmt(getApi.p99), fmt(getFloor.p99), fmt(getApi.p99 / getFloor.p99, 1) + 'x', ''],
      [`list ${N_OBJECTS} p50 (ms)`, fmt(listApi.p50), fmt(listFloor.p50), fmt(listApi.p50 / listFloor.p50, 1) + 'x', '< 50 ms'],
      [`list ${N_OBJECTS} p99 (ms)`, fmt(listApi.p99), fmt(listFloor.p99), fmt(listApi.p99 / listFloor.p99, 1) + 'x', '< 50 ms'],
      ['merge patch (ops/s)', fmt(patchApiRate, 0), fmt(patchFloorRate, 0), fmt(patchFloorRate / patchApiRate, 1) + 'x slower', ''],
      ['watch delivery p50 (ms)', fmt(watchApi.p50), fmt(watchFloor.p50), fmt(watchApi.p50 / watchFloor.p50, 1) + 'x', ''],
      ['watch delivery p99 (ms)', fmt(watchApi.p99), fmt(watchFloor.p99), fmt(watchApi.p99 / watchFloor.p99, 1) + 'x', '< 20 ms'],
    ],
  );
  console.log(`list p99 ${listApi.p99 < 50 ? 'meets' : 'MISSES'} the 50 ms target; watch p99 ${watchApi.p99 < 20 ? 'meets' : 'MISSES'} the 20 ms target`);
}

main().catch((e) => { console.error(e); process.exit(1); });
