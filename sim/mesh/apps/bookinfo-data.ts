/**
 * Bookinfo's fixed catalogue: the one product, its details and its two reviews, with the texts
 * the real sample serves.
 * @see https://github.com/istio/istio/tree/master/samples/bookinfo/src
 */

export interface Product {
  id: number;
  title: string;
  descriptionHtml: string;
}

export const PRODUCTS: readonly Product[] = [
  {
    id: 0,
    title: 'The Comedy of Errors',
    descriptionHtml:
      '<a href="https://en.wikipedia.org/wiki/The_Comedy_of_Errors">Wikipedia Summary</a>: The Comedy of Errors is one of <b>William Shakespeare\'s</b> early plays. It is his shortest and one of his most farcical comedies, with a major part of the humour coming from slapstick and mistaken identity, in addition to puns and word play.',
  },
];

/** What details v1 answers for product `id`. @see https://istio.io/latest/docs/examples/bookinfo/ */
export function productDetails(id: number): Record<string, unknown> {
  return {
    id,
    author: 'William Shakespeare',
    year: 1595,
    type: 'paperback',
    pages: 200,
    publisher: 'PublisherA',
    language: 'English',
    'ISBN-10': '1234567890',
    'ISBN-13': '123-1234567890',
  };
}

export const REVIEWS: ReadonlyArray<{ reviewer: string; text: string }> = [
  { reviewer: 'Reviewer1', text: 'An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!' },
  { reviewer: 'Reviewer2', text: 'Absolutely fun and entertaining. The play lacks thematic depth when compared to other plays by Shakespeare.' },
];

export const RATINGS: Readonly<Record<string, number>> = { Reviewer1: 5, Reviewer2: 4 };

/** Headers Bookinfo services copy from an inbound request to their outbound calls (tracing, user). */
export const FORWARDED_HEADERS: readonly string[] = [
  'x-request-id',
  'x-b3-traceid',
  'x-b3-spanid',
  'x-b3-parentspanid',
  'x-b3-sampled',
  'x-b3-flags',
  'b3',
  'traceparent',
  'tracestate',
  'x-ot-span-context',
  'end-user',
  'user-agent',
  'cookie',
];

/** The subset of `headers` a Bookinfo service forwards downstream. @see https://istio.io/latest/docs/tasks/observability/distributed-tracing/overview/#trace-context-propagation */
export function forwardHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of FORWARDED_HEADERS) {
    const v = headers[h];
    if (v !== undefined) out[h] = v;
  }
  return out;
}
