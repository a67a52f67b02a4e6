import 'server-only';
import { AppError } from '@/lib/api/errors';
import type { ReleasePreview } from '@/lib/api/release-types';
import { RELEASE_LABEL, ROUTES_ANNOTATION } from '@/lib/release/managed';
import { ownedGatewayVirtualServices } from '@/lib/release/owned-objects';
import { candidateDeploymentName } from '@/lib/release/names';
import { renderPreview } from '@/lib/release/preview';
import { effectiveSpec } from '@/lib/release/progressive';
import { SubsetCollisionError } from '@/lib/release/destination-rule';
import { translateRelease } from '@/lib/release/translate';
import { VERSION_LABEL, type Deployment, type GrayscaleRelease } from '@/lib/release/types';
import { getKubeClients, type KubeClients } from '../kube/client';
import { requireProject } from '../projects/projects';
import type { CreateReleaseInput } from './create';
import { readNamespaceObjects, type NamespaceObjects } from './namespace-objects';
import { readRelease } from './release-objects';
import { baselineDeploymentOf, checkContext, validateCreateInput } from './validation';
import { routingOf } from './view-model';

/** The candidate Deployment as it exists now: the job's own, else the one with the derived name. */
function candidateDeploymentOf(release: Pick<GrayscaleRelease, 'metadata' | 'spec'>, baseline: Deployment | null, objects: NamespaceObjects): Deployment | null {
  const { spec } = release;
  const ours = objects.deployments.find((d) => d.metadata.labels?.[RELEASE_LABEL] === release.metadata.name && d.spec.template.metadata?.labels?.[VERSION_LABEL] === spec.candidate.version);
  if (ours) return ours;
  const derived = baseline ? candidateDeploymentName(baseline.metadata.name, spec.baseline.version, spec.candidate.version) : undefined;
  return objects.deployments.find((d) => d.metadata.name === derived) ?? null;
}

/**
 * The objects the controller writes for a job once its candidate is ready (the target state; a
 * note says when traffic is held back until then), from the same translateRelease, diffed
 * against the cluster now. https://istio.io/latest/docs/reference/config/networking/virtual-service/
 */
export function renderReleasePreview(release: Pick<GrayscaleRelease, 'metadata' | 'spec'>, objects: NamespaceObjects): ReleasePreview {
  const { spec } = release;
  const { service, virtualService, destinationRule } = routingOf(release, objects);
  if (!service) {
    const message = `spec.service: Service ${spec.service} was not found in project ${release.metadata.namespace}`;
    throw new AppError('invalid', message, { fields: [{ field: 'spec.service', message }] });
  }
  const baseline = baselineDeploymentOf(spec, objects);
  const candidate = candidateDeploymentOf(release, baseline, objects);
  const candidateHasReadyPods = (candidate?.status?.readyReplicas ?? 0) > 0;
  const gateways = ownedGatewayVirtualServices(objects.virtualServices, { releaseName: release.metadata.name, serviceName: spec.service, namespace: release.metadata.namespace ?? '' });
  const notes: string[] = [];
  if (!spec.offline && !candidateHasReadyPods && baseline) {
    notes.push(`${spec.candidate.version} has no ready pods yet: until it has, the controller keeps all traffic on ${spec.baseline.version}; shown is the routing once it is ready`);
  }
  try {
    const out = translateRelease({
      release,
      service,
      baselineDeployment: baseline,
      candidateDeployment: candidate,
      candidateReady: spec.offline ? candidateHasReadyPods : true,
      existingVirtualService: virtualService,
      existingDestinationRule: destinationRule,
      gatewayVirtualServices: gateways,
    });
    // Only gateway VirtualServices the job changes or already governs are worth a document.
    const governed = out.gatewayVirtualServices.filter((vs) => vs.metadata.annotations?.[ROUTES_ANNOTATION] === release.metadata.name);
    const rendered = renderPreview(
      { virtualService: out.virtualService, destinationRule: out.destinationRule, candidateDeployment: out.candidateDeployment, gatewayVirtualServices: governed },
      { virtualService, destinationRule, candidateDeployment: candidate, gatewayVirtualServices: gateways },
    );
    return {
      yaml: rendered.yaml,
      diff: rendered.diff,
      documents: rendered.documents.map(({ kind, name, yaml, existingYaml, changed }) => ({ kind, name, yaml, existingYaml, changed })),
      notes: [...notes, ...out.notes],
    };
  } catch (err) {
    if (err instanceof SubsetCollisionError) {
      const field = err.version === spec.baseline.version ? 'spec.baseline.version' : 'spec.candidate.version';
      throw new AppError('invalid', `${field}: ${err.message}`, { fields: [{ field, message: `${field}: ${err.message}` }] });
    }
    if (err instanceof Error) throw new AppError('conflict', `no preview for release job ${release.metadata.name} now: ${err.message}`);
    throw err;
  }
}

/** GET .../releases/{name}/preview: what the controller writes (or wrote) for an existing job. */
export async function previewRelease(ns: string, name: string, clients: KubeClients = getKubeClients()): Promise<ReleasePreview> {
  await requireProject(ns, clients);
  const [release, objects] = await Promise.all([readRelease(ns, name, clients), readNamespaceObjects(ns, clients)]);
  // a progressive job routes by its current step, not by spec.traffic.candidateWeight (lib/release/progressive.ts)
  return renderReleasePreview({ ...release, spec: effectiveSpec(release.spec, release.status?.progress) }, objects);
}

/** POST .../releases/preview: the wizard's preview of a job before it exists, with create's validation; writes nothing. */
export async function previewNewRelease(ns: string, input: CreateReleaseInput, clients: KubeClients = getKubeClients()): Promise<ReleasePreview> {
  const { name, spec } = validateCreateInput(input);
  const [, objects] = await Promise.all([requireProject(ns, clients), readNamespaceObjects(ns, clients)]);
  checkContext(ns, name, spec, objects);
  // a new progressive job starts at its first step's weight
  return renderReleasePreview({ metadata: { name, namespace: ns }, spec: effectiveSpec(spec, undefined) }, objects);
}
