import { route } from '@/app/api/_lib/handler';
import { visibleProjects } from '@/lib/auth/roles';
import { listProjects } from '@/server/projects/projects';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/projects: namespaces as projects, system namespaces left out, only those the caller has a role in. */
export const GET = route({ permission: { verb: 'list', resource: 'projects' } }, async ({ principal }) => {
  const { items } = await listProjects();
  return { items: visibleProjects(principal, items) };
});
