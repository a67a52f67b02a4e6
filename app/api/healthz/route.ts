import pkg from '@/package.json';
import type { HealthView } from '@/lib/ui/view-models';

export const dynamic = 'force-dynamic';

/** Liveness/readiness probe for the console process (DESIGN.md REST API: GET /api/healthz). */
export function GET(): Response {
  const body: HealthView = { status: 'ok', version: pkg.version, uptimeSeconds: Math.floor(process.uptime()) };
  return Response.json(body, { headers: { 'cache-control': 'no-store' } });
}
