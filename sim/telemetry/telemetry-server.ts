/**
 * The telemetry port: Prometheus scrape endpoint `/metrics` and the Jaeger query API under
 * `/api/`, on one node:http server.
 * @see https://istio.io/latest/docs/ops/integrations/prometheus/
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderIstioMetrics, type IstioMetrics } from './istio-metrics';
import { handleJaegerQuery } from './jaeger-query';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus-registry';
import type { TraceStore } from './trace-store';

export interface TelemetryServer {
  url: string;
  /**
   * Test control (issue 8): while down, Jaeger query API requests get their connection reset, as a
   * crashed trace backend would do; `/metrics` keeps answering (Prometheus is its own backend).
   */
  setTracesDown(down: boolean): void;
  close(): Promise<void>;
}

function nowMicros(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

/** Starts the telemetry HTTP server. @see https://www.jaegertracing.io/docs/latest/apis/ */
export async function startTelemetryServer(opts: {
  metrics: IstioMetrics;
  traces: TraceStore;
  port?: number;
  host?: string;
}): Promise<TelemetryServer> {
  const host = opts.host ?? '127.0.0.1';
  let tracesDown = false;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname === '/metrics' || url.pathname === '/stats/prometheus') {
      res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE }).end(renderIstioMetrics(opts.metrics));
      return;
    }
    if (url.pathname === '/healthz' || url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    if (tracesDown) {
      req.socket.destroy();
      return;
    }
    const result = handleJaegerQuery(opts.traces, url.pathname, url.searchParams, nowMicros());
    if (!result) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
      return;
    }
    res.writeHead(result.status, { 'content-type': 'application/json' }).end(JSON.stringify(result.body));
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    setTracesDown(down) {
      tracesDown = down;
      // Kept-alive connections would otherwise carry on as if the backend had not gone.
      if (down) server.closeIdleConnections();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
