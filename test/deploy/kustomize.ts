/**
 * Test helpers for deploy/: render it with the machine's kubectl (kustomize built in) and read the
 * RBAC tables of docs/real-cluster.md, so manifests and docs are checked against each other.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const KUBECTL = '/usr/bin/kubectl';

export interface KubeDoc {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs kubectl asynchronously (an in-process embedded cluster must keep serving meanwhile). */
export function runKubectl(args: string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(KUBECTL, args, { env, cwd: ROOT, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** A fresh HOME so kubectl's caches and any user kubeconfig stay out of the test. */
export function kubectlEnv(extra: Partial<NodeJS.ProcessEnv> = {}): NodeJS.ProcessEnv {
  const home = mkdtempSync(path.join(tmpdir(), 'graylane-deploy-'));
  return { ...process.env, HOME: home, KUBECONFIG: path.join(home, 'no-kubeconfig'), ...extra };
}

/** `kubectl kustomize deploy`, parsed. */
export async function renderDeploy(): Promise<KubeDoc[]> {
  const env = kubectlEnv();
  const r = await runKubectl(['kustomize', 'deploy'], env);
  rmSync(env.HOME!, { recursive: true, force: true });
  if (r.code !== 0) throw new Error(`kubectl kustomize deploy failed: ${r.stderr}`);
  return parseAllDocuments(r.stdout).map((d) => d.toJS() as KubeDoc).filter((d) => d && typeof d.kind === 'string');
}

export function findDoc<T = KubeDoc>(docs: KubeDoc[], kind: string, name: string): T {
  const doc = docs.find((d) => d.kind === kind && d.metadata.name === name);
  if (!doc) throw new Error(`${kind}/${name} not rendered`);
  return doc as T;
}

function cellValues(cell: string): string[] {
  return [...cell.matchAll(/`([^`]*)`/g)].map((m) => (m[1] === '""' ? '' : m[1]));
}

/**
 * The rows of the markdown table under `### <heading>` in docs/real-cluster.md as policy rules
 * (columns apiGroups | resources | verbs | why; values in backticks, `""` is the core group).
 */
export function documentedRules(heading: string): PolicyRule[] {
  const lines = readFileSync(path.join(ROOT, 'docs/real-cluster.md'), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith(`### ${heading}`));
  if (start < 0) throw new Error(`no "### ${heading}" in docs/real-cluster.md`);
  const rules: PolicyRule[] = [];
  let seenTable = false;
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('#')) break;
    if (!line.startsWith('|')) {
      if (seenTable) break;
      continue;
    }
    seenTable = true;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells[0] === 'apiGroups' || /^-+$/.test(cells[0])) continue;
    rules.push({ apiGroups: cellValues(cells[0]), resources: cellValues(cells[1]), verbs: cellValues(cells[2]) });
  }
  return rules;
}

/** A rule as one comparable string (order inside a rule does not matter to RBAC). */
export function ruleKey(r: PolicyRule): string {
  const sorted = (xs: string[] | undefined) => [...(xs ?? [])].sort().join(',');
  return `${sorted(r.apiGroups)} | ${sorted(r.resources)} | ${sorted(r.verbs)}`;
}
