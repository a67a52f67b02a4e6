/**
 * zod schemas of the REST API's path and query parameters (zod 4). Shared with the browser so a
 * form can check a name with the same rule the server applies.
 */
import { z } from 'zod';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A Namespace name: an RFC 1123 DNS label.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names
 */
export const namespaceName = z
  .string()
  .min(1, 'must not be empty')
  .max(63, 'must be at most 63 characters')
  .regex(DNS_LABEL, 'must consist of lower case letters, digits and "-", and start and end with a letter or digit');

/** Path parameters of /api/projects/{ns}/... */
export const projectParams = z.object({ ns: namespaceName });
export type ProjectParams = z.infer<typeof projectParams>;

const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * An application name: a value of the `app.kubernetes.io/name` label.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
 */
export const applicationName = z
  .string()
  .min(1, 'must not be empty')
  .max(63, 'must be at most 63 characters')
  .regex(LABEL_VALUE, 'must consist of letters, digits, "-", "_" or ".", and start and end with a letter or digit');

/** Path parameters of /api/projects/{ns}/applications/{app} */
export const applicationParams = z.object({ ns: namespaceName, app: applicationName });

/**
 * What an action (take over, restore, offline) may carry so that a decision made on a stale view is
 * refused with 409: the job's `generation` as the caller saw it.
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions
 */
export const expectedGeneration = {
  generation: z.number('must be a number').int('must be a whole number').min(1, 'must be at least 1').optional(),
};

/** Body of POST .../restore and .../offline: optional, `{generation?}`. */
export const actionBody = z.object(expectedGeneration, 'must be a JSON object');
