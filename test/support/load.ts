/**
 * The tests' one load generator: `rps` requests per second from a pluggable request function, on a
 * fixed schedule, with every answer counted by status and by a label the request function chooses
 * (the version or the stars that answered). Used by the strategy tests, the zero-downtime test and
 * the reliability suite (issue 8), each with its own request function.
 *
 * Open loop by default: a request is sent when it is due whether or not earlier ones answered (a
 * closed loop would slow down exactly when the system misbehaves). With `maxInFlight`, a request that
 * falls due while that many are in flight is not sent (counted as `skipped`): a gentle background load
 * that a slow machine cannot pile up.
 */
import { Agent, request as httpRequest } from 'node:http';

/** What one request reports. A thrown error counts as a failure with status 0. */
export interface LoadAnswer {
  status: number;
  /** counted in `labels` (e.g. the version that answered) */
  label?: string;
  /** set when a 2xx answer still failed (e.g. a page showing that an inner call failed) */
  failure?: string;
}

export interface LoadOptions {
  /** requests per second */
  rps: number;
  /** at most this many in flight; due requests are skipped meanwhile (default: no limit) */
  maxInFlight?: number;
  /** how many failure examples to keep (default 10) */
  samples?: number;
}

export interface LoadFigures {
  /** requests sent */
  sent: number;
  /** requests answered so far (sent minus in flight) */
  answered: number;
  /** 2xx without a failure */
  ok: number;
  /** answers outside 2xx, 2xx with a failure, and requests that threw */
  non2xx: number;
  /** due requests not sent because `maxInFlight` were in flight */
  skipped: number;
  /** answers by status code (0: the request threw) */
  statuses: Record<string, number>;
  /** answers by the label the request function returned */
  labels: Record<string, number>;
  /** a few failures: status or error, with the time they happened */
  samples: string[];
}

export interface LoadHandle {
  /** the figures so far, without stopping */
  snapshot(): LoadFigures;
  /** stops sending, waits for the requests in flight, returns the figures */
  stop(): Promise<LoadFigures>;
}

/** Starts `opts.rps` calls of `send` per second until `stop()`. */
export function startLoad(send: () => Promise<LoadAnswer>, opts: LoadOptions): LoadHandle {
  const keep = opts.samples ?? 10;
  const f: LoadFigures = { sent: 0, answered: 0, ok: 0, non2xx: 0, skipped: 0, statuses: {}, labels: {}, samples: [] };
  const inflight = new Set<Promise<void>>();
  const t0 = performance.now();
  let due = 0;
  let stopped = false;
  const fail = (what: string) => {
    f.non2xx++;
    if (f.samples.length < keep) f.samples.push(`${new Date().toISOString()} ${what}`);
  };
  const record = (a: LoadAnswer) => {
    f.answered++;
    f.statuses[a.status] = (f.statuses[a.status] ?? 0) + 1;
    if (a.label !== undefined) f.labels[a.label] = (f.labels[a.label] ?? 0) + 1;
    if (a.status < 200 || a.status > 299) fail(`HTTP ${a.status}${a.failure ? ` ${a.failure}` : ''}`);
    else if (a.failure) fail(`HTTP ${a.status} with ${a.failure}`);
    else f.ok++;
  };
  const one = () => {
    f.sent++;
    const p = Promise.resolve()
      .then(send)
      .then(record, (err: unknown) => {
        f.answered++;
        f.statuses[0] = (f.statuses[0] ?? 0) + 1;
        fail(`request error ${(err as Error).message}`);
      })
      .finally(() => inflight.delete(p));
    inflight.add(p);
  };
  const tick = setInterval(() => {
    if (stopped) return;
    // Catch up to the schedule: every request that should have gone out by now.
    const target = Math.floor(((performance.now() - t0) / 1000) * opts.rps);
    for (; due < target; due++) {
      if (opts.maxInFlight !== undefined && inflight.size >= opts.maxInFlight) f.skipped++;
      else one();
    }
  }, Math.max(1, Math.min(10, Math.floor(1000 / opts.rps))));
  const copy = (): LoadFigures => ({ ...f, statuses: { ...f.statuses }, labels: { ...f.labels }, samples: [...f.samples] });
  return {
    snapshot: copy,
    async stop() {
      stopped = true;
      clearInterval(tick);
      await Promise.all([...inflight]);
      return copy();
    },
  };
}

/**
 * A request function for `startLoad`: GET `url` over kept-alive connections (`timeoutMs` per
 * request), the answer classified by `classify` from its status and body. `close()` ends the
 * connections once the load has stopped. A kept-alive connection the server closes just as a request
 * goes out on it resets; like browsers and Envoy, the request is then sent once more on a fresh one
 * (https://nodejs.org/api/http.html#requestreusedsocket), and `retries()` counts those. `headers`
 * go with every request (e.g. the Host an ingress routes by).
 */
export function httpGetter(url: string | URL, classify: (status: number, body: string) => LoadAnswer = (status) => ({ status }), timeoutMs = 30_000, headers: Record<string, string> = {}): { send: () => Promise<LoadAnswer>; retries(): number; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(url);
  let retries = 0;
  const attempt = (retried: boolean): Promise<LoadAnswer> =>
    new Promise<LoadAnswer>((resolve, reject) => {
      const req = httpRequest(target, { agent, timeout: timeoutMs, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(classify(res.statusCode ?? 0, Buffer.concat(chunks).toString())));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (!retried && req.reusedSocket && err.code === 'ECONNRESET') {
          retries++;
          resolve(attempt(true));
        } else reject(err);
      });
      req.end();
    });
  return { send: () => attempt(false), retries: () => retries, close: () => agent.destroy() };
}
