/** Decoding of Python literal tokens as tree-sitter hands them over. */

export function parseIntegerLiteral(text: string): number | undefined {
  const clean = text.replace(/_/g, '').toLowerCase();
  if (/[lj]$/.test(clean)) return undefined;
  if (/^0x[0-9a-f]+$/.test(clean)) return parseInt(clean.slice(2), 16);
  if (/^0o[0-7]+$/.test(clean)) return parseInt(clean.slice(2), 8);
  if (/^0b[01]+$/.test(clean)) return parseInt(clean.slice(2), 2);
  if (/^\d+$/.test(clean)) return Number(clean);
  return undefined;
}

export function parseFloatLiteral(text: string): number | undefined {
  const clean = text.replace(/_/g, '');
  if (/j$/i.test(clean)) return undefined;
  const value = Number(clean);
  return Number.isNaN(value) ? undefined : value;
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

/** The value of one escape sequence such as `\n`, `\x41`, `\u00e9`; undefined for `\N{...}` names. */
export function decodeEscape(sequence: string): string | undefined {
  const body = sequence.slice(1);
  if (body in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[body];
  if (/^[0-7]{1,3}$/.test(body)) return String.fromCodePoint(parseInt(body, 8));
  if (/^(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})$/.test(body)) {
    return String.fromCodePoint(parseInt(body.slice(1), 16));
  }
  if (body.startsWith('N{')) return undefined;
  return sequence;
}
