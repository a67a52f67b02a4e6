/**
 * Creates the in-process application for a pod from its image.
 * @see https://istio.io/latest/docs/examples/bookinfo/
 */
import type { PodView } from '../mesh-state';
import type { AppHandler } from './app-types';
import { detailsApp, ratingsApp, reviewsApp } from './bookinfo-backends';
import { productpageApp } from './bookinfo-productpage';
import { echoApp, envNumber } from './echo';
import { json, sleep } from './app-types';
import { appKindForImage } from './image';

/** The handler a pod runs. @see https://istio.io/latest/docs/examples/bookinfo/#the-bookinfo-application */
export function createApp(pod: PodView): AppHandler {
  const app = createBaseApp(pod);
  // SIM_ERROR_RATE / SIM_LATENCY_MS simulate a bad version of any image, Bookinfo's included
  const errorRate = envNumber(pod.env, 'SIM_ERROR_RATE', 0, 1);
  const latencyMs = envNumber(pod.env, 'SIM_LATENCY_MS', 0, 600_000);
  if (appKindForImage(pod.image).kind === 'echo' || (errorRate === 0 && latencyMs === 0)) return app;
  return async (req, ctx) => {
    await sleep(latencyMs);
    if (errorRate > 0 && ctx.random() < errorRate) return json(500, { error: 'simulated failure (SIM_ERROR_RATE)', pod: ctx.pod.name });
    return app(req, ctx);
  };
}

function createBaseApp(pod: PodView): AppHandler {
  const kind = appKindForImage(pod.image);
  if (kind.kind === 'echo') return echoApp(pod.env);
  switch (kind.service) {
    case 'productpage':
      return productpageApp();
    case 'details':
      return detailsApp();
    case 'ratings':
      return ratingsApp();
    case 'reviews':
      return reviewsApp(kind.version);
  }
}
