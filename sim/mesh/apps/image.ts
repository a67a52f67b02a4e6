/**
 * Which in-process behaviour a container image gets: Bookinfo images (any registry prefix) run
 * the matching Bookinfo service, everything else the echo service.
 * @see https://istio.io/latest/docs/examples/bookinfo/
 */

export type BookinfoService = 'productpage' | 'details' | 'reviews' | 'ratings';

export type AppKind = { kind: 'bookinfo'; service: BookinfoService; version: string } | { kind: 'echo' };

const BOOKINFO_IMAGE = /(?:^|\/)examples-bookinfo-(productpage|details|reviews|ratings)-(v\d+)(?:-[a-z0-9-]+)?(?::[^/]*|@[^/]*)?$/;

/** Classifies an image reference. @see https://istio.io/latest/docs/examples/bookinfo/#the-bookinfo-application */
export function appKindForImage(image: string): AppKind {
  const m = BOOKINFO_IMAGE.exec(image);
  if (!m) return { kind: 'echo' };
  return { kind: 'bookinfo', service: m[1] as BookinfoService, version: m[2]! };
}
