/**
 * Zod schemas for the GrayscaleRelease spec: the one set of rules used by the REST API, the
 * controller and the wizard (through `validate.ts`). Messages state the rule; the field path is
 * added by `validate.ts` so every error names the field, e.g. `spec.candidate.version`.
 */

import { z } from 'zod';
import { analysisSchema, parseDuration, stepsSchema } from '../analysis/spec';
import { MAX_COOKIES_PER_GROUP } from './cookie-match';
import { subsetNameFor } from './names';
import { re2Problem } from './re2';
import { FORBIDDEN_HEADERS, LIMITS, PATTERNS } from './rules';
import { BROWSER_PRESETS, OS_PRESETS, STRATEGIES, type GrayscaleReleaseSpec } from './types';

const re = (p: string) => new RegExp(p);

const dnsLabel = (what: string) =>
  z
    .string(`${what} is required`)
    .min(1, `${what} is required`)
    .max(LIMITS.nameMax, `must be at most ${LIMITS.nameMax} characters`)
    .regex(re(PATTERNS.dns1123Label), 'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit');

/** A release's own name (metadata.name): also used as a label value, hence a DNS-1123 label. */
export const releaseNameSchema = dnsLabel('name');

const serviceNameSchema = z
  .string('service is required')
  .min(1, 'service is required')
  .max(LIMITS.nameMax, `must be at most ${LIMITS.nameMax} characters`)
  .regex(re(PATTERNS.dns1035Label), 'must be a Service name (DNS-1035 label: lower-case letters, digits and "-", starting with a letter)');

const baselineVersionSchema = z
  .string('version is required')
  .min(1, 'version is required')
  .max(LIMITS.labelValueMax, `must be at most ${LIMITS.labelValueMax} characters`)
  .regex(re(PATTERNS.labelValue), 'must be a label value: letters, digits, "-", "_" and ".", starting and ending with a letter or digit');

export const candidateVersionSchema = z
  .string('version is required')
  .min(1, 'version is required')
  .max(LIMITS.candidateVersionMax, `must be at most ${LIMITS.candidateVersionMax} characters`)
  .regex(re(PATTERNS.candidateVersion), 'must be lower-case letters, digits and "-", starting and ending with a letter or digit (e.g. v2)');

const imageSchema = z
  .string('image is required')
  .min(1, 'image is required')
  .max(LIMITS.imageMax, `must be at most ${LIMITS.imageMax} characters`)
  .regex(re(PATTERNS.image), 'must be an image reference such as registry.example.com/team/app:1.2 (no spaces; lower-case repository path)');

const re2Schema = z
  .string()
  .min(1, 'must not be empty')
  .max(LIMITS.matchValueMax, `must be at most ${LIMITS.matchValueMax} characters`)
  .superRefine((value, ctx) => {
    const problem = re2Problem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `must be an RE2 regex: ${problem}` });
  });

const printable = z
  .string()
  .min(1, 'must not be empty')
  .max(LIMITS.matchValueMax, `must be at most ${LIMITS.matchValueMax} characters`)
  .regex(re(PATTERNS.printable), 'must not contain control characters');

const exactlyOne = (keys: string) => (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
  const set = Object.keys(value).filter((k) => value[k] !== undefined);
  if (set.length !== 1) ctx.addIssue({ code: 'custom', message: `must set exactly one of ${keys}` });
};

const headerMatchSchema = z
  .strictObject({ exact: printable.optional(), prefix: printable.optional(), regex: re2Schema.optional() })
  .superRefine(exactlyOne('exact, prefix, regex'));

const uriPath = z
  .string()
  .min(1, 'must not be empty')
  .max(LIMITS.matchValueMax, `must be at most ${LIMITS.matchValueMax} characters`)
  .regex(re(PATTERNS.uriPath), 'must be a path starting with "/" without spaces or control characters');

const uriMatchSchema = z
  .strictObject({ exact: uriPath.optional(), prefix: uriPath.optional(), regex: re2Schema.optional() })
  .superRefine(exactlyOne('exact, prefix, regex'));

const headerNameProblem = (name: string): string | null => {
  if (name.startsWith(':')) return `"${name}": pseudo-headers cannot be matched here (use uri for :path)`;
  if (name.length > LIMITS.headerNameMax) return `"${name}": header names are at most ${LIMITS.headerNameMax} characters`;
  if (/[A-Z]/.test(name) && re(PATTERNS.headerName).test(name.toLowerCase())) return `"${name}": header names must be lower-case (write "${name.toLowerCase()}")`;
  if (!re(PATTERNS.headerName).test(name)) return `"${name}" is not a valid HTTP header name (letters, digits and !#$%&'*+.^_\`|~-)`;
  if ((FORBIDDEN_HEADERS as readonly string[]).includes(name)) return `"${name}" cannot be matched: it is a hop-by-hop or host header`;
  return null;
};

