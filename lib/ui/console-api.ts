/**
 * The browser's calls to the console REST API (DESIGN.md "REST API"), one function per endpoint, so
 * components never build URLs by hand. Each returns the contract's view model or throws
 * ApiClientError (see api-client.ts).
 */
import type { CreateReleaseRequest, PatchReleaseRequest, ReleaseDefaults, ReleasePreview, ReleaseView } from '@/lib/api/release-types';
import type { ApplicationView, ListResponse, ServiceView } from '@/lib/api/types';
import { apiFetch } from './api-client';

const enc = encodeURIComponent;
const base = (ns: string) => `/api/projects/${enc(ns)}`;

/** A job as the pages use it (ReleaseView, with the additive `offline` summary). */
export type ReleaseDetail = ReleaseView;

export const consoleApi = {
  applications: (ns: string) => apiFetch<ListResponse<ApplicationView>>(`${base(ns)}/applications`),
  application: (ns: string, app: string) => apiFetch<ApplicationView>(`${base(ns)}/applications/${enc(app)}`),
  deploySample: (ns: string) => apiFetch<ApplicationView>(`${base(ns)}/applications/sample`, { method: 'POST', timeoutMs: 60_000 }),
  services: (ns: string) => apiFetch<ListResponse<ServiceView>>(`${base(ns)}/services`),
  releases: (ns: string) => apiFetch<ListResponse<ReleaseDetail>>(`${base(ns)}/releases`),
  release: (ns: string, name: string) => apiFetch<ReleaseDetail>(`${base(ns)}/releases/${enc(name)}`),
  createRelease: (ns: string, body: CreateReleaseRequest) => apiFetch<ReleaseDetail>(`${base(ns)}/releases`, { method: 'POST', body }),
  patchRelease: (ns: string, name: string, body: PatchReleaseRequest) => apiFetch<ReleaseDetail>(`${base(ns)}/releases/${enc(name)}`, { method: 'PATCH', body }),
  takeOver: (ns: string, name: string, version: string) => apiFetch<ReleaseDetail>(`${base(ns)}/releases/${enc(name)}/takeover`, { method: 'POST', body: { version } }),
  restore: (ns: string, name: string) => apiFetch<ReleaseDetail>(`${base(ns)}/releases/${enc(name)}/restore`, { method: 'POST', body: {} }),
  offline: (ns: string, name: string) => apiFetch<ReleaseDetail>(`${base(ns)}/releases/${enc(name)}/offline`, { method: 'POST', body: {} }),
  deleteRelease: (ns: string, name: string) => apiFetch<unknown>(`${base(ns)}/releases/${enc(name)}`, { method: 'DELETE' }),
  preview: (ns: string, name: string) => apiFetch<ReleasePreview>(`${base(ns)}/releases/${enc(name)}/preview`),
  draftPreview: (ns: string, body: CreateReleaseRequest) => apiFetch<ReleasePreview>(`${base(ns)}/releases/preview`, { method: 'POST', body }),
  defaults: (ns: string, service: string) => apiFetch<ReleaseDefaults>(`${base(ns)}/releases/defaults?service=${enc(service)}`),
};
