import { releaseActionRoute } from '@/app/api/_lib/release-action-route';
import { progressAction } from '@/server/releases/progressive';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** POST /api/projects/{ns}/releases/{name}/abort [{generation?}]: one-shot graylane.io/abort: all traffic back to the baseline, job Failed, candidate kept; 422 without a schedule or when final, 409 on a stale generation. */
export const POST = releaseActionRoute((ns, name, user, expect) => progressAction(ns, name, 'abort', user, expect));
