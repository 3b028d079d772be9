/**
 * d3 drawing of the network: the structure (columns, links, labels) is joined
 * when the document, size or selection changes; colours are painted on their
 * own when training streams values, without rebuilding anything.
 */
import * as d3 from 'd3';
import { channelPixels, kernelPixels, maxAbs } from './feature-maps';
import type { Bundle, CanvasLayout, Column, Link } from '../../src-shared/diagram/layout';
import type { DrawnWeights } from '../../src-shared/import/layers-weights';

export interface DrawHandlers {
  select(id: string | null): void;
  /** A layer is being dragged to `x` (svg coordinates); called on every move. */
  dragMove(id: string, x: number): void;
  dragEnd(id: string, moved: boolean): void;
  /** Folds or unfolds a recurrent layer over its time steps. */
  toggleUnfold(id: string): void;
}

export interface NeuronValues {
  readonly values: Float32Array;
  readonly indices?: readonly number[];
  /** The full output's shape, channels last, for feature maps. */
  readonly shape?: readonly number[];
  /** Sigmoid and softmax outputs are probabilities, painted on 0 to 1 rather than the signed scale. */
  readonly probability?: boolean;
}


export const COLORS = {
  ink: '#111827',
  muted: '#4b5563',
  link: '#9ca3af',
  neuron: '#ffffff',
  neuronStroke: '#1f2937',
  selected: '#dbeafe',
  selectedStroke: '#1d4ed8',
  error: '#b91c1c',
  positive: '#c2410c',
  negative: '#1d4ed8',
};

type LinkDatum = Link & { layerId: string };
type MapDatum = { layerId: string; channel: number; x: number; y: number; w: number; h: number };
type KernelDatum = { layerId: string; filter: number; x: number; y: number; size: number };
type NeuronDatum = { layerId: string; index: number; x: number; y: number; last: boolean };

