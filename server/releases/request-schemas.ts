import 'server-only';
import { z } from 'zod';
import type { PatchReleaseRequest } from '@/lib/api/release-types';
import { namespaceName } from '@/lib/api/schemas';
import { releaseNameSchema } from '@/lib/release/schema';

/**
 * zod shapes of the release routes' input. Bodies are only checked for their shape here: the
 * rules (ranges, names, regexes) are lib/release's, applied to the resulting spec so that every
 * error names the spec field (`spec.traffic.candidateWeight`), as kubectl's would.
 */

/** Path parameters of /api/projects/{ns}/releases/{name}/... */
export const releaseParams = z.object({ ns: namespaceName, name: releaseNameSchema });

/** POST /releases and POST /releases/preview: `{name, spec}`, validated by lib/release. */
export const createBody = z.object({ name: z.unknown(), spec: z.unknown() }, 'must be a JSON object {name, spec}');

/** PATCH /releases/{name}. */
export const patchBody = z.strictObject(
  {
    resourceVersion: z.string('must be a string').min(1, 'must not be empty').optional(),
    generation: z.number('must be a number').int('must be a whole number').min(1, 'must be at least 1').optional(),
    candidateWeight: z.number('must be a number').optional(),
    candidateReplicas: z.number('must be a number').optional(),
    match: z.array(z.record(z.string(), z.unknown()), 'must be a list of condition groups').optional(),
    mirrorPercent: z.number('must be a number').optional(),
  },
  'must be a JSON object',
) as unknown as z.ZodType<PatchReleaseRequest>;

/** POST /releases/{name}/takeover. */
export const takeOverBody = z.object({ version: z.string('version is required').min(1, 'version is required') }, 'must be a JSON object {version}');

/** GET /releases/defaults?service=S[&baseline=V] */
export const defaultsQuery = z.object({
  service: z.string('service is required').min(1, 'service is required').max(63, 'must be at most 63 characters'),
  baseline: z.string().min(1, 'must not be empty').max(63, 'must be at most 63 characters').optional(),
});
