/**
 * `template % args` on concrete values, as CPython's PyUnicode_Format does it: flags `-+ #0`, width and
 * precision (also `*`), `%(key)` mapping keys, and the conversions `s r a d i u o x X e E f F g G c %`.
 * Argument count mismatches, wrong types and anything the layer cannot do exactly give undefined.
 */
import { codePoints } from './code-points.js';
import { formatFloat } from './float-text.js';
import { dictLookup } from './operators.js';
import { floatOf, intOf, pyAscii, pyRepr, pyStrOf, type PyValue } from './values.js';

interface Conversion {
  flags: string;
  width: number;
  precision: number;
  type: string;
}

/** The text of one argument, before padding; `sign` marks numeric conversions (they take sign flags). */
function convert(value: PyValue, conversion: Conversion): { text: string; numeric: boolean } | undefined {
  const { flags, precision, type } = conversion;
  switch (type) {
    case 's':
    case 'r':
    case 'a': {
      const text = type === 's' ? pyStrOf(value) : type === 'r' ? pyRepr(value) : pyAscii(value);
      return text === undefined ? undefined : { text, numeric: false };
    }
    case 'c': {
      if (value.kind === 'str') {
        const chars = codePoints(value.value);
        return chars.length === 1 ? { text: chars[0]!, numeric: false } : undefined;
      }
      const code = intOf(value);
      if (code === undefined || code < 0n || code > 0x10ffffn || (code >= 0xd800n && code <= 0xdfffn)) return undefined;
      return { text: String.fromCodePoint(Number(code)), numeric: false };
    }
    case 'd':
    case 'i':
    case 'u':
    case 'o':
    case 'x':
    case 'X': {
      let int = intOf(value);
      if (int === undefined && value.kind === 'float') {
        // %d truncates a float; %o and %x want an integer.
        if ('oxX'.includes(type) || !Number.isFinite(value.value)) return undefined;
        int = BigInt(Math.trunc(value.value));
      }
      if (int === undefined) return undefined;
      const base = type === 'o' ? 8 : 'xX'.includes(type) ? 16 : 10;
      const negative = int < 0n;
      let digits = (negative ? -int : int).toString(base);
      if (precision > digits.length) digits = digits.padStart(precision, '0');
      const prefix = flags.includes('#') && base !== 10 ? `0${type === 'o' ? 'o' : 'x'}` : '';
      let text = (negative ? '-' : '') + prefix + digits;
      if (type === 'X') text = text.toUpperCase();
      return { text, numeric: true };
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': {
      const float = floatOf(value);
      if (float === undefined) return undefined;
      const text = formatFloat(float, type, precision < 0 ? 6 : precision, { alternate: flags.includes('#') });
      return { text, numeric: true };
    }
    default:
      return undefined;
  }
}

/** `unicode_format_arg_output`: sign, `0x`/`0o` prefix, fill and justification. */
function output(text: string, numeric: boolean, conversion: Conversion): string {
  const { flags, precision, type } = conversion;
  const left = flags.includes('-');
  const fill = numeric && flags.includes('0') ? '0' : ' ';
  let chars = codePoints(text);
  let width = conversion.width;
  if ('sra'.includes(type) && precision >= 0 && chars.length > precision) chars = chars.slice(0, precision);
  let sign = '';
  if (numeric) {
    if (chars[0] === '-' || chars[0] === '+') sign = chars.shift()!;
    else if (flags.includes('+')) sign = '+';
    else if (flags.includes(' ')) sign = ' ';
  }
  let prefix = '';
  if (flags.includes('#') && 'xXo'.includes(type)) prefix = chars.splice(0, 2).join('');
  let out = '';
  let length = chars.length;
  if (width < length) width = length;
  if (sign) {
    if (fill !== ' ') out += sign;
    if (width > length) width -= 1;
  }
  if (prefix) {
    if (fill !== ' ') out += prefix;
    width = Math.max(0, width - 2);
  }
  if (width > length && !left) {
    out += fill.repeat(width - length);
    width = length;
  }
  if (fill === ' ') out += sign + prefix;
  out += chars.join('');
  length = chars.length;
  if (width > length) out += ' '.repeat(width - length);
  return out;
}

/** `template % args`; undefined where Python raises or the layer cannot be exact. */
export function percentFormat(template: string, args: PyValue): string | undefined {
  const positional = args.kind === 'tuple' ? args.items : [args];
  // PyMapping_Check: a dict, and also a list (it has __getitem__), takes `%(key)s` and skips the count check.
  const mapping = args.kind === 'dict' || args.kind === 'list' ? args : undefined;
  let next = 0;
  let usedNamed = false;
  let usedPositional = false;
  const take = (): PyValue | undefined => {
    usedPositional = true;
    return positional[next++];
  };
  let out = '';
  const chars = codePoints(template);
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] !== '%') {
      out += chars[i];
      continue;
    }
    i += 1;
    if (i >= chars.length) return undefined;
    if (chars[i] === '%') {
      out += '%';
      continue;
    }
    let value: PyValue | undefined;
    if (chars[i] === '(') {
      if (!mapping || mapping.kind !== 'dict') return undefined;
      let depth = 1;
      let key = '';
      i += 1;
      for (; i < chars.length; i++) {
        if (chars[i] === '(') depth += 1;
        else if (chars[i] === ')' && --depth === 0) break;
        key += chars[i];
      }
      if (depth > 0) return undefined;
      i += 1;
      value = dictLookup(mapping, { kind: 'str', value: key });
      if (value === undefined) return undefined;
      usedNamed = true;
    }
    let flags = '';
    while (i < chars.length && '-+ #0'.includes(chars[i]!)) flags += chars[i++];
    let width = -1;
    if (chars[i] === '*') {
      const star = take();
      const int = star?.kind === 'int' ? star.value : undefined;
      if (int === undefined || value) return undefined;
      width = Number(int);
      if (width < 0) {
        flags += '-';
        width = -width;
      }
      i += 1;
    } else {
      let digits = '';
      while (i < chars.length && /\d/.test(chars[i]!)) digits += chars[i++];
      if (digits) width = Number(digits);
    }
    let precision = -1;
    if (chars[i] === '.') {
      i += 1;
      precision = 0;
      if (chars[i] === '*') {
        const star = take();
        const int = star?.kind === 'int' ? star.value : undefined;
        if (int === undefined || value) return undefined;
        precision = Math.max(0, Number(int));
        i += 1;
      } else {
        let digits = '';
        while (i < chars.length && /\d/.test(chars[i]!)) digits += chars[i++];
        if (digits) precision = Number(digits);
      }
    }
    if (width > 10_000 || precision > 10_000) return undefined;
    if ('hlL'.includes(chars[i] ?? '')) i += 1;
    const type = chars[i];
    if (type === undefined) return undefined;
    if (!value) {
      value = take();
      if (!value) return undefined;
    }
    const conversion: Conversion = { flags, width, precision, type };
    const converted = convert(value, conversion);
    if (!converted) return undefined;
    out += output(converted.text, converted.numeric, conversion);
  }
  // Mixing `%(key)s` with positional fields reads past the mapping in ways not worth modelling.
  if (usedNamed && usedPositional) return undefined;
  if (!mapping && next < positional.length) return undefined;
  return out;
}
