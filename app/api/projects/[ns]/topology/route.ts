import { route } from '@/app/api/_lib/handler';
import { projectParams } from '@/lib/api/schemas';
import { topologyQuery } from '@/lib/telemetry/schemas';
import { getTopology } from '@/server/telemetry/topology';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/projects/{ns}/topology?app=&window=: the versioned-application graph with traffic and health. */
export const GET = route(
  { params: projectParams, query: topologyQuery, permission: ({ params }) => ({ verb: 'get', resource: 'topology', namespace: params.ns }) },
  ({ params, query }) => getTopology(params.ns, query),
);
