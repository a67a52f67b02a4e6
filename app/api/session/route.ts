import { route } from '@/app/api/_lib/handler';
import { loginBody } from '@/lib/auth/schemas';
import { closeSessionResponse, currentSessionView, openSessionResponse } from '@/server/auth/session-routes';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** POST /api/session {username, password}: logs in (200 + HttpOnly cookie; 401 generic; 429 + Retry-After). */
export const POST = route({ permission: 'public', body: loginBody }, ({ request, body }) => openSessionResponse(request, body.username, body.password));

/** GET /api/session: the current user, platform admin flag, roles per project and permissions. */
export const GET = route({ permission: 'public' }, ({ request }) => currentSessionView(request));

/** DELETE /api/session: logs out (every session of the user ends; the cookie is cleared). */
export const DELETE = route({ permission: 'public' }, ({ request }) => closeSessionResponse(request));
