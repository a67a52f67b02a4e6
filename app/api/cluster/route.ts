import { route } from '@/app/api/_lib/handler';
import { getClusterInfo } from '@/server/cluster/cluster-info';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/cluster: API server, Kubernetes version, reachability, Istio and telemetry configuration (UI banner). */
export const GET = route({ permission: { verb: 'get', resource: 'cluster' } }, () => getClusterInfo());