const headersSchema = z
  .record(z.string(), headerMatchSchema)
  .superRefine((headers, ctx) => {
    const names = Object.keys(headers);
    if (names.length === 0) ctx.addIssue({ code: 'custom', message: 'must list at least one header, or be omitted' });
    if (names.length > LIMITS.headersPerGroupMax) ctx.addIssue({ code: 'custom', message: `at most ${LIMITS.headersPerGroupMax} headers per group` });
    for (const name of names) {
      const problem = headerNameProblem(name);
      if (problem) ctx.addIssue({ code: 'custom', path: [name], message: problem });
    }
  });

const cookieValueSchema = z
  .strictObject({
    exact: z
      .string()
      .min(1, 'must not be empty')
      .max(LIMITS.matchValueMax, `must be at most ${LIMITS.matchValueMax} characters`)
      .regex(re(PATTERNS.cookieValue), 'must be a cookie value: no spaces, quotes, commas, semicolons or backslashes')
      .optional(),
    regex: re2Schema.refine((v) => !v.includes(';'), 'must not contain ";" (it separates cookies)').optional(),
  })
  .superRefine(exactlyOne('exact, regex'));

const cookieSchema = z.strictObject({
  name: z
    .string('name is required')
    .min(1, 'name is required')
    .max(LIMITS.cookieNameMax, `must be at most ${LIMITS.cookieNameMax} characters`)
    .regex(re(PATTERNS.cookieName), "must be a cookie name (letters, digits and !#$%&'*+.^_`|~-)"),
  value: cookieValueSchema,
});

const uniqueList = <T extends string>(values: readonly [T, ...T[]], what: string) =>
  z
    .array(z.enum(values, `must be one of ${values.join(', ')}`))
    .min(1, `must list at least one ${what}, or be omitted`)
    .refine((list) => new Set(list).size === list.length, `must not repeat a ${what}`);

export const matchGroupSchema = z
  .strictObject({
    headers: headersSchema.optional(),
    cookies: z
      .array(cookieSchema)
      .min(1, 'must list at least one cookie, or be omitted')
      .max(MAX_COOKIES_PER_GROUP, `at most ${MAX_COOKIES_PER_GROUP} cookie conditions per group`)
      .refine((list) => new Set(list.map((c) => c.name)).size === list.length, 'must not name the same cookie twice')
      .optional(),
    uri: uriMatchSchema.optional(),
    os: uniqueList(OS_PRESETS, 'operating system').optional(),
    browsers: uniqueList(BROWSER_PRESETS, 'browser').optional(),
  })
  .superRefine((group, ctx) => {
    if (Object.values(group).every((v) => v === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'an empty condition group would match every request: add a condition or remove the group' });
    }
    // Each of these compiles to the same request header, which an Istio match can name only once.
    if (group.headers?.['user-agent'] && (group.os || group.browsers)) {
      ctx.addIssue({ code: 'custom', path: ['headers', 'user-agent'], message: 'cannot be combined with os or browsers in the same group (both match the User-Agent)' });
    }
    if (group.headers?.cookie && group.cookies) {
      ctx.addIssue({ code: 'custom', path: ['headers', 'cookie'], message: 'cannot be combined with cookies in the same group (both match the Cookie header)' });
    }
  });

