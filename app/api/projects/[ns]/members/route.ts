import { route } from '@/app/api/_lib/handler';
import { projectParams } from '@/lib/api/schemas';
import { addMemberBody } from '@/lib/auth/schemas';
import { addMember, listMembers } from '@/server/auth/admin';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/projects/{ns}/members: the project's members and roles. */
export const GET = route(
  { params: projectParams, permission: ({ params }) => ({ verb: 'list', resource: 'members', namespace: params.ns }) },
  ({ params }) => listMembers(params.ns),
);

/** POST /api/projects/{ns}/members {username, role}: adds a member (project admins; 201). */
export const POST = route(
  { params: projectParams, body: addMemberBody, status: 201, permission: ({ params }) => ({ verb: 'create', resource: 'members', namespace: params.ns }) },
  ({ params, body }) => addMember(params.ns, body.username, body.role),
);
