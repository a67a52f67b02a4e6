/**
 * zod schemas of the session, account and member APIs, shared with the login and admin forms.
 */
import { z } from 'zod';
import { PROJECT_ROLES } from './roles';

/** An account name: a DNS label, since it becomes part of a Secret's name (`graylane-user-<name>`). https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names */
export const username = z
  .string()
  .min(1, 'must not be empty')
  .max(48, 'must be at most 48 characters')
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must consist of lower case letters, digits and "-", and start and end with a letter or digit');

/** A new password: long enough to resist guessing, short enough that hashing it is cheap. */
export const newPassword = z.string().min(8, 'must be at least 8 characters').max(256, 'must be at most 256 characters');

/** POST /api/session */
export const loginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });

/** POST /api/admin/accounts */
export const createAccountBody = z.object({ username, password: newPassword, platformAdmin: z.boolean().optional() });

/** PATCH /api/admin/accounts/{name}: any subset */
export const updateAccountBody = z
  .object({ password: newPassword.optional(), disabled: z.boolean().optional(), platformAdmin: z.boolean().optional() })
  .refine((b) => b.password !== undefined || b.disabled !== undefined || b.platformAdmin !== undefined, { message: 'nothing to change' });

export const projectRole = z.enum(PROJECT_ROLES);

/** POST /api/projects/{ns}/members */
export const addMemberBody = z.object({ username, role: projectRole });

/** PATCH /api/projects/{ns}/members/{user} */
export const changeMemberBody = z.object({ role: projectRole });
