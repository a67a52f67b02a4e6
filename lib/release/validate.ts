/**
 * The single validation entry point for the REST API, the controller and the wizard: spec rules
 * (zod, `schema.ts`) and, separately, rules that need cluster facts, given as plain data so this
 * stays pure.
 */

import type { z } from 'zod';
import { RELEASE_LABEL } from './managed';
import { candidateDeploymentName, subsetNameFor } from './names';
import { releaseNameSchema, specSchema } from './schema';
import { httpPorts } from './service-ports';
import { VERSION_LABEL, type Deployment, type DestinationRule, type FieldError, type GrayscaleReleaseSpec, type Service, type ValidationResult } from './types';

function fieldPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function toFieldErrors(prefix: string, issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const field = fieldPath(prefix, [...issue.path, key]);
        errors.push({ field, message: `${field}: unknown field` });
      }
      continue;
    }
    const field = fieldPath(prefix, issue.path);
    const text = issue.code === 'invalid_key' ? `key ${issue.message}` : issue.message;
    errors.push({ field, message: `${field}: ${text}` });
  }
  return errors;
}

/**
 * Validates a GrayscaleRelease spec and applies defaults; errors name the field (`spec.…`).
 * Mirrors the CRD's schema: https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#validation
 */
export function validateReleaseSpec(input: unknown): ValidationResult<GrayscaleReleaseSpec> {
  const parsed = specSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: toFieldErrors('spec', parsed.error.issues) };
}

/**
 * Validates a release's name and spec together (what POST /releases and `kubectl apply` carry).
 * See https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
 */
export function validateRelease(input: { name: unknown; spec: unknown }): ValidationResult<{ name: string; spec: GrayscaleReleaseSpec }> {
  const errors: FieldError[] = [];
  const name = releaseNameSchema.safeParse(input.name);
  if (!name.success) errors.push(...toFieldErrors('metadata.name', name.error.issues));
  const spec = validateReleaseSpec(input.spec);
  if (!spec.ok) errors.push(...spec.errors);
  if (errors.length > 0 || !name.success || !spec.ok) return { ok: false, errors };
  return { ok: true, value: { name: name.data, spec: spec.value } };
}

/** Cluster facts a release is checked against; the caller (server/) gathers them. */
export interface ReleaseContextFacts {
  /** This release's name (so its own managed objects are not counted as conflicts). */
  releaseName: string;
  /** The Service named by `spec.service`, or null when it does not exist. */
  service: Service | null;
  /** The Deployment selected by the Service with `version=<baseline>`, or null when none. */
  baselineDeployment: Deployment | null;
  /** Every Deployment in the namespace (to find name and version clashes). */
  deployments: Deployment[];
  /** Other releases in the namespace that are still active (not Completed). */
  activeReleases: Array<{ name: string; service: string }>;
  /** The DestinationRule for the Service, when one exists. */
  destinationRule?: DestinationRule | null;
}

function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

function err(field: string, text: string): FieldError {
  return { field, message: `${field}: ${text}` };
}

/**
 * Checks a (valid) spec against the cluster: Service and baseline exist, no other active job on the
 * Service, no clash of names, versions or subsets. Pure: all facts are passed in.
 * See https://istio.io/latest/docs/reference/config/networking/destination-rule/#Subset
 */
export function validateReleaseContext(spec: GrayscaleReleaseSpec, facts: ReleaseContextFacts): FieldError[] {
  const errors: FieldError[] = [];
  const { service, baselineDeployment } = facts;

  const rival = facts.activeReleases.find((r) => r.service === spec.service && r.name !== facts.releaseName);
  if (rival) {
    errors.push(err('spec.service', `Service ${spec.service} already has an active release job "${rival.name}"; take that job offline or delete it first (one active job per Service)`));
  }

  if (!service) {
    errors.push(err('spec.service', `Service ${spec.service} was not found in this namespace`));
    return errors;
  }
  const selector = service.spec.selector;
  if (!selector || Object.keys(selector).length === 0) {
    errors.push(err('spec.service', `Service ${spec.service} has no pod selector, so its versions cannot be told apart`));
  }
  if (httpPorts(service).length === 0) {
    errors.push(err('spec.service', `Service ${spec.service} has no HTTP port (name ports http/http-*/grpc-* or set appProtocol: http)`));
  }

  if (!baselineDeployment) {
    errors.push(err('spec.baseline.version', `no Deployment of Service ${spec.service} has pods labelled ${VERSION_LABEL}=${spec.baseline.version}`));
    return errors;
  }
  const templateLabels = baselineDeployment.spec.template.metadata?.labels;
  if (templateLabels?.[VERSION_LABEL] !== spec.baseline.version) {
    errors.push(err('spec.baseline.version', `the pods of Deployment ${baselineDeployment.metadata.name} are not labelled ${VERSION_LABEL}=${spec.baseline.version}`));
  }

  const containers = [...baselineDeployment.spec.template.spec.containers, ...(baselineDeployment.spec.template.spec.initContainers ?? [])];
  for (const name of Object.keys(spec.candidate.images ?? {})) {
    if (!containers.some((c) => c.name === name)) {
      errors.push(
        err(`spec.candidate.images.${name}`, `Deployment ${baselineDeployment.metadata.name} has no container named ${name} (containers: ${containers.map((c) => c.name).join(', ')})`),
      );
    }
  }

  const candidateName = candidateDeploymentName(baselineDeployment.metadata.name, spec.baseline.version, spec.candidate.version);
  for (const d of facts.deployments) {
    if (d.metadata.labels?.[RELEASE_LABEL] === facts.releaseName) continue;
    if (d.metadata.name === candidateName) {
      errors.push(err('spec.candidate.version', `Deployment ${candidateName} already exists and is not managed by this job; choose another version`));
    } else if (selects(selector, d.spec.template.metadata?.labels) && d.spec.template.metadata?.labels?.[VERSION_LABEL] === spec.candidate.version) {
      errors.push(err('spec.candidate.version', `version ${spec.candidate.version} of Service ${spec.service} is already running (Deployment ${d.metadata.name}); choose another version`));
    }
  }

  for (const [field, version] of [
    ['spec.baseline.version', spec.baseline.version],
    ['spec.candidate.version', spec.candidate.version],
  ] as const) {
    const subset = facts.destinationRule?.spec.subsets?.find((s) => s.name === subsetNameFor(version));
    const labels = subset?.labels ?? {};
    if (subset && labels[VERSION_LABEL] !== version) {
      errors.push(
        err(field, `DestinationRule ${facts.destinationRule?.metadata.name} already has a subset "${subset.name}" with other labels (${JSON.stringify(labels)}); rename that subset or choose another version`),
      );
    }
  }
  return errors;
}
