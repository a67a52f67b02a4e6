/**
 * THE translation from a GrayscaleRelease to the objects the controller writes: used by the
 * controller and by the YAML preview alike, so what users preview is what gets applied.
 *
 * Level-based: every call recomputes the whole desired state from the spec and the facts.
 * Apply in `applyOrder`: when a subset appears, the DestinationRule goes first (a route may only
 * point at an existing subset); when one disappears, the VirtualServices go first. The candidate
 * Deployment comes last: routes are pinned to subsets before its pods exist, so no unpinned route
 * (a gateway's, or a Service with no VirtualService yet) can reach a pod nobody decided to send
 * traffic to.
 */

import { deriveCandidateDeployment, isOwnCandidate, updateCandidateDeployment } from './candidate-deployment';
import { mergeDestinationRule } from './destination-rule';
import { governGatewayVirtualService, isGatewayOnly } from './gateway-routes';
import { buildManagedRoutes } from './managed-routes';
import { planRouting, type RoutingPlan } from './routing-plan';
import { httpPorts } from './service-ports';
import type { Deployment, DestinationRule, GrayscaleReleaseSpec, ObjectMeta, Service, VirtualService } from './types';
import { mergeVirtualService } from './virtual-service';

export interface TranslateInput {
  release: { metadata: Pick<ObjectMeta, 'name' | 'namespace'>; spec: GrayscaleReleaseSpec };
  service: Service;
  /** The running baseline Deployment; null once it is gone (after Job Offline removed it). */
  baselineDeployment: Deployment | null;
  /** The candidate Deployment as it exists now, if it does. */
  candidateDeployment?: Deployment | null;
  /** Whether the candidate has ready pods (the controller reads Deployment status). */
  candidateReady: boolean;
  existingVirtualService?: VirtualService | null;
  existingDestinationRule?: DestinationRule | null;
  /**
   * VirtualServices of the namespace bound only to gateways that route to the Service (or carry
   * this job's routes): their routes to the Service follow the same plan (see gateway-routes.ts).
   */
  gatewayVirtualServices?: VirtualService[];
}

export type ApplyStep = 'candidateDeployment' | 'destinationRule' | 'virtualService' | 'gatewayVirtualServices';

export interface TranslateOutput {
  /** The desired candidate Deployment; null when the translation leaves it alone (offline, or no baseline to derive from). */
  candidateDeployment: Deployment | null;
  destinationRule: DestinationRule;
  virtualService: VirtualService;
  /** The given gateway-only VirtualServices with their routes to the Service governed by the plan (write those that differ). */
  gatewayVirtualServices: VirtualService[];
  /** The routing decided now (which may be safer than the spec asks, see notes). */
  plan: RoutingPlan;
  applyOrder: ApplyStep[];
  notes: string[];
}

/**
 * Translates a release into its candidate Deployment, DestinationRule and VirtualService.
 * See https://istio.io/latest/docs/reference/config/networking/virtual-service/ and https://istio.io/latest/docs/reference/config/networking/destination-rule/
 */
export function translateRelease(input: TranslateInput): TranslateOutput {
  const { release, service } = input;
  const { spec } = release;
  const releaseName = release.metadata.name;
  const namespace = release.metadata.namespace ?? service.metadata.namespace;
  const notes: string[] = [];

  const routable = { baseline: input.baselineDeployment !== null, candidate: input.candidateReady };
  const { plan, notes: planNotes } = planRouting(spec, routable);
  notes.push(...planNotes);

  let candidateDeployment: Deployment | null = null;
  if (spec.offline) {
    notes.push('job is going offline: the candidate Deployment is kept or deleted by the offline plan, not re-derived');
  } else if (input.candidateDeployment && isOwnCandidate(input.candidateDeployment, releaseName, spec)) {
    // An existing candidate is updated, not re-derived: the controller enforces only replicas and
    // images, so re-deriving would show server-set fields and the user's tuning as changes.
    candidateDeployment = updateCandidateDeployment(input.candidateDeployment, spec);
  } else if (input.baselineDeployment) {
    candidateDeployment = deriveCandidateDeployment(releaseName, spec, input.baselineDeployment);
  } else {
    notes.push(`baseline ${spec.baseline.version} has no Deployment to derive the candidate from: the candidate is left as it is`);
  }

  const ports = httpPorts(service);
  if (ports.length === 0) throw new Error(`Service ${service.metadata.name} has no HTTP port to route`);
  const managedRoutes = buildManagedRoutes(releaseName, spec, plan, {
    host: service.metadata.name,
    ports,
    needsDestinationPort: (service.spec.ports?.length ?? 0) > 1,
  });

  const present = [...(routable.baseline ? [spec.baseline.version] : []), ...(routable.candidate ? [spec.candidate.version] : [])];
  const destinationRule = mergeDestinationRule({
    releaseName,
    namespace,
    serviceName: service.metadata.name,
    plan: { present, managed: [spec.baseline.version, spec.candidate.version] },
    existing: input.existingDestinationRule,
  });

  const vs = mergeVirtualService({
    releaseName,
    namespace,
    serviceName: service.metadata.name,
    ports: ports.map((p) => p.port),
    managed: managedRoutes,
    existing: input.existingVirtualService,
  });
  notes.push(...vs.notes);

  const gatewayVirtualServices = (input.gatewayVirtualServices ?? []).filter(isGatewayOnly).map((existing) => {
    const g = governGatewayVirtualService(existing, { releaseName, namespace, serviceName: service.metadata.name, spec, plan });
    notes.push(...g.notes);
    return g.virtualService;
  });

  const before = new Set((input.existingDestinationRule?.spec.subsets ?? []).map((s) => s.name));
  const after = new Set((destinationRule.spec.subsets ?? []).map((s) => s.name));
  const removesSubset = [...before].some((name) => !after.has(name));
  const routes: ApplyStep[] = ['virtualService', ...(gatewayVirtualServices.length > 0 ? (['gatewayVirtualServices'] as const) : [])];
  const applyOrder: ApplyStep[] = [
    ...(removesSubset ? [...routes, 'destinationRule' as const] : ['destinationRule' as const, ...routes]),
    ...(candidateDeployment ? (['candidateDeployment'] as const) : []),
  ];

  return { candidateDeployment, destinationRule, virtualService: vs.virtualService, gatewayVirtualServices, plan, applyOrder, notes };
}
