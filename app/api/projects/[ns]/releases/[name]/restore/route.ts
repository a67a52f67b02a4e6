import { optionalBody, route } from '@/app/api/_lib/handler';
import { actionBody } from '@/lib/api/schemas';
import { restoreRelease } from '@/server/releases/actions';
import { actingUser } from '@/server/releases/acting-user';
import { releaseParams } from '@/server/releases/request-schemas';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** POST /api/projects/{ns}/releases/{name}/restore [{generation?}]: clears Take Over (409 when the job changed since `generation`). */
export const POST = route(
  { params: releaseParams, permission: ({ params }) => ({ verb: 'patch', resource: 'releases', namespace: params.ns }) },
  async ({ params, request }) => {
    const { generation } = await optionalBody(request, actionBody);
    return restoreRelease(params.ns, params.name, await actingUser(request), { generation });
  },
);
