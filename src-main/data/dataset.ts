/** A dataset in memory: features row-major in one Float32Array, one label per sample. */
import type { DatasetInfo } from '../../src-shared/training/dataset-info';
import { shapeSize } from '../../src-shared/layers/layer-kind';

export interface Dataset {
  readonly info: DatasetInfo;
  /** samples x featureSize values, row after row. */
  readonly features: Float32Array;
  /** The class index (classification) or the target value (regression) of each sample. */
  readonly labels: Float32Array;
}

export function featureSize(info: Pick<DatasetInfo, 'featureShape'>): number {
  return shapeSize(info.featureShape);
}

/** The features of sample `i` (a view, not a copy). */
export function sampleFeatures(data: Dataset, i: number): Float32Array {
  const n = featureSize(data.info);
  return data.features.subarray(i * n, (i + 1) * n);
}