export function drawStructure(svgEl: SVGSVGElement, layout: CanvasLayout, selectedId: string | null, handlers: DrawHandlers): void {
  const svg = d3
    .select(svgEl)
    .on('click', (event: MouseEvent) => {
      if (event.target === svgEl) handlers.select(null);
    })
    .attr('width', layout.width).attr('height', layout.height).attr('viewBox', `0 0 ${layout.width} ${layout.height}`);
  const root = svg
    .selectAll<SVGGElement, null>('g.root')
    .data([null])
    .join((enter) => {
      const g = enter.append('g').attr('class', 'root');
      g.append('g').attr('class', 'layers');
      g.append('g').attr('class', 'links').attr('pointer-events', 'none');
      g.append('g').attr('class', 'maps').attr('pointer-events', 'none');
      g.append('g').attr('class', 'fields').attr('pointer-events', 'none');
      g.append('g').attr('class', 'cells').attr('pointer-events', 'none');
      g.append('g').attr('class', 'neurons').attr('pointer-events', 'none');
      g.append('g').attr('class', 'labels').attr('pointer-events', 'none');
      g.append('g').attr('class', 'toggles');
      return g;
    });

  // Layer backgrounds first: they take the clicks and drags for the whole column.
  const layerG = root
    .select<SVGGElement>('g.layers')
    .selectAll<SVGGElement, Column>('g.layer')
    .data(layout.columns, (c) => c.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'layer').attr('role', 'button').attr('tabindex', -1);
      g.append('rect').attr('class', 'hit');
      g.append('text').attr('class', 'caption');
      g.append('text').attr('class', 'error-text');
      g.append('title');
      return g;
    })
    .attr('data-testid', (c) => `layer-${c.index}`)
    .attr('data-layer-id', (c) => c.id)
    .attr('aria-label', (c) => `${c.caption.join(', ')}${c.errorLines.length ? `; error: ${c.errorLines.join(' ')}` : ''}`)
    .attr('aria-selected', (c) => String(c.id === selectedId))
    .classed('selected', (c) => c.id === selectedId)
    .classed('has-error', (c) => c.errorLines.length > 0);

  const pad = 6;
  layerG
    .select('rect.hit')
    .attr('x', (c) => c.x - c.slot / 2 + pad)
    .attr('width', (c) => Math.max(10, c.slot - 2 * pad))
    .attr('y', (c) => c.top - 14)
    // A wrapped drawing (wrap-rows.ts) ends each column's room at its own row's bottom.
    .attr('height', (c) => ((c as { rowBottom?: number }).rowBottom ?? layout.height) - c.top + 14 - 4)
    .attr('rx', 10)
    .attr('fill', (c) => (c.id === selectedId ? COLORS.selected : 'transparent'))
    .attr('stroke', (c) => (c.errorLines.length ? COLORS.error : c.id === selectedId ? COLORS.selectedStroke : 'transparent'))
    .attr('stroke-width', 2)
    .attr('stroke-dasharray', (c) => (c.errorLines.length && c.id !== selectedId ? '6 4' : null));

  layerG.select('title').text((c) => [...c.caption, ...c.errorLines].join('\n'));

  const captionTop = (c: Column) => (c as { captionY?: number }).captionY ?? layout.captionY;
  layerG
    .select<SVGTextElement>('text.caption')
    .attr('text-anchor', 'middle')
    .attr('font-size', layout.fontSize)
    .attr('fill', COLORS.ink)
    .each(function (c) {
      const y = captionTop(c);
      d3.select(this)
        .selectAll('tspan')
        .data(c.caption)
        .join('tspan')
        .attr('x', c.x)
        .attr('y', (_d, i) => y + i * layout.lineHeight)
        .attr('font-weight', (_d, i) => (i === 1 ? 700 : 400))
        .attr('fill', (_d, i) => (i === 0 ? COLORS.muted : COLORS.ink))
        .text((d) => d);
    });

  layerG
    .select<SVGTextElement>('text.error-text')
    .attr('text-anchor', 'middle')
    .attr('font-size', 13)
    .attr('fill', COLORS.error)
    .each(function (c) {
      const y = captionTop(c) + c.caption.length * layout.lineHeight + 2;
      d3.select(this)
        .selectAll('tspan')
        .data(c.errorLines)
        .join('tspan')
        .attr('x', c.x)
        .attr('y', (_d, i) => y + i * 16)
        .text((d) => d);
    });

  layerG.on('click', (event: MouseEvent, c) => {
    event.stopPropagation();
    handlers.select(c.id);
  });

  let moved = false;
  layerG.call(
    d3
      .drag<SVGGElement, Column>()
      .container(svgEl as unknown as d3.DragContainerElement)
      .clickDistance(4)
      .on('start', () => {
        moved = false;
      })
      .on('drag', (event: d3.D3DragEvent<SVGGElement, Column, Column>, c) => {
        moved = true;
        handlers.dragMove(c.id, event.x);
      })
      .on('end', (_event, c) => handlers.dragEnd(c.id, moved)),
  );

  // Links: only between drawn neurons, so a 784 x 600 bundle costs 10 x 10 lines.
  const bundleG = root
    .select<SVGGElement>('g.links')
    .selectAll<SVGGElement, Bundle>('g.bundle')
    .data(layout.bundles, (b) => b.layerId)
    .join('g')
    .attr('class', 'bundle');
  bundleG
    .selectAll<SVGLineElement, LinkDatum>('line.link')
    .data((b) => b.links.map((l) => ({ ...l, layerId: b.layerId })))
    .join('line')
    .attr('class', 'link')
    .attr('x1', (l) => l.x1)
    .attr('y1', (l) => l.y1)
    .attr('x2', (l) => l.x2)
    .attr('y2', (l) => l.y2)
    .attr('stroke', COLORS.link)
    .attr('stroke-width', 1.2)
    .attr('stroke-opacity', (_l, _i, all) => (all.length > 60 ? 0.45 : 0.75))
    .attr('stroke-dasharray', function () {
      const b = d3.select(this.parentNode as SVGGElement).datum() as Bundle;
      return b.dense ? null : '4 4';
    });

  const neuronData: NeuronDatum[] = layout.columns.flatMap((c, ci) =>
    c.neurons.map((n) => ({ layerId: c.id, index: n.index, x: n.x, y: n.y, last: ci === layout.columns.length - 1 })),
  );
  root
    .select<SVGGElement>('g.neurons')
    .selectAll<SVGCircleElement, NeuronDatum>('circle.neuron')
    .data(neuronData, (d) => `${d.layerId}:${d.index}`)
    .join('circle')
    .attr('class', 'neuron')
    .attr('cx', (d) => d.x)
    .attr('cy', (d) => d.y)
    .attr('r', layout.radius)
    .attr('fill', COLORS.neuron)
    .attr('stroke', COLORS.neuronStroke)
    .attr('stroke-width', 1.6)
    .attr('pointer-events', 'none');

  // Feature maps, back to front, each with an image slot the training frames fill.
  const mapData: MapDatum[] = layout.columns.flatMap((c) =>
    c.maps
      ? [...c.maps.channels.keys()].reverse().map((k) => ({ layerId: c.id, channel: c.maps!.channels[k]!, x: c.maps!.x + k * c.maps!.dx, y: c.maps!.y - k * c.maps!.dy, w: c.maps!.w, h: c.maps!.h }))
      : [],
  );
  const mapG = root
    .select<SVGGElement>('g.maps')
    .selectAll<SVGGElement, MapDatum>('g.map')
    .data(mapData, (d) => `${d.layerId}:${d.channel}`)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'map');
      g.append('rect');
      g.append('image').attr('class', 'map-img').attr('preserveAspectRatio', 'none').style('image-rendering', 'pixelated');
      return g;
    });
  mapG.order();
  mapG
    .select('rect')
    .attr('x', (d) => d.x)
    .attr('y', (d) => d.y)
    .attr('width', (d) => d.w)
    .attr('height', (d) => d.h)
    .attr('fill', '#f9fafb')
    .attr('stroke', COLORS.neuronStroke)
    .attr('stroke-width', 1.2);
  mapG
    .select('image')
    .attr('x', (d) => d.x + 0.6)
    .attr('y', (d) => d.y + 0.6)
    .attr('width', (d) => Math.max(1, d.w - 1.2))
    .attr('height', (d) => Math.max(1, d.h - 1.2));

  const kernelData: KernelDatum[] = layout.columns.flatMap((c) =>
    c.kernels
      ? c.kernels.filters.map((f) => ({
          layerId: c.id,
          filter: f,
          x: c.kernels!.x + (f % c.kernels!.perRow) * (c.kernels!.cell + c.kernels!.gap),
          y: c.kernels!.y + Math.floor(f / c.kernels!.perRow) * (c.kernels!.cell + c.kernels!.gap),
          size: c.kernels!.cell,
        }))
      : [],
  );
  const kernelG = root
    .select<SVGGElement>('g.maps')
    .selectAll<SVGGElement, KernelDatum>('g.kernel')
    .data(kernelData, (d) => `${d.layerId}:${d.filter}`)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'kernel');
      g.append('rect');
      g.append('image').attr('class', 'kernel-img').attr('preserveAspectRatio', 'none').style('image-rendering', 'pixelated');
      return g;
    });
  kernelG.select('rect').attr('x', (d) => d.x).attr('y', (d) => d.y).attr('width', (d) => d.size).attr('height', (d) => d.size).attr('fill', '#f3f4f6').attr('stroke', COLORS.muted).attr('stroke-width', 0.8);
  kernelG.select('image').attr('x', (d) => d.x).attr('y', (d) => d.y).attr('width', (d) => d.size).attr('height', (d) => d.size);

  const fieldG = root
    .select<SVGGElement>('g.fields')
    .selectAll<SVGGElement, Bundle>('g.field')
    .data(
      layout.bundles.filter((b) => b.field),
      (b) => b.layerId,
    )
    .join((enter) => {
      const g = enter.append('g').attr('class', 'field');
      g.append('rect');
      for (let k = 0; k < 4; k++) g.append('line');
      return g;
    })
    .attr('data-testid', (b) => `field-${b.toLayer}`);
  fieldG
    .select('rect')
    .attr('x', (b) => b.field!.x)
    .attr('y', (b) => b.field!.y)
    .attr('width', (b) => b.field!.w)
    .attr('height', (b) => b.field!.h)
    .attr('fill', 'rgba(29, 78, 216, 0.18)')
    .attr('stroke', COLORS.selectedStroke)
    .attr('stroke-width', 1.4);
  fieldG.each(function (b) {
    const f = b.field!;
    const corners = [
      [f.x, f.y],
      [f.x + f.w, f.y],
      [f.x, f.y + f.h],
      [f.x + f.w, f.y + f.h],
    ];
    d3.select(this)
      .selectAll<SVGLineElement, number[]>('line')
      .data(corners)
      .attr('x1', (c) => c[0]!)
      .attr('y1', (c) => c[1]!)
      .attr('x2', f.px)
      .attr('y2', f.py)
      .attr('stroke', COLORS.selectedStroke)
      .attr('stroke-width', 1)
      .attr('stroke-opacity', 0.8);
  });

  const cellG = root
    .select<SVGGElement>('g.cells')
    .selectAll<SVGGElement, Column>('g.cell')
    .data(
      layout.columns.filter((c) => c.cell),
      (c) => c.id,
    )
    .join('g')
    .attr('class', 'cell');
  cellG.each(function (c) {
    const cell = c.cell!;
    const g = d3.select(this);
    const boxes = cell.unfolded ? cell.stepBoxes.map((s) => ({ y: s.y, h: cell.stepH, text: `t=${s.step}` })) : [{ y: cell.y, h: cell.h, text: 'state h' }];
    g.selectAll('rect.cell-box')
      .data(boxes)
      .join('rect')
      .attr('class', 'cell-box')
      .attr('x', cell.x)
      .attr('y', (d) => d.y)
      .attr('width', cell.w)
      .attr('height', (d) => d.h)
      .attr('rx', 8)
      .attr('fill', '#fef3c7')
      .attr('stroke', COLORS.neuronStroke)
      .attr('stroke-width', 1.6);
    g.selectAll('text.cell-text')
      .data(boxes)
      .join('text')
      .attr('class', 'cell-text')
      .attr('x', c.x)
      .attr('y', (d) => d.y + d.h / 2)
      .attr('text-anchor', 'middle')
      .attr('dominant-baseline', 'central')
      .attr('font-size', 12)
      // The cell is always pale amber, in either theme: its text is always dark.
      .attr('fill', '#78350f')
      .text((d) => d.text);
    // The loop: the state goes round into the next step; unfolded, it is the arrow from one step to the next.
    const loops = cell.unfolded
      ? boxes.slice(0, -1).map((d, k) => `M${c.x},${d.y + d.h} L${c.x},${boxes[k + 1]!.y - 3}`)
      : [`M${cell.x + cell.w * 0.75},${cell.y} C${cell.x + cell.w * 0.8},${cell.y - 26} ${cell.x + cell.w * 0.2},${cell.y - 26} ${cell.x + cell.w * 0.25},${cell.y - 3}`];
    g.selectAll('path.loop')
      .data(loops)
      .join('path')
      .attr('class', 'loop')
      .attr('d', (d) => d)
      .attr('fill', 'none')
      .attr('stroke', COLORS.neuronStroke)
      .attr('stroke-width', 1.6)
      .attr('marker-end', 'url(#densely-arrow)');
    g.selectAll('text.cell-ellipsis')
      .data(cell.ellipsisY !== null ? [cell.ellipsisY] : [])
      .join('text')
      .attr('class', 'cell-ellipsis')
      .attr('x', c.x)
      .attr('y', (y) => y)
      .attr('text-anchor', 'middle')
      .attr('dominant-baseline', 'central')
      .attr('font-size', 20)
      .attr('font-weight', 700)
      .text('⋮');
  });
  svg
    .selectAll('defs')
    .data([null])
    .join((enter) => {
      const defs = enter.insert('defs', ':first-child');
      defs
        .append('marker')
        .attr('id', 'densely-arrow')
        .attr('viewBox', '0 0 10 10')
        .attr('refX', 8)
        .attr('refY', 5)
        .attr('markerWidth', 7)
        .attr('markerHeight', 7)
        .attr('orient', 'auto-start-reverse')
        .append('path')
        .attr('d', 'M0,0 L10,5 L0,10 z')
        .attr('fill', COLORS.neuronStroke);
      return defs;
    });

  root
    .select<SVGGElement>('g.toggles')
    .selectAll<SVGTextElement, Column>('text.unfold-toggle')
    .data(
      layout.columns.filter((c) => c.cell && c.cell.steps > 1),
      (c) => c.id,
    )
    .join('text')
    .attr('class', 'unfold-toggle')
    .attr('data-testid', (c) => `unfold-${c.index}`)
    .attr('role', 'button')
    .attr('x', (c) => c.x)
    .attr('y', (c) => c.cell!.toggleY)
    .attr('text-anchor', 'middle')
    .attr('font-size', 12)
    .attr('fill', COLORS.selectedStroke)
    .attr('text-decoration', 'underline')
    .style('cursor', 'pointer')
    .text((c) => (c.cell!.unfolded ? 'fold the loop' : `unfold ${c.cell!.steps} steps`))
    .on('click', (event: MouseEvent, c) => {
      event.stopPropagation();
      handlers.toggleUnfold(c.id);
    })
    .on('mousedown', (event: MouseEvent) => event.stopPropagation());

  const labels = root.select<SVGGElement>('g.labels');
  labels
    .selectAll<SVGTextElement, Column>('text.ellipsis')
    .data(
      layout.columns.filter((c) => c.ellipsisY !== null),
      (c) => c.id,
    )
    .join('text')
    .attr('class', 'ellipsis')
    .attr('x', (c) => c.x)
    .attr('y', (c) => c.ellipsisY!)
    .attr('text-anchor', 'middle')
    .attr('dominant-baseline', 'central')
    .attr('font-size', 22)
    .attr('font-weight', 700)
    .attr('fill', COLORS.ink)
    .attr('pointer-events', 'none')
    .text('⋮');

  labels
    .selectAll<SVGTextElement, Bundle>('text.bundle-label')
    .data(
      layout.bundles.filter((b) => b.label.length),
      (b) => b.layerId,
    )
    .join('text')
    .attr('class', 'bundle-label')
    .attr('data-testid', (b) => `bundle-${b.toLayer}`)
    // The whole arithmetic in one sentence, however the lines wrap (screen readers, and tests at any width).
    .attr('aria-label', (b) => b.label.join(' '))
    .attr('text-anchor', 'middle')
    .attr('font-size', layout.fontSize)
    .attr('font-weight', 600)
    .attr('font-family', 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace')
    .attr('fill', COLORS.ink)
    .attr('pointer-events', 'none')
    .each(function (b) {
      d3.select(this)
        .selectAll('tspan')
        .data(b.label)
        .join('tspan')
        .attr('x', b.labelX)
        .attr('y', (_t, i) => b.labelY + i * 17)
        .text((t) => t);
    });

  labels
    .selectAll<SVGTextElement, Bundle>('text.shape-change')
    .data(
      layout.bundles.filter((b) => b.shapeLabel),
      (b) => b.layerId,
    )
    .join('text')
    .attr('class', 'shape-change')
    .attr('data-testid', (b) => `shape-${b.toLayer}`)
    .attr('x', (b) => b.labelX)
    .attr('y', (b) => b.shapeY)
    .attr('text-anchor', 'middle')
    .attr('font-size', layout.shapeFont)
    .attr('font-family', 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace')
    .attr('fill', COLORS.muted)
    .text((b) => b.shapeLabel!);

  labels
    .selectAll<SVGTextElement, Column>('text.map-shape')
    .data(
      layout.columns.filter((c) => c.maps),
      (c) => c.id,
    )
    .join('text')
    .attr('class', 'map-shape')
    .attr('data-testid', (c) => `maps-${c.index}`)
    .attr('x', (c) => c.maps!.x + c.maps!.w / 2)
    .attr('y', (c) => c.maps!.labelY)
    .attr('text-anchor', 'middle')
    .attr('font-size', 12)
    .attr('font-family', 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace')
    .attr('fill', COLORS.ink)
    .text((c) => c.maps!.label);

  labels
    .selectAll<SVGTextElement, NeuronDatum>('text.value')
    .data(
      layout.columns.at(-1)?.slot && layout.columns.at(-1)!.slot > 130 ? neuronData.filter((d) => d.last) : [],
      (d) => `${d.layerId}:${d.index}`,
    )
    .join('text')
    .attr('class', 'value')
    .attr('x', (d) => d.x + layout.radius + 6)
    .attr('y', (d) => d.y)
    .attr('dominant-baseline', 'central')
    .attr('font-size', 13)
    .attr('fill', COLORS.ink)
    .attr('pointer-events', 'none');
}

/**
 * Where a neuron's colour saturates. Fixed, not per layer, so the same colour means the same value in every
 * layer and every frame: an output of 0.00 is white, never the layer's strongest colour.
 */
export const NEURON_COLOR_LIMIT = 2;

const toPositive = d3.interpolateRgb('#ffffff', COLORS.positive);
const toNegative = d3.interpolateRgb('#ffffff', COLORS.negative);

/**
 * A neuron's colour: a diverging scale centred on zero (white), blue below and orange above, saturating at
 * ±NEURON_COLOR_LIMIT; a probability (sigmoid, softmax) on 0 (white) to 1 (orange).
 */
export function neuronColor(v: number, probability = false): string {
  const t = probability ? Math.max(0, Math.min(1, v)) : Math.max(-1, Math.min(1, v / NEURON_COLOR_LIMIT));
  return t >= 0 ? toPositive(t) : toNegative(-t);
}

/** The key to the neuron colours, in the canvas's top-left corner (above the input column's neurons) while neurons are coloured. */
function paintLegend(svgEl: SVGSVGElement, shown: boolean, probability: boolean): void {
  const bars = shown
    ? [
        { key: 'signed', stops: [-NEURON_COLOR_LIMIT, 0, NEURON_COLOR_LIMIT], labels: [`≤ −${NEURON_COLOR_LIMIT}`, '0', `≥ ${NEURON_COLOR_LIMIT}`], name: 'value', prob: false },
        ...(probability ? [{ key: 'prob', stops: [0, 0.5, 1], labels: ['0', '0.5', '1'], name: 'probability', prob: true }] : []),
      ]
    : [];
  const W = 84;
  const H = 9;
  const legend = d3
    .select(svgEl)
    .selectAll<SVGGElement, null>('g.color-legend')
    .data(bars.length ? [null] : [])
    .join('g')
    .attr('class', 'color-legend')
    .attr('data-testid', 'color-legend')
    .attr('pointer-events', 'none')
    .attr('transform', 'translate(8,6)');
  const bar = legend
    .selectAll<SVGGElement, (typeof bars)[number]>('g.bar')
    .data(bars, (b) => b.key)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'bar');
      const grad = g.append('linearGradient').attr('id', (b) => `neuron-scale-${b.key}`);
      grad
        .selectAll('stop')
        .data((b) => d3.range(0, 1.0001, 0.125).map((f) => ({ f, color: neuronColor(b.prob ? f : (f * 2 - 1) * NEURON_COLOR_LIMIT, b.prob) })))
        .join('stop')
        .attr('offset', (d) => `${d.f * 100}%`)
        .attr('stop-color', (d) => d.color);
      g.append('rect').attr('width', W).attr('height', H).attr('stroke', COLORS.muted).attr('stroke-width', 0.8).attr('fill', (b) => `url(#neuron-scale-${b.key})`);
      g.append('text').attr('class', 'name').attr('x', W + 6).attr('y', H / 2).attr('dominant-baseline', 'central').attr('font-size', 11).attr('fill', COLORS.ink);
      return g;
    })
    .attr('transform', (_b, i) => `translate(0,${i * 26})`);
  bar.select('text.name').text((b) => b.name);
  bar
    .selectAll<SVGTextElement, string>('text.tick')
    .data((b) => b.labels)
    .join('text')
    .attr('class', 'tick')
    .attr('x', (_l, i) => (i * W) / 2)
    .attr('y', H + 10)
    .attr('text-anchor', (_l, i) => (i === 0 ? 'start' : i === 2 ? 'end' : 'middle'))
    .attr('font-size', 10)
    .attr('fill', COLORS.muted)
    .text((l) => l);
}

