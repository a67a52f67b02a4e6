/**
 * Scenario 6 (issue 8), bad input: property-based fuzzing (fast-check, seeded) of every console API
 * route and of the GrayscaleRelease schema as kubectl would send it. Generated inputs: wrong types,
 * huge strings, unicode (lone surrogates included), injection attempts in names and in the label
 * values the telemetry routes put into PromQL, deeply nested JSON, invalid JSON, bad path segments,
 * bad query strings, wrong methods and content types, missing and forged session cookies.
 *
 * Properties checked for every input:
 * - no 5xx and no dropped connection from the console (nor from the Kubernetes API for the objects);
 * - a refused request (4xx) leaves the cluster as it was: while the inputs run the controller is
 *   paused, so every change the cluster commits is a request's doing; the changes are recorded in
 *   process (the store's own change feed: nothing missed, nothing late, no settle waits), and a
 *   round of concurrent requests that were all refused must have committed none (objects of the
 *   project, of the system namespace, and the namespaces themselves);
 * - the console is still healthy (`/api/healthz`, same process) afterwards;
 * - every GrayscaleRelease the Kubernetes API accepted is shown by the console without a 5xx and,
 *   once the controller runs again, processed by it (it gets a status), and deleting them all
 *   completes.
 * Fast-check generates the inputs from one seed (printed; `GRAYLANE_FUZZ_SEED` replays a run);
 * shrinking is not used: each failure is reported with the request that caused it.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { CommittedWrite, Scenario, ScenarioOptions, ScenarioResult, Stack } from '../types';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'OPTIONS';

interface FuzzRequest {
  method: Method;
  path: string;
  /** raw body text (may be invalid JSON); undefined: no body */
  body?: string;
  contentType?: string;
  /** 'session': the admin's cookie; 'none'; or a forged cookie value */
  auth: 'session' | 'none' | { forged: string };
  /** login attempts get their own client address, so the per-address limit never locks the suite out */
  forwardedFor?: string;
}

interface Outcome {
  status: number;
  /** the error code of a 5xx answer */
  code?: string;
  /** connection error text when there was no HTTP answer */
  error?: string;
}

const DEMO_PASSWORD = process.env.GRAYLANE_DEMO_PASSWORD || 'P@88w0rd';
const REAL_USERS = ['admin', 'project-regular', 'project-viewer'];
const TARGET_JOB = 'fuzz-target';
const GR_NAMESPACE = 'fuzz-gr';
const GR_API = '/apis/graylane.io/v1alpha1';

/** Strings attackers and broken clients send: injections (SQL, PromQL, shell, templates, paths, headers), odd unicode. */
const NASTY = [
  `' OR '1'='1`, `"; DROP TABLE releases; --`, `reviews"} or vector(1) or {a="`, `reviews",destination_service_name=~".+`,
  `reviews\\"}[5m])) or sum(up) by (job`, `.*`, `.+|reviews`, `reviews\\`, `"`, `'`, `\\`, `{{7*7}}`, '${7*7}', '$(id)', '`id`',
  '; rm -rf /', '../../../../etc/passwd', '..', '.', '%2e%2e%2f', '%00', '\u0000', 'a\u0000b', '\r\nX-Injected: 1', 'a\nb', '\t',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>',
  'javascript:alert(1)', '☃', '😀', '\uD800', '\uDFFF', 'ｒｅｖｉｅｗｓ', 'REVIEWS', 'Reviews', '-reviews', 'reviews-', 'review_s', 'review.s',
  'a'.repeat(63), 'a'.repeat(64), 'a'.repeat(254), 'v'.repeat(17), 'null', 'undefined', 'NaN', 'Infinity', '0', '-1', '1e400', 'true', '[]', '{}',
  '', ' ', 'reviews ', ' reviews', 'reviews', 'v1', 'v2', 'bookinfo', 'default', 'kube-system', 'graylane-system',
];

const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/) },
  { weight: 1, arbitrary: fc.integer({ min: 64, max: 100_000 }).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...NASTY), fc.string({ maxLength: 10 })).map(([a, b]) => a + b) },
);

/**
 * Deeply nested JSON: a JSON parser does not mind; a recursive validator might. Generated as a
 * placeholder and expanded in the text only, since the generator's own call stack is deep already.
 */
const deepJson = fc.tuple(fc.constantFrom('array', 'object'), fc.integer({ min: 50, max: 5_000 })).map(([k, d]) => `@@deep:${k}:${d}@@`);

