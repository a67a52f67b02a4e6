import { route } from '@/app/api/_lib/handler';
import { getReleaseAnalysis } from '@/server/releases/progressive';
import { releaseParams } from '@/server/releases/request-schemas';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/projects/{ns}/releases/{name}/analysis: {steps, analysis, progress, queries, window} of a progressive job (422 without a schedule). */
export const GET = route(
  { params: releaseParams, permission: ({ params }) => ({ verb: 'get', resource: 'releases', namespace: params.ns }) },
  ({ params }) => getReleaseAnalysis(params.ns, params.name),
);
