/**
 * `format(value, spec)`: the format-spec mini-language, `[[fill]align][sign][z][#][0][width][grouping]
 * [.precision][type]`, as CPython's formatter_unicode.c applies it to str, int, bool, float and None.
 * Whatever Python rejects (a sign on a str, a precision on an int) or the layer cannot do exactly (`n`
 * uses the locale, `z`) is undefined.
 */
import { codePointLength, codePoints } from './code-points.js';
import { formatFloat } from './float-text.js';
import { intToFloat, pyStrOf, type PyValue } from './values.js';

interface Spec {
  fill: string;
  align?: '<' | '>' | '=' | '^';
  sign?: '+' | '-' | ' ';
  alternate: boolean;
  width?: number;
  grouping?: ',' | '_';
  precision?: number;
  type?: string;
}

const ALIGNS = '<>=^';

function parseSpec(text: string, defaultAlign: '<' | '>'): Spec | undefined {
  const chars = codePoints(text);
  let i = 0;
  const spec: Spec = { fill: ' ', alternate: false };
  let fillGiven = false;
  if (chars.length >= 2 && ALIGNS.includes(chars[1]!)) {
    spec.fill = chars[0]!;
    spec.align = chars[1] as Spec['align'];
    fillGiven = true;
    i = 2;
  } else if (chars.length >= 1 && ALIGNS.includes(chars[0]!)) {
    spec.align = chars[0] as Spec['align'];
    i = 1;
  }
  if (chars[i] === '+' || chars[i] === '-' || chars[i] === ' ') spec.sign = chars[i++] as Spec['sign'];
  // `z` (negative zero to zero) is left to Python.
  if (chars[i] === 'z') return undefined;
  if (chars[i] === '#') {
    spec.alternate = true;
    i += 1;
  }
  if (!fillGiven && chars[i] === '0') {
    spec.fill = '0';
    if (spec.align === undefined && defaultAlign === '>') spec.align = '=';
    i += 1;
  }
  let width = '';
  while (i < chars.length && /\d/.test(chars[i]!)) width += chars[i++];
  if (width) spec.width = Number(width);
  if (chars[i] === ',' || chars[i] === '_') {
    spec.grouping = chars[i++] as Spec['grouping'];
    // Both separators, or one twice, is an error.
    if (chars[i] === ',' || chars[i] === '_') return undefined;
  }
  if (chars[i] === '.') {
    i += 1;
    let precision = '';
    while (i < chars.length && /\d/.test(chars[i]!)) precision += chars[i++];
    if (!precision) return undefined;
    spec.precision = Number(precision);
  }
  if (chars.length - i > 1) return undefined;
  if (i < chars.length) spec.type = chars[i];
  if (spec.grouping) {
    const allowed = spec.grouping === ',' ? 'deEfFgG%' : 'deEfFgG%boxX';
    if (spec.type !== undefined && !allowed.includes(spec.type)) return undefined;
  }
  if ((spec.width ?? 0) > 10_000 || (spec.precision ?? 0) > 10_000) return undefined;
  spec.align ??= defaultAlign;
  return spec;
}

/** Pads `text` (code points) to the width, as `calc_padding` does for strings. */
function pad(text: string, spec: Spec): string {
  const length = codePointLength(text);
  const width = spec.width ?? 0;
  if (width <= length) return text;
  const total = width - length;
  const left = spec.align === '>' ? total : spec.align === '^' ? Math.floor(total / 2) : 0;
  return spec.fill.repeat(left) + text + spec.fill.repeat(total - left);
}

function formatString(text: string, spec: Spec): string | undefined {
  if (spec.sign || spec.alternate || spec.align === '=' || spec.grouping) return undefined;
  if (spec.type !== undefined && spec.type !== 's') return undefined;
  let value = text;
  if (spec.precision !== undefined) value = codePoints(text).slice(0, spec.precision).join('');
  return pad(value, spec);
}

/**
 * `_PyUnicode_InsertThousandsGrouping`: the digits grouped from the right, zero-padded (grouped too) up
 * to `minWidth` characters.
 */
function group(digits: string, size: number, separator: string, minWidth: number): string {
  let remaining = digits.length;
  let width = minWidth;
  const groups: string[] = [];
  let broken = false;
  if (separator) {
    for (;;) {
      const length = Math.min(size, Math.max(remaining, width, 1));
      const zeros = Math.max(0, length - remaining);
      const count = Math.max(0, Math.min(remaining, length));
      groups.push('0'.repeat(zeros) + digits.slice(remaining - count, remaining));
      remaining -= count;
      width -= length;
      if (remaining <= 0 && width <= 0) {
        broken = true;
        break;
      }
      width -= separator.length;
    }
  }
  if (!broken) {
    const length = Math.max(remaining, width, 1);
    const zeros = Math.max(0, length - remaining);
    const count = Math.max(0, Math.min(remaining, length));
    groups.push('0'.repeat(zeros) + digits.slice(remaining - count, remaining));
  }
  return groups.reverse().join(separator);
}

