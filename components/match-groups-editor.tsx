'use client';

import { BROWSER_PRESETS, OS_PRESETS } from '@/lib/release/types';
import type { ConditionGroup, ConditionKind, ConditionRow, MatchOp, WizardErrors } from '@/lib/ui/release-wizard';
import { Button } from './button';
import { FieldErrorText, INPUT_CLASS } from './form-field';
import { Icon } from './icon';

const KINDS: { id: ConditionKind; label: string }[] = [
  { id: 'header', label: 'Header' },
  { id: 'cookie', label: 'Cookie' },
  { id: 'uri', label: 'URI' },
  { id: 'os', label: 'Operating system' },
  { id: 'browser', label: 'Browser' },
];

let seq = 0;
const newId = () => `c${Date.now().toString(36)}${(seq++).toString(36)}`;

/** A new header condition (`end-user exact ...`), the most common KubeSphere rule. */
export function newCondition(kind: ConditionKind = 'header'): ConditionRow {
  return { id: newId(), kind, name: kind === 'header' ? 'end-user' : '', op: 'exact', value: '', presets: [] };
}

export function newGroup(): ConditionGroup {
  return { id: newId(), conditions: [newCondition()] };
}

/** Condition groups: a request matching ANY group goes to the new version; inside a group ALL conditions must hold. */
export function MatchGroupsEditor({ groups, errors, onChange }: { groups: ConditionGroup[]; errors: WizardErrors; onChange: (groups: ConditionGroup[]) => void }) {
  const setGroup = (gi: number, g: ConditionGroup) => onChange(groups.map((x, i) => (i === gi ? g : x)));
  return (
    <div className="flex flex-col gap-3" data-testid="match-groups">
      {groups.map((g, gi) => (
        <fieldset key={g.id} className="rounded-[4px] border border-line p-3" data-testid="match-group">
          <legend className="px-1 text-[12px] font-semibold">
            {gi > 0 ? <span className="mr-1 text-muted">OR</span> : null}Condition group {gi + 1}
          </legend>
          <div className="flex flex-col gap-2">
            {g.conditions.map((c, ci) => (
              <ConditionEditor
                key={c.id}
                row={c}
                index={ci}
                error={errors[`groups.${gi}.${ci}`]}
                onChange={(row) => setGroup(gi, { ...g, conditions: g.conditions.map((x, i) => (i === ci ? row : x)) })}
                onRemove={() => setGroup(gi, { ...g, conditions: g.conditions.filter((_, i) => i !== ci) })}
              />
            ))}
          </div>
          <FieldErrorText id={`${g.id}-error`} message={errors[`groups.${gi}`]} />
          <div className="mt-2 flex flex-wrap gap-2">
            <Button onClick={() => setGroup(gi, { ...g, conditions: [...g.conditions, newCondition('cookie')] })} data-testid="match-add-condition">
              Add condition (AND)
            </Button>
            <Button variant="text" onClick={() => onChange(groups.filter((_, i) => i !== gi))}>
              Remove group
            </Button>
          </div>
        </fieldset>
      ))}
      <FieldErrorText id="match-groups-error" message={errors.groups} testId="wizard-error-groups" />
      <div>
        <Button onClick={() => onChange([...groups, newGroup()])} data-testid="match-add-group">
          Add condition group (OR)
        </Button>
      </div>
    </div>
  );
}

function ConditionEditor({ row, index, error, onChange, onRemove }: { row: ConditionRow; index: number; error?: string; onChange: (row: ConditionRow) => void; onRemove: () => void }) {
  const errId = `${row.id}-error`;
  const presets = row.kind === 'os' ? OS_PRESETS : row.kind === 'browser' ? BROWSER_PRESETS : null;
  return (
    <div data-testid="match-condition">
      <div className="flex flex-wrap items-center gap-2">
        {index > 0 ? <span className="text-[11px] font-semibold text-muted">AND</span> : null}
        <select
          aria-label="Condition type"
          className={`${INPUT_CLASS} !w-[140px]`}
          value={row.kind}
          onChange={(e) => onChange({ ...newCondition(e.target.value as ConditionKind), id: row.id })}
          data-testid="match-kind"
        >
          {KINDS.map((k) => (
            <option key={k.id} value={k.id}>
              {k.label}
            </option>
          ))}
        </select>
        {row.kind === 'header' || row.kind === 'cookie' ? (
          <input
            aria-label={`${row.kind === 'header' ? 'Header' : 'Cookie'} name`}
            className={`${INPUT_CLASS} !w-[130px]`}
            value={row.name}
            placeholder="name"
            onChange={(e) => onChange({ ...row, name: e.target.value })}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errId : undefined}
            data-testid="match-name"
          />
        ) : null}
        {presets ? (
          <span className="flex flex-wrap gap-x-3 gap-y-1" role="group" aria-label={row.kind === 'os' ? 'Operating systems' : 'Browsers'}>
            {presets.map((p) => (
              <label key={p} className="flex items-center gap-1 text-[12px]">
                <input
                  type="checkbox"
                  className="accent-primary"
                  checked={row.presets.includes(p)}
                  onChange={(e) => onChange({ ...row, presets: e.target.checked ? [...row.presets, p] : row.presets.filter((x) => x !== p) })}
                />
                {p}
              </label>
            ))}
          </span>
        ) : (
          <>
            <select aria-label="Match type" className={`${INPUT_CLASS} !w-[96px]`} value={row.op} onChange={(e) => onChange({ ...row, op: e.target.value as MatchOp })} data-testid="match-op">
              {(row.kind === 'cookie' ? (['exact', 'regex'] as const) : (['exact', 'prefix', 'regex'] as const)).map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
            <input
              aria-label="Value"
              className={`${INPUT_CLASS} !w-auto min-w-[120px] flex-1`}
              value={row.value}
              placeholder={row.kind === 'uri' ? '/api' : 'value'}
              onChange={(e) => onChange({ ...row, value: e.target.value })}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errId : undefined}
              data-testid="match-value"
            />
          </>
        )}
        <button type="button" onClick={onRemove} aria-label="Remove condition" className="flex h-8 w-8 items-center justify-center rounded-[4px] text-muted hover:bg-page hover:text-danger">
          <Icon name="close" size={14} />
        </button>
      </div>
      <FieldErrorText id={errId} message={error} />
    </div>
  );
}
