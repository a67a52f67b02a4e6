/**
 * Next.js Proxy (formerly middleware): sends page visits without a valid session to
 * /login?next=<where they were going>. It only checks that the cookie opens and has not expired
 * (no cluster call); the API routes make the full check (account enabled, session not revoked,
 * role) on every request, so this is a convenience, never the security boundary.
 * https://nextjs.org/docs/app/api-reference/file-conventions/proxy
 */
import { NextResponse, type NextRequest } from 'next/server';
import { authEnforced } from '@/server/auth/enforcement';
import { openSession, SESSION_COOKIE } from '@/server/auth/session-token';

/** A path whose %-escapes do not decode (`%FF`, `%zz`, a lone `%`). */
function malformedPath(pathname: string): boolean {
  try {
    for (const segment of pathname.split('/')) decodeURIComponent(segment);
    return false;
  } catch {
    return true;
  }
}

/** Refuses malformed URLs with a 400; redirects unauthenticated page visits to the login page. */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  // Next's router fails on a malformed escape in a dynamic segment with a bare 500 before any
  // route handler runs (found by the reliability fuzzing, issue 8); answer 400 in the API's shape.
  if (malformedPath(request.nextUrl.pathname)) {
    return NextResponse.json(
      { error: { code: 'bad_request', message: 'the URL path is not valid percent-encoding', fields: [{ field: 'path', message: 'malformed %-escape' }] } },
      { status: 400 },
    );
  }
  if (request.nextUrl.pathname.startsWith('/api/')) return NextResponse.next();
  if (!authEnforced()) return NextResponse.next();
  const token = request.cookies.get(SESSION_COOKIE)?.value;
  let valid = false;
  try {
    valid = Boolean(token && (await openSession(token)));
  } catch {
    valid = false; // misconfigured secret: the login page says so
  }
  if (valid) return NextResponse.next();
  const login = new URL('/login', request.url);
  const next = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  if (next !== '/') login.searchParams.set('next', next);
  return NextResponse.redirect(login);
}

export const config = {
  // Pages and the API (for the escape check only: the API answers 401 itself); static files, icons
  // and the login page stay public.
  matcher: ['/((?!_next/|login|icon\\.svg|favicon\\.ico|.*\\.(?:svg|png|jpg|ico|css|js|map|txt)$).*)'],
};
