'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { consoleApi } from '@/lib/ui/console-api';
import { queryKeys } from '@/lib/ui/query-keys';
import { ApiErrorNotice } from './api-error-notice';
import { Button } from './button';
import { ModalDialog } from './modal-dialog';
import { useToast } from './toast';

const BOOKINFO = [
  { name: 'productpage', text: 'Calls details and reviews to render the book page.' },
  { name: 'details', text: 'Book information.' },
  { name: 'reviews', text: 'Book reviews; calls ratings. v1 shows no stars.' },
  { name: 'ratings', text: 'Star ratings that accompany a review.' },
];

/** Confirms and deploys the Bookinfo sample (v1 of each service) into the project. */
export function DeploySampleDialog({ ns, onClose }: { ns: string; onClose: () => void }) {
  const client = useQueryClient();
  const toast = useToast();
  const deploy = useMutation({
    mutationFn: () => consoleApi.deploySample(ns),
    onSuccess: async (app) => {
      toast({ tone: 'success', title: 'Bookinfo deployed', detail: `${app.components.length} components created in ${ns}; pods are starting.` });
      await Promise.all([client.invalidateQueries({ queryKey: queryKeys.applications.all }), client.invalidateQueries({ queryKey: queryKeys.services.list(ns) })]);
      onClose();
    },
  });
  return (
    <ModalDialog
      title="Deploy Sample Application"
      description={`Deploys Bookinfo into project ${ns}: four microservices, version v1 of each, with its Istio gateway.`}
      onClose={onClose}
      busy={deploy.isPending}
      testId="deploy-sample-dialog"
      footer={
        <>
          <Button onClick={onClose} disabled={deploy.isPending}>
            Cancel
          </Button>
          <Button variant="primary" onClick={() => deploy.mutate()} disabled={deploy.isPending} data-testid="deploy-sample-confirm" data-autofocus>
            {deploy.isPending ? 'Deploying…' : 'Create'}
          </Button>
        </>
      }
    >
      <ul className="divide-y divide-line-soft rounded-[4px] border border-line" data-testid="deploy-sample-components">
        {BOOKINFO.map((c) => (
          <li key={c.name} className="flex items-start gap-3 px-3 py-2.5">
            <span className="mt-0.5 rounded-[2px] bg-page px-1.5 font-mono text-[11px] text-ink-2">v1</span>
            <span className="min-w-0">
              <span className="block text-[13px] font-semibold">{c.name}</span>
              <span className="block text-[12px] text-muted">{c.text}</span>
            </span>
          </li>
        ))}
      </ul>
      {deploy.isPending ? (
        <p className="mt-3 text-[12px] text-muted" role="status" data-testid="deploy-sample-pending">
          Creating the Services and Deployments… this usually takes a few seconds.
        </p>
      ) : null}
      {deploy.isError ? (
        <div className="mt-3">
          <ApiErrorNotice error={deploy.error} action="Deploying Bookinfo" testId="deploy-sample-error" />
        </div>
      ) : null}
    </ModalDialog>
  );
}
