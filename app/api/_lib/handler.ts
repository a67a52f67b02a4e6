/**
 * The one wrapper for thin route handlers (DESIGN.md house rule 2): parse path, query and body with
 * zod, check the permission, call a server/ function, turn errors into the contract's
 * `{"error": {"code", "message", "fields"?}}` with the cause's HTTP status.
 */
import 'server-only';
import type { z } from 'zod';
import { AppError, isAppError, toErrorBody, type FieldError } from '@/lib/api/errors';
import type { Principal } from '@/lib/auth/roles';
import { assertSameOrigin } from '@/server/auth/csrf';
import { retryAfterSeconds } from '@/server/auth/login';
import { requirePermission, requireSession, type Permission } from '@/server/auth/require-permission';

/** Next's second argument to route handlers (params is a Promise since Next 15). */
export interface RouteContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

export interface RouteInput<P, Q, B> {
  request: Request;
  params: P;
  query: Q;
  body: B;
  /** who is calling (a session's user; while enforcement is off and without one, the open `demo` principal) */
  principal: Principal;
}

/**
 * Who may call a route: a permission (checked against the caller's roles), any signed-in caller
 * (`authenticated`), or anyone (`public`: only logging in).
 */
export type RoutePermission<P, Q, B> = Permission | 'public' | 'authenticated' | ((input: Pick<RouteInput<P, Q, B>, 'request' | 'params' | 'query'>) => Permission);

export interface RouteSpec<P, Q, B> {
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  /** when set, the request body must be JSON matching it */
  body?: z.ZodType<B>;
  /** what the caller must be allowed to do; computed from the parsed input for namespaced routes */
  permission: RoutePermission<P, Q, B>;
  /** success status, default 200 */
  status?: number;
}

const NO_STORE = { 'cache-control': 'no-store' };

/** A JSON response that no cache keeps (every answer reflects the cluster now). */
export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: NO_STORE });
}

/** The contract's error response for an AppError (with Retry-After for a rate-limit refusal). */
export function errorResponse(err: AppError): Response {
  const res = json(toErrorBody(err), err.status);
  const retryAfter = retryAfterSeconds(err);
  if (retryAfter !== undefined) res.headers.set('retry-after', String(retryAfter));
  return res;
}

const PUBLIC: Principal = Object.freeze({ username: '', platformAdmin: false, projects: Object.freeze({}) });

async function authorize<P, Q, B>(spec: RouteSpec<P, Q, B>, input: Pick<RouteInput<P, Q, B>, 'request' | 'params' | 'query'>): Promise<Principal> {
  if (spec.permission === 'public') return PUBLIC;
  if (spec.permission === 'authenticated') return requireSession(input.request);
  return requirePermission(input.request, typeof spec.permission === 'function' ? spec.permission(input) : spec.permission);
}

/** zod issues as `fields`, each named by its dotted path under `prefix` (`ns`, `spec.candidate.version`). */
export function zodFields(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return { field: [prefix, path].filter(Boolean).join('.') || prefix || '', message: issue.message };
  });
}

function parseWith<T>(schema: z.ZodType<T> | undefined, value: unknown, what: string, prefix?: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = zodFields(result.error, prefix);
  throw new AppError('bad_request', `invalid ${what}: ${fields.map((f) => `${f.field || what}: ${f.message}`).join('; ')}`, { fields });
}

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') throw new AppError('bad_request', 'the request body must be a JSON object', { fields: [{ field: 'body', message: 'required' }] });
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'the request body is not valid JSON', { fields: [{ field: 'body', message: 'not valid JSON' }] });
  }
}

/**
 * An optional JSON body (actions whose body used to be empty): none is `{}`, anything else must
 * match `schema`, or it is a 400 naming the field.
 */
export async function optionalBody<T>(request: Request, schema: z.ZodType<T>): Promise<T | Record<string, never>> {
  const text = await request.text();
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'the request body is not valid JSON', { fields: [{ field: 'body', message: 'not valid JSON' }] });
  }
  return parseWith(schema, value, 'request body');
}

/** Anything that is not an AppError is a bug: log it here, tell the caller only that it happened. */
function unexpected(request: Request, err: unknown): AppError {
  console.error(`[api] ${request.method} ${new URL(request.url).pathname} failed:`, err);
  return new AppError('internal', 'internal server error; the console log has the details');
}

/**
 * Builds a route handler: `export const GET = route({params, permission}, ({params}) => listX(params.ns))`.
 * A cross-site state-changing request is refused first; then path params are validated (so a bad
 * project name is a 400 naming `ns`), the query, the caller's permission, and the body. A server
 * function may return a Response (to set cookies); anything else is sent as JSON.
 * https://nextjs.org/docs/app/building-your-application/routing/route-handlers
 */
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  spec: RouteSpec<P, Q, B>,
  fn: (input: RouteInput<P, Q, B>) => Promise<unknown>,
): (request: Request, context?: RouteContext) => Promise<Response> {
  return async (request, context) => {
    try {
      assertSameOrigin(request);
      const rawParams = context ? await context.params : {};
      const params = parseWith(spec.params, rawParams, 'path parameters');
      const query = parseWith(spec.query, Object.fromEntries(new URL(request.url).searchParams), 'query parameters');
      // Authorized before the body is read: a caller without the right learns nothing about the body's rules.
      const principal = await authorize(spec, { request, params, query });
      const body = spec.body ? parseWith(spec.body, await readJson(request), 'request body') : (undefined as B);
      const result = await fn({ request, params, query, body, principal });
      if (result instanceof Response) return result;
      return json(result, spec.status ?? 200);
    } catch (err) {
      if (isAppError(err)) {
        if (err.status >= 500) console.error(`[api] ${request.method} ${new URL(request.url).pathname}: ${err.code}: ${err.message}`);
        return errorResponse(err);
      }
      return errorResponse(unexpected(request, err));
    }
  };
}
