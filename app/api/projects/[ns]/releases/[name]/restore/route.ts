import { releaseActionRoute } from '@/app/api/_lib/release-action-route';
import { restoreRelease } from '@/server/releases/actions';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** POST /api/projects/{ns}/releases/{name}/restore [{generation?}]: clears Take Over (409 when the job changed since `generation`). */
export const POST = releaseActionRoute((ns, name, user, expect) => restoreRelease(ns, name, user, expect));
