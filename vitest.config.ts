import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) , 'server-only': path.resolve(import.meta.dirname, 'scripts/server-only-stub.js') } },
  test: {
    include: ['lib/**/*.test.ts', 'server/**/*.test.ts', 'sim/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