/** JSON text of a generated value, with deep-nesting placeholders expanded. */
function toJson(value: unknown): string {
  return JSON.stringify(value).replace(/"@@deep:(array|object):(\d+)@@"/g, (_m, kind: string, depth: string) => {
    const n = Number(depth);
    return kind === 'array' ? `${'['.repeat(n)}1${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
  });
}

const wrongTyped: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.constantFrom(0, -1, 101, 1e308, -1e308, 2 ** 53 + 1, 0.5, -0),
  fc.boolean(),
  fc.constant(null),
  nastyString,
  fc.array(fc.oneof(fc.integer(), nastyString), { maxLength: 4 }),
  fc.dictionary(nastyString, fc.oneof(fc.integer(), nastyString, fc.constant(null)), { maxKeys: 4 }),
);

const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: wrongTyped },
  { weight: 1, arbitrary: deepJson },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
);

/** Texts that are not the JSON object a route wants. */
const RAW_BODIES = ['', ' ', '{', '{"a":', '[1,2', 'null', 'undefined', '\u0000', 'NaN', "{'a':1}", '{"a":1}{"b":2}', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '[]'.padStart(50_000, '['), '"' + 'x'.repeat(200_000) + '"'];

/** Percent-encodes UTF-8 bytes (lone surrogates become U+FFFD, as a browser would send them). */
function enc(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** Sets (or deletes, or adds next to) one dotted path of a valid body: reaches the validation behind the shape check. */
function mutate(template: unknown, path: string[], value: unknown, op: 'set' | 'delete' | 'add'): unknown {
  const copy = structuredClone(template) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) return copy;
    node = next as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (op === 'delete') delete node[last];
  else if (op === 'add') node[`x-${last}`] = value;
  else node[last] = value;
  return copy;
}

function paths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  const out: string[][] = prefix.length > 0 ? [prefix] : [];
  for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function templateBody(template: unknown): fc.Arbitrary<string | undefined> {
  const found = paths(template);
  const all = found.length > 0 ? found : [['generation']];
  return fc.oneof(
    { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...all), anyJson, fc.constantFrom<'set' | 'delete' | 'add'>('set', 'set', 'set', 'delete', 'add')).map(([p, v, op]) => toJson(mutate(template, p, v, op))) },
    { weight: 2, arbitrary: anyJson.map((v) => toJson(v)) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** A path segment: real names (to reach the deeper code), near-misses, injections, raw percent escapes. */
function segment(real: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: real.length > 0 ? fc.constantFrom(...real) : fc.constant('x') },
    { weight: 5, arbitrary: nastyString.map((s) => enc(s.slice(0, 5_000))) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%AF', '%2F', '%2e%2e', '%00', '%FF', '..%2F..%2F', ';', '%3B', '%20') },
  );
}

const QUERY_KEYS = ['service', 'window', 'step', 'app', 'version', 'limit', 'start', 'end', 'baseline', 'traceId', 'x', '__proto__', 'constructor'];

const queryString: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: fc.constant('') },
  {
    weight: 5,
    arbitrary: fc
      .array(fc.tuple(fc.constantFrom(...QUERY_KEYS), fc.oneof(nastyString, fc.integer().map(String), fc.constantFrom('1m', '5m', '1h', '30s', '-5m', '0', '1e9', 'reviews', 'v2', 'bookinfo'))), { maxLength: 5 })
      .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${enc(v.slice(0, 5_000))}`).join('&')}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('?', '?&&', '?service', '?service=%zz', '?service=a&service=b', '?window=%00', '?=x', '?limit=99999999999999999999', `?start=${'9'.repeat(400)}`) },
);

interface RouteDef {
  id: string;
  methods: Method[];
  /** builds the path from generated segments */
  path: (seg: (real: string[]) => fc.Arbitrary<string>) => fc.Arbitrary<string>;
  body?: unknown;
  /** a POST that only computes (the draft preview): a 2xx changes nothing */
  readOnly?: boolean;
  /** real values that must never be used with this method (they would do a legitimate destructive change) */
  unsafe?: (method: Method, path: string) => boolean;
}

