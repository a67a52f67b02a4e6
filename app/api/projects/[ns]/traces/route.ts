import { route } from '@/app/api/_lib/handler';
import { projectParams } from '@/lib/api/schemas';
import { tracesQuery } from '@/lib/telemetry/schemas';
import { listTraces } from '@/server/telemetry/traces';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/projects/{ns}/traces?service=&version=&limit=&start=&end=: recent traces through a Service. */
export const GET = route(
  { params: projectParams, query: tracesQuery, permission: ({ params }) => ({ verb: 'list', resource: 'traces', namespace: params.ns }) },
  ({ params, query }) => listTraces(params.ns, query),
);
