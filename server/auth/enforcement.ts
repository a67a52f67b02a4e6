import 'server-only';

/**
 * Whether routes refuse callers without a session or role: on. (Issue 7 landed in two steps,
 * with this off until every test and page authenticated; tests may still switch it to check the
 * open mode.) Not configurable by environment on purpose: a console that is exposed must not be
 * one variable away from being open.
 */
const DEFAULT_ENFORCED = true;

let enforced = DEFAULT_ENFORCED;

/** Whether authentication and permissions are enforced. */
export function authEnforced(): boolean {
  return enforced;
}

/** Turns enforcement on or off (no argument: the default). For tests. */
export function setAuthEnforced(on?: boolean): void {
  enforced = on ?? DEFAULT_ENFORCED;
}
