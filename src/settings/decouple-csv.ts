/**
 * python-decouple's `Csv(cast=str, delimiter=",", strip=string.whitespace, post_process=list)`: the text is
 * split by a POSIX-mode shlex whose whitespace is the delimiter characters (so quotes group, a backslash
 * escapes, `#` starts a comment and runs of delimiters give no empty item), then each item is stripped of
 * the `strip` characters and cast.
 */

/** `string.whitespace`, decouple's default `strip`. */
export const STRING_WHITESPACE = ' \t\n\r\v\f';

const QUOTES = `'"`;
const ESCAPE = '\\';
/** Inside these quotes a backslash still escapes (the quote itself or a backslash). */
const ESCAPED_QUOTES = '"';
const COMMENTERS = '#';

/**
 * `list(shlex(text, posix=True))` with `whitespace = delimiters` and `whitespace_split = True`, as CPython's
 * shlex.read_token runs it; undefined where shlex raises ValueError (no closing quotation, no escaped character).
 */
export function shlexSplit(text: string, delimiters: string): string[] | undefined {
  const tokens: string[] = [];
  let index = 0;
  let state: string = ' ';
  let escapedState = 'a';
  let token = '';
  let quoted = false;
  const finish = () => {
    if (token !== '' || quoted) tokens.push(token);
    token = '';
    quoted = false;
  };
  const skipComment = () => {
    while (index < text.length && text[index] !== '\n') index += 1;
    index += 1;
  };
  for (;;) {
    const char = index < text.length ? text[index]! : '';
    index += 1;
    if (state === ' ') {
      if (char === '') break;
      if (delimiters.includes(char)) continue;
      if (COMMENTERS.includes(char)) skipComment();
      else if (char === ESCAPE) [escapedState, state] = ['a', char];
      else if (QUOTES.includes(char)) state = char;
      else [token, state] = [char, 'a'];
    } else if (QUOTES.includes(state)) {
      quoted = true;
      if (char === '') return undefined;
      if (char === state) state = 'a';
      else if (char === ESCAPE && ESCAPED_QUOTES.includes(state)) [escapedState, state] = [state, char];
      else token += char;
    } else if (state === ESCAPE) {
      if (char === '') return undefined;
      // In quotes, a backslash before anything but the quote or a backslash stays.
      if (QUOTES.includes(escapedState) && char !== state && char !== escapedState) token += state;
      token += char;
      state = escapedState;
    } else {
      if (char === '') break;
      if (delimiters.includes(char)) {
        state = ' ';
        finish();
      } else if (COMMENTERS.includes(char)) {
        skipComment();
        state = ' ';
        finish();
      } else if (QUOTES.includes(char)) state = char;
      else if (char === ESCAPE) [escapedState, state] = ['a', char];
      else token += char;
    }
  }
  finish();
  return tokens;
}

/** `str.strip(chars)`. */
export function stripChars(text: string, chars: string): string {
  const points = [...text];
  let start = 0;
  let end = points.length;
  while (start < end && chars.includes(points[start]!)) start += 1;
  while (end > start && chars.includes(points[end - 1]!)) end -= 1;
  return points.slice(start, end).join('');
}

/** The items `Csv(delimiter=..., strip=...)` makes of `text` before its cast; undefined where it raises. */
export function csvItems(text: string, delimiter: string, strip: string): string[] | undefined {
  return shlexSplit(text, delimiter)?.map((item) => stripChars(item, strip));
}
