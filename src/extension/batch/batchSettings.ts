/**
 * The `imageSimilarity.batch.*` settings and the pixel limit of a batch run. Read in one place,
 * src/extension/settings.ts; re-exported here for the batch view.
 */
import { maxMegapixels } from '../settings';

export { batchCacheEnabled, batchFilter, batchMetrics } from '../settings';

/** Images above this many pixels are refused (imageSimilarity.maxMegapixels, default 100). */
export function maxPixelsSetting(): number {
  return maxMegapixels() * 1e6;
}
