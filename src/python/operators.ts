/**
 * Python's operators on known values: arithmetic with exact ints (bigint) and CPython's float rules
 * (floor division and modulo by float_divmod, true division, powers only where the result is exact),
 * sequence concatenation and repetition, `%` formatting, comparisons (chained by the caller), `in`,
 * indexing and slicing by code point. undefined means Python raises or the layer cannot be exact.
 */
import { codePointLength, codePoints, sliceIndices } from './code-points.js';
import { percentFormat } from './printf.js';
import { floatOf, intOf, isNumber, pyBool, pyFloat, pyInt, pyStr, truthy, type PyValue } from './values.js';

/** Results larger than this (characters or items) are left unknown rather than built. */
export const MAX_BUILT_LENGTH = 100_000;
/** Ints past this many bits are left unknown (`2 ** 10 ** 9` would hang). */
const MAX_INT_BITS = 100_000n;

const tooBig = (int: bigint) => (int < 0n ? -int : int) >> MAX_INT_BITS > 0n;

/** Python `a == b`; undefined when it cannot be decided. */
export function pyEquals(a: PyValue, b: PyValue): boolean | undefined {
  if (isNumber(a) && isNumber(b)) {
    if (a.kind !== 'float' && b.kind !== 'float') return intOf(a) === intOf(b);
    return compareNumbers(a, b) === 0;
  }
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'none':
      return true;
    case 'str':
      return a.value === (b as typeof a).value;
    case 'tuple':
    case 'list': {
      const other = (b as typeof a).items;
      if (a.items.length !== other.length) return false;
      for (let i = 0; i < other.length; i++) {
        const equal = pyEquals(a.items[i]!, other[i]!);
        if (equal !== true) return equal;
      }
      return true;
    }
    case 'dict': {
      const other = (b as typeof a).entries;
      if (a.entries.length !== other.length) return false;
      for (const [key, value] of a.entries) {
        const found = dictLookup(b as typeof a, key);
        if (found === undefined) return false;
        const equal = pyEquals(value, found);
        if (equal !== true) return equal;
      }
      return true;
    }
    default:
      return undefined;
  }
}

/** The value of `dict[key]`, or undefined when the key is absent. */
export function dictLookup(dict: Extract<PyValue, { kind: 'dict' }>, key: PyValue): PyValue | undefined {
  for (let i = dict.entries.length - 1; i >= 0; i--) {
    const [candidate, value] = dict.entries[i]!;
    if (pyEquals(candidate, key) === true) return value;
  }
  return undefined;
}

/** -1, 0, 1 for numbers (NaN compares unordered: undefined). Int and float compare exactly, as in CPython. */
function compareNumbers(a: PyValue, b: PyValue): number | undefined {
  const ai = a.kind === 'float' ? undefined : intOf(a);
  const bi = b.kind === 'float' ? undefined : intOf(b);
  if (ai !== undefined && bi !== undefined) return ai < bi ? -1 : ai > bi ? 1 : 0;
  const af = a.kind === 'float' ? a.value : undefined;
  const bf = b.kind === 'float' ? b.value : undefined;
  if (af !== undefined && bf !== undefined) return af < bf ? -1 : af > bf ? 1 : af === bf ? 0 : undefined;
  // One int, one float: compare the float with the exact int.
  const float = (af ?? bf)!;
  const int = (ai ?? bi)!;
  if (Number.isNaN(float)) return undefined;
  let order: number;
  if (!Number.isFinite(float)) order = float > 0 ? 1 : -1;
  else {
    const floor = BigInt(Math.floor(float));
    order = floor > int ? 1 : floor < int ? -1 : float > Math.floor(float) ? 1 : 0;
  }
  return af !== undefined ? order : -order;
}

/** Python's ordering of two str by code point (JS compares UTF-16 units, which differs past the BMP). */
function compareText(a: string, b: string): number {
  const left = codePoints(a);
  const right = codePoints(b);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i]!.codePointAt(0)!;
    const y = right[i]!.codePointAt(0)!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return left.length - right.length === 0 ? 0 : left.length < right.length ? -1 : 1;
}

