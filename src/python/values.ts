/**
 * The values the Python layer computes with: the scalars and plain containers both analyses can map their
 * own domains onto. Anything the layer cannot compute exactly is `undefined` (unknown), never a guess.
 */
import { formatFloat } from './float-text.js';
import { codePoints } from './code-points.js';

export type PyValue =
  | { kind: 'none' }
  | { kind: 'bool'; value: boolean }
  /** Python ints are unbounded: bigint keeps them exact. */
  | { kind: 'int'; value: bigint }
  | { kind: 'float'; value: number }
  /** Code points as a JS string; the layer never builds a lone surrogate (see literals.ts). */
  | { kind: 'str'; value: string }
  | { kind: 'tuple'; items: PyValue[] }
  | { kind: 'list'; items: PyValue[] }
  | { kind: 'dict'; entries: Array<[PyValue, PyValue]> };

export type PyScalar = Extract<PyValue, { kind: 'none' | 'bool' | 'int' | 'float' | 'str' }>;

export const NONE: PyValue = { kind: 'none' };
export const pyStr = (value: string): PyValue => ({ kind: 'str', value });
export const pyInt = (value: bigint | number): PyValue => ({ kind: 'int', value: BigInt(value) });
export const pyFloat = (value: number): PyValue => ({ kind: 'float', value });
export const pyBool = (value: boolean): PyValue => ({ kind: 'bool', value });

/** The int value of an int or bool (bool is an int subclass in Python). */
export function intOf(value: PyValue): bigint | undefined {
  if (value.kind === 'int') return value.value;
  if (value.kind === 'bool') return value.value ? 1n : 0n;
  return undefined;
}

/** Python's `float(int)`: undefined where Python raises OverflowError. */
export function intToFloat(value: bigint): number | undefined {
  const float = Number(value);
  return Number.isFinite(float) ? float : undefined;
}

/** The float value of a number (int, bool or float); undefined for non-numbers and ints too large. */
export function floatOf(value: PyValue): number | undefined {
  if (value.kind === 'float') return value.value;
  const int = intOf(value);
  return int === undefined ? undefined : intToFloat(int);
}

export const isNumber = (value: PyValue): boolean =>
  value.kind === 'int' || value.kind === 'bool' || value.kind === 'float';

/** Python truthiness. */
export function truthy(value: PyValue): boolean {
  switch (value.kind) {
    case 'none':
      return false;
    case 'bool':
      return value.value;
    case 'int':
      return value.value !== 0n;
    case 'float':
      return value.value !== 0;
    case 'str':
      return value.value.length > 0;
    case 'tuple':
    case 'list':
      return value.items.length > 0;
    case 'dict':
      return value.entries.length > 0;
  }
}

/** Characters `str.isprintable()` rejects: other (Cc, Cf, Cs, Co, Cn) and separators, except the space. */
const NOT_PRINTABLE = /[\p{C}\p{Z}]/u;

export function isPrintable(char: string): boolean {
  return char === ' ' || !NOT_PRINTABLE.test(char);
}

