import { route } from '@/app/api/_lib/handler';
import { traceParams } from '@/lib/telemetry/schemas';
import { getTrace } from '@/server/telemetry/traces';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/projects/{ns}/traces/{traceId}: one trace with its spans and critical path. */
export const GET = route(
  { params: traceParams, permission: ({ params }) => ({ verb: 'get', resource: 'traces', namespace: params.ns }) },
  ({ params }) => getTrace(params.ns, params.traceId),
);
