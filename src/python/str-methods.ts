/**
 * Methods of str on known values, by code point. Case mappings of non-ASCII text follow JS where it
 * agrees with Python (upper, lower); where Python's rules differ (casefold, title, capitalize, swapcase,
 * the is* predicates on non-ASCII text) the answer is unknown. Positional-only parameters stay
 * positional-only: a keyword Python would reject gives undefined.
 */
import { adjustIndices, codePointLength, codePoints } from './code-points.js';
import { strFormat } from './format.js';
import { intOf, isPrintable, pyBool, pyInt, pyStr, type PyValue } from './values.js';

/** The characters Python's str.isspace() (and split()/strip() with no argument) treat as whitespace. */
const WHITESPACE = new Set([
  ...'\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000',
  ...Array.from({ length: 11 }, (_, i) => String.fromCharCode(0x2000 + i)),
]);
const LINE_BREAKS = new Set([...'\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029']);
const isAscii = (text: string) => [...text].every((char) => char.charCodeAt(0) < 0x80);
const CASED = /\p{Cased}/u;
/**
 * Text whose non-ASCII characters have no case (digits, symbols, emoji, spaces): Python's title, capitalize,
 * swapcase, casefold and case predicates then act on the ASCII letters alone, as implemented here.
 */
const caseRulesAscii = (text: string) =>
  [...text].every(
    (char) =>
      char.charCodeAt(0) < 0x80 || (!CASED.test(char) && char.toUpperCase() === char && char.toLowerCase() === char),
  );

/** Keyword parameters each method accepts in CPython 3.11; every other parameter is positional-only. */
const KEYWORDS: Record<string, string[]> = {
  split: ['sep', 'maxsplit'],
  rsplit: ['sep', 'maxsplit'],
  splitlines: ['keepends'],
  expandtabs: ['tabsize'],
};

type Args = (index: number, keyword?: string) => PyValue | undefined;

const isAsciiUpper = (c: string) => c >= 'A' && c <= 'Z';
const isAsciiLower = (c: string) => c >= 'a' && c <= 'z';

function strip(text: string, chars: PyValue | undefined, left: boolean, right: boolean): PyValue | undefined {
  if (chars !== undefined && chars.kind !== 'none' && chars.kind !== 'str') return undefined;
  const set = chars?.kind === 'str' ? new Set(codePoints(chars.value)) : WHITESPACE;
  const points = codePoints(text);
  let from = 0;
  let to = points.length;
  if (left) while (from < to && set.has(points[from]!)) from += 1;
  if (right) while (to > from && set.has(points[to - 1]!)) to -= 1;
  return pyStr(points.slice(from, to).join(''));
}

/** `text.strip()`: Python's whitespace removed from both ends (int() and float() read numbers this way). */
export function stripWhitespace(text: string): string {
  return (strip(text, undefined, true, true) as { value: string }).value;
}

function asInt(value: PyValue | undefined, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  const int = value.kind === 'float' ? undefined : intOf(value);
  if (int === undefined) return undefined;
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  return Number(int > limit ? limit : int < -limit ? -limit : int);
}

/** An optional `start`/`end` argument: an int, None, or absent. */
function asBound(value: PyValue | undefined): number | null | undefined {
  if (value === undefined || value.kind === 'none') return null;
  return asInt(value, 0);
}

const strList = (items: string[]): PyValue => ({ kind: 'list', items: items.map(pyStr) });

function splitWhitespace(text: string, maxsplit: number, fromRight: boolean): string[] {
  const points = codePoints(text);
  if (fromRight) points.reverse();
  const parts: string[] = [];
  let i = 0;
  const limit = maxsplit < 0 ? Infinity : maxsplit;
  while (i < points.length) {
    while (i < points.length && WHITESPACE.has(points[i]!)) i += 1;
    if (i >= points.length) break;
    if (parts.length === limit) {
      // The rest, with its leading whitespace stripped and everything after kept.
      let rest = points.slice(i);
      if (fromRight) rest = rest.reverse();
      parts.push(rest.join(''));
      break;
    }
    let j = i;
    while (j < points.length && !WHITESPACE.has(points[j]!)) j += 1;
    const word = points.slice(i, j);
    parts.push((fromRight ? word.reverse() : word).join(''));
    i = j;
  }
  return fromRight ? parts.reverse() : parts;
}

