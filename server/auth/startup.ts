import 'server-only';
import { authConfigProblems, demoMode } from './config';
import { ensureDemoAccounts } from './demo-accounts';

/**
 * Called once when the console starts (instrumentation.ts): refuses to run with an unsafe
 * configuration (no session secret outside demo mode, or a demo password left set), and in demo
 * mode creates the demo accounts in the background.
 */
export function checkAuthAtStartup(): void {
  // `next build` may load instrumentation to prerender pages; only a serving console needs sessions.
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const problems = authConfigProblems();
  if (problems.length > 0) {
    for (const p of problems) console.error(`[auth] refusing to start: ${p}`);
    // A console that cannot authenticate anyone is useless, and one with a known password is unsafe.
    process.exit(1);
  }
  if (demoMode()) {
    ensureDemoAccounts().then(
      () => console.log('[auth] demo accounts ready: admin, project-regular, project-viewer'),
      (err: unknown) => console.error(`[auth] demo accounts not created yet (retried at first login): ${(err as Error).message}`),
    );
  }
}
