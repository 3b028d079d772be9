/**
 * A long network on a small screen: the canvas's one row of columns is wrapped into two or three rows, like a
 * sentence, so the drawing is scaled down far less (the CNN template at 1024x768: 0.65 instead of 0.35) and its
 * arithmetic stays readable. Pure geometry over layout.ts's CanvasLayout: each row's columns move left and down as a
 * block; a bundle that crosses from one row to the next runs between them, its arithmetic written in a band of its own.
 */
import type { Bundle, CanvasLayout, Column } from '../../src-shared/diagram/layout';

/** A column placed in a row: where that row's captions sit and where its room ends (for the click target). */
export type RowColumn = Column & { readonly row: number; readonly captionY: number; readonly rowBottom: number };

export interface WrappedLayout extends CanvasLayout {
  readonly columns: readonly RowColumn[];
  readonly rows: number;
  /** The height of one row before wrapping, and the band between rows that holds a crossing bundle's labels. */
  readonly rowHeight: number;
  readonly band: number;
}

/** The room between two rows: two lines of arithmetic and a shape change, with some air. */
export const ROW_BAND = 64;

/** How many columns each row holds: as even as can be, the first rows one longer. */
export function rowOfColumn(count: number, rows: number): (index: number) => number {
  const per = Math.ceil(count / rows);
  return (i) => Math.min(rows - 1, Math.floor(i / per));
}

/**
 * Wraps `layout` (laid out in one row, `slot` wide per column and `layout.height` tall) into `rows` rows.
 * With rows = 1 it is the same drawing.
 */
export function wrapRows(layout: CanvasLayout, rows: number, band = ROW_BAND): WrappedLayout {
  const n = layout.columns.length;
  const r = Math.max(1, Math.min(rows, n));
  const rowOf = rowOfColumn(n, r);
  const slot = layout.columns[0]?.slot ?? layout.width;
  const per = Math.ceil(n / Math.max(1, r));
  const pitch = layout.height + band;
  const dx = (row: number) => -row * per * slot;
  const dy = (row: number) => row * pitch;
  const moveY = (y: number, row: number) => y + dy(row);

  const columns: RowColumn[] = layout.columns.map((c) => {
    const row = rowOf(c.index);
    const [ox, oy] = [dx(row), dy(row)];
    return {
      ...c,
      row,
      captionY: layout.captionY + oy,
      rowBottom: layout.height + oy,
      x: c.x + ox,
      top: c.top + oy,
      bottom: c.bottom + oy,
      ellipsisY: c.ellipsisY === null ? null : c.ellipsisY + oy,
      neurons: c.neurons.map((p) => ({ ...p, x: p.x + ox, y: p.y + oy })),
      inPort: { x: c.inPort.x + ox, y: c.inPort.y + oy },
      outPort: { x: c.outPort.x + ox, y: c.outPort.y + oy },
      maps: c.maps && { ...c.maps, x: c.maps.x + ox, y: c.maps.y + oy, labelY: c.maps.labelY + oy },
      kernels: c.kernels && { ...c.kernels, x: c.kernels.x + ox, y: c.kernels.y + oy },
      cell: c.cell && {
        ...c.cell,
        x: c.cell.x + ox,
        y: c.cell.y + oy,
        stepBoxes: c.cell.stepBoxes.map((s) => ({ ...s, y: s.y + oy })),
        ellipsisY: c.cell.ellipsisY === null ? null : c.cell.ellipsisY + oy,
        toggleY: c.cell.toggleY + oy,
      },
    };
  });

  const width = r === 1 ? layout.width : per * slot;
  const bundles: Bundle[] = layout.bundles.map((b) => {
    const to = b.toLayer;
    const [ra, rb] = [rowOf(to - 1), rowOf(to)];
    const field = b.field && {
      ...b.field,
      x: b.field.x + dx(ra),
      y: b.field.y + dy(ra),
      px: b.field.px + dx(rb),
      py: b.field.py + dy(rb),
    };
    const links = b.links.map((l) => ({ ...l, x1: l.x1 + dx(ra), y1: l.y1 + dy(ra), x2: l.x2 + dx(rb), y2: l.y2 + dy(rb) }));
    if (ra === rb) return { ...b, links, field, labelX: b.labelX + dx(rb), labelY: moveY(b.labelY, rb), shapeY: moveY(b.shapeY, rb) };
    // Crossing to the next row: the arithmetic and the shape change in the band between the rows, mid-width.
    const bandTop = dy(rb) - band;
    return { ...b, links, field, labelX: width / 2, labelY: bandTop + 4 + layout.fontSize, shapeY: bandTop + 4 + layout.fontSize + b.label.length * 17 + 2 };
  });

  return { ...layout, width, height: r * layout.height + (r - 1) * band, columns, bundles, rows: r, rowHeight: layout.height, band };
}

/** Where something dropped at (x, y) goes in a wrapped drawing: the row under the pointer, then after every column left of it. */
export function dropIndexWrapped(layout: WrappedLayout, x: number, y: number, excludeId?: string): number {
  const row = Math.max(0, Math.min(layout.rows - 1, Math.floor((y + layout.band / 2) / (layout.rowHeight + layout.band))));
  const kept = layout.columns.filter((c) => c.id !== excludeId);
  const before = kept.filter((c) => c.row < row).length;
  return before + kept.filter((c) => c.row === row && c.x < x).length;
}
