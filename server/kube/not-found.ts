import 'server-only';
import { isAppError } from '@/lib/api/errors';

/** Whether an error is a Kubernetes 404 (already mapped to AppError). */
export function isNotFound(err: unknown): boolean {
  return isAppError(err) && err.code === 'not_found';
}

/** Runs a read and turns a 404 into `fallback`, e.g. listing a resource whose CRD is not installed. */
export async function orWhenNotFound<T>(read: Promise<T>, fallback: T): Promise<T> {
  try {
    return await read;
  } catch (err) {
    if (isNotFound(err)) return fallback;
    throw err;
  }
}
