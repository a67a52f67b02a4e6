import { describe, expect, it } from 'vitest';
import { ApiClientError } from './api-client';
import { telemetryRetry, unavailableBackend } from './telemetry-api';

const err = (status: number, code: string) => new ApiClientError({ status, code, message: '' });

describe('telemetryRetry', () => {
  it('says an unavailable or slow backend at once instead of trying twice more', () => {
    expect(telemetryRetry(0, err(503, 'metrics_unavailable'))).toBe(false);
    expect(telemetryRetry(0, err(503, 'tracing_unavailable'))).toBe(false);
    expect(telemetryRetry(0, err(504, 'timeout'))).toBe(false);
    // the browser's own deadline (status 0)
    expect(telemetryRetry(0, err(0, 'timeout'))).toBe(false);
  });
  it('keeps the console rule for other failures', () => {
    expect(telemetryRetry(0, err(0, 'network_error'))).toBe(true);
    expect(telemetryRetry(0, err(500, 'internal'))).toBe(true);
    expect(telemetryRetry(2, err(500, 'internal'))).toBe(false);
    expect(telemetryRetry(0, err(404, 'not_found'))).toBe(false);
  });
  it('names the backend of a 503', () => {
    expect(unavailableBackend(err(503, 'metrics_unavailable'))).toBe('metrics');
    expect(unavailableBackend(err(503, 'tracing_unavailable'))).toBe('tracing');
    expect(unavailableBackend(err(503, 'cluster_unreachable'))).toBeNull();
  });
});
