/**
 * The Web Worker that runs dagre for the traffic page (lib/ui/telemetry-layout-client.ts starts
 * it): a 1,000-service graph takes dagre over a second, which on the main thread froze the page
 * (no scrolling, no clicks, no spinner) until the graph appeared.
 * @see https://developer.mozilla.org/en-US/docs/Web/API/Web_Workers_API/Using_web_workers
 */
import { layoutTopology, type GraphLayout, type LayoutInput } from './telemetry-layout';

/** A layout request: the job's id and dagre's input. */
export interface LayoutRequest {
  id: number;
  input: LayoutInput;
}

/** The answer: the layout and the time dagre took in the worker, or the error it threw. */
export type LayoutResponse = { id: number; layout: GraphLayout; ms: number } | { id: number; error: string };

// The worker's global scope, typed without the webworker lib (the project compiles for the DOM).
const scope = self as unknown as { onmessage: ((e: MessageEvent<LayoutRequest>) => void) | null; postMessage(message: LayoutResponse): void };

scope.onmessage = (e) => {
  const { id, input } = e.data;
  const start = performance.now();
  try {
    scope.postMessage({ id, layout: layoutTopology(input), ms: performance.now() - start });
  } catch (err) {
    scope.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
