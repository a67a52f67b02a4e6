/**
 * The generic service any non-Bookinfo image runs: answers with its version and pod, and misbehaves
 * on demand through `SIM_ERROR_RATE` (0..1, share of 500s) and `SIM_LATENCY_MS` from the
 * container's env, so a bad canary can be simulated.
 * @see https://istio.io/latest/docs/tasks/traffic-management/traffic-shifting/
 */
import { json, sleep, type AppHandler } from './app-types';

/** Reads a number from env, clamped to [min, max]; 0 when absent or invalid. @see https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/ */
export function envNumber(env: Record<string, string>, name: string, min: number, max: number): number {
  const n = Number(env[name]);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : 0;
}

/** The echo app for one pod. @see https://istio.io/latest/docs/tasks/traffic-management/traffic-shifting/ */
export function echoApp(env: Record<string, string>): AppHandler {
  const errorRate = envNumber(env, 'SIM_ERROR_RATE', 0, 1);
  const latencyMs = envNumber(env, 'SIM_LATENCY_MS', 0, 600_000);
  return async (req, ctx) => {
    await sleep(latencyMs);
    const base = {
      service: ctx.identity.canonicalService,
      version: ctx.identity.version,
      pod: ctx.pod.name,
      namespace: ctx.pod.namespace,
      method: req.method,
      path: req.path,
      host: req.headers.host ?? '',
    };
    if (errorRate > 0 && ctx.random() < errorRate) return json(500, { ...base, error: 'simulated failure (SIM_ERROR_RATE)' });
    return json(200, base);
  };
}
