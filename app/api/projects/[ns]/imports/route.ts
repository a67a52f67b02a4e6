import { route } from '@/app/api/_lib/handler';
import { projectParams } from '@/lib/api/schemas';
import type { StrategyImportList } from '@/lib/kubesphere/import-view';
import { previewStrategyImports } from '@/server/kubesphere/strategies';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/projects/{ns}/imports: the project's KubeSphere 3.x Strategies, each previewed as a job. */
export const GET = route(
  { params: projectParams, permission: ({ params }) => ({ verb: 'list', resource: 'releases', namespace: params.ns }) },
  ({ params }): Promise<StrategyImportList> => previewStrategyImports(params.ns),
);
