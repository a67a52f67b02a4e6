import 'server-only';
import { BUILTIN_SYSTEM_NAMESPACES } from '@/lib/api/view-models';

/** DESIGN.md "Configuration": read at call time so tests and restarts see the current environment. */
export function systemNamespace(): string {
  return process.env.GRAYLANE_SYSTEM_NAMESPACE?.trim() || 'graylane-system';
}

/** Namespaces never shown as projects: Kubernetes', Istio's and the console's own. */
export function systemNamespaces(): string[] {
  return [...new Set([...BUILTIN_SYSTEM_NAMESPACES, systemNamespace()])];
}

/** Whether a Prometheus HTTP API is configured (GRAYLANE_PROMETHEUS_URL). */
export function prometheusConfigured(): boolean {
  return Boolean(process.env.GRAYLANE_PROMETHEUS_URL?.trim());
}

/** Whether a Jaeger query API is configured (GRAYLANE_JAEGER_URL). */
export function jaegerConfigured(): boolean {
  return Boolean(process.env.GRAYLANE_JAEGER_URL?.trim());
}
