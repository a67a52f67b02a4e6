import { route } from '@/app/api/_lib/handler';
import { actingUser } from '@/server/releases/acting-user';
import { deleteRelease } from '@/server/releases/actions';
import { getRelease } from '@/server/releases/get';
import { patchRelease } from '@/server/releases/patch';
import { patchBody, releaseParams } from '@/server/releases/request-schemas';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/projects/{ns}/releases/{name}: one job with versions, pods, weights and history. */
export const GET = route(
  { params: releaseParams, permission: ({ params }) => ({ verb: 'get', resource: 'releases', namespace: params.ns }) },
  ({ params }) => getRelease(params.ns, params.name),
);

/** PATCH /api/projects/{ns}/releases/{name}: traffic, candidate replicas, conditions, mirror percentage. */
export const PATCH = route(
  { params: releaseParams, body: patchBody, permission: ({ params }) => ({ verb: 'patch', resource: 'releases', namespace: params.ns }) },
  async ({ params, body, request }) => patchRelease(params.ns, params.name, body, await actingUser(request)),
);

/** DELETE /api/projects/{ns}/releases/{name}: 202; an active job is rolled back by the controller first. */
export const DELETE = route(
  { params: releaseParams, status: 202, permission: ({ params }) => ({ verb: 'delete', resource: 'releases', namespace: params.ns }) },
  async ({ params, request }) => deleteRelease(params.ns, params.name, await actingUser(request)),
);
