import { defineConfig } from 'vitest/config';
import path from 'node:path';

// Two projects. Pure and in-process tests (lib/, sim/, bench/, scripts/) share worker threads
// without per-file isolation: each file otherwise paid ~1 s to re-import its modules in a fresh
// fork, which was most of their run time (lib/: 44 s -> 15 s). Integration tests (test/, server/)
// keep one isolated fork per file: they start clusters, controllers, Prometheus and console
// processes and rely on module state (env, singletons) being their own.
const unit = ['lib/**/*.test.ts', 'sim/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'];
const integration = ['server/**/*.test.ts', 'test/**/*.test.ts'];

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) , 'server-only': path.resolve(import.meta.dirname, 'scripts/server-only-stub.js') } },
  test: {
    // Two files at a time (vitest's default is one per core but one: 1 here). Integration files
    // mostly wait on clusters, scrapes and leases: one at a time, the 2-core machine idled through
    // about half of the run (max concurrency 1, 242 s of tests in 341 s).
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: unit, pool: 'threads', isolate: false } },
      { extends: true, test: { name: 'integration', include: integration, pool: 'forks' } },
    ],
  },
});
