import { route } from '@/app/api/_lib/handler';
import { projectParams } from '@/lib/api/schemas';
import { getProject } from '@/server/projects/projects';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/projects/{ns}: one project; 404 when the namespace is missing. */
export const GET = route(
  { params: projectParams, permission: ({ params }) => ({ verb: 'get', resource: 'projects', namespace: params.ns }) },
  ({ params }) => getProject(params.ns),
);
