import { route } from '@/app/api/_lib/handler';
import { createAccountBody } from '@/lib/auth/schemas';
import { createAccountView, listAccountViews } from '@/server/auth/admin';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/admin/accounts: every account with its roles (platform admins only). */
export const GET = route({ permission: { verb: 'list', resource: 'accounts' } }, () => listAccountViews());

/** POST /api/admin/accounts {username, password, platformAdmin?}: creates an account (201). */
export const POST = route({ permission: { verb: 'create', resource: 'accounts' }, body: createAccountBody, status: 201 }, ({ body }) => createAccountView(body));
