/**
 * The embedded cluster's HTTP API server (node:http, no framework): version and health
 * endpoints, discovery, OpenAPI routing and the generic resource paths.
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-uris
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { apiGroup, coreVersions, groupList, groupVersionPaths, resourceList } from './discovery';
import { ApiError, methodNotAllowed } from './errors';
import type { Extensions } from './extensions';
import { handleResource, type ApiContext, type ResourceRequest } from './handlers';
import { acceptsJson, sendError, sendJson, sendJsonText } from './http-util';
import type { Registry } from './registry';
import type { MemoryStore } from './store';
import type { WatchHub } from './watch';

export interface ApiServerOptions {
  store: MemoryStore;
  registry: Registry;
  hub: WatchHub;
  ext: Extensions;
  port?: number;
  host?: string;
  /** interval of BOOKMARK events on watches that allow them */
  bookmarkIntervalMs?: number;
}

export interface ApiServer {
  url: string;
  port: number;
  server: Server;
  stop(): Promise<void>;
  /** test control: closes the listener and destroys open connections (watches included) */
  closeListener(): Promise<void>;
  /** test control: listens again on the same port (no-op once stopped or while listening) */
  reopenListener(): Promise<void>;
  /** test control: every response is held until `ms` after its request arrived (0 = off) */
  setLatency(ms: number): void;
  /** test control: ends every open watch stream, as an API server restart does */
  endWatches(): void;
}

/** What `/version` reports: minor 31 makes the machine's kubectl dispatcher pick a JSON-only client. */
export const VERSION_INFO = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.0',
  gitCommit: 'graylane-sim',
  gitTreeState: 'clean',
  buildDate: '2024-08-13T00:00:00Z',
  goVersion: 'go1.22.5',
  compiler: 'gc',
  platform: 'linux/amd64',
};

function notFoundPath(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource');
}

/**
 * Splits `/api/v1/...` or `/apis/<g>/<v>/...` resource paths.
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-uris
 */