/**
 * An output value short enough to sit beside its neuron inside the canvas:
 * 0.73, -12.40, and for a diverging run -1.4e9 rather than eleven digits that run off the edge.
 */
export function formatNeuronValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
  if (Math.abs(v) < 1000) return v.toFixed(2);
  return v.toExponential(1).replace('e+', 'e');
}

/** Colours neurons by their streamed values and links by weight sign and size; cheap enough for every frame. */
export function paintValues(
  svgEl: SVGSVGElement,
  activations: ReadonlyMap<string, NeuronValues> | null,
  weights: ReadonlyMap<string, DrawnWeights> | null,
): void {
  const svg = d3.select(svgEl);
  const valueOf = (d: NeuronDatum): number | undefined => {
    const a = activations?.get(d.layerId);
    if (!a) return undefined;
    const k = a.indices ? a.indices.indexOf(d.index) : d.index;
    return k >= 0 && k < a.values.length ? a.values[k] : undefined;
  };
  let coloured = false;
  let probabilities = false;
  svg.selectAll<SVGCircleElement, NeuronDatum>('circle.neuron').attr('fill', (d) => {
    const v = valueOf(d);
    if (v === undefined || !Number.isFinite(v)) return COLORS.neuron;
    const probability = activations?.get(d.layerId)?.probability === true;
    coloured = true;
    probabilities ||= probability;
    return neuronColor(v, probability);
  });
  paintLegend(svgEl, coloured, probabilities);
  svg.selectAll<SVGTextElement, NeuronDatum>('text.value').text((d) => {
    const v = valueOf(d);
    return v === undefined ? '' : formatNeuronValue(v);
  });

  // Feature maps as small images of the probe's full output; kernels as heatmaps, averaged over input channels.
  svg.selectAll<SVGImageElement, MapDatum>('image.map-img').each(function (d) {
    const a = activations?.get(d.layerId);
    const col = d3.select(this.closest('g.map')).datum() as MapDatum;
    const shape = a && !a.indices ? (a.shape ?? null) : null;
    if (!a || !shape || shape.length !== 3 || a.values.length !== shape[0]! * shape[1]! * shape[2]! || col.channel >= shape[2]!) {
      this.removeAttribute('href');
      return;
    }
    this.setAttribute('href', pixelsToHref(channelPixels(a.values, shape, col.channel, mapScale(a.values)), shape[1]!, shape[0]!));
  });
  svg.selectAll<SVGImageElement, KernelDatum>('image.kernel-img').each(function () {
    const d = d3.select(this.closest('g.kernel')).datum() as KernelDatum;
    const w = weights?.get(d.layerId);
    const shape = w?.shape;
    if (!w?.kernel || !shape || shape.length !== 4 || d.filter >= shape[3]!) {
      this.removeAttribute('href');
      return;
    }
    this.setAttribute('href', pixelsToHref(kernelPixels(w.kernel, shape, d.filter, mapScale(w.kernel)), shape[1]!, shape[0]!));
  });

  const wScale = new Map<string, number>();
  for (const [id, w] of weights ?? []) wScale.set(id, Math.max(Math.abs(w.summary.min), Math.abs(w.summary.max)) || 1);
  svg
    .selectAll<SVGLineElement, LinkDatum>('line.link')
    .attr('stroke', (l) => {
      const w = weights?.get(l.layerId);
      if (!w) return COLORS.link;
      const v = w.kernel && l.from >= 0 && l.to >= 0 ? w.kernel[l.from * w.cols + l.to] : w.summary.mean;
      return v === undefined ? COLORS.link : v >= 0 ? COLORS.positive : COLORS.negative;
    })
    .attr('stroke-opacity', (l, _i, all) => {
      const w = weights?.get(l.layerId);
      if (!w) return all.length > 60 ? 0.45 : 0.75;
      const v = w.kernel && l.from >= 0 && l.to >= 0 ? w.kernel[l.from * w.cols + l.to] : w.summary.mean;
      return v === undefined ? 0.3 : 0.15 + 0.85 * Math.min(1, Math.abs(v) / wScale.get(l.layerId)!);
    })
    .attr('stroke-width', (l) => {
      const w = weights?.get(l.layerId);
      if (!w?.kernel || l.from < 0 || l.to < 0) return 1.2;
      const v = w.kernel[l.from * w.cols + l.to] ?? 0;
      return 0.8 + 2.2 * Math.min(1, Math.abs(v) / wScale.get(l.layerId)!);
    });
}

