/**
 * The YAML preview: what the controller will write (from the same `translateRelease` output),
 * and a line diff against what the cluster holds now. Server-maintained metadata is left out of
 * both sides so the diff shows only meaningful changes.
 */

import { stringify } from 'yaml';
import { clone } from './clone';
import { diffLines, type DiffLine } from './line-diff';
import type { Deployment, DestinationRule, VirtualService } from './types';

type PreviewObject = VirtualService | DestinationRule | Deployment;

export interface PreviewObjects {
  virtualService: VirtualService;
  destinationRule: DestinationRule;
  candidateDeployment?: Deployment | null;
  /** gateway-only VirtualServices the job governs (shown after the mesh VirtualService) */
  gatewayVirtualServices?: VirtualService[];
}

export interface ExistingObjects {
  virtualService?: VirtualService | null;
  destinationRule?: DestinationRule | null;
  candidateDeployment?: Deployment | null;
  /** the same gateway VirtualServices as they are now, matched by name */
  gatewayVirtualServices?: VirtualService[];
}

export interface PreviewDocument {
  kind: string;
  name: string;
  /** What will be written. */
  yaml: string;
  /** What exists now ('' when the object is new). */
  existingYaml: string;
  diff: DiffLine[];
  changed: boolean;
}

const NOISE = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink'];

function forDisplay(obj: PreviewObject | null | undefined): string {
  if (!obj) return '';
  const copy = clone(obj) as PreviewObject & { status?: unknown };
  delete copy.status;
  const metadata = { ...copy.metadata };
  for (const key of NOISE) delete metadata[key];
  if (metadata.annotations) {
    const annotations = { ...metadata.annotations };
    delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
    metadata.annotations = annotations;
    if (Object.keys(annotations).length === 0) delete metadata.annotations;
  }
  return stringify({ ...copy, metadata }, { lineWidth: 0 });
}

/**
 * Renders the objects as multi-document YAML and diffs each against the cluster's version.
 * See https://istio.io/latest/docs/reference/config/networking/virtual-service/ and https://yaml.org/spec/1.2.2/
 */
export function renderPreview(objects: PreviewObjects, existing: ExistingObjects = {}): { yaml: string; diff: DiffLine[]; documents: PreviewDocument[] } {
  const pairs: Array<[PreviewObject, PreviewObject | null | undefined]> = [
    [objects.destinationRule, existing.destinationRule],
    [objects.virtualService, existing.virtualService],
    ...(objects.gatewayVirtualServices ?? []).map((vs): [PreviewObject, PreviewObject | null] => [vs, existing.gatewayVirtualServices?.find((e) => e.metadata.name === vs.metadata.name) ?? null]),
  ];
  if (objects.candidateDeployment) pairs.push([objects.candidateDeployment, existing.candidateDeployment]);
  const documents = pairs.map(([next, now]): PreviewDocument => {
    const yaml = forDisplay(next);
    const existingYaml = forDisplay(now);
    const diff = diffLines(existingYaml, yaml);
    return { kind: next.kind, name: next.metadata.name, yaml, existingYaml, diff, changed: diff.some((l) => l.op !== ' ') };
  });
  const separator: DiffLine = { op: ' ', text: '---' };
  return {
    yaml: documents.map((d) => d.yaml).join('---\n'),
    diff: documents.flatMap((d, i) => (i === 0 ? d.diff : [separator, ...d.diff])),
    documents,
  };
}
