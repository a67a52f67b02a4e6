import { releaseActionRoute } from '@/app/api/_lib/release-action-route';
import { progressAction } from '@/server/releases/progressive';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** POST /api/projects/{ns}/releases/{name}/pause [{generation?}]: spec.paused: the schedule waits (a shown regression still rolls back); 422 without a schedule or when final, 409 on a stale generation. */
export const POST = releaseActionRoute((ns, name, user, expect) => progressAction(ns, name, 'pause', user, expect));
