/**
 * README "Run against your cluster" (issue 9) covers prerequisites (Istio, Prometheus scraping
 * Istio, Jaeger), install, configuration, first login, upgrade and uninstall, and its variables
 * are the ones the rendered Deployment sets, so the short path cannot drift from the manifests.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findDoc, renderDeploy, ROOT, type KubeDoc } from './kustomize';

type DeploymentDoc = KubeDoc & { spec: { template: { spec: { containers: { name: string; env: { name: string }[] }[] } } } };

function readmeSection(): string {
  const text = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = text.indexOf('## Run against your cluster');
  expect(start, 'README has "## Run against your cluster"').toBeGreaterThanOrEqual(0);
  const end = text.indexOf('\n## ', start + 3);
  return text.slice(start, end === -1 ? undefined : end);
}

describe('README: Run against your cluster', () => {
  let section: string;
  let env: string[];

  beforeAll(async () => {
    section = readmeSection();
    const deployment = findDoc<DeploymentDoc>(await renderDeploy(), 'Deployment', 'graylane');
    env = deployment.spec.template.spec.containers.find((c) => c.name === 'console')!.env.map((e) => e.name);
  });

  it('has every part, in order', () => {
    const parts = ['**Prerequisites**', '**Install**', '**Configuration**', '**First login**', '**Upgrade**', '**Uninstall**'];
    const at = parts.map((p) => section.indexOf(p));
    for (const [i, p] of parts.entries()) expect(at[i], p).toBeGreaterThan(0);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('names Istio with sidecar injection, Prometheus scraping Istio, and Jaeger', () => {
    const prereq = section.slice(section.indexOf('**Prerequisites**'), section.indexOf('**Install**'));
    expect(prereq).toContain('istio-injection=enabled');
    expect(prereq).toMatch(/Prometheus scraping Istio/);
    expect(prereq).toContain('istio_requests_total');
    expect(prereq).toMatch(/Jaeger/);
  });

  it('installs, upgrades and uninstalls with kustomize and the session Secret', () => {
    expect(section).toContain('kubectl apply -k deploy');
    expect(section).toContain('kubectl kustomize deploy');
    expect(section).toContain('create secret generic graylane-session');
    expect(section).toContain('kubectl delete -k deploy');
    expect(section).toContain('kubectl delete grayscalereleases --all -A --wait');
  });

  it('documents every Graylane variable the Deployment sets', () => {
    const ours = env.filter((name) => name.startsWith('GRAYLANE_'));
    expect(ours.length).toBeGreaterThan(0);
    for (const name of ours) expect(section, name).toContain(`\`${name}\``);
  });

  it('gives a first-login command that exists', () => {
    const script = section.match(/scripts\/create-admin\.ts/)?.[0];
    expect(script).toBeDefined();
    expect(existsSync(path.join(ROOT, script!))).toBe(true);
    expect(section).toContain('GRAYLANE_ADMIN_PASSWORD=');
  });
});
