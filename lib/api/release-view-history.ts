/**
 * A job's history from its Kubernetes Events: the controller records one Event per change with
 * the reason as the action and the user taken from the job's `graylane.io/changed-by` annotation.
 * The user, `from` and `to` are read from the Event's annotations when present, else parsed from
 * its message, so Events written by other tools (or older controllers) still show up sensibly.
 */
import type { ReleaseHistoryEntry } from './release-types';
import type { KubeMeta, Timestamp } from './kube-shapes';
import { toIso } from './view-models';

/** Annotation naming who made the last change: set by the REST API on every write of a job, copied onto Events by the controller. */
export const CHANGED_BY_ANNOTATION = 'graylane.io/changed-by';
/** The user annotation the controller puts on each Event it records (server/controller/events.ts). */
export const EVENT_USER_ANNOTATION = 'graylane.io/user';
/** Optional Event annotations with the value before and after a change (e.g. weights `90/10` -> `70/30`). */
export const CHANGED_FROM_ANNOTATION = 'graylane.io/from';
export const CHANGED_TO_ANNOTATION = 'graylane.io/to';
/** The user shown for the controller's own steps (CandidateReady, RoutesApplied, ...). */
export const CONTROLLER_USER = 'controller';

/** The fields of a core/v1 Event the history reads. https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/ */
export interface KubeEvent {
  metadata?: KubeMeta;
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: Timestamp | null;
  lastTimestamp?: Timestamp | null;
  eventTime?: Timestamp | null;
  involvedObject?: { kind?: string; name?: string; uid?: string };
}

// "... (by alice)" or "... by alice" at the end of a message.
const BY_USER = /\(by ([^()\s]+)\)|\bby ([A-Za-z0-9._@:-]+)\.?$/;
// "... from 90/10 to 70/30" / "from v1 to v2."
const FROM_TO = /\bfrom (\S+?) to (\S+?)[.,;)]?(?:\s|$)/;
// The controller's "VirtualService reviews updated: traffic v1 100% / v2 0% → v1 70% / v2 30% (by demo)".
const ARROW = /(?:^|:\s)(?:traffic |subsets )?([^:→]+?) → ([^→]+?)(?: \(by [^()]*\))?$/;

/** `from`/`to` of a change as the message states them, if it does. */
function parseChange(message: string): { from?: string; to?: string } {
  const arrow = ARROW.exec(message);
  if (arrow) return { from: arrow[1].trim(), to: arrow[2].trim() };
  const fromTo = FROM_TO.exec(message);
  return fromTo ? { from: fromTo[1], to: fromTo[2] } : {};
}

/** When an Event last happened (aggregated Events keep their first time in firstTimestamp). */
export function eventTime(ev: KubeEvent): string | null {
  return toIso(ev.lastTimestamp ?? undefined) ?? toIso(ev.eventTime ?? undefined) ?? toIso(ev.firstTimestamp ?? undefined) ?? toIso(ev.metadata?.creationTimestamp);
}

/** One Event as a history entry. */
export function historyEntry(ev: KubeEvent): ReleaseHistoryEntry {
  const annotations = ev.metadata?.annotations ?? {};
  const message = ev.message ?? '';
  const by = BY_USER.exec(message);
  const parsed = parseChange(message);
  const entry: ReleaseHistoryEntry = {
    time: eventTime(ev) ?? '',
    user: annotations[EVENT_USER_ANNOTATION] || annotations[CHANGED_BY_ANNOTATION] || by?.[1] || by?.[2] || CONTROLLER_USER,
    action: ev.reason ?? 'Unknown',
    message,
  };
  const from = annotations[CHANGED_FROM_ANNOTATION] ?? parsed.from;
  const to = annotations[CHANGED_TO_ANNOTATION] ?? parsed.to;
  if (from !== undefined) entry.from = from;
  if (to !== undefined) entry.to = to;
  if (ev.type === 'Warning') entry.warning = true;
  return entry;
}

/** A job's Events as its history, newest first (ties keep the Events' name order, which is creation order). */
export function releaseHistory(events: KubeEvent[]): ReleaseHistoryEntry[] {
  return events
    .map((ev, index) => ({ entry: historyEntry(ev), index }))
    .sort((a, b) => b.entry.time.localeCompare(a.entry.time) || b.index - a.index)
    .map((x) => x.entry);
}
