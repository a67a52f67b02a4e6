import { route } from '@/app/api/_lib/handler';
import { projectParams } from '@/lib/api/schemas';
import { previewNewRelease } from '@/server/releases/preview';
import { createBody } from '@/server/releases/request-schemas';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** POST /api/projects/{ns}/releases/preview {name, spec}: the objects a new job would produce; writes nothing. */
export const POST = route(
  { params: projectParams, body: createBody, permission: ({ params }) => ({ verb: 'get', resource: 'releases', namespace: params.ns }) },
  ({ params, body }) => previewNewRelease(params.ns, body),
);
