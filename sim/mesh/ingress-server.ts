/**
 * The ingress gateway's listener: node:http in front of `handleIngress`.
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/ingress-control/
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MeshRequest, MeshResponse } from './data-plane';

export interface IngressServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;

function readBody(req: http.IncomingMessage): Promise<string> {
  if (req.method === 'GET' || req.method === 'HEAD') {
    req.resume();
    return Promise.resolve('');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new Error('request body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Converts node's request into a mesh request (lower-case headers, repeated ones joined). @see https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_conn_man/headers */
export function toMeshRequest(req: http.IncomingMessage, body: string): MeshRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    headers[k] = Array.isArray(v) ? v.join(k === 'cookie' ? '; ' : ', ') : v;
  }
  const remote = req.socket.remoteAddress ?? '';
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${remote}` : remote;
  return { method: req.method ?? 'GET', authority: headers.host ?? 'localhost', path: req.url ?? '/', headers, body };
}

/** Starts the ingress listener. @see https://istio.io/latest/docs/tasks/traffic-management/ingress/ingress-control/ */
export async function startIngressServer(opts: {
  port?: number;
  host?: string;
  handle(req: MeshRequest): Promise<MeshResponse>;
}): Promise<IngressServer> {
  const host = opts.host ?? '127.0.0.1';
  const server = http.createServer((req, res) => {
    readBody(req)
      .then((body) => opts.handle(toMeshRequest(req, body)))
      .then((r) => {
        const headers: http.OutgoingHttpHeaders = { server: 'istio-envoy', ...r.headers, 'content-length': Buffer.byteLength(r.body) };
        res.writeHead(r.status, headers);
        res.end(req.method === 'HEAD' ? undefined : r.body);
      })
      .catch((err: Error) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`ingress error: ${err.message}\n`);
      });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
