import 'server-only';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Writes a kubeconfig for `server` (with a dummy bearer token) into a fresh temp dir; for tests. */
export function writeTestKubeconfig(server: string, token = 'test-token-must-not-leak'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'graylane-kubeconfig-'));
  const file = path.join(dir, 'config');
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      // client-node refuses plain http unless TLS verification is explicitly skipped.
      `- name: test\n  cluster:\n    server: ${server}\n    insecure-skip-tls-verify: true`,
      'users:',
      `- name: test\n  user:\n    token: ${token}`,
      'contexts:',
      '- name: test\n  context:\n    cluster: test\n    user: test',
      'current-context: test',
      '',
    ].join('\n'),
  );
  return file;
}
