import { route } from '@/app/api/_lib/handler';
import { projectParams } from '@/lib/api/schemas';
import { listApplications } from '@/server/applications/applications';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/projects/{ns}/applications: Services and Deployments grouped by `app.kubernetes.io/name`. */
export const GET = route(
  { params: projectParams, permission: ({ params }) => ({ verb: 'list', resource: 'applications', namespace: params.ns }) },
  ({ params }) => listApplications(params.ns),
);
