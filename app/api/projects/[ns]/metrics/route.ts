import { route } from '@/app/api/_lib/handler';
import { projectParams } from '@/lib/api/schemas';
import { metricsQuery } from '@/lib/telemetry/schemas';
import { getServiceMetrics } from '@/server/telemetry/service-metrics';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/projects/{ns}/metrics?service=&window=&step=: per-version request rate, success rate and latency. */
export const GET = route(
  { params: projectParams, query: metricsQuery, permission: ({ params }) => ({ verb: 'get', resource: 'metrics', namespace: params.ns }) },
  ({ params, query }) => getServiceMetrics(params.ns, query),
);