function routes(ns: string): RouteDef[] {
  const nsSeg = (seg: (real: string[]) => fc.Arbitrary<string>) => seg([ns, 'default', 'kube-system', 'graylane-system']);
  const inProject = (rest: string, more?: (seg: (real: string[]) => fc.Arbitrary<string>) => fc.Arbitrary<string>) => (seg: (real: string[]) => fc.Arbitrary<string>) =>
    more ? fc.tuple(nsSeg(seg), more(seg)).map(([n, m]) => `/api/projects/${n}${rest.replace('{}', m)}`) : nsSeg(seg).map((n) => `/api/projects/${n}${rest}`);
  const job = (seg: (real: string[]) => fc.Arbitrary<string>) => seg([TARGET_JOB, 'reviews', 'missing-job']);
  const canary = { name: 'fuzz-created', spec: { strategy: 'Canary', service: 'reviews', baseline: { version: 'v1' }, candidate: { version: 'v2', replicas: 1, images: { reviews: 'kubesphere/examples-bookinfo-reviews-v2:1.13.0' } }, traffic: { candidateWeight: 10, match: [{ headers: { 'end-user': { exact: 'jason' } } }] } } };
  const onTarget = (p: string) => p.includes(`/releases/${TARGET_JOB}`) || p.endsWith(`/releases/${TARGET_JOB}`);
  const realUser = (p: string) => REAL_USERS.some((u) => p.endsWith(`/${u}`) || p.includes(`/${u}/`));
  return [
    { id: 'session', methods: ['POST', 'GET'], path: () => fc.constant('/api/session'), body: { username: 'fuzz-nobody', password: 'not-the-password' } },
    { id: 'projects', methods: ['GET'], path: () => fc.constant('/api/projects') },
    { id: 'project', methods: ['GET'], path: inProject('') },
    { id: 'applications', methods: ['GET'], path: inProject('/applications') },
    { id: 'application', methods: ['GET'], path: inProject('/applications/{}', (seg) => seg(['bookinfo', 'reviews'])) },
    // Deploying the sample into the real project would be a legitimate change: only other namespaces.
    { id: 'sample', methods: ['POST'], path: inProject('/applications/sample'), unsafe: (_m, p) => p.startsWith(`/api/projects/${ns}/`) || p.startsWith('/api/projects/default/') },
    { id: 'services', methods: ['GET'], path: inProject('/services') },
    { id: 'releases', methods: ['GET', 'POST'], path: inProject('/releases'), body: canary },
    { id: 'draft-preview', methods: ['POST'], path: inProject('/releases/preview'), body: canary, readOnly: true },
    { id: 'defaults', methods: ['GET'], path: (seg) => fc.tuple(inProject('/releases/defaults')(seg), queryString).map(([p, q]) => p + q) },
    {
      id: 'release',
      methods: ['GET', 'PATCH', 'DELETE'],
      path: inProject('/releases/{}', job),
      body: { generation: 1, candidateWeight: 20, candidateReplicas: 1, mirrorPercent: 10, match: [{ headers: { 'end-user': { exact: 'jason' } } }] },
      unsafe: (m, p) => m === 'DELETE' && onTarget(p),
    },
    { id: 'takeover', methods: ['POST'], path: inProject('/releases/{}/takeover', job), body: { version: 'v3', generation: 1 } },
    { id: 'restore', methods: ['POST'], path: inProject('/releases/{}/restore', job), body: {}, unsafe: (_m, p) => onTarget(p) },
    { id: 'offline', methods: ['POST'], path: inProject('/releases/{}/offline', job), body: {}, unsafe: (_m, p) => onTarget(p) },
    { id: 'preview', methods: ['GET'], path: inProject('/releases/{}/preview', job) },
    { id: 'imports', methods: ['GET'], path: inProject('/imports') },
    { id: 'import', methods: ['POST'], path: inProject('/imports/{}', (seg) => seg(['reviews-canary'])) },
    { id: 'members', methods: ['GET', 'POST'], path: inProject('/members'), body: { username: 'fuzz-member', role: 'viewer' } },
    { id: 'member', methods: ['PATCH', 'DELETE'], path: inProject('/members/{}', (seg) => seg(['fuzz-member'])), body: { role: 'operator' }, unsafe: (_m, p) => realUser(p) },
    { id: 'accounts', methods: ['GET', 'POST'], path: () => fc.constant('/api/admin/accounts'), body: { username: 'fuzz-account', password: 'long-enough-password', platformAdmin: false } },
    { id: 'account', methods: ['PATCH'], path: (seg) => seg(['fuzz-account']).map((n) => `/api/admin/accounts/${n}`), body: { disabled: true }, unsafe: (_m, p) => realUser(p) },
    { id: 'cluster', methods: ['GET'], path: () => fc.constant('/api/cluster') },
    { id: 'healthz', methods: ['GET'], path: () => fc.constant('/api/healthz') },
    { id: 'topology', methods: ['GET'], path: (seg) => fc.tuple(inProject('/topology')(seg), queryString).map(([p, q]) => p + q) },
    { id: 'metrics', methods: ['GET'], path: (seg) => fc.tuple(inProject('/metrics')(seg), queryString).map(([p, q]) => p + q) },
    { id: 'traces', methods: ['GET'], path: (seg) => fc.tuple(inProject('/traces')(seg), queryString).map(([p, q]) => p + q) },
    { id: 'trace', methods: ['GET'], path: inProject('/traces/{}', (seg) => seg(['0123456789abcdef', 'abc'])) },
  ];
}

