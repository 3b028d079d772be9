/**
 * How wide a line of text will be, without a DOM to measure it: advance widths per character, in ems, of DejaVu Sans
 * (the widest of the fonts the diagram names, so any of them fits in what is reserved). A character not in the table
 * counts as the widest common one. Bold adds 15%, as DejaVu Sans Bold does to capitals (a test measures both against resvg).
 */
const SANS: Readonly<Record<string, number>> = (() => {
  const t: Record<string, number> = {};
  const set = (chars: string, w: number) => {
    for (const c of chars) t[c] = w;
  };
  set('0123456789', 0.637);
  set(' ', 0.318);
  set('.,', 0.318);
  set(':;', 0.337);
  set('ijl', 0.278);
  set('f', 0.352);
  set('t', 0.392);
  set('r', 0.411);
  set('s', 0.521);
  set('z', 0.525);
  set('c', 0.55);
  set('k', 0.579);
  set('vxy', 0.592);
  set('a', 0.613);
  set('eo', 0.615);
  set('bdghnpqu', 0.635);
  set('w', 0.818);
  set('m', 0.974);
  set('IJ', 0.295);
  set('L', 0.557);
  set('F', 0.575);
  set('P', 0.603);
  set('T', 0.611);
  set('EY', 0.632);
  set('S', 0.635);
  set('K', 0.656);
  set('AV', 0.684);
  set('BX', 0.686);
  set('R', 0.695);
  set('CZ', 0.698);
  set('U', 0.732);
  set('NH', 0.752);
  set('DG', 0.775);
  set('OQ', 0.787);
  set('M', 0.863);
  set('W', 0.989);
  set("'", 0.275);
  set('"', 0.401);
  set('-', 0.361);
  set('()[]', 0.39);
  set('/\\', 0.337);
  set('_', 0.5);
  set('=+<>×−≤≥', 0.838);
  set('%', 0.95);
  set('?', 0.531);
  set('!', 0.4);
  set('…', 1.0);
  set('⋮', 1.0);
  return t;
})();
const SANS_UNKNOWN = 0.84;
/** DejaVu Sans Mono: every glyph is 1233/2048 of an em. */
const MONO = 0.602;

export interface TextStyle {
  readonly size: number;
  readonly mono?: boolean;
  readonly bold?: boolean;
}

/** The width of `text` in px at `style`, an upper estimate. */
export function textWidth(text: string, style: TextStyle): number {
  let ems = 0;
  for (const c of text) ems += style.mono ? MONO : (SANS[c] ?? SANS_UNKNOWN);
  return ems * style.size * (style.bold ? 1.15 : 1);
}
