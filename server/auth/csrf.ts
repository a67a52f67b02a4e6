import 'server-only';
import { AppError } from '@/lib/api/errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The host the browser addressed: a reverse proxy's X-Forwarded-Host, else Host, else the URL's. */
function requestHost(request: Request): string {
  return (request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || request.headers.get('host') || new URL(request.url).host).toLowerCase();
}

/**
 * Refuses a state-changing request another site made the browser send (403). Browsers send
 * Sec-Fetch-Site and Origin with every cross-origin and every non-GET fetch, so a request
 * carrying neither is not from a browser page (curl, tests) and has no ambient cookie to abuse.
 * SameSite=Lax cookies already stop most of this; this is the second layer.
 * https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html#verifying-origin-with-standard-headers
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  const site = request.headers.get('sec-fetch-site')?.toLowerCase();
  if (site && site !== 'same-origin' && site !== 'none') {
    throw new AppError('forbidden', `cross-site request refused (Sec-Fetch-Site: ${site})`);
  }
  const origin = request.headers.get('origin');
  if (origin !== null) {
    let host: string | undefined;
    try {
      host = origin === 'null' ? undefined : new URL(origin).host.toLowerCase();
    } catch {
      host = undefined;
    }
    if (host !== requestHost(request)) throw new AppError('forbidden', 'cross-site request refused: the Origin is not this console');
  }
}
