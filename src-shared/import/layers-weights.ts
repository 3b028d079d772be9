/**
 * The weights of an opened model.json, from the weight files picked with it,
 * in the form the canvas draws trained weights (the trainer's `weights`
 * event): per layer, its kernel as rows x cols with its bias, and a summary.
 * Pure; the files arrive as bytes, bounded before they are read.
 */
import { formatCount } from '../format';
import { weightSummary, type WeightSummary } from '../training/weight-summary';
import type { ImportedModel, WeightSpec } from './keras-topology';

/** Weight files past this, together, are not read: the architecture is shown without them. */
export const MAX_WEIGHT_BYTES = 64 * 1024 * 1024;
/** As the trainer's stream: a kernel with more values travels as its summary (session.ts MAX_KERNEL_VALUES). */
export const MAX_DRAWN_KERNEL_VALUES = 4096;

/** A bundle's weights as the canvas draws them, from the trainer's stream or from an opened model's files. */
export interface DrawnWeights {
  readonly cols: number;
  /** [kh, kw, cin, filters] for a convolution's kernel. */
  readonly shape?: readonly number[];
  readonly kernel?: Float32Array;
  readonly bias?: Float32Array;
  readonly summary: WeightSummary;
}

export interface PickedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface DecodedWeights {
  readonly byLayer: ReadonlyMap<string, DrawnWeights>;
  /** Why weights are not drawn (missing or oversized files); null when they are, or when the model has none. */
  readonly note: string | null;
}

/** The sentence for weight files past the bound, checked by hosts before they read a byte of them; null within it. */
export function weightBytesRefusal(total: number): string | null {
  return total > MAX_WEIGHT_BYTES
    ? `The weights are not drawn: the weight files hold ${formatCount(total)} bytes, more than the ${formatCount(MAX_WEIGHT_BYTES)} Densely reads; the architecture and its counts are shown.`
    : null;
}

const BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** IEEE half precision to a number. */
function half(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** One weight's values from its bytes, dequantized where the converter quantized it. */
function decodeOne(spec: WeightSpec, view: DataView, offset: number): Float32Array {
  const n = size(spec.shape);
  const out = new Float32Array(n);
  const q = spec.quantization;
  const stored = q?.dtype ?? spec.dtype;
  for (let i = 0; i < n; i++) {
    let v: number;
    if (stored === 'float32') v = view.getFloat32(offset + 4 * i, true);
    else if (stored === 'int32') v = view.getInt32(offset + 4 * i, true);
    else if (stored === 'uint8' || stored === 'bool') v = view.getUint8(offset + i);
    else if (stored === 'uint16') v = view.getUint16(offset + 2 * i, true);
    else v = half(view.getUint16(offset + 2 * i, true));
    out[i] = q && (stored === 'uint8' || stored === 'uint16') ? (q.min ?? 0) + (q.scale ?? 1) * v : v;
  }
  return out;
}

const baseName = (path: string) => path.split(/[\\/]/).at(-1) ?? path;

/** The weights each drawn layer has, from the files picked with model.json (matched by name). */
export function decodeLayerWeights(model: ImportedModel, files: readonly PickedFile[]): DecodedWeights {
  const none = (note: string | null): DecodedWeights => ({ byLayer: new Map(), note });
  if (model.weightSpecs.length === 0) return none(null);
  const byName = new Map(files.map((f) => [f.name, f]));
  const missing = model.weightPaths.filter((p) => !byName.has(baseName(p)));
  if (missing.length > 0) {
    const names = [...new Set(missing.map(baseName))];
    return none(
      files.length === 0
        ? `The weights are not drawn: open model.json together with its weight file${names.length === 1 ? '' : 's'} (${names.join(', ')}) to see them.`
        : `The weights are not drawn: ${names.join(', ')} ${names.length === 1 ? 'was' : 'were'} not picked with model.json; open them together.`,
    );
  }
  const parts = model.weightPaths.map((p) => byName.get(baseName(p))!.bytes);
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const tooLarge = weightBytesRefusal(total);
  if (tooLarge) return none(tooLarge);
  const unknownType = model.weightSpecs.find((s) => BYTES[s.quantization?.dtype ?? s.dtype] === undefined);
  if (unknownType) return none(`The weights are not drawn: ${unknownType.name} is stored as ${unknownType.quantization?.dtype ?? unknownType.dtype}, which Densely does not read.`);
  const need = model.weightSpecs.reduce((n, s) => n + size(s.shape) * BYTES[s.quantization?.dtype ?? s.dtype]!, 0);
  if (need !== total)
    return none(`The weights are not drawn: the weight files hold ${formatCount(total)} bytes where model.json describes ${formatCount(need)}; they may belong to another model.`);
  const joined = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.byteLength;
  }
  const view = new DataView(joined.buffer);
  const offsets: number[] = [];
  at = 0;
  for (const s of model.weightSpecs) {
    offsets.push(at);
    at += size(s.shape) * BYTES[s.quantization?.dtype ?? s.dtype]!;
  }
  const byLayer = new Map<string, DrawnWeights>();
  for (const [id, { kernel, bias }] of model.weightsOf) {
    const spec = model.weightSpecs[kernel!]!;
    const values = decodeOne(spec, view, offsets[kernel!]!);
    const cols = spec.shape.at(-1) ?? 1;
    byLayer.set(id, {
      cols,
      ...(spec.shape.length > 2 ? { shape: [...spec.shape] } : {}),
      ...(values.length <= MAX_DRAWN_KERNEL_VALUES ? { kernel: values } : {}),
      ...(bias !== undefined ? { bias: decodeOne(model.weightSpecs[bias]!, view, offsets[bias]!) } : {}),
      summary: weightSummary(values),
    });
  }
  return { byLayer, note: null };
}
