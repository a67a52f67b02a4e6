/**
 * Trace, span and request ids: 128-bit trace ids and 64-bit span ids in lower-case hex, as B3
 * propagation carries them. Drawn from a pooled crypto buffer because every hop needs two.
 * @see https://github.com/openzipkin/b3-propagation
 */
import { randomFillSync, randomUUID } from 'node:crypto';

const POOL = Buffer.alloc(4096);
let offset = POOL.length;

function hex(bytes: number): string {
  if (offset + bytes > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const s = POOL.toString('hex', offset, offset + bytes);
  offset += bytes;
  return s;
}

/** A 128-bit trace id. @see https://github.com/openzipkin/b3-propagation#traceid */
export function newTraceId(): string {
  return hex(16);
}

/** A 64-bit span id. @see https://github.com/openzipkin/b3-propagation#spanid */
export function newSpanId(): string {
  return hex(8);
}

/** An `x-request-id` as Envoy generates it (UUID v4). @see https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_conn_man/headers#x-request-id */
export function newRequestId(): string {
  return randomUUID();
}
