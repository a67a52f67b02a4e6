import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Local rule: every module under server/ must `import 'server-only'` so that a stray import from a
 * client component fails the Next build instead of shipping cluster access to the browser.
 */
const requireServerOnly = {
  meta: { type: 'problem', messages: { missing: "server/ modules must `import 'server-only'` (DESIGN.md house rule 1)" } },
  create(context) {
    return {
      Program(node) {
        const has = node.body.some((s) => s.type === 'ImportDeclaration' && s.source.value === 'server-only');
        if (!has) context.report({ node, messageId: 'missing' });
      },
    };
  },
};

const noServer = { group: ['@/server/*', '@/server', '**/server/*', '../server/*', '../../server/*'], message: 'components/ and lib/ must not import server/ (DESIGN.md layout)' };
const noApp = { group: ['@/app/*', '**/app/*'], message: 'only app/ may import app/' };
const noSimOrServer = { group: ['@/server/*', '@/app/*', '@/components/*', '**/server/*', '**/app/*', '**/components/*'], message: 'sim/ may import lib/ only' };
const libPure = { group: ['@/server/*', '@/components/*', '@/app/*', '@/sim/*', '**/server/*', '**/components/*', '**/sim/*', 'node:*'], message: 'lib/ is isomorphic and pure: no Node APIs, nothing of ours but lib/' };

export default tseslint.config(
  { ignores: ['.next/**', 'node_modules/**', 'next-env.d.ts', 'playwright-report/**', 'test-results/**', 'scripts/server-only-stub.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { graylane: { rules: { 'require-server-only': requireServerOnly } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  { files: ['components/**'], rules: { 'no-restricted-imports': ['error', { patterns: [noServer, noApp] }] } },
  { files: ['lib/**'], rules: { 'no-restricted-imports': ['error', { patterns: [libPure] }] } },
  { files: ['sim/**'], rules: { 'no-restricted-imports': ['error', { patterns: [noSimOrServer] }] } },
  { files: ['server/**/*.ts', 'server/**/*.tsx'], ignores: ['server/**/*.test.ts'], rules: { 'graylane/require-server-only': 'error' } },
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
);
