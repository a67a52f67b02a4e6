/**
 * HTTP plumbing for the API server: bounded body reading, body decoding (JSON or YAML) with the
 * real server's error reasons, content negotiation and Status responses.
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseAllDocuments } from 'yaml';
import { ApiError, badRequest, tooLarge, type StatusObject } from './errors';
import { sanitizeJson } from './json-util';

/** The API server's request body limit (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/**
 * Reads the body up to the limit. Past it, stops buffering and answers 413 (the rest of the
 * upload is drained and the connection closed, so a huge body never sits in memory).
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!done) {
        done = true;
        resolve(Buffer.concat(chunks));
      }
    });
    req.on('error', (err) => {
      if (!done) {
        done = true;
        reject(err);
      }
    });
  });
}

/** Media type without parameters, lower case ("application/json"). */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

/** Decodes a JSON or YAML body (YAML: exactly one document) and sanitises it. */
export function decodeBody(buf: Buffer, contentType: string, what = 'Object'): unknown {
  const text = buf.toString('utf8');
  if (text.trim() === '') throw badRequest(`${what} in version "v1" cannot be handled as a ${what}: the request body is empty`);
  const type = mediaType(contentType);
  const yaml = type.endsWith('yaml');
  let value: unknown;
  if (!yaml || text.trimStart().startsWith('{') || text.trimStart().startsWith('[')) {
    try {
      value = JSON.parse(text);
    } catch (err) {
      if (!yaml) throw badRequest(`${what} in version "v1" cannot be handled as a ${what}: json: ${(err as Error).message}`);
    }
  }
  if (value === undefined) {
    let docs;
    try {
      docs = parseAllDocuments(text, { uniqueKeys: false });
    } catch (err) {
      throw badRequest(`error converting YAML to JSON: ${(err as Error).message}`);
    }
    const list = Array.isArray(docs) ? docs : [docs];
    if (list.length !== 1) throw badRequest(`error converting YAML to JSON: expected exactly one YAML document, got ${list.length}`);
    const doc = list[0];
    if (doc.errors.length > 0) throw badRequest(`error converting YAML to JSON: yaml: ${doc.errors[0].message.split('\n')[0]}`);
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      throw badRequest(`error converting YAML to JSON: ${(err as Error).message}`);
    }
  }
  return sanitizeJson(value);
}

/** True when the client accepts JSON (kubectl may prefer protobuf but always offers JSON too). */
export function acceptsJson(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept.split(',').some((part) => {
    const t = mediaType(part);
    return t === 'application/json' || t === '*/*' || t === 'application/*' || t === 'application/yaml' || t === '';
  });
}

/** Whether the Accept header asks for a meta.k8s.io Table. */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/i.test(accept);
}

export function sendJsonText(res: ServerResponse, code: number, body: string, headers: Record<string, string | string[]> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(code, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

export function sendJsonBuffer(res: ServerResponse, code: number, body: Buffer): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(code, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Content-Length': body.length });
  res.end(body);
}

export function sendJson(res: ServerResponse, code: number, value: unknown, headers: Record<string, string | string[]> = {}): void {
  sendJsonText(res, code, JSON.stringify(value), headers);
}

export function statusOf(err: unknown): StatusObject {
  if (err instanceof ApiError) return err.toStatus();
  const e = err as Error;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `Internal error occurred: ${e?.message ?? String(err)}`, reason: 'InternalError', code: 500 };
}

export function sendError(res: ServerResponse, err: unknown): void {
  const st = statusOf(err);
  if (st.code === 500) console.error('[sim/api] internal error:', err);
  sendJson(res, st.code, st, st.code === 413 ? { Connection: 'close' } : {});
}

/** `Warning` header values in the RFC 7234 format Kubernetes uses. */
export function warningHeaders(warnings: string[]): Record<string, string[]> {
  if (warnings.length === 0) return {};
  return { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`) };
}
