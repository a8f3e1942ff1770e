/**
 * Python's str is a sequence of code points; JS strings are UTF-16. Lengths, indexes, slices and padding
 * widths all count code points here, so a character outside the BMP counts once, as in Python.
 */

export function codePoints(text: string): string[] {
  return Array.from(text);
}

export function codePointLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i += 1;
    }
    length += 1;
  }
  return length;
}

/** Python's slice index adjustment (`ADJUST_INDICES`) for `start`/`end` arguments of str methods. */
export function adjustIndices(start: number | undefined, end: number | undefined, length: number): [number, number] {
  let from = start ?? 0;
  let to = end ?? length;
  if (to > length) to = length;
  else if (to < 0) {
    to += length;
    if (to < 0) to = 0;
  }
  if (from < 0) {
    from += length;
    if (from < 0) from = 0;
  }
  return [from, to];
}

/** The indices `slice(start, stop, step).indices(length)` visits. */
export function sliceIndices(
  length: number,
  start: number | undefined,
  stop: number | undefined,
  step: number,
): number[] {
  const indices: number[] = [];
  if (step > 0) {
    let from = start === undefined ? 0 : start < 0 ? Math.max(start + length, 0) : Math.min(start, length);
    const to = stop === undefined ? length : stop < 0 ? Math.max(stop + length, 0) : Math.min(stop, length);
    for (; from < to; from += step) indices.push(from);
  } else {
    let from =
      start === undefined ? length - 1 : start < 0 ? Math.max(start + length, -1) : Math.min(start, length - 1);
    const to = stop === undefined ? -1 : stop < 0 ? Math.max(stop + length, -1) : Math.min(stop, length - 1);
    for (; from > to; from += step) indices.push(from);
  }
  return indices;
}
