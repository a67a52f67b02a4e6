import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiException } from '@kubernetes/client-node';
import { AppError } from '@/lib/api/errors';
import { createKubeClients, kubeCall } from './client';
import { loadKubeConfig } from './config';
import { toAppError } from './errors';
import { writeTestKubeconfig } from './test-kubeconfig';

const ctx = { apiServer: 'https://10.0.0.1:6443', timeoutMs: 10_000 };

function status(code: number, reason: string, message: string, causes?: unknown[]): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message, details: causes ? { causes } : {} });
}

describe('toAppError: Kubernetes Status errors', () => {
  it('keeps 404, 409 and their messages', () => {
    const nf = toAppError(new ApiException(404, 'x', status(404, 'NotFound', 'namespaces "nope" not found'), {}), ctx);
    expect([nf.code, nf.status, nf.message]).toEqual(['not_found', 404, 'namespaces "nope" not found']);
    const ae = toAppError(new ApiException(409, 'x', status(409, 'AlreadyExists', 'services "details" already exists'), {}), ctx);
    expect([ae.code, ae.status]).toEqual(['already_exists', 409]);
    const cf = toAppError(new ApiException(409, 'x', status(409, 'Conflict', 'the object has been modified'), {}), ctx);
    expect([cf.code, cf.status]).toEqual(['conflict', 409]);
  });

  it('turns 422 causes into fields', () => {
    const err = toAppError(
      new ApiException(422, 'x', status(422, 'Invalid', 'Deployment.apps "x" is invalid', [{ reason: 'FieldValueInvalid', message: 'Invalid value: -1', field: 'spec.replicas' }]), {}),
      ctx,
    );
    expect(err).toMatchObject({ code: 'invalid', status: 422, fields: [{ field: 'spec.replicas', message: 'Invalid value: -1' }] });
  });

  it('maps 403 to forbidden and the console\'s own 401 to an unavailable cluster, not a user logout', () => {
    expect(toAppError(new ApiException(403, 'x', status(403, 'Forbidden', 'cannot list pods'), {}), ctx)).toMatchObject({ code: 'forbidden', status: 403 });
    const unauth = toAppError(new ApiException(401, 'x', status(401, 'Unauthorized', 'Unauthorized'), {}), ctx);
    expect(unauth).toMatchObject({ code: 'unavailable', status: 503 });
    expect(unauth.message).toContain(ctx.apiServer);
  });

  it('copes with bodies that are not a Status', () => {
    const err = toAppError(new ApiException(502, 'x', '<html>bad gateway</html>', {}), ctx);
    expect(err).toMatchObject({ code: 'internal', status: 502 });
    expect(err.message).not.toContain('<html>');
  });

  it('passes AppErrors through and hides unknown errors behind a generic message', () => {
    const app = new AppError('conflict', 'x');
    expect(toAppError(app, ctx)).toBe(app);
    const unknown = toAppError(new Error('token=abc'), ctx);
    expect(unknown).toMatchObject({ code: 'internal', status: 500 });
    expect(unknown.message).not.toContain('token');
  });
});

describe('toAppError: transport failures against real sockets', () => {
  let silent: Server;
  let silentUrl: string;
  let closedUrl: string;

  beforeAll(async () => {
    // Accepts connections and never answers: the hang a request deadline exists for.
    silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  });

  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('reports connection refused as 503 cluster_unreachable naming the server', async () => {
    const clients = createKubeClients({ kubeconfigPath: writeTestKubeconfig(closedUrl) });
    const err = await kubeCall(clients, (c) => c.core.listNamespace()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'cluster_unreachable', status: 503 });
    expect((err as AppError).message).toBe(`cannot reach the Kubernetes API server at ${closedUrl} (connection refused)`);
  });

  it('gives up on a silent server after the deadline', async () => {
    const clients = createKubeClients({ kubeconfigPath: writeTestKubeconfig(silentUrl), timeoutMs: 300 });
    const started = Date.now();
    const err = await kubeCall(clients, (c) => c.core.listNamespace()).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(err).toMatchObject({ code: 'cluster_unreachable', status: 503 });
    expect((err as AppError).message).toContain('did not answer within 0.3 s');
  });
});

describe('loadKubeConfig', () => {
  it('names a missing file without guessing', () => {
    expect(() => loadKubeConfig({ kubeconfigPath: '/nonexistent/kubeconfig' })).toThrow(/kubeconfig file \/nonexistent\/kubeconfig does not exist/);
  });

  it('never quotes a broken file in its message', () => {
    const file = writeTestKubeconfig('http://127.0.0.1:1');
    writeFileSync(file, 'users: [ {token: super-secret-token\n  : : :');
    let message = '';
    try {
      loadKubeConfig({ kubeconfigPath: file });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/not a valid kubeconfig/);
    expect(message).not.toContain('super-secret-token');
  });
});

describe('toAppError: configuration', () => {
  it('explains client-node refusing plain http', () => {
    const err = toAppError(new Error('HTTP protocol is not allowed when skipTLSVerify is not set or false'), { apiServer: 'http://x:1' });
    expect(err).toMatchObject({ code: 'unavailable', status: 503 });
    expect(err.message).toContain('insecure-skip-tls-verify');
  });
});