/**
 * `calc_number_widths` and `fill_number`: sign, prefix, grouped digits and the rest (point, fraction,
 * exponent, `%`), padded by the alignment.
 */
function layoutNumber(
  negative: boolean,
  prefix: string,
  digits: string,
  rest: string,
  spec: Spec,
  groupSize: number,
): string {
  const sign = negative ? '-' : spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : '';
  const nonDigits = sign.length + prefix.length + codePointLength(rest);
  const width = spec.width ?? -1;
  const minWidth = spec.fill === '0' && spec.align === '=' ? width - nonDigits : 0;
  const grouped = digits.length === 0 ? '' : group(digits, groupSize, spec.grouping ?? '', minWidth);
  const padding = width - (nonDigits + grouped.length);
  const body = grouped + rest;
  if (padding <= 0) return sign + prefix + body;
  const fill = spec.fill.repeat(padding);
  switch (spec.align) {
    case '<':
      return sign + prefix + body + fill;
    case '^': {
      const left = Math.floor(padding / 2);
      return spec.fill.repeat(left) + sign + prefix + body + spec.fill.repeat(padding - left);
    }
    case '=':
      return sign + prefix + fill + body;
    default:
      return fill + sign + prefix + body;
  }
}

function formatInt(value: bigint, spec: Spec): string | undefined {
  const type = spec.type ?? 'd';
  if ('eEfFgG%'.includes(type)) {
    const float = intToFloat(value);
    return float === undefined ? undefined : formatFloatSpec(float, spec);
  }
  if (spec.precision !== undefined) return undefined;
  if (type === 'c') {
    if (spec.sign || spec.alternate || value < 0n || value > 0x10ffffn) return undefined;
    if (value >= 0xd800n && value <= 0xdfffn) return undefined;
    return layoutNumber(false, '', '', String.fromCodePoint(Number(value)), { ...spec, sign: undefined }, 3);
  }
  const bases: Record<string, number> = { b: 2, d: 10, o: 8, x: 16, X: 16 };
  const base = bases[type];
  if (base === undefined) return undefined;
  const negative = value < 0n;
  let digits = (negative ? -value : value).toString(base);
  if (type === 'X') digits = digits.toUpperCase();
  const prefix = spec.alternate && base !== 10 ? `0${type}` : '';
  return layoutNumber(negative, prefix, digits, '', spec, base === 10 ? 3 : 4);
}

function formatFloatSpec(value: number, spec: Spec): string | undefined {
  let type = spec.type;
  if (type !== undefined && !'eEfFgG%'.includes(type)) return undefined;
  let addDot0 = false;
  let precision = spec.precision;
  let x = value;
  let percent = false;
  if (type === undefined) {
    addDot0 = true;
    type = precision === undefined ? 'r' : 'g';
  } else if (type === '%') {
    type = 'f';
    x *= 100;
    percent = true;
  }
  precision ??= type === 'r' ? 0 : 6;
  const text =
    formatFloat(x, type as 'e' | 'f' | 'g' | 'r', precision, {
      addDot0,
      alternate: spec.alternate,
    }) + (percent ? '%' : '');
  const negative = text.startsWith('-');
  const unsigned = negative ? text.slice(1) : text;
  // `parse_number`: the digits before the point are grouped; the point and what follows are the rest.
  const digits = /^\d*/.exec(unsigned)![0];
  return layoutNumber(negative, '', digits, unsigned.slice(digits.length), spec, 3);
}

/** `format(value, spec)`; undefined where Python raises or the layer cannot be exact. */
export function formatValue(value: PyValue, specText: string): string | undefined {
  switch (value.kind) {
    case 'str': {
      const spec = parseSpec(specText, '<');
      return spec && formatString(value.value, spec);
    }
    case 'int':
    case 'bool': {
      // bool and int print as str() with an empty spec; any other spec formats the number.
      if (specText === '') return pyStrOf(value);
      const spec = parseSpec(specText, '>');
      const int = value.kind === 'int' ? value.value : value.value ? 1n : 0n;
      return spec && formatInt(int, spec);
    }
    case 'float': {
      const spec = parseSpec(specText, '>');
      return spec && formatFloatSpec(value.value, spec);
    }
    default:
      // object.__format__: only the empty spec is allowed.
      return specText === '' ? pyStrOf(value) : undefined;
  }
}
