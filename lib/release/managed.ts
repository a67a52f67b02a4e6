/**
 * Labels, annotations and route names that mark what a release manages. Routes are identified by
 * NAME PREFIX (`graylane-<release>-`) because HTTPRoute has no labels or annotations of its own and
 * Istio keeps route names verbatim; the VirtualService carries an annotation naming the release so
 * a reader can tell which job owns those routes, and one holding a hash of the routes we wrote so
 * a manual edit is told apart from a pending spec change (see drift.ts).
 */

export const RELEASE_LABEL = 'graylane.io/release';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'graylane';
export const DERIVED_FROM_ANNOTATION = 'graylane.io/derived-from';
export const ROUTES_ANNOTATION = 'graylane.io/managed-routes';
export const ROUTES_HASH_ANNOTATION = 'graylane.io/managed-routes-hash';
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** Finalizer the controller puts on active jobs so deleting one rolls it back safely. */
export const RELEASE_FINALIZER = 'graylane.io/release-cleanup';

/** The name prefix of every HTTP route a release manages. See https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute */
export function managedRoutePrefix(releaseName: string): string {
  return `graylane-${releaseName}-`;
}

/** Whether an HTTP route belongs to the given release. See https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute */
export function isManagedRoute(route: { name?: string }, releaseName: string): boolean {
  return typeof route.name === 'string' && route.name.startsWith(managedRoutePrefix(releaseName));
}
