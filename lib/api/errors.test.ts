import { describe, expect, it } from 'vitest';
import { AppError, clusterReachability, codeForStatus, isApiErrorBody, isAppError, isClusterUnreachableError, toErrorBody } from './errors';

describe('AppError', () => {
  it('takes its status from the code unless overridden', () => {
    expect(new AppError('not_found', 'x').status).toBe(404);
    expect(new AppError('cluster_unreachable', 'x').status).toBe(503);
    expect(new AppError('bad_request', 'x', { status: 413 }).status).toBe(413);
  });

  it('serialises only code, message and fields', () => {
    const err = new AppError('invalid', 'bad spec', { fields: [{ field: 'spec.replicas', message: 'must be >= 0' }], cause: new Error('secret internals') });
    expect(toErrorBody(err)).toEqual({ error: { code: 'invalid', message: 'bad spec', fields: [{ field: 'spec.replicas', message: 'must be >= 0' }] } });
    expect(JSON.stringify(toErrorBody(err))).not.toContain('secret internals');
    expect(toErrorBody(new AppError('conflict', 'c'))).toEqual({ error: { code: 'conflict', message: 'c' } });
  });

  it('is recognised across module copies by name and shape', () => {
    const foreign = Object.assign(new Error('m'), { name: 'AppError', code: 'not_found', status: 404 });
    expect(isAppError(foreign)).toBe(true);
    expect(isAppError(new Error('m'))).toBe(false);
  });
});

describe('isApiErrorBody / codeForStatus', () => {
  it('recognises the error envelope', () => {
    expect(isApiErrorBody({ error: { code: 'x', message: 'y' } })).toBe(true);
    expect(isApiErrorBody({ error: 'x' })).toBe(false);
    expect(isApiErrorBody(null)).toBe(false);
  });
  it('maps statuses to codes', () => {
    expect([400, 401, 403, 404, 409, 422, 418, 500, 503].map(codeForStatus)).toEqual([
      'bad_request', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'invalid', 'bad_request', 'internal', 'unavailable',
    ]);
  });
});

describe('clusterReachability', () => {
  it('believes /api/cluster when it answers', () => {
    expect(clusterReachability({ reachable: true })).toBe('reachable');
    expect(clusterReachability({ reachable: false })).toBe('unreachable');
    expect(clusterReachability(undefined)).toBe('unknown');
  });

  it('counts only cluster_unreachable errors as the cluster being down', () => {
    expect(clusterReachability(undefined, { status: 503, code: 'cluster_unreachable' })).toBe('unreachable');
    // signed out, or the console itself unreachable: nothing is known about the cluster
    expect(clusterReachability(undefined, { status: 401, code: 'unauthorized' })).toBe('unknown');
    expect(clusterReachability({ reachable: true }, { status: 0, code: 'network_error' })).toBe('unknown');
    expect(isClusterUnreachableError(new AppError('cluster_unreachable', 'x'))).toBe(true);
    expect(isClusterUnreachableError(new AppError('unavailable', 'x'))).toBe(false);
    expect(isClusterUnreachableError('cluster_unreachable')).toBe(false);
  });
});
