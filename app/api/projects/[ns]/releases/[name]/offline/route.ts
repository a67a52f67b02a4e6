import { optionalBody, route } from '@/app/api/_lib/handler';
import { actionBody } from '@/lib/api/schemas';
import { offlineRelease } from '@/server/releases/actions';
import { actingUser } from '@/server/releases/acting-user';
import { releaseParams } from '@/server/releases/request-schemas';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * POST /api/projects/{ns}/releases/{name}/offline [{generation?}]: Job Offline (409 with the reason
 * when ambiguous, or when the job changed since `generation`: the kept version must be the one seen).
 */
export const POST = route(
  { params: releaseParams, permission: ({ params }) => ({ verb: 'patch', resource: 'releases', namespace: params.ns }) },
  async ({ params, request }) => {
    const { generation } = await optionalBody(request, actionBody);
    return offlineRelease(params.ns, params.name, await actingUser(request), { generation });
  },
);
