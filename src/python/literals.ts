/**
 * Python literals as the tokenizer reads them: string prefixes (r, b, u, f and their mixes), every escape
 * (`\N{...}` where the name is known), line continuations, implicit concatenation, f-string fields with
 * their conversion, nested format spec and `=` debug text; and int/float literals with underscores and
 * bases. Decoding works on the source text of each literal, so it does not depend on how the grammar
 * splits escapes into nodes.
 */
import type { SyntaxNode } from '../parse/python-parser.js';
import { UNICODE_NAMES } from './unicode-names.js';

export type StringPiece =
  | { kind: 'text'; text: string }
  /** An f-string field: `{expression=!conversion:spec}`. */
  | {
      kind: 'field';
      expression: SyntaxNode;
      conversion?: string;
      /** The spec's source text after `:` (nested fields written as they are), for quick checks. */
      spec?: string;
      /** The spec as literal text and nested fields, to render it. */
      specPieces?: StringPiece[];
      /** `f"{x = }"`: the text written before the value, `x = `. */
      debugText?: string;
    };

export interface StringLiteral {
  pieces: StringPiece[];
  /** A bytes literal (its text holds one character per byte). */
  bytes: boolean;
  /**
   * False when some part could not be decoded exactly (an unknown `\N{...}` name, a lone surrogate); that
   * part's text is then its source text, for analyses that only need an approximation.
   */
  exact: boolean;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\n': '',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

export interface DecodeOptions {
  raw?: boolean;
  bytes?: boolean;
  /** An f-string's literal part: `{{` and `}}` are single braces. */
  formatted?: boolean;
}

const isSurrogate = (code: number) => code >= 0xd800 && code <= 0xdfff;

/**
 * The value of a literal's body text (between the quotes, or between an f-string's fields); undefined when
 * Python would reject it or the layer cannot produce it exactly.
 */
export function decodeStringBody(source: string, options: DecodeOptions = {}): string | undefined {
  // The tokenizer reads \r\n and \r as \n, in raw strings too.
  const text = source.replace(/\r\n?/g, '\n');
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (options.bytes && char.charCodeAt(0) > 0x7f) return undefined;
    if (options.formatted && (char === '{' || char === '}')) {
      // A lone brace cannot reach here from valid Python (it opens or closes a field).
      if (text[i + 1] !== char) return undefined;
      out += char;
      i += 1;
      continue;
    }
    if (char !== '\\' || options.raw) {
      out += char;
      const next = text[i + 1];
      if (char === '\\' && next !== undefined && '\\\'"'.includes(next)) {
        // In a raw string a backslash still keeps a quote or another backslash from ending the literal.
        out += next;
        i += 1;
      }
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) return undefined;
    if (next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
      i += 1;
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4));
    if (octal) {
      const code = parseInt(octal[0], 8);
      if (options.bytes && code > 0xff) return undefined;
      out += String.fromCodePoint(code);
      i += octal[0].length;
      continue;
    }
    const lengths: Record<string, number> = options.bytes ? { x: 2 } : { x: 2, u: 4, U: 8 };
    const digits = lengths[next];
    if (digits !== undefined) {
      const hex = text.slice(i + 2, i + 2 + digits);
      if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff || isSurrogate(code)) return undefined;
      out += String.fromCodePoint(code);
      i += 1 + digits;
      continue;
    }
    if (next === 'N' && !options.bytes) {
      const close = text.indexOf('}', i);
      if (text[i + 2] !== '{' || close < 0) return undefined;
      const code = UNICODE_NAMES.get(text.slice(i + 3, close).toUpperCase());
      if (code === undefined) return undefined;
      out += String.fromCodePoint(code);
      i = close;
      continue;
    }
    // Not an escape: Python keeps the backslash (with a warning).
    out += '\\';
  }
  return out;
}

/** The value of one escape sequence such as `\n`, `\x41`, `\N{BULLET}`; undefined when it cannot be decoded. */
export function decodeEscape(sequence: string): string | undefined {
  return decodeStringBody(sequence);
}

