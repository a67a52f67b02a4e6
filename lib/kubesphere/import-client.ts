/**
 * The browser's calls for the KubeSphere 3.x import (lib/kubesphere/import-view.ts is the contract).
 * https://kubesphere.io/docs/v3.4/project-user-guide/grayscale-release/overview/
 */
import { apiFetch } from '@/lib/ui/api-client';
import type { StrategyImportList, StrategyImportResponse } from './import-view';

const base = (ns: string) => `/api/projects/${encodeURIComponent(ns)}/imports`;

export const importsApi = {
  list: (ns: string) => apiFetch<StrategyImportList>(base(ns)),
  apply: (ns: string, strategy: string) => apiFetch<StrategyImportResponse>(`${base(ns)}/${encodeURIComponent(strategy)}`, { method: 'POST', timeoutMs: 30_000 }),
};

/** React Query key of a project's import previews. */
export const importsQueryKey = (ns: string) => ['kubesphere-imports', ns] as const;
