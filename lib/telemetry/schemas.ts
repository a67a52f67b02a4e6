/**
 * zod schemas of the observability endpoints' query parameters (DESIGN.md "REST API"), shared with
 * the browser so the UI builds the same URLs the server accepts.
 */
import { z } from 'zod';
import { namespaceName } from '../api/schemas';
import { TIME_WINDOWS } from './promql';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

const serviceName = z
  .string({ error: 'required' })
  .min(1, 'must not be empty')
  .max(63, 'must be at most 63 characters')
  .regex(DNS_LABEL, 'must consist of lower case letters, digits and "-", and start and end with a letter or digit');

const labelValue = z
  .string()
  .min(1, 'must not be empty')
  .max(63, 'must be at most 63 characters')
  .regex(LABEL_VALUE, 'must consist of letters, digits, "-", "_" or ".", and start and end with a letter or digit');

const timeWindow = z.enum(TIME_WINDOWS, { error: `must be one of ${TIME_WINDOWS.join(', ')}` }).default('1m');

/** Integer text within bounds (query parameters are strings). */
const intText = (min: number, max: number, what: string) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number of ${what}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

/**
 * GET /api/projects/{ns}/topology?app=&window=&latency=: `latency=skip` answers the graph without
 * its p95/p50/p99 figures (no duration-bucket query, the slow one at 1,000 services), for a first
 * paint; the default includes them.
 */
export const topologyQuery = z.object({ app: labelValue.optional(), window: timeWindow, latency: z.enum(['include', 'skip'], { error: 'must be include or skip' }).default('include') });

/** GET /api/projects/{ns}/metrics?service=&window=&step= (step in seconds) */
export const metricsQuery = z.object({ service: serviceName, window: timeWindow, step: intText(1, 3600, 'seconds').optional() });

/** Trace list sizes the UI offers. */
export const TRACE_LIMITS = [5, 10, 20, 50] as const;

/** GET /api/projects/{ns}/traces?service=&version=&limit=&start=&end= (start/end in µs since epoch, as Jaeger) */
export const tracesQuery = z
  .object({
    service: serviceName,
    version: labelValue.optional(),
    limit: z
      .enum(['5', '10', '20', '50'], { error: `must be one of ${TRACE_LIMITS.join(', ')}` })
      .default('20')
      .transform(Number),
    start: intText(0, Number.MAX_SAFE_INTEGER, 'microseconds since the epoch').optional(),
    end: intText(0, Number.MAX_SAFE_INTEGER, 'microseconds since the epoch').optional(),
  })
  .refine((q) => q.start === undefined || q.end === undefined || q.start < q.end, { message: 'must be before end', path: ['start'] });

/** Path of /api/projects/{ns}/traces/{traceId}: Jaeger ids are 1-32 hex digits. */
export const traceParams = z.object({
  ns: namespaceName,
  traceId: z.string().regex(/^[0-9a-fA-F]{1,32}$/, 'must be 1 to 32 hexadecimal digits'),
});
