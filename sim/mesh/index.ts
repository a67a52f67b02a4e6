/**
 * The embedded cluster's mesh: data plane, ingress gateway, traffic generator, and the
 * telemetry port (Prometheus `/metrics` + Jaeger query API).
 * @see https://istio.io/latest/docs/concepts/traffic-management/
 */
import type { ClusterStore } from '../api/types';
import { createIstioMetrics, type IstioMetrics } from '../telemetry/istio-metrics';
import { startTelemetryServer } from '../telemetry/telemetry-server';
import { createTraceStore, type TraceStore } from '../telemetry/trace-store';
import { createDataPlane, type DataPlane, type MeshRequest, type MeshResponse } from './data-plane';
import { handleIngress } from './ingress';
import { startIngressServer } from './ingress-server';
import type { Random } from './router';
import { createStateCache, type StateCache } from './state-cache';
import { startTraffic, type TrafficGenerator } from './traffic';

export type { MeshRequest, MeshResponse } from './data-plane';

export interface MeshOptions {
  ingressPort?: number;
  telemetryPort?: number;
  /** requests/s of generated load to /productpage through the ingress; 0 = none */
  traffic?: number;
  host?: string;
  /** traces kept (oldest dropped first) */
  maxTraces?: number;
  random?: Random;
}

/** The in-process mesh without listeners: what tests and benchmarks drive directly. */
export interface MeshCore {
  plane: DataPlane;
  state: StateCache;
  metrics: IstioMetrics;
  traces: TraceStore;
  /** the ingress code path, without a socket */
  ingress(req: MeshRequest): Promise<MeshResponse>;
  close(): void;
}

export interface RunningMesh {
  ingressUrl: string;
  telemetryUrl: string;
  core: MeshCore;
  traffic?: TrafficGenerator;
  /** test control: the Jaeger query API unreachable (connections reset) while `down` */
  setTracesDown(down: boolean): void;
  stop(): Promise<void>;
}

/** Builds the mesh over a store, with no listeners. @see https://istio.io/latest/docs/ops/deployment/architecture/ */
export function createMeshCore(store: ClusterStore, opts: Pick<MeshOptions, 'maxTraces' | 'random'> = {}): MeshCore {
  const state = createStateCache(store);
  const metrics = createIstioMetrics();
  const traces = createTraceStore(opts.maxTraces ?? 5000);
  const plane = createDataPlane({ state: state.get, metrics, traces, random: opts.random });
  return {
    plane,
    state,
    metrics,
    traces,
    ingress: (req) => handleIngress(plane, state.get(), req),
    close: state.close,
  };
}

/** A curl-like GET of /productpage through the ingress code path. @see https://istio.io/latest/docs/examples/bookinfo/#confirm-the-app-is-accessible-from-outside-the-cluster */
export function productpageRequest(authority: string): MeshRequest {
  return { method: 'GET', authority, path: '/productpage', headers: { host: authority, 'user-agent': 'curl/8.5.0', accept: '*/*' } };
}

/**
 * Starts the mesh: ingress and telemetry listeners, plus generated traffic when asked.
 * @see https://istio.io/latest/docs/tasks/observability/metrics/querying-metrics/
 */
export async function startMesh(store: ClusterStore, opts: MeshOptions = {}): Promise<RunningMesh> {
  const core = createMeshCore(store, opts);
  const host = opts.host ?? '127.0.0.1';
  const ingress = await startIngressServer({ port: opts.ingressPort, host, handle: core.ingress });
  const telemetry = await startTelemetryServer({ metrics: core.metrics, traces: core.traces, port: opts.telemetryPort, host });
  const authority = new URL(ingress.url).host;
  const traffic = opts.traffic && opts.traffic > 0 ? startTraffic({ rps: opts.traffic, send: () => core.ingress(productpageRequest(authority)) }) : undefined;
  return {
    ingressUrl: ingress.url,
    telemetryUrl: telemetry.url,
    core,
    traffic,
    setTracesDown: (down) => telemetry.setTracesDown(down),
    async stop() {
      await traffic?.stop();
      await Promise.all([ingress.close(), telemetry.close()]);
      core.close();
    },
  };
}
