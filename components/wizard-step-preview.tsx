'use client';

import { useQuery } from '@tanstack/react-query';
import type { CreateReleaseRequest } from '@/lib/api/release-types';
import { retryWhileClusterDown } from '@/lib/ui/api-client';
import { consoleApi } from '@/lib/ui/console-api';
import { queryKeys } from '@/lib/ui/query-keys';
import { splitWeights, strategyLabel } from '@/lib/ui/release-format';
import { ApiErrorNotice } from './api-error-notice';
import { DetailList } from './detail-list';
import { LoadingState } from './loading-state';
import { PreviewSummary, YamlDiff } from './yaml-diff';

function trafficSummary(req: CreateReleaseRequest): string {
  const { spec } = req;
  const { baseline, candidate } = splitWeights(spec.traffic.candidateWeight);
  if (spec.strategy === 'Mirror') return `${spec.baseline.version} 100%, ${spec.traffic.mirrorPercent ?? 0}% of requests mirrored to ${spec.candidate.version}`;
  if (spec.strategy === 'BlueGreen') return `${candidate === 100 ? spec.candidate.version : spec.baseline.version} receives all traffic`;
  const groups = spec.traffic.match?.length ?? 0;
  const split = `${spec.baseline.version} ${baseline}%, ${spec.candidate.version} ${candidate}%`;
  return groups > 0 ? `Matching ${groups} condition group${groups > 1 ? 's' : ''} → ${spec.candidate.version}; others: ${split}` : split;
}

/** Step 5: what will be created, and the VirtualService/DestinationRule diff the controller will apply. */
export function WizardStepPreview({ ns, request }: { ns: string; request: CreateReleaseRequest }) {
  const preview = useQuery({ queryKey: queryKeys.releases.draftPreview(ns, request), queryFn: () => consoleApi.draftPreview(ns, request), retry: retryWhileClusterDown, staleTime: 60_000 });
  const images = Object.entries(request.spec.candidate.images ?? {});
  return (
    <div className="flex flex-col gap-4" data-testid="wizard-preview">
      <div className="rounded-[4px] border border-line-soft p-3">
        <DetailList
          testId="wizard-summary"
          items={[
            { label: 'Name', value: request.name },
            { label: 'Strategy', value: strategyLabel(request.spec.strategy) },
            { label: 'Service', value: request.spec.service },
            { label: 'Versions', value: `${request.spec.baseline.version} → ${request.spec.candidate.version} (${request.spec.candidate.replicas} replica${request.spec.candidate.replicas === 1 ? '' : 's'})` },
            { label: 'Images', value: images.length > 0 ? images.map(([c, i]) => `${c}: ${i}`).join(', ') : 'same as the running version' },
            { label: 'Traffic', value: trafficSummary(request), testId: 'wizard-summary-traffic' },
          ]}
        />
      </div>
      <section aria-label="YAML preview">
        <h3 className="mb-1 text-[12px] font-semibold">Istio objects the controller will write</h3>
        {preview.isPending ? <LoadingState label="Generating the preview…" /> : null}
        {preview.isError ? (
          <ApiErrorNotice error={preview.error} action="Generating the preview" testId="wizard-preview-error" />
        ) : null}
        {preview.data ? (
          <>
            <PreviewSummary documents={preview.data.documents ?? []} notes={preview.data.notes ?? []} testId="wizard-yaml-objects" />
            <YamlDiff lines={preview.data.diff} testId="wizard-yaml-diff" />
          </>
        ) : null}
      </section>
    </div>
  );
}
