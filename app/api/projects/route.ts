import { route } from '@/app/api/_lib/handler';
import { listProjects } from '@/server/projects/projects';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/projects: namespaces as projects, system namespaces left out. */
export const GET = route({ permission: { verb: 'list', resource: 'projects' } }, () => listProjects());
