import { route } from '@/app/api/_lib/handler';
import { takeOverRelease } from '@/server/releases/actions';
import { actingUser } from '@/server/releases/acting-user';
import { releaseParams, takeOverBody } from '@/server/releases/request-schemas';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** POST /api/projects/{ns}/releases/{name}/takeover {version}: that version receives all traffic. */
export const POST = route(
  { params: releaseParams, body: takeOverBody, permission: ({ params }) => ({ verb: 'patch', resource: 'releases', namespace: params.ns }) },
  async ({ params, body, request }) => takeOverRelease(params.ns, params.name, body.version, await actingUser(request)),
);
