import 'server-only';
import { notFound } from 'next/navigation';
import { isAppError } from '@/lib/api/errors';
import { decide } from '@/lib/auth/permissions';
import { currentPrincipal } from '@/server/auth/current';
import { requireProject } from '@/server/projects/projects';

/**
 * Renders the 404 page (inside the project layout's parent, so no navigation full of 403 errors)
 * when the signed-in user has no role in project `ns`, or the namespace does not exist or is a
 * system one. Both answer alike, as KubeSphere does, so a URL does not reveal which projects exist.
 * An unreachable cluster is not "not found": the pages then show their own error states.
 * https://nextjs.org/docs/app/api-reference/functions/not-found
 */
export async function requireVisibleProject(ns: string): Promise<void> {
  const principal = await currentPrincipal();
  if (!principal || !decide(principal, { verb: 'get', resource: 'projects', namespace: ns }).allowed) notFound();
  try {
    await requireProject(ns);
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') notFound();
    // cluster unreachable, no kubeconfig, timeouts: the banner and each page's error state say so
  }
}
