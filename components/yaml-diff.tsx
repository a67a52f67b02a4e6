'use client';

import { useState, type ReactNode } from 'react';
import type { DiffLine } from '@/lib/release/line-diff';

/** Unchanged runs longer than this fold to their first and last CONTEXT lines. */
const FOLD_AT = 10;
const CONTEXT = 3;

type Block = { kind: 'lines'; lines: Array<DiffLine & { n: number }> } | { kind: 'fold'; id: number; lines: Array<DiffLine & { n: number }> };

/** Splits a diff into shown lines and folds of long unchanged runs (as `git diff` shows hunks). */
function blocks(lines: DiffLine[]): Block[] {
  const out: Block[] = [];
  const numbered = lines.map((l, n) => ({ ...l, n }));
  let i = 0;
  while (i < numbered.length) {
    let j = i;
    while (j < numbered.length && numbered[j].op === ' ' && numbered[j].text !== '---') j++;
    const run = numbered.slice(i, j);
    if (run.length > FOLD_AT) {
      // The first lines of a run stay (apiVersion, kind, metadata name a document), so does the tail before a change.
      const head = CONTEXT;
      const tail = j === numbered.length ? 0 : CONTEXT;
      if (head > 0) out.push({ kind: 'lines', lines: run.slice(0, head) });
      out.push({ kind: 'fold', id: run[head].n, lines: run.slice(head, run.length - tail) });
      if (tail > 0) out.push({ kind: 'lines', lines: run.slice(run.length - tail) });
    } else if (run.length > 0) {
      out.push({ kind: 'lines', lines: run });
    }
    if (j < numbered.length) out.push({ kind: 'lines', lines: [numbered[j]] });
    i = j + 1;
  }
  return out;
}

/** YAML key / value colouring for one line: keys navy, values blue, comments and `---` muted. */
function highlight(text: string): ReactNode {
  if (text === '---') return <span className="text-muted">---</span>;
  const m = /^(\s*(?:- )*)([^\s:#'"][^:#]*?|"[^"]*"|'[^']*')(:)(\s.*|$)/.exec(text);
  if (!m) return <span className="text-info">{text}</span>;
  return (
    <>
      {m[1]}
      <span className="font-semibold text-ink">{m[2]}</span>
      {m[3]}
      <span className="text-info">{m[4]}</span>
    </>
  );
}

function Line({ line }: { line: DiffLine }) {
  const tone = line.op === '+' ? 'bg-primary-soft' : line.op === '-' ? 'bg-danger-soft line-through decoration-danger/40' : '';
  return (
    <div className={`whitespace-pre px-3 ${tone}`} data-op={line.op === ' ' ? 'same' : line.op === '+' ? 'added' : 'removed'}>
      <span className={`mr-2 inline-block w-3 select-none font-semibold ${line.op === '+' ? 'text-[#2d6a4f]' : line.op === '-' ? 'text-danger' : 'text-muted'}`}>{line.op === ' ' ? ' ' : line.op}</span>
      {highlight(line.text)}
    </div>
  );
}

/**
 * A unified-style diff of generated YAML against the cluster: added lines green with "+", removed
 * red with "-" (struck through), keys and values coloured, long unchanged runs folded behind a
 * button. The markers are text, so the diff reads without colour.
 */
export function YamlDiff({ lines, testId = 'yaml-diff' }: { lines: DiffLine[]; testId?: string }) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const added = lines.filter((l) => l.op === '+').length;
  const removed = lines.filter((l) => l.op === '-').length;
  return (
    <div data-testid={testId}>
      <p className="mb-2 text-[12px] text-muted" data-testid={`${testId}-summary`} data-added={added} data-removed={removed}>
        {added + removed === 0 ? (
          <>No changes: the cluster already holds exactly this.</>
        ) : (
          <>
            <span className="font-semibold text-primary-hover">+{added}</span> added, <span className="font-semibold text-danger">-{removed}</span> removed compared with the cluster now.
          </>
        )}
      </p>
      <div className="max-h-[420px] overflow-auto rounded-[4px] border border-line bg-[#f9fbfd] py-2 font-mono text-[11.5px] leading-[18px]" tabIndex={0} role="region" aria-label="YAML diff">
        {blocks(lines).map((b) =>
          b.kind === 'lines' ? (
            b.lines.map((l) => <Line key={l.n} line={l} />)
          ) : open.has(b.id) ? (
            b.lines.map((l) => <Line key={l.n} line={l} />)
          ) : (
            <button
              key={`fold-${b.id}`}
              type="button"
              className="block w-full bg-line-soft/60 px-3 text-left text-[11px] text-info hover:bg-line-soft focus-visible:outline focus-visible:outline-2 focus-visible:outline-info"
              onClick={() => setOpen((s) => new Set([...s, b.id]))}
              data-testid={`${testId}-fold`}
            >
              ⋯ {b.lines.length} unchanged lines (show)
            </button>
          ),
        )}
      </div>
    </div>
  );
}

/** Which objects the preview holds and whether each changes, then the translation's notes. */
export function PreviewSummary({ documents, notes, testId }: { documents: { kind: string; name: string; changed: boolean }[]; notes: string[]; testId: string }) {
  return (
    <div className="mb-2 flex flex-col gap-1.5 text-[12px]" data-testid={testId}>
      <ul className="flex flex-wrap gap-1.5" aria-label="Objects">
        {documents.map((d) => (
          <li
            key={`${d.kind}/${d.name}`}
            className={`rounded-full border px-2 ${d.changed ? 'border-primary bg-primary-soft text-primary-hover' : 'border-line text-muted'}`}
            data-testid={`${testId}-document`}
            data-changed={d.changed}
          >
            {d.kind} <b className="font-semibold">{d.name}</b> · {d.changed ? 'changes' : 'unchanged'}
          </li>
        ))}
      </ul>
      {notes.length > 0 ? (
        <ul className="list-disc pl-5 text-ink-2" data-testid={`${testId}-notes`}>
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
