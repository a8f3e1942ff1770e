/**
 * The three ways Python fills a template string: `%` formatting, `str.format` and `string.Template`.
 * Each template becomes literal pieces and the fields that take arguments, so the analysis can tell which
 * argument lands where and whether the field can only ever print a number.
 */

export type TemplatePiece =
  | { kind: 'text'; text: string }
  | {
      kind: 'field';
      /** A positional argument (`%s` in order, `{0}`, `{}`), or a named one (`%(name)s`, `{name}`, `$name`). */
      ref: number | string;
      /** The conversion only prints numbers (`%d`, `{:d}`, `{:.2f}`): a string argument would raise instead. */
      numeric: boolean;
    };

const PRINTF_FIELD =
  /%(?:\((?<name>[^)]*)\))?[#0\- +]*(?<width>\*|\d+)?(?:\.(?<precision>\*|\d+))?[hlL]?(?<conversion>[diouxXeEfFgGcrsa%])/g;
const NUMERIC_PRINTF = new Set([...'diouxXeEfFgG']);
/** Format-spec types that accept only numbers (`c` turns a number into any character, so it is not here). */
const NUMERIC_SPEC = /[bdoxXneEfFgG%]$/;

/** `"... %s ... %(name)d"`: `%%` is a literal percent sign. */
export function parsePrintf(template: string): TemplatePiece[] {
  const pieces: TemplatePiece[] = [];
  let index = 0;
  let position = 0;
  for (const match of template.matchAll(PRINTF_FIELD)) {
    const start = match.index ?? 0;
    if (start > position) pieces.push({ kind: 'text', text: template.slice(position, start) });
    position = start + match[0].length;
    const { name, width, precision, conversion } = match.groups ?? {};
    if (conversion === '%') {
      pieces.push({ kind: 'text', text: '%' });
      continue;
    }
    // A `*` width or precision takes an argument of its own, before the value.
    if (width === '*') index += 1;
    if (precision === '*') index += 1;
    pieces.push({ kind: 'field', ref: name ?? index++, numeric: NUMERIC_PRINTF.has(conversion!) });
  }
  if (position < template.length) pieces.push({ kind: 'text', text: template.slice(position) });
  return pieces;
}

/** `"... {} {0} {name.attr!r:>10}"`: `{{` and `}}` are literal braces. */
export function parseFormat(template: string): TemplatePiece[] {
  const pieces: TemplatePiece[] = [];
  let literal = '';
  let auto = 0;
  for (let i = 0; i < template.length; i++) {
    const char = template[i]!;
    if ((char === '{' || char === '}') && template[i + 1] === char) {
      literal += char;
      i += 1;
      continue;
    }
    if (char !== '{') {
      literal += char;
      continue;
    }
    // Find the closing brace; a spec may nest one level of fields (`{:{width}}`).
    let depth = 1;
    let end = i + 1;
    while (end < template.length && depth > 0) {
      if (template[end] === '{') depth += 1;
      else if (template[end] === '}') depth -= 1;
      if (depth > 0) end += 1;
    }
    const body = template.slice(i + 1, end);
    const colon = body.indexOf(':');
    const spec = colon >= 0 ? body.slice(colon + 1) : '';
    const head = (colon >= 0 ? body.slice(0, colon) : body).replace(/!.*$/, '');
    const argument = /^[^.[]*/.exec(head)![0];
    if (literal) pieces.push({ kind: 'text', text: literal });
    literal = '';
    const ref = argument === '' ? auto++ : /^\d+$/.test(argument) ? Number(argument) : argument;
    pieces.push({ kind: 'field', ref, numeric: NUMERIC_SPEC.test(spec) && !body.includes('!') });
    i = end;
  }
  if (literal) pieces.push({ kind: 'text', text: literal });
  return pieces;
}

/** Whether an f-string field's format spec can only print numbers (`{n:d}`, `{price:.2f}`). */
export function isNumericSpec(spec: string | undefined): boolean {
  return spec !== undefined && NUMERIC_SPEC.test(spec);
}

const TEMPLATE_FIELD = /\$(?:(?<escaped>\$)|(?<named>[_a-zA-Z][_a-zA-Z0-9]*)|\{(?<braced>[_a-zA-Z][_a-zA-Z0-9]*)\})/g;

/** `string.Template("... $name ${other}")`: `$$` is a literal dollar sign. */
export function parseStringTemplate(template: string): TemplatePiece[] {
  const pieces: TemplatePiece[] = [];
  let position = 0;
  for (const match of template.matchAll(TEMPLATE_FIELD)) {
    const start = match.index ?? 0;
    if (start > position) pieces.push({ kind: 'text', text: template.slice(position, start) });
    position = start + match[0].length;
    const { escaped, named, braced } = match.groups ?? {};
    if (escaped) pieces.push({ kind: 'text', text: '$' });
    else pieces.push({ kind: 'field', ref: (named ?? braced)!, numeric: false });
  }
  if (position < template.length) pieces.push({ kind: 'text', text: template.slice(position) });
  return pieces;
}
