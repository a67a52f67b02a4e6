import { route } from '@/app/api/_lib/handler';
import { importParams } from '@/lib/kubesphere/import-view';
import { applyStrategyImport } from '@/server/kubesphere/import-apply';
import { actingUser } from '@/server/releases/acting-user';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * POST /api/projects/{ns}/imports/{strategy}: imports a KubeSphere Strategy as a release job (all
 * or nothing) and deletes the Strategy; creating a job needs the operator role.
 */
export const POST = route(
  { params: importParams, status: 201, permission: ({ params }) => ({ verb: 'create', resource: 'releases', namespace: params.ns }) },
  async ({ params, request }) => applyStrategyImport(params.ns, params.strategy, await actingUser(request)),
);
