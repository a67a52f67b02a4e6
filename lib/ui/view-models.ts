/** Shapes the pages receive (DESIGN.md house rule 1: reshaped view models, never raw objects). */
import type { ProjectView } from '@/lib/api/types';

/**
 * What the projects list can say: the projects, or why there are none to show. "not-configured"
 * is no kubeconfig at all; "unreachable" is a configured cluster that did not answer.
 */
export type ProjectsView =
  | { state: 'ok'; projects: ProjectView[] }
  | { state: 'not-configured'; message: string }
  | { state: 'unreachable'; message: string };

/** `GET /api/healthz` body. */
export interface HealthView {
  status: 'ok';
  version: string;
  uptimeSeconds: number;
}
