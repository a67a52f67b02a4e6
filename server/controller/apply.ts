import 'server-only';
import { RELEASE_FINALIZER, type GrayscaleRelease } from '@/lib/release';
import { isNotFound } from '../kube/not-found';
import type { Action } from './decide';
import type { Informer, KubeObject } from './informer';
import { apiVersionOf, DEPLOYMENTS, RELEASES, resourcePath, type ResourceType } from './resources';
import { MERGE_PATCH, type KubeRest } from '../kube/rest';

export interface ApplyContext {
  rest: KubeRest;
  releases: Informer;
  deployments: Informer;
  virtualServices: Informer;
  destinationRules: Informer;
}

/**
 * Creates the object, or replaces it when it carries a resourceVersion (optimistic concurrency:
 * a stale read fails with 409 and the job is retried from a fresh read).
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions
 */
async function put(rest: KubeRest, type: ResourceType, cache: Informer, obj: KubeObject): Promise<KubeObject> {
  const namespace = obj.metadata.namespace;
  const body = { ...obj, apiVersion: apiVersionOf(type), kind: type.kind };
  const written = obj.metadata.resourceVersion
    ? await rest.request<KubeObject>({ method: 'PUT', path: resourcePath(type, namespace, obj.metadata.name), body })
    : await rest.request<KubeObject>({ method: 'POST', path: resourcePath(type, namespace), body });
  cache.observe(written);
  return written;
}

async function setFinalizer(ctx: ApplyContext, release: GrayscaleRelease, present: boolean): Promise<void> {
  const others = (release.metadata.finalizers ?? []).filter((f) => f !== RELEASE_FINALIZER);
  const finalizers = present ? [...others, RELEASE_FINALIZER] : others;
  const body = { ...release, metadata: { ...release.metadata, finalizers } };
  try {
    const written = await ctx.rest.request<KubeObject>({ method: 'PUT', path: resourcePath(RELEASES, release.metadata.namespace, release.metadata.name), body });
    // Removing the last finalizer of a deleted object makes it disappear: nothing to observe then.
    if (!present && release.metadata.deletionTimestamp && finalizers.length === 0) ctx.releases.forget(release.metadata.namespace, release.metadata.name);
    else ctx.releases.observe(written);
  } catch (err) {
    if (!present && isNotFound(err)) return;
    throw err;
  }
}

/**
 * Performs one decided write. Each is idempotent against the state it was decided from.
 * https://kubernetes.io/docs/concepts/architecture/controller/#controller-pattern
 */
export async function applyAction(ctx: ApplyContext, release: GrayscaleRelease, action: Action, istio: { virtualServices: ResourceType; destinationRules: ResourceType }): Promise<void> {
  const namespace = release.metadata.namespace;
  switch (action.kind) {
    case 'addFinalizer':
      return setFinalizer(ctx, release, true);
    case 'removeFinalizer':
      return setFinalizer(ctx, release, false);
    case 'applyDestinationRule':
      await put(ctx.rest, istio.destinationRules, ctx.destinationRules, { ...action.object, metadata: { ...action.object.metadata, namespace } } as unknown as KubeObject);
      return;
    case 'applyVirtualService':
      await put(ctx.rest, istio.virtualServices, ctx.virtualServices, { ...action.object, metadata: { ...action.object.metadata, namespace } } as unknown as KubeObject);
      return;
    case 'createDeployment':
    case 'updateDeployment':
      await put(ctx.rest, DEPLOYMENTS, ctx.deployments, { ...action.object, metadata: { ...action.object.metadata, namespace } } as unknown as KubeObject);
      return;
    case 'patchRelease': {
      const written = await ctx.rest.request<KubeObject>({ method: 'PATCH', path: resourcePath(RELEASES, namespace, release.metadata.name), body: action.patch, contentType: MERGE_PATCH });
      ctx.releases.observe(written);
      return;
    }
    case 'deleteDeployment':
      try {
        const res = await ctx.rest.request<KubeObject & { kind?: string }>({
          method: 'DELETE',
          path: resourcePath(DEPLOYMENTS, namespace, action.name),
          query: { propagationPolicy: 'Background' },
        });
        if (res.kind === 'Deployment' && (res.metadata as { finalizers?: string[] }).finalizers?.length) ctx.deployments.observe(res);
        else ctx.deployments.forget(namespace, action.name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        ctx.deployments.forget(namespace, action.name);
      }
      return;
  }
}
