/**
 * Creates the in-process application for a pod from its image.
 * @see https://istio.io/latest/docs/examples/bookinfo/
 */
import type { PodView } from '../mesh-state';
import type { AppHandler } from './app-types';
import { detailsApp, ratingsApp, reviewsApp } from './bookinfo-backends';
import { productpageApp } from './bookinfo-productpage';
import { echoApp } from './echo';
import { appKindForImage } from './image';

/** The handler a pod runs. @see https://istio.io/latest/docs/examples/bookinfo/#the-bookinfo-application */
export function createApp(pod: PodView): AppHandler {
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
