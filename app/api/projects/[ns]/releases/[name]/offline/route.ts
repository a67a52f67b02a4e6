import { releaseActionRoute } from '@/app/api/_lib/release-action-route';
import { offlineRelease } from '@/server/releases/actions';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * POST /api/projects/{ns}/releases/{name}/offline [{generation?}]: Job Offline (409 with the reason
 * when ambiguous, or when the job changed since `generation`: the kept version must be the one seen).
 */
export const POST = releaseActionRoute((ns, name, user, expect) => offlineRelease(ns, name, user, expect));
