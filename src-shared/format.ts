/** How Densely writes a count for people: with thousands separators, the same everywhere (899,260). */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
