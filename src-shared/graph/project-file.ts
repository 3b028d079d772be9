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

export function parseProject(text: string): LoadResult {
  const bytes = byteLength(text);
  if (bytes > MAX_PROJECT_FILE_BYTES)
    return fail(`The file is ${formatCount(bytes)} bytes, more than the ${formatCount(MAX_PROJECT_FILE_BYTES)} a project file may have; open a smaller file.`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail(`The file is not valid JSON (${(e as Error).message}); open a Densely project file (.densely.json).`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return fail('The file holds no JSON object; a Densely project file is an object with "format", "version", "name" and "layers".');
  const r = raw as Record<string, unknown>;
  if (r.format !== FORMAT_NAME)
    return fail(`format: expected "${FORMAT_NAME}", found ${JSON.stringify(r.format ?? null)}; this is not a Densely project file.`);
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
      return fail(`The project file is not valid: layers[${i}]${msg.startsWith('(') ? '' : '.'}${msg.startsWith('(') ? `: ${msg}` : msg}.`);
    }
    const layer = parsed.data;
    if (ids.has(layer.id)) return fail(`layers[${i}].id: "${layer.id}" is used twice; each layer needs its own id.`);
    ids.add(layer.id);
    for (const u of layerSizes(layer))
      if (u > MAX_UNITS) return fail(`layers[${i}]: ${formatCount(u)} units is more than the limit of ${formatCount(MAX_UNITS)} per layer.`);
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