/** -1/0/1 for `<`-comparable values; undefined when Python raises TypeError or NaN is involved. */
function order(a: PyValue, b: PyValue): number | undefined {
  if (isNumber(a) && isNumber(b)) return compareNumbers(a, b);
  if (a.kind === 'str' && b.kind === 'str') return compareText(a.value, b.value);
  if ((a.kind === 'tuple' || a.kind === 'list') && a.kind === b.kind) {
    const other = (b as typeof a).items;
    for (let i = 0; i < Math.min(a.items.length, other.length); i++) {
      const equal = pyEquals(a.items[i]!, other[i]!);
      if (equal === undefined) return undefined;
      if (!equal) return order(a.items[i]!, other[i]!);
    }
    return a.items.length === other.length ? 0 : a.items.length < other.length ? -1 : 1;
  }
  return undefined;
}

/** `needle in haystack`. */
export function pyContains(haystack: PyValue, needle: PyValue): boolean | undefined {
  switch (haystack.kind) {
    case 'str':
      return needle.kind === 'str' ? haystack.value.includes(needle.value) : undefined;
    case 'tuple':
    case 'list': {
      let undecided = false;
      for (const item of haystack.items) {
        const equal = pyEquals(item, needle);
        if (equal === true) return true;
        if (equal === undefined) undecided = true;
      }
      return undecided ? undefined : false;
    }
    case 'dict':
      if (needle.kind === 'list' || needle.kind === 'dict') return undefined;
      return dictLookup(haystack, needle) !== undefined;
    default:
      return undefined;
  }
}

/** One comparison operator: `==`, `!=`, `<`, `<=`, `>`, `>=`, `in`, `not in`, `is`, `is not`. */
export function compare(operator: string, left: PyValue, right: PyValue): boolean | undefined {
  const not = (answer: boolean | undefined) => (answer === undefined ? undefined : !answer);
  switch (operator) {
    case '==':
      return pyEquals(left, right);
    case '!=':
      return not(pyEquals(left, right));
    case 'in':
      return pyContains(right, left);
    case 'not in':
      return not(pyContains(right, left));
    case 'is':
    case 'is not': {
      // Identity is only certain for the singletons None, True and False.
      const singleton = (v: PyValue) => v.kind === 'none' || v.kind === 'bool';
      if (!singleton(left) && !singleton(right)) return undefined;
      const same = left.kind === right.kind && pyEquals(left, right) === true;
      return operator === 'is' ? same : !same;
    }
    default: {
      if (operator === '<' || operator === '<=' || operator === '>' || operator === '>=') {
        // NaN compares False with everything, without raising.
        const nan = [left, right].some((v) => v.kind === 'float' && Number.isNaN(v.value));
        if (nan && isNumber(left) && isNumber(right)) return false;
        const result = order(left, right);
        if (result === undefined) return undefined;
        if (operator === '<') return result < 0;
        if (operator === '<=') return result <= 0;
        if (operator === '>') return result > 0;
        return result >= 0;
      }
      return undefined;
    }
  }
}

function floatResult(value: number): PyValue | undefined {
  // ** overflowing raises OverflowError in CPython.
  return Number.isFinite(value) ? pyFloat(value) : undefined;
}

/** CPython's float_divmod: [floor quotient, remainder with the divisor's sign]. */
function floatDivmod(x: number, y: number): [number, number] | undefined {
  if (y === 0) return undefined;
  // C's `if (mod)` takes NaN as true; JS's would not, so the tests compare with zero.
  let mod = x % y;
  let div = (x - mod) / y;
  if (mod !== 0) {
    if (y < 0 !== mod < 0) {
      mod += y;
      div -= 1;
    }
  } else mod = y < 0 ? -0 : 0;
  let floordiv: number;
  if (div !== 0) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
  } else floordiv = x / y < 0 || Object.is(x / y, -0) ? -0 : 0;
  return [floordiv, mod];
}

function intFloorDiv(a: bigint, b: bigint): bigint {
  const quotient = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? quotient - 1n : quotient;
}

