/**
 * The project file: JSON with a format name and a version (see
 * docs/file-format.md). Loading never throws; it returns the document or one
 * sentence that says what is wrong and where.
 */
import { z } from 'zod';
import { MAX_LAYERS, MAX_PROJECT_FILE_BYTES, MAX_UNITS } from '../layers/limits';
import { layerSizes, parseLayer, type Layer } from '../layers/registry';
import { trainingSettingsSchema } from '../training/settings';
import { FORMAT_NAME, FORMAT_VERSION, type NetworkDocument } from './document';
import { describeIssue } from './validation';
import { formatCount } from '../format';
import { decodeText } from '../text/decode';


const projectSchema = z.object({
  format: z.literal(FORMAT_NAME),
  version: z.number().int(),
  name: z.string().max(200),
  layers: z.array(z.unknown()),
  training: trainingSettingsSchema.partial().optional(),
  countBiases: z.boolean().optional(),
});

export type LoadResult = { ok: true; doc: NetworkDocument } | { ok: false; error: string };

const fail = (error: string): LoadResult => ({ ok: false, error });

function byteLength(text: string): number {
  // UTF-8 length without TextEncoder, which the pure project does not assume.
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** A project nests five levels deep (file, layers, layer, shape, value); far deeper is not a project, and would only cost stack. */
export const MAX_PROJECT_DEPTH = 32;

/** Keys that mean something to JavaScript objects themselves; no project has them, and a file that does was made to probe. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Deepest bracket nesting outside strings, stopping once past `limit`: one pass, no recursion. */
function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** Reads a project file from its bytes: the encoding rule of src-shared/text/decode.ts, then parseProject. */
export function parseProjectBytes(bytes: Uint8Array): LoadResult {
  if (bytes.length > MAX_PROJECT_FILE_BYTES)
    return fail(`The file is ${formatCount(bytes.length)} bytes, more than the ${formatCount(MAX_PROJECT_FILE_BYTES)} a project file may have; open a smaller file.`);
  if (bytes.length === 0) return fail('The file is empty; open a Densely project file (.densely.json).');
  const decoded = decodeText(bytes);
  if (!decoded.ok) return fail(decoded.error);
  return parseProject(decoded.text);
}

export function parseProject(text: string): LoadResult {
  const bytes = byteLength(text);
  if (bytes > MAX_PROJECT_FILE_BYTES)
    return fail(`The file is ${formatCount(bytes)} bytes, more than the ${formatCount(MAX_PROJECT_FILE_BYTES)} a project file may have; open a smaller file.`);
  if (text.trim() === '') return fail('The file is empty; open a Densely project file (.densely.json).');
  // A byte-order mark that reached here as text is the same file as without it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (/^\s*</.test(text))
    return fail('The file is HTML or XML, not JSON (perhaps a web page saved instead of the file); open a Densely project file (.densely.json).');
  if (text.startsWith('version https://git-lfs.github.com/spec/'))
    return fail('The file is a Git LFS pointer, not the project itself; run `git lfs pull` to fetch the file, then open it.');
  if (nestingDepth(text, MAX_PROJECT_DEPTH) > MAX_PROJECT_DEPTH)
    return fail(`The file nests brackets more than ${MAX_PROJECT_DEPTH} levels deep, which no project does; open a Densely project file (.densely.json).`);
  let raw: unknown;
  let forbidden: string | null = null;
  try {
    raw = JSON.parse(text, (key, value: unknown) => {
      // The reviver sees inner keys first; the last one seen is the outermost, the one a reader meets first.
      if (FORBIDDEN_KEYS.has(key)) forbidden = key;
      return value;
    });
  } catch (e) {
    // V8 quotes the text around the fault, line breaks included; the sentence stays on one line.
    return fail(`The file is not valid JSON (${(e as Error).message.replace(/\s+/g, ' ')}); open a Densely project file (.densely.json).`);
  }
  if (forbidden !== null)
    return fail(`The file has a field named "${forbidden}", which no Densely project has; open a project file Densely wrote.`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return fail('The file holds no JSON object; a Densely project file is an object with "format", "version", "name" and "layers".');
  const r = raw as Record<string, unknown>;
  if (r.format !== FORMAT_NAME)
    return fail(`format: expected "${FORMAT_NAME}", found ${JSON.stringify(r.format ?? null)}; this is not a Densely project file.`);
  if (typeof r.version === 'number' && !(r.version >= 1 && Number.isSafeInteger(r.version)))
    return fail(`version: ${r.version} is not a version Densely ever wrote (they are whole numbers from 1); open a Densely project file.`);
  if (typeof r.version === 'number' && r.version > FORMAT_VERSION)
    return fail(`version: this file is version ${r.version}, newer than the ${FORMAT_VERSION} this Densely reads; update Densely to open it.`);
  const top = projectSchema.safeParse(raw);
  if (!top.success) return fail(`The project file is not valid: ${describeIssue(top.error)}.`);
  if (top.data.layers.length > MAX_LAYERS)
    return fail(`layers: the file has ${formatCount(top.data.layers.length)} layers, more than the limit of ${formatCount(MAX_LAYERS)}.`);
  const layers: Layer[] = [];
  const ids = new Set<string>();
  for (let i = 0; i < top.data.layers.length; i++) {
    const parsed = parseLayer(top.data.layers[i]);
    if (!parsed.success) {
      const msg = describeIssue(parsed.error);
      const whole = '(the whole value): ';
      return fail(`The project file is not valid: layers[${i}]${msg.startsWith(whole) ? `: ${msg.slice(whole.length)}` : msg.startsWith('(') ? `: ${msg}` : `.${msg}`}.`);
    }
    const layer = parsed.data;
    if (ids.has(layer.id)) return fail(`layers[${i}].id: "${layer.id}" is used twice; each layer needs its own id.`);
    ids.add(layer.id);
    for (const u of layerSizes(layer))
      if (u > MAX_UNITS)
        return fail(`layers[${i}]: ${u < 1e15 ? formatCount(u) : u.toPrecision(3)} units is more than the limit of ${formatCount(MAX_UNITS)} per layer.`);
    layers.push(layer);
  }
  const { training, countBiases } = top.data;
  return { ok: true, doc: { name: top.data.name, layers, ...(training ? { training } : {}), ...(countBiases !== undefined ? { countBiases } : {}) } };
}

export function serializeProject(doc: NetworkDocument): string {
  const file = {
    format: FORMAT_NAME,
    version: FORMAT_VERSION,
    name: doc.name,
    layers: doc.layers,
    ...(doc.training ? { training: doc.training } : {}),
    ...(doc.countBiases !== undefined ? { countBiases: doc.countBiases } : {}),
  };
  return JSON.stringify(file, null, 2) + '\n';
}