function split(text: string, sep: PyValue | undefined, maxsplitArg: PyValue | undefined, fromRight: boolean) {
  const maxsplit = asInt(maxsplitArg, -1);
  if (maxsplit === undefined) return undefined;
  if (sep === undefined || sep.kind === 'none') return strList(splitWhitespace(text, maxsplit, fromRight));
  if (sep.kind !== 'str' || sep.value === '') return undefined;
  const pieces = text.split(sep.value);
  if (maxsplit < 0 || pieces.length - 1 <= maxsplit) return strList(pieces);
  if (fromRight) {
    const cut = pieces.length - maxsplit;
    return strList([pieces.slice(0, cut).join(sep.value), ...pieces.slice(cut)]);
  }
  return strList([...pieces.slice(0, maxsplit), pieces.slice(maxsplit).join(sep.value)]);
}

function splitLines(text: string, keepends: boolean): PyValue {
  const points = codePoints(text);
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < points.length; i++) {
    if (!LINE_BREAKS.has(points[i]!)) continue;
    let end = i + 1;
    if (points[i] === '\r' && points[i + 1] === '\n') end += 1;
    lines.push(points.slice(start, keepends ? end : i).join(''));
    start = end;
    i = end - 1;
  }
  if (start < points.length) lines.push(points.slice(start).join(''));
  return strList(lines);
}

function stringsOf(iterable: PyValue): string[] | undefined {
  const items =
    iterable.kind === 'str'
      ? codePoints(iterable.value).map(pyStr)
      : iterable.kind === 'dict'
        ? iterable.entries.map(([key]) => key)
        : iterable.kind === 'list' || iterable.kind === 'tuple'
          ? iterable.items
          : undefined;
  if (!items || !items.every((item) => item.kind === 'str')) return undefined;
  return items.map((item) => (item as { value: string }).value);
}

function replace(text: string, old: string, replacement: string, count: number): string {
  const limit = count < 0 ? Infinity : count;
  if (old === '') {
    const points = codePoints(text);
    let out = '';
    let done = 0;
    for (let i = 0; i <= points.length; i++) {
      if (done < limit) {
        out += replacement;
        done += 1;
      }
      if (i < points.length) out += points[i];
    }
    return out;
  }
  const pieces = text.split(old);
  if (pieces.length - 1 <= limit) return pieces.join(replacement);
  return pieces.slice(0, limit + 1).join(replacement) + old + pieces.slice(limit + 1).join(old);
}

/** find/rfind/index/rindex/count over `text[start:end]`, in code points. */
function search(name: string, text: string, sub: string, startArg: PyValue | undefined, endArg: PyValue | undefined) {
  const start = asBound(startArg);
  const end = asBound(endArg);
  if (start === undefined || end === undefined) return undefined;
  const points = codePoints(text);
  const subLength = codePointLength(sub);
  const [from, to] = adjustIndices(start ?? undefined, end ?? undefined, points.length);
  if (name === 'count') {
    if (to - from < subLength) return pyInt(0);
    if (sub === '') return pyInt(to - from + 1);
    return pyInt(points.slice(from, to).join('').split(sub).length - 1);
  }
  let found = -1;
  if (to - from >= subLength) {
    const window = points.slice(from, to).join('');
    const at = name.startsWith('r') ? window.lastIndexOf(sub) : window.indexOf(sub);
    if (at >= 0) found = from + codePointLength(window.slice(0, at));
  }
  if (found < 0 && name.endsWith('index')) return undefined;
  return pyInt(found);
}

function affix(
  name: string,
  text: string,
  affixes: PyValue,
  startArg: PyValue | undefined,
  endArg: PyValue | undefined,
) {
  const start = asBound(startArg);
  const end = asBound(endArg);
  if (start === undefined || end === undefined) return undefined;
  const options = affixes.kind === 'tuple' ? affixes.items : [affixes];
  if (!options.every((option) => option.kind === 'str')) return undefined;
  const points = codePoints(text);
  const [from, to] = adjustIndices(start ?? undefined, end ?? undefined, points.length);
  const matches = options.some((option) => {
    const sub = codePoints((option as { value: string }).value);
    if (to - sub.length < from) return false;
    const at = name === 'startswith' ? from : to - sub.length;
    return points.slice(at, at + sub.length).join('') === sub.join('');
  });
  return pyBool(matches);
}

