import { route } from '@/app/api/_lib/handler';
import { expectedGeneration } from '@/lib/api/schemas';
import { takeOverRelease } from '@/server/releases/actions';
import { actingUser } from '@/server/releases/acting-user';
import { releaseParams, takeOverBody } from '@/server/releases/request-schemas';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** POST /api/projects/{ns}/releases/{name}/takeover {version, generation?}: that version receives all traffic (409 when the job changed since `generation`). */
export const POST = route(
  { params: releaseParams, body: takeOverBody.extend(expectedGeneration), permission: ({ params }) => ({ verb: 'patch', resource: 'releases', namespace: params.ns }) },
  async ({ params, body, request }) => takeOverRelease(params.ns, params.name, body.version, await actingUser(request), { generation: body.generation }),
);
