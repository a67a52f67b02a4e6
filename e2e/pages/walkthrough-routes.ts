import { expect, type APIRequestContext } from '@playwright/test';
import { poll } from '../support/poll';

/**
 * The pages of the walkthrough, each with what proves its data has arrived, for the console-pages
 * spec (accessibility, layout and layout shift of every page; issue 10); the keyboard spec shares
 * the running job. They run on the shared demo stack, usually after
 * the walkthrough (Bookinfo deployed, reviews at v2); `startActiveJob` adds a running canary so the
 * job detail shows its live controls (the slider, Take Over), and `deleteJob` takes it away again
 * so the specs after them find Bookinfo as it was.
 */

export const NS = process.env.GRAYLANE_E2E_PROJECT ?? 'demo-project';
export const API = `/api/projects/${NS}`;

/**
 * The Service the issue-10 specs release: ratings (reviews is the walkthrough's; every other spec
 * that releases ratings deletes its job before the next spec starts, as these specs do).
 */
export const SERVICE = 'ratings';

/** One page of the walkthrough: its URL and the test id (prefix) shown once its data is on screen. */
export interface WalkthroughRoute {
  id: string;
  path: string;
  ready: string;
  /** `ready` is a prefix: the rows carry the item's name (member-row-admin) */
  prefix?: boolean;
}

/**
 * Every page of the walkthrough except the login page and the dialogs (driven separately).
 * `job` names the running job whose detail is shown; the trace detail's `{trace}` is resolved when
 * it is opened (traces expire).
 */
export function walkthroughRoutes(job: string): WalkthroughRoute[] {
  const p = `/projects/${NS}`;
  return [
    { id: 'projects', path: '/projects', ready: 'project-row' },
    { id: 'overview', path: p, ready: 'resource-status' },
    { id: 'applications', path: `${p}/applications`, ready: 'application-row' },
    { id: 'application-detail', path: `${p}/applications/bookinfo`, ready: 'component-card' },
    { id: 'services', path: `${p}/services`, ready: 'service-row' },
    { id: 'grayscale', path: `${p}/grayscale`, ready: 'release-modes' },
    { id: 'job-list', path: `${p}/grayscale?tab=jobs`, ready: 'release-job-card' },
    { id: 'job-detail', path: `${p}/grayscale/${job}`, ready: 'release-version-card' },
    { id: 'traffic', path: `${p}/traffic?app=bookinfo`, ready: 'topology-graph' },
    { id: 'tracing', path: `${p}/tracing?service=productpage`, ready: 'trace-row' },
    { id: 'trace-detail', path: `${p}/tracing/{trace}`, ready: 'span-row' },
    { id: 'members', path: `${p}/members`, ready: 'member-row-', prefix: true },
    { id: 'accounts', path: '/admin/accounts', ready: 'account-row-', prefix: true },
    { id: 'not-found', path: `${p}/no-such-page`, ready: 'not-found-state' },
  ];
}

/**
 * Deploys Bookinfo when missing and starts job `name`, a 30% canary on SERVICE (its suggested
 * next version), unless it exists. Returns without waiting for the candidate's pods.
 */
export async function startActiveJob(request: APIRequestContext, name: string): Promise<void> {
  const deploy = await request.post(`${API}/applications/sample`);
  expect([200, 201, 202, 409], `deploy sample: ${deploy.status()}`).toContain(deploy.status());
  if ((await request.get(`${API}/releases/${name}`)).status() !== 404) return;
  const d = await poll(`release defaults of ${SERVICE}`, 60_000, async () => {
    const res = await request.get(`${API}/releases/defaults?service=${SERVICE}`);
    return res.ok() ? ((await res.json()) as { baseline: { version: string }; candidate: { version: string; images: Record<string, string> } }) : undefined;
  });
  const res = await request.post(`${API}/releases`, {
    data: { name, spec: { strategy: 'Canary', service: SERVICE, baseline: { version: d.baseline.version }, candidate: { version: d.candidate.version, replicas: 1, images: d.candidate.images }, traffic: { candidateWeight: 30 } } },
  });
  expect([200, 201], `create ${name}: ${res.status()} ${await res.text()}`).toContain(res.status());
}

/** Deletes job `name` (its finalizer rolls the traffic back) and waits until it is gone. */
export async function deleteJob(request: APIRequestContext, name: string): Promise<void> {
  const res = await request.delete(`${API}/releases/${name}`);
  expect([200, 202, 204, 404], `DELETE ${name}: ${res.status()}`).toContain(res.status());
  await expect.poll(async () => (await request.get(`${API}/releases/${name}`)).status(), { timeout: 60_000, intervals: [250, 500, 1000], message: `${name} deleted` }).toBe(404);
}

/** The id of a recent productpage trace that went through reviews. */
export async function freshTraceId(request: APIRequestContext): Promise<string> {
  return poll('a productpage trace through reviews', 60_000, async () => {
    const res = await request.get(`${API}/traces?service=productpage&limit=20`);
    if (!res.ok()) return undefined;
    const items = ((await res.json()) as { items: { traceId: string }[] }).items;
    return items.find((t) => JSON.stringify(t).includes('reviews'))?.traceId;
  });
}
