import { swaggerDocument } from './swagger';

/**
 * The Kubernetes OpenAPI v2 (swagger) document served at /openapi/v2, parsed once and cached;
 * callers must not mutate it.
 * @see https://kubernetes.io/docs/concepts/overview/kubernetes-api/#openapi-v2
 */
export function openApiV2Document(): unknown {
  return swaggerDocument();
}