function requestArb(route: RouteDef): fc.Arbitrary<FuzzRequest & { route: string }> {
  const method = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...route.methods) }, { weight: 1, arbitrary: fc.constantFrom<Method>('GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS') });
  const body = route.body === undefined ? fc.oneof(fc.constant(undefined), anyJson.map((v) => toJson(v)), fc.constantFrom(...RAW_BODIES)) : templateBody(route.body);
  const auth = fc.oneof(
    { weight: 12, arbitrary: fc.constant<'session'>('session') },
    { weight: 1, arbitrary: fc.constant<'none'>('none') },
    { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 200 }), fc.base64String({ maxLength: 300 }), fc.constantFrom('', 'a.b.c', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.')).map((v) => ({ forged: v })) },
  );
  const contentType = fc.oneof({ weight: 6, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', undefined) });
  return fc.record({ method, path: route.path(segment), body, auth, contentType, ip: fc.ipV4() }).map(({ method: m, path, body: b, auth: a, contentType: ct, ip }) => ({
    route: route.id,
    method: m,
    path,
    body: m === 'GET' || m === 'OPTIONS' ? undefined : b,
    contentType: ct,
    auth: a,
    forwardedFor: route.id === 'session' ? ip : undefined,
  }));
}

/** Keeps generated inputs from doing what a real user legitimately could (delete the target job, log us out, lock accounts). */
function isUnsafe(r: FuzzRequest & { route: string }, defs: Map<string, RouteDef>): boolean {
  if (r.path.startsWith('/api/session') && r.method === 'DELETE' && r.auth === 'session') return true;
  if (r.route === 'session' && r.body && REAL_USERS.some((u) => r.body!.toLowerCase().includes(`"${u}"`))) return true;
  return defs.get(r.route)?.unsafe?.(r.method, r.path) ?? false;
}

interface KubeClient {
  request(method: string, path: string, body?: unknown, contentType?: string): Promise<{ status: number; body: unknown; error?: string }>;
}

function kubeClient(stack: Stack): KubeClient {
  let token: string | undefined;
  try {
    token = /^\s*token:\s*(\S+)/m.exec(readFileSync(stack.kubeconfig, 'utf8'))?.[1];
  } catch {
    token = undefined;
  }
  return {
    async request(method, path, body, contentType = 'application/json') {
      try {
        const res = await fetch(`${stack.apiUrl}${path}`, {
          method,
          headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': contentType }) },
          body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
          signal: AbortSignal.timeout(20_000),
        });
        const text = await res.text();
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          /* not JSON */
        }
        return { status: res.status, body: parsed };
      } catch (err) {
        return { status: 0, body: undefined, error: (err as Error).message };
      }
    },
  };
}

/** The cluster's own bookkeeping, written on its own schedule (kubelet, endpoints, events, leases). */
const BOOKKEEPING = new Set(['pods', 'endpoints', 'endpointslices', 'events', 'leases', 'replicasets']);

/**
 * Writes that count as a change to the cluster for namespace `ns`: the namespaces themselves, the
 * objects of `ns` and the console's own store (accounts and members in graylane-system).
 */
function relevantWrites(writes: CommittedWrite[], ns: string): CommittedWrite[] {
  return writes.filter((w) => {
    const kind = w.resource.split('/').pop() ?? w.resource;
    if (w.resource === 'namespaces') return true;
    if (w.namespace === ns) return !BOOKKEEPING.has(kind);
    return w.namespace === 'graylane-system' && (kind === 'configmaps' || kind === 'secrets');
  });
}

