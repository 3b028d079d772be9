/**
 * Feature maps and kernels as pixels: pure functions from the trainer's frames
 * (channels last, kernels [kh, kw, cin, filters] row-major as rows x cols) to
 * RGBA, on the canvas's diverging scale (blue below zero, white at zero, orange above).
 */
const WHITE = [255, 255, 255] as const;
const POSITIVE = [0xc2, 0x41, 0x0c] as const;
const NEGATIVE = [0x1d, 0x4e, 0xd8] as const;

/** The colour of `v` on a scale whose ends are -scale and +scale. */
export function divergingRgb(v: number, scale: number): [number, number, number] {
  if (!Number.isFinite(v)) return [0, 0, 0];
  const t = Math.max(-1, Math.min(1, v / (scale || 1)));
  const end = t >= 0 ? POSITIVE : NEGATIVE;
  const a = Math.abs(t);
  return [0, 1, 2].map((i) => Math.round(WHITE[i]! + (end[i]! - WHITE[i]!) * a)) as [number, number, number];
}

export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i]!);
    if (Number.isFinite(v) && v > m) m = v;
  }
  return m || 1;
}

/** One channel of an [h, w, c] output as h x w RGBA pixels. */
export function channelPixels(values: ArrayLike<number>, shape: readonly number[], channel: number, scale: number): Uint8ClampedArray {
  const [h, w, c] = shape as [number, number, number];
  const out = new Uint8ClampedArray(h * w * 4);
  for (let p = 0; p < h * w; p++) {
    const [r, g, b] = divergingRgb(values[p * c + channel]!, scale);
    out.set([r, g, b, 255], p * 4);
  }
  return out;
}

/** One filter's kh x kw kernel, averaged over its input channels, as RGBA pixels. */
export function kernelPixels(kernel: ArrayLike<number>, shape: readonly number[], filter: number, scale: number): Uint8ClampedArray {
  const [kh, kw, cin, filters] = shape as [number, number, number, number];
  const out = new Uint8ClampedArray(kh * kw * 4);
  for (let p = 0; p < kh * kw; p++) {
    let sum = 0;
    for (let ci = 0; ci < cin; ci++) sum += kernel[(p * cin + ci) * filters + filter]!;
    const [r, g, b] = divergingRgb(sum / cin, scale);
    out.set([r, g, b, 255], p * 4);
  }
  return out;
}
