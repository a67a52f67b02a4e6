import type { KubeLabelSelector } from './kube-shapes';

/**
 * Whether `labels` satisfy a label selector (matchLabels AND every matchExpression).
 * An empty selector matches everything, as in Kubernetes; a missing one matches nothing.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
export function matchesSelector(selector: KubeLabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (have[key] !== value) return false;
  }
  for (const expr of selector.matchExpressions ?? []) {
    const present = Object.prototype.hasOwnProperty.call(have, expr.key);
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
        if (!present || !values.includes(have[expr.key])) return false;
        break;
      case 'NotIn':
        if (present && values.includes(have[expr.key])) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        // An operator we do not know cannot be proven to match; Kubernetes would reject it anyway.
        return false;
    }
  }
  return true;
}

/**
 * Whether a Service's equality-based selector selects pods with these labels. A Service with no
 * selector selects nothing (its Endpoints are managed by hand).
 * https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors
 */
export function serviceSelects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return matchesSelector({ matchLabels: selector }, labels);
}
