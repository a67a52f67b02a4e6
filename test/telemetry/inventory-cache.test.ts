/**
 * The topology's inventory (Services and the versions each selects) comes from the in-process
 * controller's watch caches when the console hosts the controller, as it does by default: the same
 * answer as listing the API, no Service or Deployment list per topology request, and a change
 * reaches it through the watch. Without a synced controller it lists, as before. Embedded cluster,
 * real controller; the console's clients are wrapped only to record what they ask for. The versions
 * the job cards and the node panel chart (service-metrics.ts) come from the same caches.
 */
import type { V1Deployment } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeClients } from '@/server/kube/client';
import type { RunningController } from '@/server/controller';
import { inProcessController } from '@/server/controller/in-process';
import { loadInventory } from '@/server/telemetry/inventory';
import { knownVersions } from '@/server/telemetry/service-metrics';
import { bookinfoNamespace, controllerFor, startHarness, waitFor, type Harness } from '../controller/harness';

const NS = 'inventory-cache';
let h: Harness;
let controller: RunningController | undefined;

/** The harness' clients, with every raw request's path recorded. */
function recording(clients: KubeClients): { clients: KubeClients; paths: string[] } {
  const paths: string[] = [];
  const rest = { ...clients.rest, request: <T,>(req: Parameters<KubeClients['rest']['request']>[0]) => (paths.push(req.path), clients.rest.request<T>(req)) };
  return { clients: { ...clients, rest }, paths };
}

/** The harness' clients, with every call of the typed core and apps clients recorded by method name. */
function calling(clients: KubeClients): { clients: KubeClients; calls: string[] } {
  const calls: string[] = [];
  const record = <T extends object>(api: T): T =>
    new Proxy(api, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? (...args: unknown[]) => (calls.push(String(key)), value.apply(target, args)) : value;
      },
    });
  return { clients: { ...clients, core: record(clients.core), apps: record(clients.apps) }, calls };
}

const listings = (paths: string[]) => paths.filter((p) => /\/(services|deployments)$/.test(p));

beforeAll(async () => {
  h = await startHarness();
  await bookinfoNamespace(h, NS);
}, 60_000);

afterAll(async () => {
  await controller?.stop();
  await h?.stop();
});

describe('topology inventory', () => {
  it('lists without a controller, reads the watch caches with one, and sees changes through the watch', async () => {
    const without = recording(h.clients);
    const listed = await loadInventory(NS, without.clients);
    expect(listed.map((s) => s.name).sort()).toEqual(['details', 'productpage', 'ratings', 'reviews']);
    expect(listings(without.paths)).toEqual([`/api/v1/namespaces/${NS}/services`, `/apis/apps/v1/namespaces/${NS}/deployments`]);

    controller = controllerFor(h);
    await controller.ready;
    await waitFor(async () => inProcessController()?.namespaceWorkloads?.(NS), (w) => (w?.services.length ?? 0) === 4, 'controller caches synced');
    const withCache = recording(h.clients);
    expect(await loadInventory(NS, withCache.clients)).toEqual(listed);
    expect(listings(withCache.paths)).toEqual([]);
    // the project check still answers for namespaces the caches know nothing of
    await expect(loadInventory('no-such-project', withCache.clients)).rejects.toMatchObject({ code: 'not_found' });
    await expect(loadInventory('kube-system', withCache.clients)).rejects.toMatchObject({ code: 'not_found' });

    // a new version of reviews: the next inventory has it, still without a listing
    const v1 = await h.clients.apps.readNamespacedDeployment({ namespace: NS, name: 'reviews-v1' });
    const labels = { ...v1.spec!.template.metadata!.labels, version: 'v3' };
    const v3: V1Deployment = {
      metadata: { name: 'reviews-v3', namespace: NS, labels },
      spec: { replicas: 1, selector: { matchLabels: { app: 'reviews', version: 'v3' } }, template: { ...v1.spec!.template, metadata: { labels } } },
    };
    await h.clients.apps.createNamespacedDeployment({ namespace: NS, body: v3 });
    const seen = await waitFor(() => loadInventory(NS, withCache.clients), (inv) => inv.find((s) => s.name === 'reviews')?.versions.some((v) => v.version === 'v3') === true, 'reviews v3 in the inventory');
    expect(seen.find((s) => s.name === 'reviews')?.versions.map((v) => v.workload)).toEqual(['reviews-v1', 'reviews-v3']);
    expect(listings(withCache.paths)).toEqual([]);

    // the job cards' and node panel's versions of a Service come from the same caches: no API call
    const typed = calling(h.clients);
    expect(await knownVersions(NS, 'reviews', typed.clients)).toEqual(['v1', 'v3']);
    expect(typed.calls).toEqual([]);
    // a Service the caches do not hold is asked of the API, which answers the 404
    await expect(knownVersions(NS, 'no-such-service', typed.clients)).rejects.toMatchObject({ code: 'not_found' });
    expect(typed.calls).toContain('readNamespacedService');

    // the controller gone: listing again
    await controller.stop();
    controller = undefined;
    const after = recording(h.clients);
    expect((await loadInventory(NS, after.clients)).find((s) => s.name === 'reviews')?.versions).toHaveLength(2);
    expect(listings(after.paths)).toHaveLength(2);
  }, 60_000);
});
