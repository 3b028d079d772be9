/**
 * Text that goes into generated source: string literals, numbers, identifiers and comments, each safe whatever a
 * person typed into a network's name or a layer's id (`a"b\n` still gives code that parses).
 */

/**
 * A double-quoted string literal valid in both Python and JavaScript: JSON's escapes (\" \\ \n \r \t \b \f \uXXXX)
 * mean the same in both, and U+2028/U+2029, which JSON leaves raw, are escaped so no older parser sees a line end.
 */
export function stringLiteral(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A name on one line, for a comment: control characters and line separators (which would end the comment) become spaces. */
export function commentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

/** A number as Python and JavaScript both read it back exactly (shortest round-trip form, `1e-7` included). */
export function numberLiteral(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`Cannot write ${n} into source code.`);
  return String(n);
}

const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type print'.split(
    ' ',
  ),
);

/** Attributes an nn.Module (and tf.keras) already has: a layer stored under one of these names would shadow it. */
const MODULE_ATTRIBUTES = new Set(
  'forward training train eval parameters buffers modules children apply cuda cpu to float double half state_dict load_state_dict zero_grad requires_grad_ register_buffer register_parameter add_module named_parameters named_modules named_buffers named_children extra_repr type layers name input output x self model'.split(
    ' ',
  ),
);

/**
 * Python identifiers for layer ids, unique within one network: accents are dropped, other characters become `_`, a leading digit gets
 * `layer_` before it, and keywords or names nn.Module already uses get `_layer` after them. Valid JavaScript too.
 */
export function identifiers(ids: readonly string[]): string[] {
  const used = new Set<string>();
  return ids.map((id) => {
    let base = id.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9_]/g, '_');
    if (base === '' || /^_*$/.test(base)) base = 'layer';
    if (/^[0-9]/.test(base)) base = `layer_${base}`;
    if (base.startsWith('_')) base = `layer${base}`;
    if (PYTHON_KEYWORDS.has(base) || MODULE_ATTRIBUTES.has(base)) base = `${base}_layer`;
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    return name;
  });
}

/** A file name from a network's name: `Lecture: 3-4-1` gives `lecture-3-4-1`. */
export function fileStem(name: string): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return stem || 'network';
}

/** A tuple as Python writes it: `(3,)`, `(28, 28, 1)`. */
export function pythonTuple(values: readonly number[]): string {
  return values.length === 1 ? `(${numberLiteral(values[0]!)},)` : `(${values.map(numberLiteral).join(', ')})`;
}

/** An array as JavaScript writes it: `[28, 28, 1]`. */
export function jsArray(values: readonly number[]): string {
  return `[${values.map(numberLiteral).join(', ')}]`;
}
