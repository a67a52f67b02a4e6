import { z } from 'zod';
import { route } from '@/app/api/_lib/handler';
import { namespaceName } from '@/lib/api/schemas';
import { changeMemberBody, username } from '@/lib/auth/schemas';
import { changeMember, removeMember } from '@/server/auth/admin';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const params = z.object({ ns: namespaceName, user: username });

/** PATCH /api/projects/{ns}/members/{user} {role}: changes a member's role (project admins). */
export const PATCH = route(
  { params, body: changeMemberBody, permission: ({ params }) => ({ verb: 'patch', resource: 'members', namespace: params.ns }) },
  ({ params, body }) => changeMember(params.ns, params.user, body.role),
);

/** DELETE /api/projects/{ns}/members/{user}: removes a member (project admins). */
export const DELETE = route(
  { params, permission: ({ params }) => ({ verb: 'delete', resource: 'members', namespace: params.ns }) },
  ({ params }) => removeMember(params.ns, params.user),
);