const int = (what: string, min: number, max: number) =>
  z
    .number(`${what} must be a number`)
    .int('must be a whole number')
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`);

export const trafficSchema = z.strictObject({
  candidateWeight: int('candidateWeight', LIMITS.weightMin, LIMITS.weightMax).default(0),
  match: z.array(matchGroupSchema).max(LIMITS.matchGroupsMax, `at most ${LIMITS.matchGroupsMax} condition groups`).optional(),
  mirrorPercent: int('mirrorPercent', LIMITS.mirrorMin, LIMITS.mirrorMax).optional(),
});

const specBase = z.strictObject({
  strategy: z.enum(STRATEGIES, `must be one of ${STRATEGIES.join(', ')}`),
  service: serviceNameSchema,
  baseline: z.strictObject({ version: baselineVersionSchema }),
  candidate: z.strictObject({
    version: candidateVersionSchema,
    replicas: int('replicas', LIMITS.replicasMin, LIMITS.replicasMax).default(1),
    images: z
      .record(dnsLabel('container name'), imageSchema)
      .refine((m) => Object.keys(m).length <= LIMITS.imagesMax, `at most ${LIMITS.imagesMax} images`)
      .optional(),
  }),
  traffic: trafficSchema.default({ candidateWeight: 0 }),
  takeOver: z.string().max(LIMITS.labelValueMax).optional(),
  offline: z.boolean('must be true or false').optional(),
  steps: stepsSchema.optional(),
  analysis: analysisSchema.optional(),
  paused: z.boolean('must be true or false').optional(),
});

export const specSchema = specBase
  .superRefine((spec, ctx) => {
    const { baseline, candidate, traffic, strategy } = spec;
    if (candidate.version === baseline.version) {
      ctx.addIssue({ code: 'custom', path: ['candidate', 'version'], message: `must differ from the baseline version ${baseline.version}` });
    } else if (subsetNameFor(candidate.version) === subsetNameFor(baseline.version)) {
      ctx.addIssue({
        code: 'custom',
        path: ['candidate', 'version'],
        message: `collides with the baseline version ${baseline.version}: both become the subset name "${subsetNameFor(candidate.version)}"`,
      });
    }
    if (spec.takeOver && spec.takeOver !== baseline.version && spec.takeOver !== candidate.version) {
      ctx.addIssue({ code: 'custom', path: ['takeOver'], message: `must be empty, ${baseline.version} (baseline) or ${candidate.version} (candidate)` });
    }
    if (strategy === 'Mirror') {
      if (traffic.mirrorPercent === undefined) ctx.addIssue({ code: 'custom', path: ['traffic', 'mirrorPercent'], message: 'is required for the Mirror strategy (1..100)' });
      if (traffic.candidateWeight !== 0) ctx.addIssue({ code: 'custom', path: ['traffic', 'candidateWeight'], message: 'must be 0 for Mirror: the baseline answers every request' });
    } else if (traffic.mirrorPercent !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['traffic', 'mirrorPercent'], message: 'is only allowed with the Mirror strategy' });
    }
    if (strategy !== 'Canary' && traffic.match !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['traffic', 'match'], message: `is only allowed with the Canary strategy, not ${strategy}` });
    }
    if (strategy === 'BlueGreen' && traffic.candidateWeight !== 0 && traffic.candidateWeight !== 100) {
      ctx.addIssue({ code: 'custom', path: ['traffic', 'candidateWeight'], message: 'must be 0 or 100 for BlueGreen (all traffic on one version)' });
    }
    progressiveRules(spec, ctx);
  });

/** Cross-field rules of spec.steps / spec.analysis / spec.paused (issue 11; lib/analysis/README.md). */
function progressiveRules(spec: z.output<typeof specBase>, ctx: z.RefinementCtx): void {
  if (spec.steps && spec.strategy !== 'Canary') {
    ctx.addIssue({ code: 'custom', path: ['steps'], message: `is only allowed with the Canary strategy, not ${spec.strategy}` });
  }
  if (spec.analysis && !spec.steps) ctx.addIssue({ code: 'custom', path: ['analysis'], message: 'needs spec.steps (the analysis gates each step)' });
  if (spec.paused && !spec.steps) ctx.addIssue({ code: 'custom', path: ['paused'], message: 'needs spec.steps (it pauses the step schedule)' });
  const max = spec.analysis ? parseDuration(spec.analysis.maxDuration) : null;
  if (max === null || !spec.steps) return;
  spec.steps.forEach((s, i) => {
    const pause = s.pause && s.pause !== 'manual' ? parseDuration(s.pause) : null;
    if (pause !== null && pause > max) ctx.addIssue({ code: 'custom', path: ['steps', i, 'pause'], message: `must not exceed analysis.maxDuration (${spec.analysis!.maxDuration})` });
  });
}

/** What callers may send (defaults not yet applied). */
export type GrayscaleReleaseSpecInput = z.input<typeof specSchema>;

// Keep the hand-written types in types.ts and the schema in step: compile error if they diverge.
type Parsed = z.output<typeof specSchema>;
const _specMatchesTypes: [Parsed] extends [GrayscaleReleaseSpec] ? ([GrayscaleReleaseSpec] extends [Parsed] ? true : false) : false = true;
void _specMatchesTypes;
