import { route } from '@/app/api/_lib/handler';
import { projectParams } from '@/lib/api/schemas';
import { getReleaseDefaults } from '@/server/releases/defaults';
import { defaultsQuery } from '@/server/releases/request-schemas';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/projects/{ns}/releases/defaults?service=S[&baseline=V]: the Create Job wizard's prefill. */
export const GET = route(
  { params: projectParams, query: defaultsQuery, permission: ({ params }) => ({ verb: 'get', resource: 'services', namespace: params.ns }) },
  ({ params, query }) => getReleaseDefaults(params.ns, query.service, query.baseline),
);
