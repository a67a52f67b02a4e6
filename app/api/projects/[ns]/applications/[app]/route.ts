import { route } from '@/app/api/_lib/handler';
import { applicationParams } from '@/lib/api/schemas';
import { getApplication } from '@/server/applications/applications';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/projects/{ns}/applications/{app}: one application (404 when nothing carries that name). */
export const GET = route(
  { params: applicationParams, permission: ({ params }) => ({ verb: 'get', resource: 'applications', namespace: params.ns }) },
  ({ params }) => getApplication(params.ns, params.app),
);
