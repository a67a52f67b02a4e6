import 'server-only';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { AppError } from '@/lib/api/errors';

/** Demo mode (GRAYLANE_DEMO=1, set by `npm run demo`): demo accounts and a derived session key. */
export function demoMode(): boolean {
  return process.env.GRAYLANE_DEMO === '1';
}

/** The demo accounts' password (DESIGN.md: `GRAYLANE_DEMO_PASSWORD`, default KubeSphere's `P@88w0rd`). */
export function demoPassword(): string {
  return process.env.GRAYLANE_DEMO_PASSWORD || 'P@88w0rd';
}

export const MIN_SECRET_LENGTH = 32;

/**
 * Why the console must not serve requests with this configuration, or [] when it may. Outside demo
 * mode a real secret is required and a demo password must not linger (it would be a known login).
 */
export function authConfigProblems(): string[] {
  const problems: string[] = [];
  const secret = process.env.GRAYLANE_SESSION_SECRET;
  if (secret !== undefined && secret !== '' && secret.length < MIN_SECRET_LENGTH) {
    problems.push(`GRAYLANE_SESSION_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  if (!demoMode()) {
    if (!secret) problems.push(`GRAYLANE_SESSION_SECRET is not set (required outside demo mode; at least ${MIN_SECRET_LENGTH} random characters, e.g. \`openssl rand -base64 48\`)`);
    if (process.env.GRAYLANE_DEMO_PASSWORD) problems.push('GRAYLANE_DEMO_PASSWORD is set outside demo mode: unset it (demo accounts exist only with GRAYLANE_DEMO=1)');
  }
  return problems;
}

/**
 * The key material for session cookies. In demo mode without a secret it is derived from the
 * kubeconfig path and a constant, so all consoles of one demo agree; that key is guessable by
 * anyone who knows the path, which is why it exists only in demo mode.
 */
export function sessionSecret(): string {
  const problems = authConfigProblems();
  if (problems.length > 0) throw new AppError('unavailable', `sessions are not configured: ${problems.join('; ')}`);
  const secret = process.env.GRAYLANE_SESSION_SECRET;
  if (secret) return secret;
  const kubeconfig = path.resolve(process.env.KUBECONFIG || path.join(process.env.HOME ?? '', '.kube', 'config'));
  return createHash('sha256').update(`graylane-demo-only-session-secret-v1:${kubeconfig}`).digest('base64');
}