function hexEscape(code: number): string {
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

/**
 * Whether CPython and this JS engine surely agree on the character's printability. Each Unicode version
 * assigns new characters (Python 3.11 has Unicode 14, Node 20 has 15.x), and repr escapes unassigned ones,
 * so characters outside long-assigned ranges make repr unknown.
 */
function printabilityAgreed(char: string): boolean {
  const code = char.codePointAt(0)!;
  if (code < 0x80) return true;
  if (/\p{Cn}/u.test(char)) return false;
  if (code < 0x10000) return !RECENT_BMP.some(([from, to]) => code >= from && code <= to);
  return STABLE_ASTRAL.some(([from, to]) => code >= from && code <= to);
}

/** BMP characters assigned in Unicode 15.0 and later. */
const RECENT_BMP: ReadonlyArray<[number, number]> = [
  [0x0897, 0x0897],
  [0x0cf3, 0x0cf3],
  [0x0ece, 0x0ece],
  [0x1b4e, 0x1b4f],
  [0x1b7f, 0x1b7f],
  [0x1c89, 0x1c8a],
  [0x2427, 0x2429],
  [0x2ffc, 0x2fff],
  [0x31e4, 0x31e5],
  [0x31ef, 0x31ef],
  [0xa7cb, 0xa7cd],
  [0xa7da, 0xa7dc],
];

/** Astral blocks complete since Unicode 6 or earlier: Linear B, mathematical letters, emoji, CJK Ext. B. */
const STABLE_ASTRAL: ReadonlyArray<[number, number]> = [
  [0x10000, 0x100fa],
  [0x1d400, 0x1d7ff],
  [0x1f300, 0x1f5ff],
  [0x1f600, 0x1f64f],
  [0x1f680, 0x1f6c5],
  [0x20000, 0x2a6d6],
];

/** `repr(text)`, as CPython's unicode_repr writes it; undefined when printability may differ (see above). */
export function reprString(text: string): string | undefined {
  return quoteString(text, (char) =>
    printabilityAgreed(char) ? (isPrintable(char) ? char : hexEscape(char.codePointAt(0)!)) : undefined,
  );
}

/** `ascii(text)`: every non-ASCII character escaped, so printability never matters and it is always known. */
export function asciiString(text: string): string {
  return quoteString(text, (char) => hexEscape(char.codePointAt(0)!))!;
}

/** unicode_repr's quoting and ASCII escapes; `nonAscii` writes the other characters (undefined: unknown). */
function quoteString(text: string, nonAscii: (char: string) => string | undefined): string | undefined {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of codePoints(text)) {
    const code = char.codePointAt(0)!;
    if (char === quote || char === '\\') out += `\\${char}`;
    else if (char === '\t') out += '\\t';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += hexEscape(code);
    else if (code < 0x7f) out += char;
    else {
      const written = nonAscii(char);
      if (written === undefined) return undefined;
      out += written;
    }
  }
  return out + quote;
}

/** `ascii(text)` of an already printed repr: every non-ASCII character escaped. */
export function asciiEscape(text: string): string {
  let out = '';
  for (const char of codePoints(text)) {
    const code = char.codePointAt(0)!;
    out += code < 0x80 ? char : hexEscape(code);
  }
  return out;
}

function joinReprs(values: readonly PyValue[]): string | undefined {
  const texts = values.map(pyRepr);
  return texts.every((text) => text !== undefined) ? texts.join(', ') : undefined;
}

/** `repr(value)`; undefined only for text whose printability the engines may disagree on. */
export function pyRepr(value: PyValue): string | undefined {
  switch (value.kind) {
    case 'none':
      return 'None';
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'int':
      return value.value.toString();
    case 'float':
      return formatFloat(value.value, 'r', 0, { addDot0: true });
    case 'str':
      return reprString(value.value);
    case 'tuple': {
      const inner = joinReprs(value.items);
      if (inner === undefined) return undefined;
      return value.items.length === 1 ? `(${inner},)` : `(${inner})`;
    }
    case 'list': {
      const inner = joinReprs(value.items);
      return inner === undefined ? undefined : `[${inner}]`;
    }
    case 'dict': {
      const parts: string[] = [];
      for (const [key, item] of value.entries) {
        const [keyText, itemText] = [pyRepr(key), pyRepr(item)];
        if (keyText === undefined || itemText === undefined) return undefined;
        parts.push(`${keyText}: ${itemText}`);
      }
      return `{${parts.join(', ')}}`;
    }
  }
}

/** `str(value)`. */
export function pyStrOf(value: PyValue): string | undefined {
  return value.kind === 'str' ? value.value : pyRepr(value);
}

/** `ascii(value)`. */
export function pyAscii(value: PyValue): string | undefined {
  if (value.kind === 'str') return asciiString(value.value);
  const text = pyRepr(value);
  return text === undefined ? undefined : asciiEscape(text);
}

export function typeName(value: PyValue): string {
  return value.kind === 'none' ? 'NoneType' : value.kind;
}
