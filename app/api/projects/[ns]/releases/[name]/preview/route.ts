import { route } from '@/app/api/_lib/handler';
import { previewRelease } from '@/server/releases/preview';
import { releaseParams } from '@/server/releases/request-schemas';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/projects/{ns}/releases/{name}/preview: the VirtualService/DestinationRule/Deployment the controller writes, diffed against the cluster. */
export const GET = route(
  { params: releaseParams, permission: ({ params }) => ({ verb: 'get', resource: 'releases', namespace: params.ns }) },
  ({ params }) => previewRelease(params.ns, params.name),
);
