import 'server-only';
import { connection } from 'next/server';
import { isAppError } from '@/lib/api/errors';
import { visibleProjects } from '@/lib/auth/roles';
import type { ProjectsView } from '@/lib/ui/view-models';
import { currentPrincipal } from '@/server/auth/current';
import { listProjects as listClusterProjects } from '@/server/projects/projects';

/**
 * Projects for the list page: the cluster's answer, or a state that says why there is none
 * (no kubeconfig, cluster not answering) so the page can explain it instead of showing a blank.
 */
export async function listProjects(): Promise<ProjectsView> {
  await connection(); // always per request: the answer comes from the cluster, never from the build
  try {
    const [{ items }, principal] = await Promise.all([listClusterProjects(), currentPrincipal()]);
    // Only the projects the user has a role in (issue 7); no principal means no projects.
    return { state: 'ok', projects: principal ? visibleProjects(principal, items) : [] };
  } catch (err) {
    if (isAppError(err) && err.code === 'unavailable') return { state: 'not-configured', message: err.message };
    if (isAppError(err) && (err.code === 'cluster_unreachable' || err.code === 'timeout')) return { state: 'unreachable', message: err.message };
    throw err;
  }
}
