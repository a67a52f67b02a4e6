/**
 * Bookinfo's details, ratings and reviews services. Reviews v1 returns no ratings; v2 and v3 call
 * ratings and colour the stars black and red.
 * @see https://istio.io/latest/docs/examples/bookinfo/
 */
import { json, type AppHandler } from './app-types';
import { RATINGS, REVIEWS, forwardHeaders, productDetails } from './bookinfo-data';

const ID_PATH = /^\/(details|ratings|reviews)\/(\d+)$/;

function idFrom(path: string, prefix: string): number | undefined {
  const m = ID_PATH.exec(path);
  return m && m[1] === prefix ? Number(m[2]) : undefined;
}

/** details: `GET /details/<id>`. @see https://istio.io/latest/docs/examples/bookinfo/ */
export function detailsApp(): AppHandler {
  return async (req) => {
    if (req.path === '/health') return json(200, { status: 'Details is healthy' });
    const id = idFrom(req.path, 'details');
    if (id === undefined) return json(400, { error: 'please provide numeric product id' });
    return json(200, productDetails(id));
  };
}

/** ratings: `GET /ratings/<id>`. @see https://istio.io/latest/docs/examples/bookinfo/ */
export function ratingsApp(): AppHandler {
  return async (req) => {
    if (req.path === '/health') return json(200, { status: 'Ratings is healthy' });
    const id = idFrom(req.path, 'ratings');
    if (id === undefined) return json(400, { error: 'please provide numeric product ID' });
    return json(200, { id, ratings: RATINGS });
  };
}

/** reviews vN: `GET /reviews/<id>`; v2 black stars, v3 red stars. @see https://istio.io/latest/docs/examples/bookinfo/ */
export function reviewsApp(version: string): AppHandler {
  const color = version === 'v2' ? 'black' : version === 'v3' ? 'red' : undefined;
  return async (req, ctx) => {
    if (req.path === '/health') return json(200, { status: 'Reviews is healthy' });
    const id = idFrom(req.path, 'reviews');
    if (id === undefined) return json(400, { error: 'please provide numeric product ID' });
    let ratings: Record<string, number> | undefined;
    let ratingsError = false;
    if (color) {
      const r = await ctx.call({ host: 'ratings:9080', path: `/ratings/${id}`, headers: forwardHeaders(req.headers) });
      if (r.status === 200) ratings = (JSON.parse(r.body) as { ratings: Record<string, number> }).ratings;
      else ratingsError = true;
    }
    const reviews = REVIEWS.map((rv) => {
      if (!color) return { reviewer: rv.reviewer, text: rv.text };
      if (ratingsError || !ratings) return { reviewer: rv.reviewer, text: rv.text, rating: { error: 'Ratings service is currently unavailable' } };
      return { reviewer: rv.reviewer, text: rv.text, rating: { stars: ratings[rv.reviewer] ?? 0, color } };
    });
    return json(200, { id: String(id), podname: ctx.pod.name, clustername: 'null', reviews });
  };
}