/** A layer's scale for its images: the largest magnitude, computed once per frame and values array. */
const scales = new WeakMap<ArrayLike<number>, number>();
function mapScale(values: Float32Array): number {
  let m = scales.get(values);
  if (m === undefined) scales.set(values, (m = maxAbs(values)));
  return m;
}

let scratch: HTMLCanvasElement | null = null;
/** RGBA pixels as an image URL for an SVG image; one scratch canvas serves every map. */
function pixelsToHref(pixels: Uint8ClampedArray, width: number, height: number): string {
  scratch ??= document.createElement('canvas');
  scratch.width = width;
  scratch.height = height;
  const ctx = scratch.getContext('2d');
  if (!ctx) return '';
  ctx.putImageData(new ImageData(new Uint8ClampedArray(pixels), width, height), 0, 0);
  return scratch.toDataURL();
}

/**
 * Takes the strokes, text and selection colours from the theme's custom properties (global.css), so the canvas follows
 * the light, dark and presentation themes; the neuron value scale is not the theme's and is left alone.
 */
export function readThemeColours(el: Element): void {
  const css = getComputedStyle(el);
  const read = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  COLORS.ink = read('--canvas-ink', COLORS.ink);
  COLORS.muted = read('--canvas-muted', COLORS.muted);
  COLORS.link = read('--canvas-link', COLORS.link);
  COLORS.neuronStroke = read('--canvas-stroke', COLORS.neuronStroke);
  COLORS.selected = read('--canvas-selected', COLORS.selected);
  COLORS.selectedStroke = read('--canvas-selected-stroke', COLORS.selectedStroke);
  COLORS.error = read('--canvas-error', COLORS.error);
}

