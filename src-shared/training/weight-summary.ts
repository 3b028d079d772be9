/** What a bundle of weights too large to send or draw whole is summarized by: its range, mean and standard deviation. */
export interface WeightSummary {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly std: number;
}

/** The summary of some weights; all zeros for none. */
export function weightSummary(values: Float32Array): WeightSummary {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const mean = values.length ? sum / values.length : 0;
  let sq = 0;
  for (const v of values) sq += (v - mean) ** 2;
  return { min: values.length ? min : 0, max: values.length ? max : 0, mean, std: values.length ? Math.sqrt(sq / values.length) : 0 };
}
