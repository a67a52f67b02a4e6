import { route } from '@/app/api/_lib/handler';
import { restoreRelease } from '@/server/releases/actions';
import { actingUser } from '@/server/releases/acting-user';
import { releaseParams } from '@/server/releases/request-schemas';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** POST /api/projects/{ns}/releases/{name}/restore: clears Take Over (the configured split applies again). */
export const POST = route(
  { params: releaseParams, permission: ({ params }) => ({ verb: 'patch', resource: 'releases', namespace: params.ns }) },
  async ({ params, request }) => restoreRelease(params.ns, params.name, await actingUser(request)),
);