function justify(name: string, text: string, widthArg: PyValue | undefined, fillArg: PyValue | undefined) {
  const width = asInt(widthArg, Number.NaN);
  if (width === undefined || Number.isNaN(width) || width > 100_000) return undefined;
  if (fillArg !== undefined && (fillArg.kind !== 'str' || codePointLength(fillArg.value) !== 1)) return undefined;
  const fill = fillArg?.kind === 'str' ? fillArg.value : ' ';
  const length = codePointLength(text);
  if (width <= length) return pyStr(text);
  const margin = width - length;
  // CPython's center puts the odd character on the left when the width is odd.
  const left = name === 'ljust' ? 0 : name === 'rjust' ? margin : Math.floor(margin / 2) + (margin & width & 1);
  return pyStr(fill.repeat(left) + text + fill.repeat(margin - left));
}

function zfill(text: string, widthArg: PyValue | undefined) {
  const width = asInt(widthArg, Number.NaN);
  if (width === undefined || Number.isNaN(width) || width > 100_000) return undefined;
  const points = codePoints(text);
  if (width <= points.length) return pyStr(text);
  const zeros = '0'.repeat(width - points.length);
  if (points[0] === '+' || points[0] === '-') return pyStr(points[0] + zeros + points.slice(1).join(''));
  return pyStr(zeros + text);
}

function expandTabs(text: string, tabsizeArg: PyValue | undefined) {
  const tabsize = asInt(tabsizeArg, 8);
  if (tabsize === undefined || tabsize > 1000) return undefined;
  let out = '';
  let column = 0;
  for (const char of codePoints(text)) {
    if (char === '\t') {
      if (tabsize > 0) {
        const spaces = tabsize - (column % tabsize);
        out += ' '.repeat(spaces);
        column += spaces;
      }
    } else {
      out += char;
      column = char === '\n' || char === '\r' ? 0 : column + 1;
    }
  }
  return pyStr(out);
}

/** Python's title(): a cased character after an uncased one is upper case, every other one lower. */
function title(text: string): string {
  let out = '';
  let previousCased = false;
  for (const char of text) {
    const cased = isAsciiUpper(char) || isAsciiLower(char);
    out += cased ? (previousCased ? char.toLowerCase() : char.toUpperCase()) : char;
    previousCased = cased;
  }
  return out;
}

function isTitle(text: string): boolean {
  let previousCased = false;
  let cased = false;
  for (const char of text) {
    if (isAsciiUpper(char)) {
      if (previousCased) return false;
      previousCased = cased = true;
    } else if (isAsciiLower(char)) {
      if (!previousCased) return false;
      previousCased = cased = true;
    } else previousCased = false;
  }
  return cased;
}

/** Predicates defined on ASCII text here; other text is unknown (Unicode categories differ by version). */
const ASCII_PREDICATES: Partial<Record<string, (text: string) => boolean>> = {
  isdigit: (text) => /^[0-9]+$/.test(text),
  isdecimal: (text) => /^[0-9]+$/.test(text),
  isnumeric: (text) => /^[0-9]+$/.test(text),
  isalpha: (text) => /^[A-Za-z]+$/.test(text),
  isalnum: (text) => /^[A-Za-z0-9]+$/.test(text),
  isidentifier: (text) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(text),
  islower: (text) => /[a-z]/.test(text) && !/[A-Z]/.test(text),
  isupper: (text) => /[A-Z]/.test(text) && !/[a-z]/.test(text),
  istitle: isTitle,
};

