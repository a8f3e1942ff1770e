/**
 * Floats as CPython prints them (`PyOS_double_to_string` over `_Py_dg_dtoa`): repr's shortest round-trip
 * digits, and `e`/`f`/`g` with a precision rounded half-to-even on the double's exact decimal value. The
 * exact value comes from the bits through bigint, so no JS rounding rule (toFixed rounds ties away from
 * zero) leaks in.
 */

export interface FloatTextOptions {
  /** `+` for non-negative numbers (the `+` sign option). */
  alwaysSign?: boolean;
  /** Keep a trailing `.0` on integral values (`repr`, format with no type). */
  addDot0?: boolean;
  /** The `#` alternate form: keep the point and trailing zeros. */
  alternate?: boolean;
}

/** Digits (no leading or trailing zeros) and the decimal point's position: value = 0.DIGITS × 10^decpt. */
interface Digits {
  digits: string;
  decpt: number;
}

/** The exact decimal expansion of a finite positive double. */
function exactDigits(x: number): Digits {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biased = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  let exponent: number;
  if (biased === 0) exponent = -1074;
  else {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  let text: string;
  let decpt: number;
  if (exponent >= 0) {
    text = (mantissa << BigInt(exponent)).toString();
    decpt = text.length;
  } else {
    // m × 2^-k = m × 5^k / 10^k.
    text = (mantissa * 5n ** BigInt(-exponent)).toString();
    decpt = text.length + exponent;
  }
  return { digits: text.replace(/0+$/, ''), decpt };
}

/** Keeps the first `keep` digits, rounding half to even on the exact rest. */
function roundTo(value: Digits, keep: number, zeroDecpt: number): Digits {
  const { digits, decpt } = value;
  if (keep >= digits.length) return value;
  if (keep < 0) return { digits: '', decpt: zeroDecpt };
  const head = digits.slice(0, keep);
  const first = digits[keep]!;
  const restNonZero = digits.length > keep + 1;
  const lastOdd = head.length > 0 && Number(head[head.length - 1]) % 2 === 1;
  const up = first > '5' || (first === '5' && (restNonZero || lastOdd));
  if (!up) {
    const kept = head.replace(/0+$/, '');
    return kept ? { digits: kept, decpt } : { digits: '', decpt: zeroDecpt };
  }
  if (head === '') return { digits: '1', decpt: decpt + 1 };
  const raised = (BigInt(head) + 1n).toString();
  const grew = raised.length > head.length;
  return { digits: raised.replace(/0+$/, ''), decpt: grew ? decpt + 1 : decpt };
}

/** The shortest digits that read back as `x` (positive, finite): JS and dtoa mode 0 agree on them. */
function shortestDigits(x: number): Digits {
  const text = x.toString();
  const [mantissa, exponentText] = text.split('e');
  const exponent = exponentText ? Number(exponentText) : 0;
  const [whole, fraction = ''] = mantissa!.split('.');
  let digits = whole! + fraction;
  let decpt = whole!.length + exponent;
  const leading = /^0*/.exec(digits)![0].length;
  digits = digits.slice(leading);
  decpt -= leading;
  return { digits: digits.replace(/0+$/, ''), decpt };
}

type Code = 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'r';

/**
 * `PyOS_double_to_string(x, code, precision, flags)`. `r` is repr (precision unused); `g` with precision 0
 * means 1, as in CPython.
 */
export function formatFloat(x: number, code: Code, precision: number, options: FloatTextOptions = {}): string {
  const upper = code === 'E' || code === 'F' || code === 'G';
  const lower = code.toLowerCase() as 'e' | 'f' | 'g' | 'r';
  const negative = x < 0 || Object.is(x, -0);
  const sign = negative ? '-' : options.alwaysSign ? '+' : '';
  if (Number.isNaN(x)) return (options.alwaysSign ? '+' : '') + (upper ? 'NAN' : 'nan');
  if (!Number.isFinite(x)) return sign + (upper ? 'INF' : 'inf');

  let p = precision;
  if (lower === 'e') p += 1;
  if (lower === 'g' && p === 0) p = 1;
  const magnitude = Math.abs(x);
  let value: Digits;
  if (magnitude === 0) value = { digits: '0', decpt: 1 };
  else if (lower === 'r') value = shortestDigits(magnitude);
  else if (lower === 'f') value = roundTo(exactDigits(magnitude), exactDigits(magnitude).decpt + p, -p);
  else value = roundTo(exactDigits(magnitude), p, 1);
  return layout(value, lower, p, sign, upper, options);
}

/** format_float_short's placement of digits, point, zero padding and exponent. */
function layout(
  value: Digits,
  code: 'e' | 'f' | 'g' | 'r',
  precision: number,
  sign: string,
  upper: boolean,
  options: FloatTextOptions,
): string {
  const { digits } = value;
  let decpt = value.decpt;
  const addDot0 = Boolean(options.addDot0);
  const alternate = Boolean(options.alternate);
  let useExp = false;
  let vdigitsEnd = digits.length;
  switch (code) {
    case 'e':
      useExp = true;
      vdigitsEnd = precision;
      break;
    case 'f':
      vdigitsEnd = decpt + precision;
      break;
    case 'g':
      if (decpt <= -4 || decpt > (addDot0 ? precision - 1 : precision)) useExp = true;
      if (alternate) vdigitsEnd = precision;
      break;
    case 'r':
      if (decpt <= -4 || decpt > 16) useExp = true;
      break;
  }
  let exponent = 0;
  if (useExp) {
    exponent = decpt - 1;
    decpt = 1;
  }
  const vdigitsStart = decpt <= 0 ? decpt - 1 : 0;
  if (!useExp && addDot0) vdigitsEnd = Math.max(vdigitsEnd, decpt + 1);
  else vdigitsEnd = Math.max(vdigitsEnd, decpt);

  let out = sign;
  if (decpt <= 0) out += '0'.repeat(decpt - vdigitsStart) + '.' + '0'.repeat(-decpt);
  else out += '0'.repeat(-vdigitsStart);
  if (decpt > 0 && decpt <= digits.length) out += digits.slice(0, decpt) + '.' + digits.slice(decpt);
  else out += digits;
  if (digits.length < decpt) out += '0'.repeat(decpt - digits.length) + '.' + '0'.repeat(vdigitsEnd - decpt);
  else out += '0'.repeat(Math.max(0, vdigitsEnd - digits.length));
  if (out.endsWith('.') && !alternate) out = out.slice(0, -1);
  if (useExp) {
    const magnitude = Math.abs(exponent).toString().padStart(2, '0');
    out += `${upper ? 'E' : 'e'}${exponent < 0 ? '-' : '+'}${magnitude}`;
  }
  return out;
}
