/**
 * Label and field selectors as the API server parses them from `labelSelector` / `fieldSelector`.
 * Parsed once per request into a predicate so that list and watch filtering stay cheap.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
import { badRequest } from './errors';
import type { KubeObject } from './types';

export type LabelRequirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!exists' };

export type FieldRequirement = { path: string; op: '=' | '!='; value: string };

export type Predicate = (obj: KubeObject) => boolean;

const KEY_RE = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;

/** Splits on commas that are not inside parentheses (`a in (x,y),b`). */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((p) => p.trim()).filter((p) => p.length > 0);
}

function checkKey(key: string, whole: string): string {
  if (!KEY_RE.test(key) || key.length > 317) throw badRequest(`unable to parse requirement: invalid label key "${key}" in selector "${whole}"`);
  return key;
}

/**
 * Parses a label selector string (`=`, `==`, `!=`, `in`, `notin`, `key`, `!key`).
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  if (selector.length > 16384) throw badRequest('label selector too long');
  const reqs: LabelRequirement[] = [];
  for (const part of splitTopLevel(selector)) {
    let m: RegExpMatchArray | null;
    if ((m = part.match(/^(\S+)\s+(in|notin)\s*\((.*)\)$/))) {
      const values = m[3].split(',').map((v) => v.trim()).filter((v) => v.length > 0);
      reqs.push({ key: checkKey(m[1], selector), op: m[2] as 'in' | 'notin', values });
    } else if ((m = part.match(/^([^=!\s]+)\s*(==|!=|=)\s*(\S*)$/))) {
      const key = checkKey(m[1], selector);
      reqs.push({ key, op: m[2] === '!=' ? 'notin' : 'in', values: [m[3]] });
    } else if ((m = part.match(/^!\s*(\S+)$/))) {
      reqs.push({ key: checkKey(m[1], selector), op: '!exists' });
    } else if (/^\S+$/.test(part)) {
      reqs.push({ key: checkKey(part, selector), op: 'exists' });
    } else {
      throw badRequest(`unable to parse requirement: found '${part}', expected: in, notin, =, ==, !=, gt, lt`);
    }
  }
  return reqs;
}

/** Evaluates parsed label requirements against a label map. */
export function matchLabels(reqs: LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  for (const r of reqs) {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
    const v = has ? labels![r.key] : undefined;
    switch (r.op) {
      case 'exists':
        if (!has) return false;
        break;
      case '!exists':
        if (has) return false;
        break;
      case 'in':
        if (!has || !r.values.includes(v as string)) return false;
        break;
      case 'notin':
        if (has && r.values.includes(v as string)) return false;
        break;
    }
  }
  return true;
}

/**
 * Parses a field selector (`metadata.name=x,status.phase!=Running`).
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/field-selectors/
 */
export function parseFieldSelector(selector: string): FieldRequirement[] {
  if (selector.length > 16384) throw badRequest('field selector too long');
  const reqs: FieldRequirement[] = [];
  for (const part of splitTopLevel(selector)) {
    const m = part.match(/^([A-Za-z0-9_.-]+)\s*(==|!=|=)\s*(.*)$/);
    if (!m) throw badRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
    reqs.push({ path: m[1], op: m[2] === '!=' ? '!=' : '=', value: m[3].trim() });
  }
  return reqs;
}

/** Reads a dotted field path as a string the way field selectors compare it ('' when missing). */
export function fieldValue(obj: KubeObject, path: string): string {
  let cur: unknown = obj;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, seg)) return '';
    cur = (cur as Record<string, unknown>)[seg];
  }
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}

/** Evaluates field requirements; unknown paths read as '' like unset fields on a real server. */
export function matchFields(reqs: FieldRequirement[], obj: KubeObject): boolean {
  for (const r of reqs) {
    const v = fieldValue(obj, r.path);
    if (r.op === '=' ? v !== r.value : v === r.value) return false;
  }
  return true;
}

/** Builds one predicate from the optional query parameters; undefined when nothing filters. */
export function selectorPredicate(labelSelector?: string | null, fieldSelector?: string | null): Predicate | undefined {
  const l = labelSelector ? parseLabelSelector(labelSelector) : [];
  const f = fieldSelector ? parseFieldSelector(fieldSelector) : [];
  if (l.length === 0 && f.length === 0) return undefined;
  return (obj) => matchLabels(l, obj.metadata.labels) && matchFields(f, obj);
}

/** Renders a LabelSelector object (matchLabels/matchExpressions) as the string form, e.g. for Scale.status.selector. */
export function labelSelectorToString(sel: unknown): string {
  if (!sel || typeof sel !== 'object') return '';
  const s = sel as { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
  const parts: string[] = [];
  for (const [k, v] of Object.entries(s.matchLabels ?? {})) parts.push(`${k}=${v}`);
  for (const e of s.matchExpressions ?? []) {
    const op = e.operator;
    if (op === 'In' || op === 'NotIn') parts.push(`${e.key} ${op.toLowerCase()} (${(e.values ?? []).join(',')})`);
    else if (op === 'Exists') parts.push(e.key);
    else if (op === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}
