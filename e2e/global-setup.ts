/**
 * Playwright global setup: logs in once as the demo `admin` through POST /api/session and saves
 * the cookie as storage state, so every spec starts signed in (auth.spec starts signed out on
 * purpose). Talks HTTP only, like the specs.
 */
import path from 'node:path';
import { request, type FullConfig } from '@playwright/test';

/**
 * Where the admin's storage state is kept (node_modules/.cache: never committed), one file per
 * console port: runs against two stacks at once (two checkouts sharing node_modules) must not
 * overwrite each other's session cookie.
 */
export function adminStorageState(baseURL: string | undefined): string {
  const port = baseURL ? new URL(baseURL).port || '80' : 'default';
  return path.join(import.meta.dirname, '..', 'node_modules', '.cache', 'graylane-e2e', `admin-${port}.json`);
}

/** The demo password (DESIGN.md: GRAYLANE_DEMO_PASSWORD, default P@88w0rd). */
export const DEMO_PASSWORD = process.env.GRAYLANE_DEMO_PASSWORD || 'P@88w0rd';

export default async function globalSetup(config: FullConfig): Promise<void> {
  const baseURL = config.projects[0]?.use.baseURL;
  const ctx = await request.newContext({ baseURL });
  // The console creates the demo accounts on start; give it a moment on a cold stack.
  let status = 0;
  for (let i = 0; i < 40; i++) {
    const res = await ctx.post('/api/session', { data: { username: 'admin', password: DEMO_PASSWORD } });
    status = res.status();
    if (status === 200) break;
    if (status === 401 || status === 429) throw new Error(`global setup: logging in as admin failed with ${status} (is GRAYLANE_DEMO_PASSWORD the demo stack's?)`);
    await new Promise((r) => setTimeout(r, 500));
  }
  if (status !== 200) throw new Error(`global setup: POST /api/session answered ${status}`);
  await ctx.storageState({ path: adminStorageState(baseURL) });
  await ctx.dispose();
}
