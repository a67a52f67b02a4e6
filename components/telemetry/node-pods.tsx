import { ApiErrorNotice } from '@/components/api-error-notice';
import type { ServiceView } from '@/lib/api/types';
import { compareVersions } from '@/lib/ui/telemetry-format';

/** The pods serving a version (or every version of a service), from GET /api/projects/{ns}/services. */
export function NodePods({ service, version, pending, error }: { service: ServiceView | undefined; version?: string; pending: boolean; error: unknown }) {
  const versions = [...(service?.versions ?? [])].filter((v) => version === undefined || v.version === version).sort((a, b) => compareVersions(a.version, b.version));
  return (
    <section data-testid="node-panel-pods">
      <h3 className="mb-1.5 text-[12px] font-semibold text-muted">Pods</h3>
      {error ? (
        <ApiErrorNotice error={error} action="Loading pods" testId="node-panel-pods-error" />
      ) : pending ? (
        <p className="text-[12px] text-muted">Loading pods…</p>
      ) : versions.length === 0 ? (
        <p className="text-[12px] text-muted">No workload found for this {version ? 'version' : 'service'}: it may have been taken offline.</p>
      ) : (
        <ul className="divide-y divide-line-soft rounded-[4px] border border-line-soft">
          {versions.flatMap((v) =>
            v.pods.length === 0
              ? [
                  <li key={v.deployment} className="px-3 py-2 text-[12px] text-muted">
                    {v.deployment} ({v.version}): no pods
                  </li>,
                ]
              : v.pods.map((p) => (
                  <li key={p.name} className="flex items-center gap-2 px-3 py-1.5 text-[12px]" data-testid="node-panel-pod" data-version={v.version}>
                    <span className={`h-2 w-2 shrink-0 rounded-full ${p.terminating ? 'bg-subtle' : p.ready ? 'bg-primary' : 'bg-warning'}`} aria-hidden="true" />
                    <span className="min-w-0 flex-1 truncate font-mono text-[11px] text-ink" title={p.name}>
                      {p.name}
                    </span>
                    <span className="shrink-0 text-muted">{v.version || 'no version'}</span>
                    <span className="shrink-0 text-muted">{p.terminating ? 'Terminating' : p.ready ? 'Ready' : p.phase}</span>
                    <span className="hidden shrink-0 font-mono text-[11px] text-muted sm:inline">{p.ip ?? ''}</span>
                  </li>
                )),
          )}
        </ul>
      )}
    </section>
  );
}
