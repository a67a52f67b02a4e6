import { optionalBody, route } from '@/app/api/_lib/handler';
import { actionBody } from '@/lib/api/schemas';
import { actingUser } from '@/server/releases/acting-user';
import { progressAction } from '@/server/releases/progressive';
import { releaseParams } from '@/server/releases/request-schemas';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** POST /api/projects/{ns}/releases/{name}/resume [{generation?}]: clears spec.paused: the schedule runs again; 422 without a schedule or when final, 409 on a stale generation. */
export const POST = route(
  { params: releaseParams, permission: ({ params }) => ({ verb: 'patch', resource: 'releases', namespace: params.ns }) },
  async ({ params, request }) => {
    const { generation } = await optionalBody(request, actionBody);
    return progressAction(params.ns, params.name, 'resume', await actingUser(request), { generation });
  },
);
