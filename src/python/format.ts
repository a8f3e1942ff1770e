/**
 * The three ways Python fills a template string: `%` formatting, `str.format` and `string.Template`.
 * Parsed, each template becomes literal pieces and the fields that take arguments, so an analysis that
 * only has holes can tell which argument lands where and whether a field can only ever print a number.
 * Rendered over concrete values, `str.format` and f-string fields give Python's exact text (the format
 * spec itself is format-spec.ts; `%` over values is printf.ts).
 */
import { codePoints } from './code-points.js';
import type { SyntaxNode } from '../parse/python-parser.js';
import { formatValue } from './format-spec.js';
import type { StringPiece } from './literals.js';
import { dictLookup } from './operators.js';
import { pyAscii, pyRepr, pyStr, pyStrOf, type PyValue } from './values.js';

export type TemplatePiece =
  | { kind: 'text'; text: string }
  | {
      kind: 'field';
      /** A positional argument (`%s` in order, `{0}`, `{}`), or a named one (`%(name)s`, `{name}`, `$name`). */
      ref: number | string;
      /** The conversion only prints numbers (`%d`, `{:d}`, `{:.2f}`): a string argument would raise instead. */
      numeric: boolean;
    };

const PRINTF_FIELD =
  /%(?:\((?<name>[^)]*)\))?[#0\- +]*(?<width>\*|\d+)?(?:\.(?<precision>\*|\d+))?[hlL]?(?<conversion>[diouxXeEfFgGcrsa%])/g;
const NUMERIC_PRINTF = new Set([...'diouxXeEfFgG']);
/** Format-spec types that accept only numbers (`c` turns a number into any character, so it is not here). */
const NUMERIC_SPEC = /[bdoxXneEfFgG%]$/;

/** `"... %s ... %(name)d"`: `%%` is a literal percent sign. */
export function parsePrintf(template: string): TemplatePiece[] {
  const pieces: TemplatePiece[] = [];
  let index = 0;
  let position = 0;
  for (const match of template.matchAll(PRINTF_FIELD)) {
    const start = match.index ?? 0;
    if (start > position) pieces.push({ kind: 'text', text: template.slice(position, start) });
    position = start + match[0].length;
    const { name, width, precision, conversion } = match.groups ?? {};
    if (conversion === '%') {
      pieces.push({ kind: 'text', text: '%' });
      continue;
    }
    // A `*` width or precision takes an argument of its own, before the value.
    if (width === '*') index += 1;
    if (precision === '*') index += 1;
    pieces.push({ kind: 'field', ref: name ?? index++, numeric: NUMERIC_PRINTF.has(conversion!) });
  }
  if (position < template.length) pieces.push({ kind: 'text', text: template.slice(position) });
  return pieces;
}

/** `"... {} {0} {name.attr!r:>10}"`: `{{` and `}}` are literal braces. */
export function parseFormat(template: string): TemplatePiece[] {
  const pieces: TemplatePiece[] = [];
  let literal = '';
  let auto = 0;
  for (let i = 0; i < template.length; i++) {
    const char = template[i]!;
    if ((char === '{' || char === '}') && template[i + 1] === char) {
      literal += char;
      i += 1;
      continue;
    }
    if (char !== '{') {
      literal += char;
      continue;
    }
    // Find the closing brace; a spec may nest one level of fields (`{:{width}}`).
    let depth = 1;
    let end = i + 1;
    while (end < template.length && depth > 0) {
      if (template[end] === '{') depth += 1;
      else if (template[end] === '}') depth -= 1;
      if (depth > 0) end += 1;
    }
    const body = template.slice(i + 1, end);
    const colon = body.indexOf(':');
    const spec = colon >= 0 ? body.slice(colon + 1) : '';
    const head = (colon >= 0 ? body.slice(0, colon) : body).replace(/!.*$/, '');
    const argument = /^[^.[]*/.exec(head)![0];
    if (literal) pieces.push({ kind: 'text', text: literal });
    literal = '';
    const ref = argument === '' ? auto++ : /^\d+$/.test(argument) ? Number(argument) : argument;
    pieces.push({ kind: 'field', ref, numeric: NUMERIC_SPEC.test(spec) && !body.includes('!') });
    i = end;
  }
  if (literal) pieces.push({ kind: 'text', text: literal });
  return pieces;
}

/** Whether an f-string field's format spec can only print numbers (`{n:d}`, `{price:.2f}`). */
export function isNumericSpec(spec: string | undefined): boolean {
  return spec !== undefined && NUMERIC_SPEC.test(spec);
}

const TEMPLATE_FIELD = /\$(?:(?<escaped>\$)|(?<named>[_a-zA-Z][_a-zA-Z0-9]*)|\{(?<braced>[_a-zA-Z][_a-zA-Z0-9]*)\})/g;

/** `string.Template("... $name ${other}")`: `$$` is a literal dollar sign. */
export function parseStringTemplate(template: string): TemplatePiece[] {
  const pieces: TemplatePiece[] = [];
  let position = 0;
  for (const match of template.matchAll(TEMPLATE_FIELD)) {
    const start = match.index ?? 0;
    if (start > position) pieces.push({ kind: 'text', text: template.slice(position, start) });
    position = start + match[0].length;
    const { escaped, named, braced } = match.groups ?? {};
    if (escaped) pieces.push({ kind: 'text', text: '$' });
    else pieces.push({ kind: 'field', ref: (named ?? braced)!, numeric: false });
  }
  if (position < template.length) pieces.push({ kind: 'text', text: template.slice(position) });
  return pieces;
}

// ------------------------------------------------------------------ rendering over concrete values

/** `!r`, `!s`, `!a` applied to a value: the text to format, or undefined for an unknown conversion. */
export function convertField(value: PyValue, conversion: string | undefined): PyValue | undefined {
  switch (conversion) {
    case undefined:
      return value;
    case 's':
    case 'r':
    case 'a': {
      const text = conversion === 's' ? pyStrOf(value) : conversion === 'r' ? pyRepr(value) : pyAscii(value);
      return text === undefined ? undefined : pyStr(text);
    }
    default:
      return undefined;
  }
}

/**
 * One f-string field, `{value!conversion:spec}`, with its spec already rendered. With `=` (`debugText`),
 * the written text comes first, and the value is shown as repr unless a conversion or spec says otherwise.
 */
export function renderFStringField(
  value: PyValue,
  conversion: string | undefined,
  spec: string | undefined,
  debugText?: string,
): string | undefined {
  const effective = debugText !== undefined && conversion === undefined && spec === undefined ? 'r' : conversion;
  const converted = convertField(value, effective);
  if (!converted) return undefined;
  const text = formatValue(converted, spec ?? '');
  return text === undefined ? undefined : (debugText ?? '') + text;
}

interface Numbering {
  mode: 'none' | 'auto' | 'manual';
  next: number;
}

/** `obj[key]` as a format field reads it (`{0[1]}`, `{0[name]}`): digits are an int key, anything else a str. */
function fieldItem(value: PyValue, key: string): PyValue | undefined {
  const index = /^\d+$/.test(key) ? Number(key) : undefined;
  switch (value.kind) {
    case 'str': {
      if (index === undefined) return undefined;
      const char = codePoints(value.value)[index];
      return char === undefined ? undefined : pyStr(char);
    }
    case 'tuple':
    case 'list':
      return index === undefined ? undefined : value.items[index];
    case 'dict':
      return dictLookup(value, index === undefined ? pyStr(key) : { kind: 'int', value: BigInt(index) });
    default:
      return undefined;
  }
}

/** The object a field name designates: `0`, `name`, `` (automatic), then `[key]` items and `.attribute`s. */
function fieldObject(
  name: string,
  positional: readonly PyValue[],
  keywords: ReadonlyMap<string, PyValue>,
  numbering: Numbering,
): PyValue | undefined {
  const first = /^[^.[]*/.exec(name)![0];
  let value: PyValue | undefined;
  if (first === '' || /^\d+$/.test(first)) {
    const mode = first === '' ? 'auto' : 'manual';
    // Switching between automatic and manual numbering is a ValueError.
    if (numbering.mode !== 'none' && numbering.mode !== mode) return undefined;
    numbering.mode = mode;
    value = positional[first === '' ? numbering.next++ : Number(first)];
  } else value = keywords.get(first);
  let rest = name.slice(first.length);
  while (value && rest) {
    const item = /^\[([^\]]+)\]|^\.([^.[]+)/.exec(rest);
    if (!item) return undefined;
    value = item[1] !== undefined ? fieldItem(value, item[1]) : fieldAttribute(value, item[2]!);
    rest = rest.slice(item[0].length);
  }
  return value;
}

/** The data attributes known values have (`{0.real}`); methods and anything else are unknown. */
function fieldAttribute(value: PyValue, name: string): PyValue | undefined {
  if (value.kind === 'float' && (name === 'real' || name === 'imag')) {
    return { kind: 'float', value: name === 'real' ? value.value : 0 };
  }
  if (value.kind === 'int' || value.kind === 'bool') {
    const int = value.kind === 'int' ? value.value : value.value ? 1n : 0n;
    if (name === 'real' || name === 'numerator') return { kind: 'int', value: int };
    if (name === 'imag') return { kind: 'int', value: 0n };
    if (name === 'denominator') return { kind: 'int', value: 1n };
  }
  return undefined;
}

function renderTemplate(
  template: string,
  positional: readonly PyValue[],
  keywords: ReadonlyMap<string, PyValue>,
  numbering: Numbering,
  depth: number,
): string | undefined {
  if (depth <= 0) return undefined;
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const char = template[i]!;
    if (char === '}') {
      if (template[i + 1] !== '}') return undefined;
      out += '}';
      i += 1;
      continue;
    }
    if (char !== '{') {
      out += char;
      continue;
    }
    if (template[i + 1] === '{') {
      out += '{';
      i += 1;
      continue;
    }
    let count = 1;
    let end = i + 1;
    for (; end < template.length; end++) {
      if (template[end] === '{') count += 1;
      else if (template[end] === '}' && --count === 0) break;
    }
    if (count !== 0) return undefined;
    const body = template.slice(i + 1, end);
    const nameEnd = /^(?:[^[:!{}]|\[[^\]{}]*\])*/.exec(body)![0].length;
    const name = body.slice(0, nameEnd);
    let after = body.slice(nameEnd);
    let conversion: string | undefined;
    if (after.startsWith('!')) {
      conversion = after[1];
      after = after.slice(2);
      if (conversion === undefined || (after !== '' && !after.startsWith(':'))) return undefined;
    }
    if (after !== '' && !after.startsWith(':')) return undefined;
    const value = fieldObject(name, positional, keywords, numbering);
    if (!value) return undefined;
    const spec = after ? renderTemplate(after.slice(1), positional, keywords, numbering, depth - 1) : '';
    if (spec === undefined) return undefined;
    const converted = convertField(value, conversion);
    const text = converted && formatValue(converted, spec);
    if (text === undefined) return undefined;
    out += text;
    i = end;
  }
  return out;
}

/** `template.format(*positional, **keywords)`; undefined where Python raises or the layer cannot be exact. */
export function strFormat(
  template: string,
  positional: readonly PyValue[],
  keywords: ReadonlyMap<string, PyValue> = new Map(),
): string | undefined {
  return renderTemplate(template, positional, keywords, { mode: 'none', next: 0 }, 2);
}

/** An f-string's text: its literal pieces, and each field evaluated with `evaluate` and formatted. */
export function renderPieces(
  pieces: readonly StringPiece[],
  evaluate: (node: SyntaxNode) => PyValue | undefined,
): string | undefined {
  let out = '';
  for (const piece of pieces) {
    if (piece.kind === 'text') {
      out += piece.text;
      continue;
    }
    const value = evaluate(piece.expression);
    if (!value) return undefined;
    const spec = piece.specPieces ? renderPieces(piece.specPieces, evaluate) : undefined;
    if (piece.specPieces && spec === undefined) return undefined;
    const text = renderFStringField(value, piece.conversion, spec, piece.debugText);
    if (text === undefined) return undefined;
    out += text;
  }
  return out;
}
