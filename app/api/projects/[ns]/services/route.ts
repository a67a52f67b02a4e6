import { route } from '@/app/api/_lib/handler';
import { projectParams } from '@/lib/api/schemas';
import { listServices } from '@/server/services/services';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/projects/{ns}/services: Services with their versions, pods and active release. */
export const GET = route(
  { params: projectParams, permission: ({ params }) => ({ verb: 'list', resource: 'services', namespace: params.ns }) },
  ({ params }) => listServices(params.ns),
);