/** Waits until the controller has processed the target job (Progressing, routes applied) before it pauses. */
async function waitForTarget(kube: KubeClient, ns: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const res = await kube.request('GET', `${GR_API}/namespaces/${ns}/grayscalereleases/${TARGET_JOB}`);
    const job = res.body as { metadata?: { generation?: number }; status?: { phase?: string; observedGeneration?: number } } | undefined;
    if (res.status === 200 && job?.status?.phase === 'Progressing' && job.status.observedGeneration === job.metadata?.generation) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the target job ${TARGET_JOB} did not reach Progressing within 60 s`);
}

const describeWrite = (w: CommittedWrite) => `${w.type} ${w.resource} ${w.namespace ?? ''}/${w.name}`;

function describe(r: FuzzRequest): string {
  const body = r.body === undefined ? '' : ` body=${JSON.stringify(r.body.length > 160 ? `${r.body.slice(0, 160)}…(${r.body.length} chars)` : r.body)}`;
  const auth = r.auth === 'session' ? '' : r.auth === 'none' ? ' (no cookie)' : ' (forged cookie)';
  return `${r.method} ${r.path.length > 200 ? `${r.path.slice(0, 200)}…` : r.path}${body}${auth}`;
}

async function login(consoleUrl: string, username: string): Promise<string> {
  const res = await fetch(`${consoleUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: consoleUrl }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  if (!res.ok) throw new Error(`login as ${username}: HTTP ${res.status}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

async function send(consoleUrl: string, cookie: string, r: FuzzRequest): Promise<Outcome> {
  const headers: Record<string, string> = { origin: consoleUrl, accept: 'application/json' };
  if (r.auth === 'session') headers.cookie = cookie;
  else if (r.auth !== 'none') headers.cookie = `graylane_session=${r.auth.forged.replace(/[^\x21-\x7e]/g, '')}`;
  if (r.body !== undefined && r.contentType) headers['content-type'] = r.contentType;
  if (r.forwardedFor) headers['x-forwarded-for'] = r.forwardedFor;
  try {
    const res = await fetch(`${consoleUrl}${r.path}`, { method: r.method, headers, body: r.body, signal: AbortSignal.timeout(30_000), redirect: 'manual' });
    const text = await res.text();
    if (res.status < 500) return { status: res.status };
    let code: string | undefined;
    try {
      code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
    } catch {
      code = undefined;
    }
    return { status: res.status, code };
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { status: 0, error: `${(err as Error).name}: ${(err as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}` };
  }
}

async function health(consoleUrl: string): Promise<{ ok: boolean; uptime: number }> {
  try {
    const res = await fetch(`${consoleUrl}/api/healthz`, { signal: AbortSignal.timeout(10_000) });
    const body = (await res.json()) as { status?: string; uptimeSeconds?: number };
    return { ok: res.ok && body.status === 'ok', uptime: body.uptimeSeconds ?? -1 };
  } catch {
    return { ok: false, uptime: -1 };
  }
}

/** A GrayscaleRelease as kubectl would send it, valid before mutation. */
function grTemplate(name: string): Record<string, unknown> {
  return {
    apiVersion: 'graylane.io/v1alpha1',
    kind: 'GrayscaleRelease',
    metadata: { name, namespace: GR_NAMESPACE, labels: { fuzz: 'yes' } },
    spec: {
      strategy: 'Canary',
      service: 'reviews',
      baseline: { version: 'v1' },
      candidate: { version: 'v2', replicas: 1, images: { reviews: 'kubesphere/examples-bookinfo-reviews-v2:1.13.0' } },
      traffic: { candidateWeight: 30, match: [{ headers: { 'end-user': { exact: 'jason' } }, uri: { prefix: '/api' }, os: ['Android'], browsers: ['Chrome'] }] },
      takeOver: '',
      offline: false,
    },
  };
}

const GR_NAMES = Array.from({ length: 12 }, (_, i) => `fuzz-gr-${i}`);

const grInput = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...GR_NAMES), fc.constantFrom(...paths(grTemplate('x'))), anyJson, fc.constantFrom<'set' | 'delete' | 'add'>('set', 'set', 'set', 'delete', 'add')).map(([n, p, v, op]) => mutate(grTemplate(n), p, v, op)) },
  { weight: 1, arbitrary: fc.constantFrom(...GR_NAMES).map((n) => grTemplate(n)) },
  { weight: 1, arbitrary: anyJson },
  { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES) },
);

export const fuzzApiScenario: Scenario = {
  id: 'fuzz-api',
  title: 'Bad input: property-based fuzzing of every API route and of the GrayscaleRelease schema',
  async run(stack: Stack, opts: ScenarioOptions): Promise<ScenarioResult> {
    const failures: string[] = [];
    const fail = (message: string) => {
      if (failures.length < 40) failures.push(message);
      else if (failures.length === 40) failures.push('… more failures left out');
    };
    const seed = Number(process.env.GRAYLANE_FUZZ_SEED) || Date.now() % 2_147_483_647;
    opts.log(`seed ${seed} (replay with GRAYLANE_FUZZ_SEED=${seed})`);
    const started = Date.now();
    const deadline = opts.soak ? started + opts.soakMs : Infinity;
    // 10,000 inputs: the console's routes cost ~8 CPU ms an input, the Kubernetes API's schema check far less.
    const restTarget = opts.soak ? Infinity : Number(process.env.GRAYLANE_FUZZ_REST) || 4_000;
    const grTarget = opts.soak ? Infinity : Number(process.env.GRAYLANE_FUZZ_GR) || 6_000;
    // 12 at a time keep the console busy (it is the bottleneck) while leaving many rounds of refused-only inputs to verify
    const concurrency = 12;

    const ns = stack.namespace;
    const kube = kubeClient(stack);
    const cookie = await login(stack.consoleUrl, 'admin');
    const admin = await stack.login('admin');
    const before = await health(stack.consoleUrl);
    if (!before.ok) fail('console /api/healthz not OK before fuzzing');

    // A real job, so the release routes get past "not found" into validation.
    const created = await admin.request('POST', `/api/projects/${ns}/releases`, {
      name: TARGET_JOB,
      spec: { strategy: 'Canary', service: 'reviews', baseline: { version: 'v1' }, candidate: { version: 'v2', replicas: 1, images: { reviews: 'kubesphere/examples-bookinfo-reviews-v2:1.13.0' } }, traffic: { candidateWeight: 10 } },
    });
    if (created.status !== 201 && created.status !== 409) fail(`could not create the target job: HTTP ${created.status} ${JSON.stringify(created.body)}`);

    const acceptedNames = new Set<string>();
    const counts = { rest: 0, restRefused: 0, restAccepted: 0, status5xx: 0, dropped: 0, unchangedChecks: 0, refusedVerified: 0, replayed503: 0, grSent: 0, grRefused: 0, grAccepted: 0, grUnknownShown: 0, skippedUnsafe: 0 };
    const byRoute = new Map<string, number>();
    const defs = routes(ns);
    const defsById = new Map(defs.map((d) => [d.id, d]));
    const anyRequest = fc.oneof(...defs.map((d) => requestArb(d)));

    // The controller pauses (it would otherwise write in the background after an accepted change,
    // and its writes could not be told from a refused request's); it runs again for the end checks.
    await waitForTarget(kube, ns);
    await stack.killController();
    const writes = stack.recordWrites();

    // --- 1. the console's REST API -------------------------------------------------------------
    let batch = 0;
    try {
      while (counts.rest < restTarget && Date.now() < (opts.soak ? deadline - opts.soakMs / 3 : Infinity)) {
        const round = fc.sample(anyRequest, { seed: seed + batch, numRuns: concurrency }).filter((r) => {
          if (!isUnsafe(r, defsById)) return true;
          counts.skippedUnsafe++;
          return false;
        });
        batch++;
        if (batch % 100 === 0) opts.log(`REST API: ${counts.rest} inputs so far, ${((Date.now() - started) / 1000).toFixed(1)} s`);
        writes.take();
        const outcomes = await Promise.all(round.map((r) => send(stack.consoleUrl, cookie, r)));
        // 503 cluster_unreachable says the Kubernetes API did not answer in time (a busy machine), not
        // that the input broke something: the same request once more must then get a real answer.
        for (const [i, o] of outcomes.entries()) {
          if (o.status !== 503 || o.code !== 'cluster_unreachable') continue;
          counts.replayed503++;
          outcomes[i] = await send(stack.consoleUrl, cookie, round[i]);
        }
        let accepted = false;
        let refused = 0;
        outcomes.forEach((o, i) => {
          const r = round[i];
          counts.rest++;
          byRoute.set(r.route, (byRoute.get(r.route) ?? 0) + 1);
          if (o.status === 0) {
            counts.dropped++;
            fail(`no answer (${o.error}) to ${describe(r)}`);
          } else if (o.status === 503 && !stack.prometheusUrl && o.code === 'metrics_unavailable') {
            // Without Prometheus in the stack this is the documented answer ("metrics backend not configured").
            counts.restRefused++;
            refused++;
          } else if (o.status >= 500) {
            counts.status5xx++;
            fail(`HTTP ${o.status}${o.code ? ` ${o.code}` : ''} for ${describe(r)}`);
          } else if (o.status >= 400) {
            counts.restRefused++;
            refused++;
          } else {
            counts.restAccepted++;
            if (r.method !== 'GET' && r.method !== 'OPTIONS' && !defsById.get(r.route)?.readOnly) accepted = true;
          }
        });
        const changes = relevantWrites(writes.take(), ns);
        // A round with an accepted write (e.g. a valid weight) may change the cluster; one without may not.
        if (accepted) continue;
        counts.unchangedChecks++;
        if (changes.length > 0) fail(`cluster changed in a round where no write was accepted: ${changes.slice(0, 5).map(describeWrite).join(', ')}; the round was: ${round.map(describe).slice(0, 4).join(' | ')}`);
        else counts.refusedVerified += refused;
      }
      opts.log(`REST API: ${counts.rest} inputs (${counts.restRefused} refused, ${counts.restAccepted} accepted) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

      // --- 2. GrayscaleRelease objects straight to the Kubernetes API, as kubectl sends them -------
      const grStarted = Date.now();
      const nsCreate = await kube.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: GR_NAMESPACE } });
      if (nsCreate.status !== 201 && nsCreate.status !== 409) fail(`could not create namespace ${GR_NAMESPACE}: HTTP ${nsCreate.status}`);
      batch = 0;
      while (counts.grSent < grTarget && Date.now() < deadline) {
        const inputs = fc.sample(fc.tuple(grInput, fc.constantFrom<'create' | 'merge-patch' | 'update'>('create', 'create', 'create', 'merge-patch', 'update')), { seed: seed + 1_000_000 + batch, numRuns: concurrency });
        batch++;
        writes.take();
        const results = await Promise.all(
          inputs.map(async ([obj, verb]) => {
            // generated metadata may hold anything, even an object without a toString
            const raw = typeof obj === 'object' && obj !== null && !Array.isArray(obj) ? (obj as { metadata?: { name?: unknown } }).metadata?.name : undefined;
            const name = typeof raw === 'string' ? raw : '';
            const target = GR_NAMES.includes(name) ? name : GR_NAMES[0];
            const body = typeof obj === 'string' ? obj : toJson(obj);
            if (verb === 'create') return { verb, res: await kube.request('POST', `${GR_API}/namespaces/${GR_NAMESPACE}/grayscalereleases?fieldValidation=Strict`, body) };
            if (verb === 'merge-patch') return { verb, res: await kube.request('PATCH', `${GR_API}/namespaces/${GR_NAMESPACE}/grayscalereleases/${target}?fieldValidation=Strict`, body, 'application/merge-patch+json') };
            return { verb, res: await kube.request('PUT', `${GR_API}/namespaces/${GR_NAMESPACE}/grayscalereleases/${target}?fieldValidation=Strict`, body) };
          }),
        );
        let accepted = false;
        let refused = 0;
        results.forEach(({ verb, res }, i) => {
          counts.grSent++;
          const what = `${verb} ${toJson(inputs[i][0]).slice(0, 160)}`;
          if (res.status === 0) fail(`Kubernetes API dropped the connection (${res.error}) for ${what}`);
          else if (res.status >= 500) fail(`Kubernetes API HTTP ${res.status} for ${what}: ${JSON.stringify(res.body).slice(0, 200)}`);
          else if (res.status >= 400) {
            counts.grRefused++;
            refused++;
          } else {
            counts.grAccepted++;
            accepted = true;
            const name = (res.body as { metadata?: { name?: string } })?.metadata?.name;
            if (name) acceptedNames.add(name);
          }
        });
        const changes = relevantWrites(writes.take(), GR_NAMESPACE);
        if (accepted) continue;
        counts.unchangedChecks++;
        if (changes.length > 0) fail(`namespace ${GR_NAMESPACE} changed in a round of refused GrayscaleRelease writes: ${changes.slice(0, 5).map(describeWrite).join(', ')}`);
        else counts.refusedVerified += refused;
      }
      opts.log(`GrayscaleRelease schema: ${counts.grSent} inputs (${counts.grRefused} refused, ${counts.grAccepted} accepted, ${acceptedNames.size} objects) in ${((Date.now() - grStarted) / 1000).toFixed(1)} s`);
    } finally {
      writes.stop();
      await stack.startController();
    }

    // Whatever kubectl could create, the console shows (no 5xx) and the controller processes (a status appears).
    const list = await admin.request('GET', `/api/projects/${GR_NAMESPACE}/releases`);
    if (list.status >= 500) fail(`console lists the fuzzed jobs with HTTP ${list.status}: ${JSON.stringify(list.body).slice(0, 300)}`);
    for (const name of acceptedNames) {
      for (const suffix of ['', '/preview']) {
        const res = await admin.request('GET', `/api/projects/${GR_NAMESPACE}/releases/${name}${suffix}`);
        if (res.status >= 500) fail(`console shows fuzzed job ${name}${suffix} with HTTP ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
        if (res.status === 404) counts.grUnknownShown++;
      }
    }
    const reconcileDeadline = Date.now() + 20_000;
    let unprocessed: string[] = [];
    do {
      const res = await kube.request('GET', `${GR_API}/namespaces/${GR_NAMESPACE}/grayscalereleases`);
      const items = ((res.body as { items?: { metadata: { name: string; generation?: number }; status?: { observedGeneration?: number; phase?: string } }[] })?.items ?? []);
      unprocessed = items.filter((o) => !o.status?.phase || (o.status.observedGeneration ?? 0) < (o.metadata.generation ?? 0)).map((o) => o.metadata.name);
      if (unprocessed.length === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    } while (Date.now() < reconcileDeadline);
    if (unprocessed.length > 0) fail(`the controller did not process fuzzed jobs within 20 s: ${unprocessed.join(', ')}`);

    // Clean up through the finalizers the controller owns: deleting must complete too.
    await kube.request('DELETE', `${GR_API}/namespaces/${GR_NAMESPACE}/grayscalereleases`);
    const deleteDeadline = Date.now() + 20_000;
    let left: string[] = [];
    do {
      const res = await kube.request('GET', `${GR_API}/namespaces/${GR_NAMESPACE}/grayscalereleases`);
      left = ((res.body as { items?: { metadata: { name: string } }[] })?.items ?? []).map((o) => o.metadata.name);
      if (left.length === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    } while (Date.now() < deleteDeadline);
    if (left.length > 0) fail(`fuzzed jobs not deleted within 20 s: ${left.join(', ')}`);
    await kube.request('DELETE', `/api/v1/namespaces/${GR_NAMESPACE}`);

    // The target job goes too (through the API, as a user would), so later scenarios start clean.
    await admin.request('DELETE', `/api/projects/${ns}/releases/${TARGET_JOB}`);
    const targetDeadline = Date.now() + 20_000;
    while (Date.now() < targetDeadline && (await kube.request('GET', `${GR_API}/namespaces/${ns}/grayscalereleases/${TARGET_JOB}`)).status !== 404) await new Promise((r) => setTimeout(r, 300));

    const after = await health(stack.consoleUrl);
    if (!after.ok) fail('console /api/healthz not OK after fuzzing');
    else if (before.ok && after.uptime < before.uptime) fail(`the console restarted during fuzzing (uptime ${before.uptime} s -> ${after.uptime} s)`);

    const total = counts.rest + counts.grSent;
    if (!opts.soak && total < 10_000) fail(`only ${total} inputs generated (at least 10,000 required)`);
    opts.log(`routes covered: ${[...byRoute.entries()].map(([k, v]) => `${k} ${v}`).join(', ')}`);
    return {
      figures: {
        seed,
        'inputs total': total,
        'REST inputs': counts.rest,
        'REST refused (4xx)': counts.restRefused,
        'REST accepted': counts.restAccepted,
        'GrayscaleRelease inputs': counts.grSent,
        'GrayscaleRelease refused': counts.grRefused,
        'GrayscaleRelease accepted': counts.grAccepted,
        '5xx': counts.status5xx,
        '503 cluster_unreachable replayed': counts.replayed503,
        'dropped connections': counts.dropped,
        'cluster-unchanged checks': counts.unchangedChecks,
        'refused inputs verified unchanged': counts.refusedVerified,
        'routes fuzzed': byRoute.size,
        seconds: Math.round((Date.now() - started) / 1000),
      },
      failures,
    };
  },
};
