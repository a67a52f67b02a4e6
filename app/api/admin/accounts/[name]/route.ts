import { z } from 'zod';
import { route } from '@/app/api/_lib/handler';
import { updateAccountBody, username } from '@/lib/auth/schemas';
import { updateAccount } from '@/server/auth/admin';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const params = z.object({ name: username });

/** PATCH /api/admin/accounts/{name} {password?, disabled?, platformAdmin?}: reset password, disable/enable, (un)make admin. */
export const PATCH = route(
  { params, body: updateAccountBody, permission: { verb: 'patch', resource: 'accounts' } },
  ({ params, body, principal }) => updateAccount(principal.username, params.name, body),
);
