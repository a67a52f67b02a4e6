import 'server-only';
import { AppError, type FieldError } from '@/lib/api/errors';
import { ownedDestinationRule } from '@/lib/release/owned-objects';
import { validateRelease, validateReleaseContext, validateReleaseSpec, type ReleaseContextFacts } from '@/lib/release/validate';
import { VERSION_LABEL, type Deployment, type GrayscaleReleaseSpec } from '@/lib/release/types';
import { meshMembership, templateWorkload } from '@/lib/mesh/membership';
import type { NamespaceObjects } from './namespace-objects';

/** Names the static routes under /releases/ take, so a job with such a name could not be addressed. */
const RESERVED_NAMES = ['defaults', 'preview'];

function invalid(code: 'bad_request' | 'invalid' | 'conflict', fields: FieldError[]): AppError {
  return new AppError(code, fields.map((f) => f.message).join('; '), { fields });
}

/** The request body names the job `name`, not `metadata.name`: report it as the field the caller sent. */
function asRequestField(f: FieldError): FieldError {
  if (f.field !== 'metadata.name' && !f.field.startsWith('metadata.name.')) return f;
  const field = f.field.replace(/^metadata\.name/, 'name');
  return { field, message: f.message.replace(/^metadata\.name/, 'name') };
}

/**
 * Checks a create request's name and spec with the shared rules (lib/release); 400 naming each bad
 * field (`name`, `spec.candidate.version`, ...). Returns the spec with defaults applied.
 */
export function validateCreateInput(input: { name: unknown; spec: unknown }): { name: string; spec: GrayscaleReleaseSpec } {
  const result = validateRelease(input);
  const fields = result.ok ? [] : result.errors.map(asRequestField);
  if (typeof input.name === 'string' && RESERVED_NAMES.includes(input.name)) {
    fields.unshift({ field: 'name', message: `name: "${input.name}" is reserved by the console's API; choose another name` });
  }
  if (fields.length > 0 || !result.ok) throw invalid('bad_request', fields);
  return result.value;
}

/** Checks a changed spec with the shared rules; 400 naming each bad field. */
export function validateSpec(spec: unknown): GrayscaleReleaseSpec {
  const result = validateReleaseSpec(spec);
  if (!result.ok) throw invalid('bad_request', result.errors);
  return result.value;
}

/** The baseline Deployment: selected by the Service, pods labelled with the baseline version, not being deleted. */
export function baselineDeploymentOf(spec: GrayscaleReleaseSpec, objects: NamespaceObjects): Deployment | null {
  const selector = objects.services.find((s) => s.metadata.name === spec.service)?.spec.selector ?? {};
  if (Object.keys(selector).length === 0) return null;
  const selects = (labels: Record<string, string> | undefined) => Object.entries(selector).every(([k, v]) => labels?.[k] === v);
  return (
    objects.deployments
      .filter((d) => !d.metadata.deletionTimestamp && selects(d.spec.template.metadata?.labels) && d.spec.template.metadata?.labels?.[VERSION_LABEL] === spec.baseline.version)
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))[0] ?? null
  );
}

/** The cluster facts validateReleaseContext checks a job against. */
export function contextFacts(ns: string, releaseName: string, spec: GrayscaleReleaseSpec, objects: NamespaceObjects): ReleaseContextFacts {
  return {
    releaseName,
    service: objects.services.find((s) => s.metadata.name === spec.service) ?? null,
    baselineDeployment: baselineDeploymentOf(spec, objects),
    deployments: objects.deployments,
    // Completed jobs no longer hold their Service; one being deleted still does until its rollback ends.
    activeReleases: objects.releases.filter((r) => r.status?.phase !== 'Completed').map((r) => ({ name: r.metadata.name, service: r.spec.service })),
    destinationRule: ownedDestinationRule(objects.destinationRules, { serviceName: spec.service, namespace: ns }),
  };
}

/**
 * Checks a valid spec against the cluster: 409 when the Service already has an active job
 * (naming it), 422 for a missing Service or baseline, a taken version or a colliding subset.
 * https://istio.io/latest/docs/reference/config/networking/destination-rule/#Subset
 */
export function checkContext(ns: string, releaseName: string, spec: GrayscaleReleaseSpec, objects: NamespaceObjects): void {
  const facts = contextFacts(ns, releaseName, spec, objects);
  const fields = validateReleaseContext(spec, facts).map((f) => ({ ...f, message: f.message.replace('in this namespace', `in project ${ns}`) }));
  if (fields.length === 0) return;
  const rival = facts.activeReleases.some((r) => r.service === spec.service && r.name !== releaseName);
  throw invalid(rival ? 'conflict' : 'invalid', fields);
}

/**
 * Refuses a job whose Service is not in the mesh (namespace without sidecar injection, or the
 * baseline's pods opting out): 422 on `spec.service` with the reason. Only sidecars can split
 * traffic by version, so such a job could never route anything.
 * https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#controlling-the-injection-policy
 */
export function checkMesh(ns: string, spec: GrayscaleReleaseSpec, objects: NamespaceObjects, namespaceLabels: Record<string, string> | undefined): void {
  const baseline = baselineDeploymentOf(spec, objects);
  const membership = meshMembership({ namespace: ns, namespaceLabels, service: spec.service, workloads: baseline ? [templateWorkload(baseline)] : [] });
  if (!membership.inMesh) throw invalid('invalid', [{ field: 'spec.service', message: membership.reason }]);
}
