/**
 * `densely draw`: the canvas's diagram of a network as an SVG or PNG file, for slides, papers and batches.
 * The SVG is src-shared/diagram/svg.ts's, the same file the app's Export diagram saves; a PNG is that SVG
 * rasterised by resvg (no browser needed), at 1, 2 or 4 times its size.
 */
import { mkdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { Option, type Command } from 'commander';
import writeFileAtomic from 'write-file-atomic';
import { documentDiagram, type Diagram } from '../src-shared/diagram/svg';
import type { DiagramTheme } from '../src-shared/diagram/theme';
import type { NetworkDocument } from '../src-shared/graph/document';
import { summarize } from '../src-shared/graph/summary';
import { describeOpenError } from './read-bounded';
import { loadNetwork, UsageError } from './cli-summary';

export type DiagramFormat = 'svg' | 'png';

export interface DrawOptions {
  readonly theme: DiagramTheme;
  readonly counts: boolean;
  readonly scale: 1 | 2 | 4;
}

/** The fonts resvg falls back to for the SVG's generic families; DejaVu is on most Linux systems and in Debian's base. */
const RASTER_FONTS = { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans', monospaceFamily: 'DejaVu Sans Mono' };

/** The diagram as a PNG `scale` times the SVG's size. resvg is loaded only here, so other commands never need it. */
export async function rasterise(diagram: Diagram, scale: number): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  return new Resvg(diagram.svg, { font: RASTER_FONTS, fitTo: { mode: 'zoom', value: scale } }).render().asPng();
}

/** The diagram of `doc` as the file's bytes. */
export async function drawDocument(doc: NetworkDocument, format: DiagramFormat, options: DrawOptions): Promise<{ bytes: Buffer; width: number; height: number }> {
  const diagram = documentDiagram(doc, { theme: options.theme, counts: options.counts });
  if (format === 'svg') return { bytes: Buffer.from(diagram.svg, 'utf8'), width: diagram.width, height: diagram.height };
  return { bytes: await rasterise(diagram, options.scale), width: diagram.width * options.scale, height: diagram.height * options.scale };
}

function formatOf(path: string): DiagramFormat | null {
  const ext = extname(path).toLowerCase();
  return ext === '.svg' ? 'svg' : ext === '.png' ? 'png' : null;
}

/** `digits.densely.json` → `digits`: the name the drawing of a project file gets in an output folder. */
export function drawingName(file: string): string {
  return basename(file).replace(/(\.densely)?\.json$/i, '') || 'network';
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Writes atomically, saying in one sentence why a write failed. */
async function writeOut(path: string, bytes: Buffer): Promise<void> {
  try {
    await writeFileAtomic(path, bytes, { fsync: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`There is no folder ${dirname(path)} to write ${basename(path)} into; create it or check the path.`);
    if (code === 'EISDIR') throw new UsageError(`${path} is a folder; name a .svg or .png file, or give several inputs to fill a folder.`);
    throw new UsageError(describeOpenError(e, path, 'output file').replace("can't be read", "can't be written"));
  }
}

interface DrawCliOptions {
  layers?: string;
  output: string;
  format?: DiagramFormat;
  scale: string;
  theme: DiagramTheme;
  counts: boolean;
}

export function registerDrawCommand(program: Command): void {
  program
    .command('draw')
    .description('draw a network as the canvas does, into an SVG or PNG file (or several into a folder)')
    .argument('[files...]', 'Densely project files (.densely.json)')
    .option('--layers <widths>', 'a chain: input width, then dense layer widths, e.g. 3,4,1')
    .requiredOption('-o, --output <path>', 'OUT.svg or OUT.png; a folder (existing, or ending in /) for several inputs')
    .addOption(new Option('--format <format>', 'the format of drawings written into a folder').choices(['svg', 'png']))
    .addOption(new Option('--scale <factor>', 'a PNG at 1, 2 or 4 times the SVG size').choices(['1', '2', '4']).default('1'))
    .addOption(new Option('--theme <theme>', 'the canvas colours to draw in').choices(['light', 'dark']).default('light'))
    .option('--no-counts', 'leave out the arithmetic and counts on each bundle')
    .action(async (files: string[], opts: DrawCliOptions) => {
      const options: DrawOptions = { theme: opts.theme, counts: opts.counts, scale: Number(opts.scale) as 1 | 2 | 4 };
      if (files.length > 0 && opts.layers) throw new UsageError('Give either project FILEs or --layers, not both.');
      const inputs: (string | undefined)[] = files.length > 0 ? files : [undefined];
      const intoFolder = inputs.length > 1 || /[\\/]$/.test(opts.output) || (await isFolder(opts.output));
      const targets: { input: string | undefined; path: string; format: DiagramFormat }[] = [];
      if (intoFolder) {
        if (formatOf(opts.output)) throw new UsageError(`Several drawings go into a folder, not into ${opts.output}; give -o a folder such as drawings/.`);
        const format = opts.format ?? 'svg';
        await mkdir(opts.output, { recursive: true }).catch((e: unknown) => {
          throw new UsageError(`The folder ${opts.output} can't be made (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check the path.`);
        });
        const seen = new Set<string>();
        for (const input of inputs) {
          const name = input ? drawingName(input) : (opts.layers ?? 'network').replace(/,/g, '-');
          if (seen.has(name)) throw new UsageError(`Two inputs are both named ${name}, so their drawings would overwrite each other; rename one.`);
          seen.add(name);
          targets.push({ input, path: join(opts.output, `${name}.${format}`), format });
        }
      } else {
        const format = formatOf(opts.output);
        if (!format) throw new UsageError(`-o must name a .svg or .png file (or a folder); got ${opts.output}.`);
        if (opts.format && opts.format !== format) throw new UsageError(`--format ${opts.format} disagrees with ${opts.output}; drop --format or change the name.`);
        targets.push({ input: inputs[0], path: opts.output, format });
      }
      // Every input is read and checked before anything is written, so one bad file in a batch leaves no half batch.
      const docs = [];
      for (const t of targets) {
        const doc = await loadNetwork(t.input, opts.layers);
        const errors = summarize(doc.layers).errors;
        if (errors.length > 0) throw new UsageError(`${t.input ?? '--layers'}: ${errors[0]!}`);
        docs.push(doc);
      }
      for (const [i, t] of targets.entries()) {
        const d = await drawDocument(docs[i]!, t.format, options);
        await writeOut(t.path, d.bytes);
        process.stdout.write(`${t.path}: ${t.format.toUpperCase()}, ${d.width} x ${d.height} px\n`);
      }
    });
}
