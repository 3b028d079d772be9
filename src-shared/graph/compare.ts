/**
 * Two networks side by side: their layers matched, and the difference per
 * layer and in the totals. Layers are matched by a longest common subsequence
 * of their signatures (kind and output shape), so an inserted layer reads as
 * added instead of shifting every row after it; the unmatched layers between
 * two matches pair up by position when they are of the same kind (a resized
 * layer reads as changed), and the rest are added or removed.
 *
 * Each network is counted as it trains (its own Count biases switch), so the
 * difference is one of parameters that would actually be fitted.
 */
import type { Layer } from '../layers/registry';
import { formatCount } from '../format';
import { countsBiases, type NetworkDocument } from './document';
import { summarize, type LayerSummary, type NetworkSummary, type Totals } from './summary';
import { trainedLayers } from './trained-network';

export type RowStatus = 'same' | 'changed' | 'added' | 'removed';

export interface ComparedRow {
  /** The layer in the first network (left), null when the second added it. */
  readonly left: LayerSummary | null;
  /** The layer in the second network (right), null when the second removed it. */
  readonly right: LayerSummary | null;
  readonly status: RowStatus;
  /** right - left, a missing side counting 0. */
  readonly delta: Totals;
}

export interface NetworkComparison {
  readonly left: NetworkSummary;
  readonly right: NetworkSummary;
  readonly rows: readonly ComparedRow[];
  /** right.totals - left.totals. */
  readonly delta: Totals;
}

const TOTAL_KEYS = ['weights', 'biases', 'trainable', 'nonTrainable', 'params'] as const;
const ZERO: Totals = { weights: 0, biases: 0, trainable: 0, nonTrainable: 0, params: 0 };

/** What identifies a layer for matching: its kind and what it outputs. */
export function layerSignature(row: LayerSummary): string {
  return `${row.kind}:${row.outputShape ? row.outputShape.join('x') : '?'}`;
}

function difference(left: Totals | null, right: Totals | null): Totals {
  const l = left ?? ZERO;
  const r = right ?? ZERO;
  return Object.fromEntries(TOTAL_KEYS.map((k) => [k, r[k] - l[k]])) as unknown as Totals;
}

function row(left: LayerSummary | null, right: LayerSummary | null, matched: boolean): ComparedRow {
  const delta = difference(left, right);
  const status: RowStatus = !left ? 'added' : !right ? 'removed' : matched && TOTAL_KEYS.every((k) => delta[k] === 0) ? 'same' : 'changed';
  return { left, right, status, delta };
}

/** Index pairs of a longest common subsequence of `a` and `b` (quadratic; networks have tens of layers). */
function commonSubsequence(a: readonly string[], b: readonly string[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  // lengths[i][j]: the LCS length of a[i..] and b[j..].
  const lengths = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

/** The unmatched layers between two matches: same-kind ones pair by position, the rest are removed, then added. */
function gap(left: readonly LayerSummary[], right: readonly LayerSummary[]): ComparedRow[] {
  const out: ComparedRow[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length && left[i]!.kind === right[j]!.kind) out.push(row(left[i++]!, right[j++]!, false));
  while (i < left.length) out.push(row(left[i++]!, null, false));
  while (j < right.length) out.push(row(null, right[j++]!, false));
  return out;
}

/** Matches the layers of two summaries and says what changed, layer by layer and in total. */
export function compareSummaries(left: NetworkSummary, right: NetworkSummary): NetworkComparison {
  const pairs = commonSubsequence(left.layers.map(layerSignature), right.layers.map(layerSignature));
  const rows: ComparedRow[] = [];
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...pairs, [left.layers.length, right.layers.length] as [number, number]]) {
    rows.push(...gap(left.layers.slice(i, pi), right.layers.slice(j, pj)));
    if (pi < left.layers.length && pj < right.layers.length) rows.push(row(left.layers[pi]!, right.layers[pj]!, true));
    i = pi + 1;
    j = pj + 1;
  }
  return { left, right, rows, delta: difference(left.totals, right.totals) };
}

/** Compares two documents, each counted as it trains (its own Count biases switch). */
export function compareNetworks(left: Pick<NetworkDocument, 'layers' | 'countBiases'>, right: Pick<NetworkDocument, 'layers' | 'countBiases'>): NetworkComparison {
  return compareSummaries(
    summarize(left.layers, { countBiases: countsBiases(left) }),
    summarize(right.layers, { countBiases: countsBiases(right) }),
  );
}

/** A difference as people write one: "+12,544", "-4", and "0" for none. */
export function formatDifference(n: number): string {
  if (n === 0) return '0';
  return `${n > 0 ? '+' : '-'}${formatCount(Math.abs(n))}`;
}

/** JSON with object keys sorted, so that the same layer always reads the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * A short fingerprint of the network that trains: every layer's settings,
 * without its id or name (renaming a layer trains the same network), and
 * with biases dropped where the document leaves them out. Two documents with
 * the same fingerprint train the same model; training history is kept by it.
 */
export function networkFingerprint(doc: Pick<NetworkDocument, 'layers' | 'countBiases'>): string {
  const text = canonical(trainedLayers(doc).map(({ id: _id, name: _name, ...rest }: Layer) => rest));
  // FNV-1a, 32 bits twice (two offsets): a key, not a security measure.
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193);
  }
  return `${(h1 >>> 0).toString(16).padStart(8, '0')}${(h2 >>> 0).toString(16).padStart(8, '0')}`;
}
