/** The summary as text, in the conventions of Keras' model.summary(). */
import { formatShape } from '../layers/layer-kind';
import type { NetworkSummary } from './summary';
import { formatCount } from '../format';


export function formatSummaryTable(summary: NetworkSummary, title = 'Model'): string {
  const header = ['Layer (type)', 'Output Shape', 'Weights', 'Biases', 'Trainable', 'Non-trainable', 'Param #'];
  const rows = summary.layers.map((l) => [
    `${l.label} (${l.kind})`,
    l.outputShape ? `(None, ${l.outputShape.join(', ')})` : l.error ? 'error' : '?',
    formatCount(l.weights),
    formatCount(l.biases),
    formatCount(l.trainable),
    formatCount(l.nonTrainable),
    formatCount(l.params),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('   ').trimEnd();
  const width = widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1);
  const out = [`Model: "${title}" (${formatShapeList(summary)})`, '='.repeat(width), line(header), '='.repeat(width)];
  rows.forEach((r, i) => {
    out.push(line(r));
    out.push(i === rows.length - 1 ? '='.repeat(width) : '-'.repeat(width));
  });
  if (rows.length === 0) out.push('='.repeat(width));
  out.push(`Total params: ${formatCount(summary.totals.params)}`);
  out.push(`Trainable params: ${formatCount(summary.totals.trainable)}`);
  out.push(`Non-trainable params: ${formatCount(summary.totals.nonTrainable)}`);
  out.push(`Weights: ${formatCount(summary.totals.weights)}`);
  out.push(summary.countBiases ? `Biases: ${formatCount(summary.totals.biases)}` : 'Biases: not counted');
  for (const e of summary.errors) out.push(`error: ${e}`);
  return out.join('\n');
}

function formatShapeList(summary: NetworkSummary): string {
  return summary.layers.map((l) => (l.outputShape ? formatShape(l.outputShape) : '?')).join('-');
}