/** `text.name(*positional, **keywords)`; undefined where Python raises or the layer cannot be exact. */
export function callStrMethod(
  text: string,
  name: string,
  positional: readonly PyValue[],
  keywords: ReadonlyMap<string, PyValue> = new Map(),
): PyValue | undefined {
  if (name === 'format') return optionalStr(strFormat(text, positional, keywords));
  const allowed = KEYWORDS[name] ?? [];
  for (const keyword of keywords.keys()) if (!allowed.includes(keyword)) return undefined;
  const arg: Args = (index, keyword) => positional[index] ?? (keyword ? keywords.get(keyword) : undefined);
  const count = positional.length;
  const ascii = isAscii(text);
  const caseAscii = caseRulesAscii(text);
  const takes = (min: number, max: number) => count >= min && count <= max;
  switch (name) {
    case 'upper':
      return takes(0, 0) ? pyStr(text.toUpperCase()) : undefined;
    case 'lower':
      return takes(0, 0) ? pyStr(text.toLowerCase()) : undefined;
    case 'casefold':
      return takes(0, 0) && caseAscii ? pyStr(text.toLowerCase()) : undefined;
    case 'swapcase':
      return takes(0, 0) && caseAscii
        ? pyStr([...text].map((c) => (isAsciiUpper(c) ? c.toLowerCase() : c.toUpperCase())).join(''))
        : undefined;
    case 'capitalize':
      return takes(0, 0) && caseAscii ? pyStr(text.charAt(0).toUpperCase() + text.slice(1).toLowerCase()) : undefined;
    case 'title':
      return takes(0, 0) && caseAscii ? pyStr(title(text)) : undefined;
    case 'strip':
    case 'lstrip':
    case 'rstrip':
      return takes(0, 1) ? strip(text, arg(0), name !== 'rstrip', name !== 'lstrip') : undefined;
    case 'split':
    case 'rsplit':
      return takes(0, 2) ? split(text, arg(0, 'sep'), arg(1, 'maxsplit'), name === 'rsplit') : undefined;
    case 'splitlines': {
      const keepends = arg(0, 'keepends');
      if (!takes(0, 1) || (keepends && keepends.kind !== 'bool' && keepends.kind !== 'int')) return undefined;
      return splitLines(text, keepends ? intOf(keepends) !== 0n : false);
    }
    case 'join': {
      const items = takes(1, 1) ? stringsOf(arg(0)!) : undefined;
      return items && pyStr(items.join(text));
    }
    case 'replace': {
      const [old, replacement] = [arg(0), arg(1)];
      const limit = asInt(arg(2), -1);
      if (!takes(2, 3) || old?.kind !== 'str' || replacement?.kind !== 'str' || limit === undefined) return undefined;
      const result = replace(text, old.value, replacement.value, limit);
      return result.length > 100_000 ? undefined : pyStr(result);
    }
    case 'startswith':
    case 'endswith':
      return takes(1, 3) ? affix(name, text, arg(0)!, arg(1), arg(2)) : undefined;
    case 'find':
    case 'rfind':
    case 'index':
    case 'rindex':
    case 'count': {
      const sub = arg(0);
      return takes(1, 3) && sub?.kind === 'str' ? search(name, text, sub.value, arg(1), arg(2)) : undefined;
    }
    case 'partition':
    case 'rpartition': {
      const sep = arg(0);
      if (!takes(1, 1) || sep?.kind !== 'str' || sep.value === '') return undefined;
      const at = name === 'partition' ? text.indexOf(sep.value) : text.lastIndexOf(sep.value);
      const parts =
        at < 0
          ? name === 'partition'
            ? [text, '', '']
            : ['', '', text]
          : [text.slice(0, at), sep.value, text.slice(at + sep.value.length)];
      return { kind: 'tuple', items: parts.map(pyStr) };
    }
    case 'center':
    case 'ljust':
    case 'rjust':
      return takes(1, 2) ? justify(name, text, arg(0), arg(1)) : undefined;
    case 'zfill':
      return takes(1, 1) ? zfill(text, arg(0)) : undefined;
    case 'expandtabs':
      return takes(0, 1) ? expandTabs(text, arg(0, 'tabsize')) : undefined;
    case 'removeprefix':
    case 'removesuffix': {
      const affixArg = arg(0);
      if (!takes(1, 1) || affixArg?.kind !== 'str') return undefined;
      const cut = affixArg.value;
      if (name === 'removeprefix') return pyStr(cut && text.startsWith(cut) ? text.slice(cut.length) : text);
      return pyStr(cut && text.endsWith(cut) ? text.slice(0, -cut.length) : text);
    }
    case 'format_map': {
      const mapping = arg(0);
      if (!takes(1, 1) || mapping?.kind !== 'dict') return undefined;
      const named = new Map<string, PyValue>();
      for (const [key, value] of mapping.entries) if (key.kind === 'str') named.set(key.value, value);
      return optionalStr(strFormat(text, [], named));
    }
    case 'isspace':
      return takes(0, 0) ? pyBool(text.length > 0 && codePoints(text).every((c) => WHITESPACE.has(c))) : undefined;
    case 'isascii':
      return takes(0, 0) ? pyBool(ascii) : undefined;
    case 'isprintable':
      return takes(0, 0) ? pyBool(codePoints(text).every(isPrintable)) : undefined;
    default: {
      const predicate = ASCII_PREDICATES[name];
      const caseOnly = name === 'islower' || name === 'isupper' || name === 'istitle';
      return predicate && takes(0, 0) && (ascii || (caseOnly && caseAscii)) ? pyBool(predicate(text)) : undefined;
    }
  }
}

const optionalStr = (text: string | undefined) => (text === undefined ? undefined : pyStr(text));
