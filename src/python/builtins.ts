/**
 * The builtins that turn known values into other known values: str, repr, ascii, format, len, int, float,
 * bool, abs, chr, ord. undefined where Python raises or the layer cannot be exact.
 */
import { codePointLength, codePoints } from './code-points.js';
import { formatValue } from './format-spec.js';
import { unaryOperation } from './operators.js';
import { stripWhitespace } from './str-methods.js';
import {
  floatOf,
  intOf,
  pyAscii,
  pyBool,
  pyFloat,
  pyInt,
  pyRepr,
  pyStr,
  pyStrOf,
  truthy,
  type PyValue,
} from './values.js';

const DIGITS = String.raw`\d(?:_?\d)*`;
const INT_TEXT = new RegExp(`^[+-]?${DIGITS}$`);
const FLOAT_TEXT = new RegExp(`^[+-]?(?:${DIGITS}\\.?(?:${DIGITS})?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?$`);

/** `int(text)` in base 10 (surrounding whitespace, a sign and `_` between digits allowed); undefined where it raises. */
export function intFromText(text: string): bigint | undefined {
  const clean = stripWhitespace(text);
  if (!INT_TEXT.test(clean) || clean.length > 4300) return undefined;
  return BigInt(clean.replace(/_/g, ''));
}

/** `float(text)` (`" 1_0.5 "`, `"-inf"`, `"nan"`); undefined where it raises (`""`, `"0x10"`). */
export function floatFromText(text: string): number | undefined {
  const clean = stripWhitespace(text);
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(clean);
  if (special) {
    if (special[2]!.toLowerCase() === 'nan') return Number.NaN;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  if (!FLOAT_TEXT.test(clean)) return undefined;
  return Number(clean.replace(/_/g, ''));
}

const optionalStr = (text: string | undefined) => (text === undefined ? undefined : pyStr(text));

function lengthOf(value: PyValue): number | undefined {
  switch (value.kind) {
    case 'str':
      return codePointLength(value.value);
    case 'tuple':
    case 'list':
      return value.items.length;
    case 'dict':
      return value.entries.length;
    default:
      return undefined;
  }
}

/** `name(*positional)` for the builtins above; keywords are not modelled (undefined). */
export function callBuiltin(name: string, positional: readonly PyValue[]): PyValue | undefined {
  const [first, second] = positional;
  const count = positional.length;
  switch (name) {
    case 'str':
      if (count === 0) return pyStr('');
      return count === 1 ? optionalStr(pyStrOf(first!)) : undefined;
    case 'repr':
      return count === 1 ? optionalStr(pyRepr(first!)) : undefined;
    case 'ascii':
      return count === 1 ? optionalStr(pyAscii(first!)) : undefined;
    case 'format': {
      if (count < 1 || count > 2 || (second && second.kind !== 'str')) return undefined;
      const text = formatValue(first!, second?.kind === 'str' ? second.value : '');
      return text === undefined ? undefined : pyStr(text);
    }
    case 'len': {
      const length = count === 1 ? lengthOf(first!) : undefined;
      return length === undefined ? undefined : pyInt(length);
    }
    case 'bool':
      return count === 0 ? pyBool(false) : count === 1 ? pyBool(truthy(first!)) : undefined;
    case 'int': {
      if (count === 0) return pyInt(0);
      if (count !== 1) return undefined;
      if (first!.kind === 'str') {
        const int = intFromText(first!.value);
        return int === undefined ? undefined : pyInt(int);
      }
      if (first!.kind === 'float')
        return Number.isFinite(first!.value) ? pyInt(BigInt(Math.trunc(first!.value))) : undefined;
      const int = intOf(first!);
      return int === undefined ? undefined : pyInt(int);
    }
    case 'float': {
      if (count === 0) return pyFloat(0);
      if (count !== 1) return undefined;
      if (first!.kind === 'str') {
        const float = floatFromText(first!.value);
        return float === undefined ? undefined : pyFloat(float);
      }
      const float = floatOf(first!);
      return float === undefined ? undefined : pyFloat(float);
    }
    case 'abs': {
      if (count !== 1) return undefined;
      if (first!.kind === 'float') return pyFloat(Math.abs(first!.value));
      const int = intOf(first!);
      return int === undefined ? undefined : unaryOperation(int < 0n ? '-' : '+', first!);
    }
    case 'chr': {
      const code = count === 1 && first!.kind !== 'float' ? intOf(first!) : undefined;
      if (code === undefined || code < 0n || code > 0x10ffffn || (code >= 0xd800n && code <= 0xdfffn)) return undefined;
      return pyStr(String.fromCodePoint(Number(code)));
    }
    case 'ord': {
      const chars = count === 1 && first!.kind === 'str' ? codePoints(first!.value) : [];
      return chars.length === 1 ? pyInt(chars[0]!.codePointAt(0)!) : undefined;
    }
    default:
      return undefined;
  }
}