/** `a ** b` where the result is exact: ints with a non-negative exponent, and a few float cases. */
function power(left: PyValue, right: PyValue): PyValue | undefined {
  const a = intOf(left);
  const b = intOf(right);
  if (a !== undefined && b !== undefined && left.kind !== 'float' && right.kind !== 'float') {
    if (b >= 0n) {
      const bits = BigInt((a < 0n ? -a : a).toString(2).length);
      if (a !== 0n && a !== 1n && a !== -1n && bits * b > MAX_INT_BITS) return undefined;
      return pyInt(a ** b);
    }
    if (a === 0n) return undefined;
  }
  const x = floatOf(left);
  const y = floatOf(right);
  if (x === undefined || y === undefined) return undefined;
  // CPython's float_pow: anything to the power 0 is 1.0, NaN and infinities included.
  if (y === 0) return pyFloat(1);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return undefined;
  // C's pow() is correctly rounded for these; other cases may differ from V8 in the last bit.
  if (y === 0) return pyFloat(1);
  if (y === 1) return pyFloat(x);
  if (y === 2) return floatResult(x * x);
  if (Number.isInteger(y) && Number.isInteger(Math.log2(Math.abs(x))) && x !== 0) {
    const result = Math.pow(x, y);
    return result === 0 ? undefined : floatResult(result);
  }
  return undefined;
}

function repeat(sequence: PyValue, count: bigint): PyValue | undefined {
  const times = count < 0n ? 0 : Number(count > BigInt(MAX_BUILT_LENGTH) ? BigInt(MAX_BUILT_LENGTH) + 1n : count);
  if (sequence.kind === 'str') {
    if (codePointLength(sequence.value) * times > MAX_BUILT_LENGTH && sequence.value) return undefined;
    return pyStr(sequence.value.repeat(sequence.value ? times : 0));
  }
  if (sequence.kind === 'tuple' || sequence.kind === 'list') {
    if (sequence.items.length * times > MAX_BUILT_LENGTH) return undefined;
    return { kind: sequence.kind, items: Array.from({ length: times }, () => sequence.items).flat() };
  }
  return undefined;
}

/** A binary operator: `+ - * / // % ** << >> & | ^`. */
export function binaryOperation(operator: string, left: PyValue, right: PyValue): PyValue | undefined {
  if (operator === '%' && left.kind === 'str') {
    const text = percentFormat(left.value, right);
    return text === undefined ? undefined : pyStr(text);
  }
  if (operator === '+') {
    if (left.kind === 'str' && right.kind === 'str') return pyStr(left.value + right.value);
    if ((left.kind === 'tuple' || left.kind === 'list') && left.kind === right.kind)
      return { kind: left.kind, items: [...left.items, ...(right as typeof left).items] };
  }
  if (operator === '*') {
    const leftCount = left.kind === 'float' ? undefined : intOf(left);
    const rightCount = right.kind === 'float' ? undefined : intOf(right);
    if (rightCount !== undefined && !isNumber(left)) return repeat(left, rightCount);
    if (leftCount !== undefined && !isNumber(right)) return repeat(right, leftCount);
  }
  if (left.kind === 'dict' && right.kind === 'dict' && operator === '|') {
    const entries = [...left.entries];
    for (const [key, value] of right.entries) {
      const at = entries.findIndex(([candidate]) => pyEquals(candidate, key) === true);
      if (at >= 0) entries[at] = [entries[at]![0], value];
      else entries.push([key, value]);
    }
    return { kind: 'dict', entries };
  }
  if (!isNumber(left) || !isNumber(right)) return undefined;
  if (left.kind !== 'float' && right.kind !== 'float')
    return intOperation(operator, intOf(left)!, intOf(right)!, left, right);
  const x = floatOf(left);
  const y = floatOf(right);
  if (x === undefined || y === undefined) return undefined;
  switch (operator) {
    // IEEE results as they are: CPython's float +, -, * and / give inf on overflow, without raising.
    case '+':
      return pyFloat(x + y);
    case '-':
      return pyFloat(x - y);
    case '*':
      return pyFloat(x * y);
    case '/':
      return y === 0 ? undefined : pyFloat(x / y);
    case '//': {
      const result = floatDivmod(x, y);
      return result && pyFloat(result[0]);
    }
    case '%': {
      const result = floatDivmod(x, y);
      return result && pyFloat(result[1]);
    }
    case '**':
      return power(left, right);
    default:
      return undefined;
  }
}

