/**
 * Lays the traffic graph out off the main thread: dagre runs in a Web Worker
 * (telemetry-layout-worker.ts), so the page stays responsive and can show progress while a large
 * graph is laid out. Where workers are missing or the worker fails to start (a strict policy, an
 * old browser), the layout runs on the main thread as before: the graph always appears.
 * @see https://developer.mozilla.org/en-US/docs/Web/API/Worker/Worker
 */
import { layoutTopology, type GraphLayout, type LayoutInput } from './telemetry-layout';
import type { LayoutRequest, LayoutResponse } from './telemetry-layout-worker';

/** A layout in progress. */
export interface LayoutJob {
  /** the layout and how long dagre took (ms), and whether it ran in the worker */
  promise: Promise<{ layout: GraphLayout; ms: number; inWorker: boolean }>;
  /** the answer is no longer wanted: a worker still computing it is stopped */
  cancel(): void;
}

interface Pending {
  resolve(v: { layout: GraphLayout; ms: number; inWorker: boolean }): void;
  input: LayoutInput;
}

let worker: Worker | null = null;
/** set once a worker failed to start or crashed: later layouts run on the main thread */
let workerBroken = false;
let seq = 0;
const pending = new Map<number, Pending>();

function onMainThread(input: LayoutInput): { layout: GraphLayout; ms: number; inWorker: boolean } {
  const start = performance.now();
  const layout = layoutTopology(input);
  return { layout, ms: performance.now() - start, inWorker: false };
}

/** Every job the worker held is laid out on the main thread instead (the worker is gone). */
function failOver(): void {
  worker?.terminate();
  worker = null;
  workerBroken = true;
  const jobs = [...pending.values()];
  pending.clear();
  for (const p of jobs) p.resolve(onMainThread(p.input));
}

function theWorker(): Worker | null {
  if (workerBroken || typeof Worker === 'undefined') return null;
  if (worker) return worker;
  try {
    // the bundler (Turbopack, webpack) emits the worker as its own chunk from this exact form
    worker = new Worker(new URL('./telemetry-layout-worker.ts', import.meta.url));
  } catch {
    workerBroken = true;
    return null;
  }
  worker.onmessage = (e: MessageEvent<LayoutResponse>) => {
    const p = pending.get(e.data.id);
    if (!p) return;
    pending.delete(e.data.id);
    if ('error' in e.data) p.resolve(onMainThread(p.input));
    else p.resolve({ layout: e.data.layout, ms: e.data.ms, inWorker: true });
  };
  worker.onerror = (e) => {
    e.preventDefault();
    failOver();
  };
  return worker;
}

/** Starts laying out `input`; the promise always resolves (on the main thread if the worker cannot). */
export function layoutOffMainThread(input: LayoutInput): LayoutJob {
  const w = theWorker();
  if (!w) {
    let cancelled = false;
    // still asynchronous, so the caller's progress indicator is painted first
    const promise = new Promise<{ layout: GraphLayout; ms: number; inWorker: boolean }>((resolve) => setTimeout(() => !cancelled && resolve(onMainThread(input)), 0));
    return { promise, cancel: () => void (cancelled = true) };
  }
  const id = ++seq;
  const promise = new Promise<{ layout: GraphLayout; ms: number; inWorker: boolean }>((resolve) => pending.set(id, { resolve, input }));
  w.postMessage({ id, input } satisfies LayoutRequest);
  return {
    promise,
    cancel: () => {
      if (!pending.delete(id)) return;
      // dagre cannot be interrupted: a stale 1,000-service layout would delay the next one by a
      // second, so the worker is dropped and a fresh one starts with the next job
      if (worker === w) {
        w.terminate();
        worker = null;
        const others = [...pending.values()];
        pending.clear();
        for (const p of others) {
          const next = layoutOffMainThread(p.input);
          void next.promise.then(p.resolve);
        }
      }
    },
  };
}
