import { route } from '@/app/api/_lib/handler';
import { projectParams } from '@/lib/api/schemas';
import { deploySampleApplication } from '@/server/applications/deploy-sample';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** POST /api/projects/{ns}/applications/sample: deploys Bookinfo v1 (201 with the application; 409 when already there). */
export const POST = route(
  { params: projectParams, status: 201, permission: ({ params }) => ({ verb: 'create', resource: 'applications', namespace: params.ns }) },
  ({ params }) => deploySampleApplication(params.ns),
);