function intOperation(operator: string, a: bigint, b: bigint, left: PyValue, right: PyValue): PyValue | undefined {
  const int = (value: bigint) => (tooBig(value) ? undefined : pyInt(value));
  // bool & bool (and |, ^) stays a bool.
  const bothBool = left.kind === 'bool' && right.kind === 'bool';
  switch (operator) {
    case '+':
      return int(a + b);
    case '-':
      return int(a - b);
    case '*':
      return int(a * b);
    case '/': {
      if (b === 0n) return undefined;
      // Exact below 2**53: both convert exactly and IEEE division rounds once, as CPython's true division does.
      const limit = 2n ** 53n;
      if ((a < 0n ? -a : a) > limit || (b < 0n ? -b : b) > limit) return undefined;
      return pyFloat(Number(a) / Number(b));
    }
    case '//':
      return b === 0n ? undefined : int(intFloorDiv(a, b));
    case '%':
      return b === 0n ? undefined : int(a - b * intFloorDiv(a, b));
    case '**':
      return power(left, right);
    case '<<':
      if (b < 0n || (a !== 0n && b > MAX_INT_BITS)) return undefined;
      return int(a << b);
    case '>>':
      if (b < 0n) return undefined;
      return int(a >> (b > MAX_INT_BITS ? MAX_INT_BITS : b));
    case '&':
      return bothBool ? pyBool((a & b) !== 0n) : int(a & b);
    case '|':
      return bothBool ? pyBool((a | b) !== 0n) : int(a | b);
    case '^':
      return bothBool ? pyBool((a ^ b) !== 0n) : int(a ^ b);
    default:
      return undefined;
  }
}

/** A unary operator: `-`, `+`, `~`, `not`. */
export function unaryOperation(operator: string, operand: PyValue): PyValue | undefined {
  if (operator === 'not') return pyBool(!truthy(operand));
  if (operand.kind === 'float') {
    if (operator === '-') return pyFloat(-operand.value);
    if (operator === '+') return operand;
    return undefined;
  }
  const int = intOf(operand);
  if (int === undefined) return undefined;
  if (operator === '-') return pyInt(-int);
  if (operator === '+') return pyInt(int);
  if (operator === '~') return pyInt(-int - 1n);
  return undefined;
}

/** `container[index]` for str (by code point), tuple, list and dict. */
export function subscript(container: PyValue, key: PyValue): PyValue | undefined {
  if (container.kind === 'dict') {
    if (key.kind === 'list' || key.kind === 'dict') return undefined;
    return dictLookup(container, key);
  }
  const index = key.kind === 'float' ? undefined : intOf(key);
  if (index === undefined) return undefined;
  const items =
    container.kind === 'str'
      ? codePoints(container.value)
      : container.kind === 'tuple' || container.kind === 'list'
        ? container.items
        : undefined;
  if (!items) return undefined;
  const at = Number(index < 0n ? index + BigInt(items.length) : index);
  if (at < 0 || at >= items.length) return undefined;
  const item = items[at]!;
  return typeof item === 'string' ? pyStr(item) : item;
}

/** `container[start:stop:step]` for str, tuple and list; bounds are ints or None (undefined here). */
export function sliceOf(
  container: PyValue,
  start: PyValue | undefined,
  stop: PyValue | undefined,
  step: PyValue | undefined,
): PyValue | undefined {
  const bound = (value: PyValue | undefined): number | null | undefined => {
    if (value === undefined || value.kind === 'none') return null;
    const int = value.kind === 'float' ? undefined : intOf(value);
    if (int === undefined) return undefined;
    const limit = BigInt(Number.MAX_SAFE_INTEGER);
    return Number(int > limit ? limit : int < -limit ? -limit : int);
  };
  const [from, to, by] = [bound(start), bound(stop), bound(step)];
  if (from === undefined || to === undefined || by === undefined || by === 0) return undefined;
  const items =
    container.kind === 'str'
      ? codePoints(container.value)
      : container.kind === 'tuple' || container.kind === 'list'
        ? container.items
        : undefined;
  if (!items) return undefined;
  const picked = sliceIndices(items.length, from ?? undefined, to ?? undefined, by ?? 1).map((i) => items[i]!);
  if (container.kind === 'str') return pyStr((picked as string[]).join(''));
  return { kind: container.kind as 'tuple' | 'list', items: picked as PyValue[] };
}
