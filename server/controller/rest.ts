import 'server-only';
/**
 * Moved to server/kube/rest.ts (one module owns kubeconfig, auth, TLS and error mapping); kept as a
 * re-export for importers outside the controller until they switch.
 */
export { createKubeRest, JSON_PATCH, MERGE_PATCH, type KubeRest, type RestRequest } from '../kube/rest';