export function parseResourcePath(registry: Registry, segs: string[], query: URLSearchParams): ResourceRequest | 'discovery' | undefined {
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api') {
    if (segs.length < 2) return undefined;
    group = '';
    version = segs[1];
    rest = segs.slice(2);
  } else {
    if (segs.length < 3) return undefined;
    group = segs[1];
    version = segs[2];
    rest = segs.slice(3);
  }
  if (rest.length === 0) return 'discovery';
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  // "namespaces/<ns>/<resource>..." addresses namespaced objects unless <resource> is a namespace subresource.
  if (rest[0] === 'namespaces' && rest.length >= 3 && !(group === '' && rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize'))) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  if (rest.length === 0 || rest.length > 3) throw notFoundPath();
  const type = registry.lookup(group, version, rest[0]);
  if (!type) throw notFoundPath();
  if (namespace !== undefined && !type.namespaced) throw notFoundPath();
  return { type, version, namespace, name: rest[1], subresource: rest[2], query, watchPath };
}

/** Starts the API server; port 0 picks a free one. */
export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const ctx: ApiContext = { store: opts.store, registry: opts.registry, hub: opts.hub, ext: opts.ext, bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 5000, watches: new Set() };
  const cache = new Map<string, string>();
  opts.registry.onChange(() => cache.clear());
  const cached = (key: string, make: () => unknown): string | undefined => {
    let s = cache.get(key);
    if (s === undefined) {
      const v = make();
      if (v === undefined) return undefined;
      s = JSON.stringify(v);
      cache.set(key, s);
    }
    return s;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      sendError(res, new ApiError(400, 'BadRequest', 'malformed request URL'));
      return;
    }
    const segs = url.pathname.split('/').filter((s) => s.length > 0).map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
    const method = req.method ?? 'GET';
    const p = url.pathname.replace(/\/+$/, '') || '/';
    try {
      if (p === '/version') return sendJson(res, 200, VERSION_INFO);
      if (p === '/healthz' || p === '/readyz' || p === '/livez' || p.startsWith('/healthz/') || p.startsWith('/readyz/') || p.startsWith('/livez/')) {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('ok');
        return;
      }
      if (p.startsWith('/openapi/')) return serveOpenApi(req, res, segs);
      if (segs[0] !== 'api' && segs[0] !== 'apis') throw notFoundPath();
      if (!acceptsJson(req.headers.accept)) throw new ApiError(406, 'NotAcceptable', `only the following media types are accepted: application/json, application/yaml`);
      if (p === '/api') return method === 'GET' ? sendJson(res, 200, coreVersions()) : sendError(res, methodNotAllowed());
      if (p === '/apis') return method === 'GET' ? sendJsonText(res, 200, cached('apis', () => groupList(opts.registry))!) : sendError(res, methodNotAllowed());
      if (segs[0] === 'apis' && segs.length === 2) {
        const g = cached(`g:${segs[1]}`, () => apiGroup(opts.registry, segs[1]));
        if (!g) throw notFoundPath();
        return sendJsonText(res, 200, g);
      }
      const r = parseResourcePath(opts.registry, segs, url.searchParams);
      if (!r) throw notFoundPath();
      if (r === 'discovery') {
        const group = segs[0] === 'api' ? '' : segs[1];
        const version = segs[0] === 'api' ? segs[1] : segs[2];
        const d = cached(`rl:${group}/${version}`, () => resourceList(opts.registry, group, version));
        if (!d) throw notFoundPath();
        return sendJsonText(res, 200, d);
      }
      await handleResource(ctx, req, res, r);
    } catch (err) {
      sendError(res, err);
    }
  };

  const serveOpenApi = (req: IncomingMessage, res: ServerResponse, segs: string[]): void => {
    const accept = req.headers.accept ?? '';
    if (segs[1] === 'v2') {
      // kubectl <= 1.28 asks protobuf only; we cannot produce it, and say so as a real server would.
      if (accept && !acceptsJson(accept)) throw new ApiError(406, 'NotAcceptable', 'only application/json is supported for /openapi/v2');
      const doc = opts.ext.openApiV2Document ? cached('oa2', () => opts.ext.openApiV2Document!()) : undefined;
      if (!doc) throw notFoundPath();
      return sendJsonText(res, 200, doc);
    }
    if (segs[1] === 'v3') {
      if (segs.length === 2) {
        const idx = opts.ext.openApiV3Index ? cached('oa3', () => opts.ext.openApiV3Index!(groupVersionPaths(opts.registry))) : undefined;
        if (!idx) throw notFoundPath();
        return sendJsonText(res, 200, idx);
      }
      const gvPath = segs.slice(2).join('/');
      const doc = opts.ext.openApiV3Document ? cached(`oa3:${gvPath}`, () => opts.ext.openApiV3Document!(gvPath, opts.registry.crdObjects())) : undefined;
      if (!doc) throw notFoundPath();
      return sendJsonText(res, 200, doc);
    }
    throw notFoundPath();
  };

  let latencyMs = 0;
  const server = createServer((req, res) => {
    if (latencyMs > 0) holdResponse(res, latencyMs);
    handle(req, res).catch((err) => {
      try {
        sendError(res, err);
      } catch {
        res.destroy();
      }
    });
  });
  // Long watches must not be cut by Node's defaults; keep-alive sockets are tracked for stop().
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const host = opts.host ?? '127.0.0.1';
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(opts.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  const urlHost = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';
  const endWatches = () => {
    for (const w of ctx.watches) w.end();
    ctx.watches.clear();
  };
  const closeListener = () =>
    new Promise<void>((resolve) => {
      endWatches();
      if (!server.listening) {
        for (const s of sockets) s.destroy();
        resolve();
        return;
      }
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  let stopped = false;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    server,
    stop: () => {
      stopped = true;
      return closeListener();
    },
    closeListener,
    reopenListener: async () => {
      if (stopped || server.listening) return;
      await listen(port);
    },
    setLatency: (ms: number) => {
      latencyMs = Math.max(0, ms);
    },
    endWatches,
  };
}

type ResponseMethod = 'writeHead' | 'flushHeaders' | 'write' | 'end';
const HELD_METHODS: ResponseMethod[] = ['writeHead', 'flushHeaders', 'write', 'end'];

/**
 * Injected latency: the request is processed at once (a write is committed) but nothing of its
 * response reaches the client before `ms` have passed since it arrived. That is the hard case for
 * clients: a write that timed out may still have happened, so a blind retry would duplicate it.
 */
function holdResponse(res: ServerResponse, ms: number): void {
  const queued: Array<() => void> = [];
  const target = res as unknown as Record<ResponseMethod, (...args: unknown[]) => unknown>;
  for (const m of HELD_METHODS) {
    const original = target[m];
    target[m] = (...args: unknown[]) => {
      queued.push(() => original.apply(res, args));
      return m === 'write' ? true : res;
    };
  }
  const timer = setTimeout(() => {
    // Own properties shadowed the prototype's methods; removing them restores normal behaviour.
    for (const m of HELD_METHODS) delete target[m];
    if (res.destroyed) return; // the client gave up: nothing to deliver
    for (const q of queued) q();
  }, ms);
  timer.unref();
}
