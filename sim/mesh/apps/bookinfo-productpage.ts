/**
 * Bookinfo's productpage: the HTML page (details + reviews fetched through the mesh), login and
 * logout with a session cookie, and the JSON API. After login, every downstream call carries
 * `end-user: <name>`, which is what header-based canary rules match on.
 * @see https://istio.io/latest/docs/examples/bookinfo/
 */
import { json, type AppContext, type AppHandler, type AppResponse } from './app-types';
import { PRODUCTS, forwardHeaders, type Product } from './bookinfo-data';

const SESSION_COOKIE = 'session';

/** Parses a Cookie header into name → value. @see https://httpwg.org/specs/rfc6265.html#cookie */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

/** The logged-in user from the session cookie, if any. @see https://istio.io/latest/docs/tasks/traffic-management/request-routing/ */
export function sessionUser(cookieHeader: string | undefined): string | undefined {
  const raw = parseCookies(cookieHeader)[SESSION_COOKIE];
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { user?: unknown };
    return typeof parsed.user === 'string' && parsed.user ? parsed.user : undefined;
  } catch {
    return undefined;
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function outboundHeaders(reqHeaders: Record<string, string>): Record<string, string> {
  const h = forwardHeaders(reqHeaders);
  const user = sessionUser(reqHeaders.cookie);
  if (user) h['end-user'] = user;
  else delete h['end-user'];
  return h;
}

interface ReviewJson {
  podname?: string;
  reviews?: Array<{ reviewer: string; text: string; rating?: { stars?: number; color?: string; error?: string } }>;
}

function stars(count: number, color: string): string {
  let out = `<font color="${color}">`;
  for (let i = 0; i < 5; i++) out += i < count ? '<span class="glyphicon glyphicon-star"></span>' : '<span class="glyphicon glyphicon-star-empty"></span>';
  return `${out}</font>`;
}

function renderReviews(status: number, body: string): string {
  if (status !== 200) {
    return '<div class="reviews" data-testid="reviews" data-stars="none" data-reviews-status="error"><h4 class="text-center text-primary">Error fetching product reviews!</h4><p>Sorry, product reviews are currently unavailable for this book.</p></div>';
  }
  const data = JSON.parse(body) as ReviewJson;
  const reviews = data.reviews ?? [];
  const colors = new Set(reviews.map((r) => r.rating?.color).filter((c): c is string => !!c));
  const marker = colors.has('red') ? 'red' : colors.has('black') ? 'black' : 'none';
  const pod = escapeHtml(data.podname ?? 'unknown');
  let html = `<div class="reviews" data-testid="reviews" data-stars="${marker}" data-reviews-pod="${pod}">`;
  for (const r of reviews) {
    html += `<blockquote><p>${escapeHtml(r.text)}</p><small>${escapeHtml(r.reviewer)}</small>`;
    if (r.rating?.error) html += `<font color="red">${escapeHtml(r.rating.error)}</font>`;
    else if (r.rating?.color) html += stars(r.rating.stars ?? 0, r.rating.color === 'red' ? 'red' : 'black');
    html += '</blockquote>';
  }
  return `${html}<dl><dt>Reviews served by:</dt><u>${pod}</u></dl></div>`;
}

function renderDetails(status: number, body: string): string {
  if (status !== 200) {
    return '<div class="details" data-testid="details"><h4 class="text-center text-primary">Error fetching product details!</h4><p>Sorry, product details are currently unavailable for this book.</p></div>';
  }
  const d = JSON.parse(body) as Record<string, unknown>;
  const row = (k: string, label: string) => `<dt>${label}:</dt>${escapeHtml(String(d[k] ?? ''))}`;
  return `<div class="details" data-testid="details"><h4 class="text-center text-primary">Book Details</h4><dl>${row('type', 'Type')}${row('pages', 'Pages')}${row('publisher', 'Publisher')}${row('language', 'Language')}${row('ISBN-10', 'ISBN-10')}${row('ISBN-13', 'ISBN-13')}</dl></div>`;
}

function renderPage(product: Product, user: string | undefined, details: string, reviews: string): string {
  const who = user
    ? `<p class="navbar-text navbar-right" data-testid="user">Signed in as <b>${escapeHtml(user)}</b> <a href="logout">sign out</a></p>`
    : '<form method="post" action="login" data-testid="login"><input name="username" placeholder="User Name"><input name="passwd" type="password" placeholder="Password"><button type="submit">Sign in</button></form>';
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Simple Bookstore App</title><link rel="stylesheet" href="static/bootstrap/css/bootstrap.min.css"></head>
<body><nav class="navbar navbar-inverse"><a class="navbar-brand" href="#">BookInfo Sample</a>${who}</nav>
<div class="container-fluid"><h3 class="text-center text-primary">${escapeHtml(product.title)}</h3><p>Summary: ${product.descriptionHtml}</p>
<div class="row"><div class="col-md-6">${details}</div><div class="col-md-6">${reviews}</div></div></div></body></html>
`;
}

function html(status: number, body: string, headers: Record<string, string | string[]> = {}): AppResponse {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers }, body };
}

async function productPage(req: { headers: Record<string, string> }, ctx: AppContext): Promise<AppResponse> {
  const headers = outboundHeaders(req.headers);
  const product = PRODUCTS[0]!;
  const [details, reviews] = await Promise.all([
    ctx.call({ host: 'details:9080', path: `/details/${product.id}`, headers }),
    ctx.call({ host: 'reviews:9080', path: `/reviews/${product.id}`, headers }),
  ]);
  const page = renderPage(product, sessionUser(req.headers.cookie), renderDetails(details.status, details.body), renderReviews(reviews.status, reviews.body));
  return html(200, page);
}

function login(body: string): AppResponse {
  const user = new URLSearchParams(body).get('username')?.trim() ?? '';
  if (!user) return { status: 302, headers: { location: '/productpage' }, body: '' };
  const session = Buffer.from(JSON.stringify({ user }), 'utf8').toString('base64url');
  // `user=<name>` too, so cookie-based rules (`cookie: regex "...user=jason..."`) work as in KubeSphere's demo
  return {
    status: 302,
    headers: {
      location: '/productpage',
      'set-cookie': [`${SESSION_COOKIE}=${session}; HttpOnly; Path=/`, `user=${encodeURIComponent(user)}; Path=/`],
    },
    body: '',
  };
}

function logout(): AppResponse {
  return {
    status: 302,
    headers: {
      location: '/productpage',
      'set-cookie': [`${SESSION_COOKIE}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/`, 'user=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/'],
    },
    body: '',
  };
}

async function proxyJson(ctx: AppContext, host: string, path: string, headers: Record<string, string>): Promise<AppResponse> {
  const r = await ctx.call({ host, path, headers });
  return { status: r.status, headers: { 'content-type': 'application/json' }, body: r.body };
}

/** The productpage service. @see https://istio.io/latest/docs/examples/bookinfo/ */
export function productpageApp(): AppHandler {
  return async (req, ctx) => {
    const p = req.path;
    if (p === '/productpage') return productPage(req, ctx);
    if (p === '/' || p === '/index.html') return html(200, '<!DOCTYPE html><html><body><h3>Hello! This is a simple bookstore application consisting of three services as shown below</h3><a href="productpage?u=normal">Normal user</a></body></html>\n');
    if (p === '/health') return json(200, { status: 'Product page is healthy' });
    if (p === '/login' && req.method === 'POST') return login(req.body);
    if (p === '/logout') return logout();
    if (p.startsWith('/static/')) return { status: 200, headers: { 'content-type': p.endsWith('.css') ? 'text/css' : 'application/javascript' }, body: '/* bookinfo static asset */\n' };
    if (p === '/api/v1/products') return json(200, PRODUCTS);
    const m = /^\/api\/v1\/products\/(\d+)(?:\/(reviews|ratings))?$/.exec(p);
    if (m) {
      const id = Number(m[1]);
      const headers = outboundHeaders(req.headers);
      if (m[2] === 'reviews') return proxyJson(ctx, 'reviews:9080', `/reviews/${id}`, headers);
      if (m[2] === 'ratings') return proxyJson(ctx, 'ratings:9080', `/ratings/${id}`, headers);
      return proxyJson(ctx, 'details:9080', `/details/${id}`, headers);
    }
    return html(404, '<!DOCTYPE html><title>404 Not Found</title><h1>Not Found</h1>\n');
  };
}