function prefixOf(stringNode: SyntaxNode): string {
  const start = stringNode.children.find((child) => child?.type === 'string_start');
  return (start?.text ?? '').replace(/['"]+$/, '').toLowerCase();
}

/** The text of `node` between two absolute offsets. */
function sliceOf(node: SyntaxNode, from: number, to: number): string {
  return node.text.slice(from - node.startIndex, to - node.startIndex);
}

/** Literal text and fields of an f-string part (the body, or a spec), decoded. */
function readTemplate(
  container: SyntaxNode,
  from: number,
  to: number,
  fields: SyntaxNode[],
  options: DecodeOptions,
  state: { exact: boolean },
  push: (piece: StringPiece) => void,
): void {
  let position = from;
  for (const field of fields) {
    if (field.startIndex > position) pushText(sliceOf(container, position, field.startIndex), options, state, push);
    const piece = readField(field, options, state);
    if (piece) push(piece);
    else state.exact = false;
    position = field.endIndex;
  }
  if (to > position) pushText(sliceOf(container, position, to), options, state, push);
}

/** Decoded literal text; source text as written (and the literal marked inexact) when it cannot be decoded. */
function pushText(
  source: string,
  options: DecodeOptions,
  state: { exact: boolean },
  push: (piece: StringPiece) => void,
) {
  const text = decodeStringBody(source, options);
  if (text === undefined) state.exact = false;
  push({ kind: 'text', text: text ?? source });
}

/** An `interpolation` (or a spec's `format_expression`) node as a field piece. */
function readField(node: SyntaxNode, options: DecodeOptions, state: { exact: boolean }): StringPiece | undefined {
  const expression = node.childForFieldName('expression') ?? node.namedChildren.find((child) => child?.isNamed);
  if (!expression) return undefined;
  const children = node.children.filter((child): child is SyntaxNode => child !== null);
  const conversionNode = children.find((child) => child.type === 'type_conversion');
  const specNode = children.find((child) => child.type === 'format_specifier');
  const equals = children.findIndex((child) => child.type === '=');
  const piece: StringPiece & { kind: 'field' } = { kind: 'field', expression };
  if (equals >= 0) {
    const after = children[equals + 1];
    piece.debugText = sliceOf(node, node.startIndex + 1, after ? after.startIndex : children[equals]!.endIndex);
  }
  if (conversionNode) piece.conversion = conversionNode.text.replace(/^!/, '');
  if (specNode) {
    piece.spec = specNode.text.replace(/^:/, '');
    const nested = specNode.namedChildren.filter(
      (child): child is SyntaxNode => child?.type === 'format_expression' || child?.type === 'interpolation',
    );
    const specPieces: StringPiece[] = [];
    const colon = specNode.children.find((child) => child?.type === ':');
    readTemplate(
      specNode,
      colon ? colon.endIndex : specNode.startIndex,
      specNode.endIndex,
      nested,
      options,
      state,
      (p) => specPieces.push(p),
    );
    piece.specPieces = specPieces;
  }
  return piece;
}

/** A `string` or `concatenated_string` node: its pieces in order, adjacent texts merged. */
export function readStringLiteral(node: SyntaxNode): StringLiteral {
  const pieces: StringPiece[] = [];
  const state = { exact: true };
  let bytes = false;
  const push = (piece: StringPiece) => {
    const last = pieces[pieces.length - 1];
    if (piece.kind === 'text' && last?.kind === 'text')
      pieces[pieces.length - 1] = { kind: 'text', text: last.text + piece.text };
    else pieces.push(piece);
  };
  const strings = node.type === 'concatenated_string' ? node.namedChildren : [node];
  for (const string of strings) {
    if (string?.type === 'comment') continue;
    if (string?.type !== 'string' || string.hasError) {
      state.exact = false;
      continue;
    }
    const prefix = prefixOf(string);
    const options: DecodeOptions = {
      raw: prefix.includes('r'),
      bytes: prefix.includes('b'),
      formatted: prefix.includes('f'),
    };
    if (options.bytes) bytes = true;
    // The body ends before the closing quotes. (The grammar's string_end can swallow a raw `\\` before them.)
    const start = string.children.find((child) => child?.type === 'string_start');
    const quote = /['"]+$/.exec(start?.text ?? '')?.[0] ?? '';
    if (!start || !quote || !string.text.endsWith(quote) || string.text.length < start.text.length + quote.length) {
      state.exact = false;
      continue;
    }
    const fields = string.namedChildren.filter((child): child is SyntaxNode => child?.type === 'interpolation');
    readTemplate(string, start.endIndex, string.endIndex - quote.length, fields, options, state, push);
  }
  return { pieces, bytes, exact: state.exact };
}

/** The pieces of a string literal (texts and f-string fields), for analyses that follow holes. */
export function readString(node: SyntaxNode): StringPiece[] {
  return readStringLiteral(node).pieces;
}

/** The text of a string literal with no fields, or undefined (also when it cannot be decoded exactly). */
export function literalText(node: SyntaxNode): string | undefined {
  if (node.type !== 'string' && node.type !== 'concatenated_string') return undefined;
  const literal = readStringLiteral(node);
  if (!literal.exact || literal.pieces.some((piece) => piece.kind === 'field')) return undefined;
  return literal.pieces.map((piece) => (piece.kind === 'text' ? piece.text : '')).join('');
}

/** An int literal (`1_000`, `0x_ff`, `0o17`, `0b1`); undefined for complex (`1j`) or invalid ones. */
export function readIntegerLiteral(text: string): bigint | undefined {
  const clean = text.replace(/_/g, '').toLowerCase();
  if (/^0[xob][0-9a-f]+$/.test(clean)) {
    try {
      return BigInt(clean);
    } catch {
      return undefined;
    }
  }
  // Decimal literals may not have leading zeros, except zero itself.
  if (/^(0+|[1-9]\d*)$/.test(clean)) return BigInt(clean);
  return undefined;
}

/** A float literal (`1.5e3`, `.5`, `5.`, `1_0.0`); undefined for imaginary ones. */
export function readFloatLiteral(text: string): number | undefined {
  const clean = text.replace(/_/g, '');
  if (!/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(clean)) return undefined;
  return Number(clean);
}
