/**
 * The REST contract of the KubeSphere 3.x import (GET /api/projects/{ns}/imports and
 * POST /api/projects/{ns}/imports/{strategy}), shared by the server and the import page.
 * https://kubesphere.io/docs/v3.4/project-user-guide/grayscale-release/overview/
 */
import { z } from 'zod';
import type { FieldError } from '@/lib/api/errors';
import { namespaceName } from '@/lib/api/schemas';
import type { StrategyImportResult } from './strategy-import';

/** What importing one Strategy would create, shown before anything is applied. */
export interface StrategyImportPreview extends StrategyImportResult {
  strategy: { name: string; namespace: string; type?: string };
  /** cluster checks the create would fail on now (same rules as POST /releases) */
  contextErrors: FieldError[];
  /**
   * Deployments KubeSphere created for the other version: the import labels them
   * `graylane.io/release=<job>` so the controller adopts them instead of refusing the version.
   */
  adopt: string[];
  /** while the Strategy exists, KubeSphere's controller keeps rewriting the same VirtualService */
  strategyStillPresent: true;
}

/** GET /api/projects/{ns}/imports */
export interface StrategyImportList {
  /** false when the cluster does not serve servicemesh.kubesphere.io (no KubeSphere 3.x mesh) */
  available: boolean;
  previews: StrategyImportPreview[];
}

/** POST /api/projects/{ns}/imports/{strategy} (201) */
export interface StrategyImportResponse {
  /** name of the created release job */
  release: string;
  /** Deployments labelled for the controller to adopt */
  adopted: string[];
  /** the KubeSphere Strategy that was deleted */
  deletedStrategy: string;
}

/** Whether a preview converts cleanly and passes the cluster checks, so Import is offered. */
export function isImportable(p: StrategyImportPreview): boolean {
  return p.release !== null && p.errors.length === 0 && p.contextErrors.length === 0;
}

/** How many Strategies a project has and how many of them can be imported now (Grayscale Release page entry). */
export function importSummary(list: StrategyImportList): { total: number; importable: number } {
  return { total: list.previews.length, importable: list.previews.filter(isImportable).length };
}

/**
 * A Strategy name: a Kubernetes object name (DNS subdomain).
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-subdomain-names
 */
export const strategyName = z
  .string()
  .min(1, 'must not be empty')
  .max(253, 'must be at most 253 characters')
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must consist of lower case letters, digits, "-" and ".", and start and end with a letter or digit');

/** Path parameters of /api/projects/{ns}/imports/{strategy} */
export const importParams = z.object({ ns: namespaceName, strategy: strategyName });
