import { route } from '@/app/api/_lib/handler';
import { projectParams } from '@/lib/api/schemas';
import { actingUser } from '@/server/releases/acting-user';
import { createRelease } from '@/server/releases/create';
import { listReleases } from '@/server/releases/list';
import { createBody } from '@/server/releases/request-schemas';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/projects/{ns}/releases: the project's release jobs, newest first. */
export const GET = route(
  { params: projectParams, permission: ({ params }) => ({ verb: 'list', resource: 'releases', namespace: params.ns }) },
  ({ params }) => listReleases(params.ns),
);

/** POST /api/projects/{ns}/releases {name, spec}: creates a job (201 with its view). */
export const POST = route(
  { params: projectParams, body: createBody, status: 201, permission: ({ params }) => ({ verb: 'create', resource: 'releases', namespace: params.ns }) },
  async ({ params, body, request }) => createRelease(params.ns, body, await actingUser(request)),
);