/** One neuron's output over the input plane (2-D datasets), row 0 at the top, for the small map inside its circle. */
export interface NeuronMap {
  readonly size: number;
  readonly values: Float32Array;
  readonly probability?: boolean;
}

const neuronMapHrefs = new WeakMap<Float32Array, string>();

/**
 * Decision boundaries, as TensorFlow Playground draws them inside its neurons: each drawn neuron with a map
 * (keyed `layerId:index`) shows it as a small image clipped to its circle, on the neurons' own colour scale, over
 * the circle's fill and inside its stroke. Without maps (any other dataset) the images go and the fills show again.
 */
export function paintNeuronMaps(svgEl: SVGSVGElement, maps: ReadonlyMap<string, NeuronMap> | null): void {
  const root = d3.select(svgEl).select<SVGGElement>('g.root');
  if (root.empty()) return;
  // Above the neurons (whose circles a new structure appends to their own group), below the labels.
  const layer = root
    .selectAll<SVGGElement, null>('g.neuron-maps')
    .data([null])
    .join((enter) => {
      const g = enter.insert('g', 'g.labels').attr('class', 'neuron-maps').attr('pointer-events', 'none');
      g.append('clipPath').attr('id', 'densely-neuron-clip').attr('clipPathUnits', 'objectBoundingBox').append('circle').attr('cx', 0.5).attr('cy', 0.5).attr('r', 0.5);
      return g;
    });
  const placed: { key: string; x: number; y: number; r: number; map: NeuronMap }[] = [];
  root.selectAll<SVGCircleElement, NeuronDatum>('circle.neuron').each(function (d) {
    const map = maps?.get(`${d.layerId}:${d.index}`);
    // Inside the stroke, so the circle's outline still frames the map.
    const r = Number(this.getAttribute('r')) - 1;
    if (map && map.values.length === map.size * map.size && r > 2) placed.push({ key: `${d.layerId}:${d.index}`, x: d.x, y: d.y, r, map });
  });
  layer
    .selectAll<SVGImageElement, (typeof placed)[number]>('image.neuron-map')
    .data(placed, (p) => p.key)
    .join((enter) => enter.append('image').attr('class', 'neuron-map').attr('preserveAspectRatio', 'none').attr('clip-path', 'url(#densely-neuron-clip)'))
    .attr('data-neuron', (p) => p.key)
    .attr('x', (p) => p.x - p.r)
    .attr('y', (p) => p.y - p.r)
    .attr('width', (p) => 2 * p.r)
    .attr('height', (p) => 2 * p.r)
    .attr('href', (p) => {
      let href = neuronMapHrefs.get(p.map.values);
      if (href === undefined) {
        const { size, values, probability } = p.map;
        const px = new Uint8ClampedArray(size * size * 4);
        // The neuron fill's own scale, so a map reads against the same legend.
        for (let k = 0; k < size * size; k++) {
          const c = d3.rgb(neuronColor(values[k]!, probability));
          px.set([c.r, c.g, c.b, 255], 4 * k);
        }
        href = pixelsToHref(px, size, size);
        neuronMapHrefs.set(p.map.values, href);
      }
      return href;
    });
}
