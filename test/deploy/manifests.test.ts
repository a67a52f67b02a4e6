import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findDoc, renderDeploy, ROOT, type KubeDoc } from './kustomize';

interface Container {
  name: string;
  image: string;
  ports: Array<{ name: string; containerPort: number }>;
  env: Array<{ name: string; value?: string; valueFrom?: Record<string, Record<string, string>> }>;
  readinessProbe: { httpGet: { path: string; port: string | number } };
  livenessProbe: { httpGet: { path: string; port: string | number } };
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  securityContext: Record<string, unknown>;
  volumeMounts: Array<{ name: string; mountPath: string }>;
}

interface DeploymentDoc extends KubeDoc {
  spec: {
    replicas: number;
    template: { spec: { serviceAccountName: string; securityContext: Record<string, unknown>; containers: Container[]; volumes: Array<{ name: string; emptyDir?: object }> } };
  };
}

describe('deploy/ rendered by kubectl kustomize', () => {
  let docs: KubeDoc[];
  let deployment: DeploymentDoc;
  let console_: Container;

  beforeAll(async () => {
    docs = await renderDeploy();
    deployment = findDoc<DeploymentDoc>(docs, 'Deployment', 'graylane');
    console_ = deployment.spec.template.spec.containers[0];
  });

  it('holds the namespace, CRD, RBAC, Deployment and Service, namespaced ones in graylane-system', () => {
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`).sort()).toEqual(
      [
        'ClusterRole/graylane',
        'ClusterRoleBinding/graylane',
        'CustomResourceDefinition/grayscalereleases.graylane.io',
        'Deployment/graylane',
        'Namespace/graylane-system',
        'Role/graylane',
        'RoleBinding/graylane',
        'Service/graylane',
        'ServiceAccount/graylane',
      ].sort(),
    );
    for (const kind of ['Deployment', 'Service', 'ServiceAccount', 'Role', 'RoleBinding']) {
      expect(docs.find((d) => d.kind === kind)?.metadata.namespace, kind).toBe('graylane-system');
    }
  });

  it('runs 2 replicas with the graylane ServiceAccount and the kustomize image', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.template.spec.serviceAccountName).toBe('graylane');
    expect(console_.image).toBe('graylane:0.1.0');
  });

  it('probes /api/healthz on port 3000 for readiness and liveness', () => {
    expect(console_.ports).toContainEqual(expect.objectContaining({ name: 'http', containerPort: 3000 }));
    for (const probe of [console_.readinessProbe, console_.livenessProbe]) {
      expect(probe.httpGet.path).toBe('/api/healthz');
      expect([3000, 'http']).toContain(probe.httpGet.port);
    }
  });

  it('sets resource requests and limits', () => {
    expect(Object.keys(console_.resources.requests).sort()).toEqual(['cpu', 'memory']);
    expect(Object.keys(console_.resources.limits).sort()).toEqual(['cpu', 'memory']);
  });

  it('runs non-root with a read-only root filesystem and no privileges', () => {
    expect(deployment.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1001, seccompProfile: { type: 'RuntimeDefault' } });
    expect(console_.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1001,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    // The only writable paths are emptyDirs: /tmp and Next's cache.
    const mounts = Object.fromEntries(console_.volumeMounts.map((m) => [m.mountPath, m.name]));
    expect(Object.keys(mounts).sort()).toEqual(['/app/.next/cache', '/tmp']);
    for (const name of Object.values(mounts)) expect(deployment.spec.template.spec.volumes.find((v) => v.name === name)?.emptyDir).toBeDefined();
  });

  it('configures Prometheus, Jaeger, the system namespace and the session secret from a Secret', () => {
    const env = Object.fromEntries(console_.env.map((e) => [e.name, e]));
    expect(env.GRAYLANE_PROMETHEUS_URL.value).toMatch(/^http/);
    expect(env.GRAYLANE_JAEGER_URL.value).toMatch(/^http/);
    expect(env.GRAYLANE_SYSTEM_NAMESPACE.valueFrom?.fieldRef).toEqual({ fieldPath: 'metadata.namespace' });
    expect(env.GRAYLANE_SESSION_SECRET.valueFrom?.secretKeyRef).toEqual({ name: 'graylane-session', key: 'session-secret' });
    expect(env.GRAYLANE_SESSION_SECRET.value).toBeUndefined();
  });

  it('exposes a ClusterIP Service on port 80 to the container port', () => {
    const svc = findDoc<KubeDoc & { spec: { type: string; selector: Record<string, string>; ports: Array<{ port: number; targetPort: string | number }> } }>(docs, 'Service', 'graylane');
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.ports).toEqual([expect.objectContaining({ port: 80, targetPort: 'http' })]);
    const podLabels = (deployment.spec.template as unknown as { metadata: { labels: Record<string, string> } }).metadata.labels;
    for (const [k, v] of Object.entries(svc.spec.selector)) expect(podLabels[k]).toBe(v);
  });
});

describe('Dockerfile (read, since no container engine runs here)', () => {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const stages = [...dockerfile.matchAll(/^FROM\s+(\S+)\s+AS\s+(\S+)/gim)].map((m) => m[2]);
  const runtime = dockerfile.slice(dockerfile.search(/^FROM .* AS runtime/m));

  it('is multi-stage: deps (npm ci), build (next build), runtime', () => {
    expect(stages).toEqual(['deps', 'build', 'runtime']);
    expect(dockerfile).toMatch(/RUN .*npm ci/);
    expect(dockerfile).toMatch(/RUN npx next build/);
  });

  it('runtime: slim Node 20, standalone output, static, public, samples and CRD, user 1001, port 3000', () => {
    expect(dockerfile).toMatch(/ARG NODE_IMAGE=node:20-bookworm-slim/);
    for (const src of ['/app/.next/standalone', '/app/.next/static', '/app/public', '/app/deploy/samples', '/app/deploy/crd']) {
      expect(runtime).toContain(`--from=build --chown=1001:1001 ${src} `);
    }
    expect(runtime).not.toMatch(/node_modules|npm (ci|install)/);
    expect(runtime).toMatch(/^USER 1001:1001$/m);
    expect(runtime).toMatch(/^EXPOSE 3000$/m);
    expect(runtime).toMatch(/^CMD \["node", "server.js"\]$/m);
  });

  it('.dockerignore keeps node_modules, .next, .git and env files out of the context', () => {
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const entry of ['node_modules', '.next', '.git', '.env*']) expect(ignored).toContain(entry);
  });
});
