import type { SpanView } from '@/lib/api/telemetry-types';
import { formatDurationUs } from '@/lib/ui/telemetry-format';

function tag(span: SpanView, key: string): string | undefined {
  const t = span.tags.find((x) => x.key === key);
  return t === undefined ? undefined : String(t.value);
}

/** A span's key facts (version, pod, node, status code, URL) and all of its tags. */
export function SpanDetails({ span, relStart, critical }: { span: SpanView; relStart: number; critical: boolean }) {
  const facts: [string, string | undefined, string][] = [
    ['Version', span.version ?? tag(span, 'istio.canonical_revision'), 'span-version'],
    ['Pod', span.pod ?? undefined, 'span-pod'],
    ['Node', tag(span, 'node_id'), 'span-node'],
    ['Status code', span.statusCode === null ? tag(span, 'http.status_code') : String(span.statusCode), 'span-status'],
    ['URL', span.url ?? tag(span, 'http.url'), 'span-url'],
    ['Kind', span.kind ?? undefined, 'span-kind'],
    ['Starts at', `+${formatDurationUs(relStart)}`, 'span-start'],
    ['Duration', formatDurationUs(span.duration), 'span-duration'],
  ];
  return (
    <div className="space-y-3 border-t border-line-soft bg-surface-2 px-3 py-3" data-testid="span-details">
      <dl className="grid grid-cols-1 gap-x-6 gap-y-1.5 sm:grid-cols-2">
        {facts.map(([k, v, id]) => (
          <div key={k} className="flex min-w-0 gap-2">
            <dt className="w-[84px] shrink-0 text-muted">{k}</dt>
            <dd className={`min-w-0 break-all ${k === 'Pod' || k === 'Node' || k === 'URL' ? 'font-mono text-[11px]' : 'font-semibold'} ${k === 'Status code' && span.error ? 'text-danger' : 'text-ink'}`} data-testid={id}>
              {v ?? '-'}
            </dd>
          </div>
        ))}
      </dl>
      {critical ? <p className="text-[12px] text-ink-2">This span is on the critical path: it adds directly to the request&apos;s end-to-end time.</p> : null}
      {span.tags.length > 0 ? (
        <details>
          <summary className="cursor-pointer text-[12px] font-semibold text-info">All tags ({span.tags.length})</summary>
          <table className="mt-1.5 w-full text-[11px]" data-testid="span-tags">
            <tbody>
              {span.tags.map((t, i) => (
                <tr key={`${t.key}-${i}`} className="border-b border-line-soft last:border-b-0">
                  <td className="w-[38%] py-1 pr-2 align-top font-mono text-muted">{t.key}</td>
                  <td className="break-all py-1 font-mono text-ink">{String(t.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </div>
  );
}
