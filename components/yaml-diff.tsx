import type { DiffLine } from '@/lib/release/line-diff';

/**
 * A unified-style diff of generated YAML against the cluster: added lines green with "+", removed
 * red with "-", unchanged plain. The markers are text, so the diff reads without colour.
 */
export function YamlDiff({ lines, testId = 'yaml-diff' }: { lines: DiffLine[]; testId?: string }) {
  const added = lines.filter((l) => l.op === '+').length;
  const removed = lines.filter((l) => l.op === '-').length;
  return (
    <div data-testid={testId}>
      <p className="mb-2 text-[12px] text-muted">
        <span className="font-semibold text-primary-hover">+{added}</span> added, <span className="font-semibold text-danger">-{removed}</span> removed compared with the cluster now.
      </p>
      <pre className="max-h-[420px] overflow-auto rounded-[4px] border border-line bg-[#f9fbfd] py-2 font-mono text-[11.5px] leading-[18px]" tabIndex={0} aria-label="YAML diff">
        {lines.map((l, i) => (
          <div
            key={i}
            className={`whitespace-pre px-3 ${l.op === '+' ? 'bg-primary-soft text-[#2d6a4f]' : l.op === '-' ? 'bg-danger-soft text-danger' : 'text-ink-2'}`}
          >
            <span className="mr-2 inline-block w-3 select-none text-muted">{l.op === ' ' ? ' ' : l.op}</span>
            {l.text}
          </div>
        ))}
      </pre>
    </div>
  );
}
