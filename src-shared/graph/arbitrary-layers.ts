/**
 * fast-check generators for chains of the registry's layer kinds, shared by
 * the property tests of the project file and of shape inference. Built from
 * each kind's own defaults (`create()`), with every number in them replaced
 * by an edge case or a plain value, so that a kind added to the registry is
 * generated without a change here. Test-only: imported by *.test.ts files.
 */
import fc from 'fast-check';
import { LAYER_KIND_ORDER, kindSpec, type Layer } from '../layers/registry';

/** Numbers a field might hold: plain sizes and rates, and the edges of every limit. */
export const layerNumber = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 64 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, -1, 0.5, 0.99, 1, 2.5, 100_000, 100_001, 1e6, 1e9) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }) },
);

/** Replaces every number in a kind's defaults (and in its arrays) with a generated one. */
function mutateNumbers(value: unknown): fc.Arbitrary<unknown> {
  if (typeof value === 'number') return layerNumber;
  if (Array.isArray(value)) return fc.array(mutateNumbers(value[0] ?? 1), { minLength: 1, maxLength: 3 });
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => [k, mutateNumbers(v)] as const);
    return fc.record(Object.fromEntries(entries) as Record<string, fc.Arbitrary<unknown>>);
  }
  return fc.constant(value);
}

/** One layer of a random kind, valid by its kind's schema (its numbers may still not fit the chain). */
export const arbitraryLayerBody: fc.Arbitrary<unknown> = fc.oneof(
  ...LAYER_KIND_ORDER.map((kind) => {
    const schema = kindSpec(kind).schema;
    return mutateNumbers(kindSpec(kind).create()).filter((body) => schema.safeParse({ ...(body as object), id: 'x' }).success);
  }),
);

/** A chain of 0..`max` layers, ids unique (`layer_0`, ...), names now and then. */
export function arbitraryChain(max = 8): fc.Arbitrary<Layer[]> {
  return fc.array(fc.tuple(arbitraryLayerBody, fc.option(fc.string({ maxLength: 12 }), { nil: undefined })), { maxLength: max }).map((items) =>
    items.map(([body, name], i) => ({ ...(body as object), id: `layer_${i}`, ...(name !== undefined ? { name } : {}) }) as Layer),
  );
}
