/**
 * The operations that build strings: f-strings, `+`, `%`, `str.format`, `str.join` and `string.Template`.
 * Each keeps the literal text and turns every other value into a hole that remembers the expression, how it
 * got in, and (through its value) where it came from.
 */
import type { SyntaxNode } from '../parse/python-parser.js';
import { parseFormat, parsePrintf, parseStringTemplate, type TemplatePiece } from '../python/format.js';
import { lastName } from './syntax.js';
import {
  alternatives,
  constantText,
  either,
  elementOf,
  MAX_OPTIONS,
  safe,
  seq,
  text,
  type Building,
  type Part,
  type Value,
} from './values.js';

/**
 * Names that say a value is itself SQL built elsewhere (`base_sql`, `where_clause`, `subquery`): pasting it
 * into a query composes SQL, it does not interpolate data. Bare `query` is not among them: in views it is
 * usually the search text.
 */
const SQL_FRAGMENT_NAME =
  /sql|(^|_)(clauses?|stmt|statement|fragment|subquery)$|^(base|raw|inner|sub)_?query$|_query_sql$/i;

export function isSqlFragmentName(node: SyntaxNode): boolean {
  const name = lastName(node);
  return name !== undefined && SQL_FRAGMENT_NAME.test(name);
}

/** A value with the expression it came from, for holes. */
export interface Located {
  value: Value;
  node: SyntaxNode;
}

/** The parts a value contributes when it is put into a string; `whole` as in Hole. */
export function partsOf(value: Value, node: SyntaxNode, how: Building, whole = false): Part[] {
  const marks = whole ? { whole } : {};
  switch (value.kind) {
    case 'text':
      return [...value.parts];
    case 'safe':
      return value.reason === 'none' ? [{ kind: 'lit', text: 'None' }] : [{ kind: 'hole', value, node, how, ...marks }];
    case 'opaque':
    case 'either': {
      // SQL from elsewhere by its name, unless it is request data or user input (then it is a value, whatever its name).
      const fromOutside = alternatives(value).some(
        (option) => option.kind !== 'opaque' || option.origin.kind === 'request' || option.origin.kind === 'user-input',
      );
      const fragment = !whole && !fromOutside && isSqlFragmentName(node);
      return [{ kind: 'hole', value, node, how, ...marks, ...(fragment ? { fragment } : {}) }];
    }
    default:
      return [{ kind: 'hole', value, node, how, ...marks }];
  }
}

const isApproximate = (values: readonly Value[]) => values.some((value) => value.kind === 'text' && value.approximate);

/**
 * Builds from every combination of the inputs' alternatives, while there are few; past that, `build` gets
 * the `either` values themselves, which become holes (nothing unsafe is lost, only exact text).
 */
export function expand(values: readonly Value[], build: (values: readonly Value[]) => Value): Value {
  const options = values.map(alternatives);
  const count = options.reduce((total, list) => total * list.length, 1);
  if (count === 1 || count > MAX_OPTIONS) return build(values);
  let combinations: Value[][] = [[]];
  for (const list of options)
    combinations = combinations.flatMap((prefix) => list.map((option) => [...prefix, option]));
  return either(combinations.map(build));
}

/** `left + right`. */
export function concat(left: Located, right: Located): Value {
  return expand([left.value, right.value], ([l, r]) => {
    if (l!.kind === 'seq' && r!.kind === 'seq') {
      const more = l!.more && r!.more ? either([l!.more, r!.more]) : (l!.more ?? r!.more);
      return { kind: 'seq', items: [...l!.items, ...r!.items], ...(more ? { more } : {}) };
    }
    if (l!.kind === 'safe' && r!.kind === 'safe' && l!.reason === 'number' && r!.reason === 'number') return l!;
    if (l!.kind === 'sql-composed' || r!.kind === 'sql-composed') {
      return { kind: 'sql-composed', parts: [...composedParts(l!, left.node), ...composedParts(r!, right.node)] };
    }
    const parts = [...partsOf(l!, left.node, 'concat'), ...partsOf(r!, right.node, 'concat')];
    return text(parts, isApproximate([l!, r!]));
  });
}

/** Arguments of a template fill: by position, by name, and whatever could not be placed (`*args`, a dict variable). */
export interface TemplateArguments {
  positional: Located[];
  named: Map<string, Located>;
  rest?: Located;
}

/**
 * A field's value from an argument passed whole: a tuple or dict variable (`% row`, `format_map(values)`,
 * `substitute(mapping)`), or the single value of `"... %s" % value`.
 */
function restItem(rest: Value, ref: number | string): Value {
  switch (rest.kind) {
    case 'map': {
      const hit = rest.entries.find(([key]) => constantText(key) === String(ref));
      return hit ? hit[1] : elementOf(seq(rest.entries.map(([, value]) => value)));
    }
    case 'seq':
      return typeof ref === 'number' && !rest.more && rest.items[ref] ? rest.items[ref] : elementOf(rest);
    case 'either':
      return either(rest.options.map((option) => restItem(option, ref)));
    default:
      return rest;
  }
}

function fill(pieces: TemplatePiece[], args: TemplateArguments, how: Building): Part[] {
  const parts: Part[] = [];
  const fields = pieces.filter((piece) => piece.kind === 'field').length;
  for (const piece of pieces) {
    if (piece.kind === 'text') {
      parts.push({ kind: 'lit', text: piece.text });
      continue;
    }
    const argument = typeof piece.ref === 'number' ? args.positional[piece.ref] : args.named.get(piece.ref);
    const rest = args.rest;
    // A value taken out of an argument passed whole is named by that argument, unless it is the only field's.
    const whole =
      !argument && rest !== undefined && (fields > 1 || typeof piece.ref === 'string' || rest.value.kind === 'map');
    const located = argument ?? (rest ? { value: restItem(rest.value, piece.ref), node: rest.node } : undefined);
    if (!located) {
      // A field with no argument raises at run time; nothing reaches the database.
      continue;
    }
    const marks = whole ? { whole } : {};
    if (piece.numeric) parts.push({ kind: 'hole', value: safe('number'), node: located.node, how, ...marks });
    else parts.push(...partsOf(located.value, located.node, how, whole));
  }
  return parts;
}

/**
 * Fills a template value's literal parts with `parse`; holes already in the template (an f-string, then `%`)
 * stay where they are. An unknown template is a fragment: the arguments are what gets interpolated.
 */
function fillTemplate(
  template: Located,
  args: TemplateArguments,
  how: Building,
  parse: (template: string) => TemplatePiece[],
): Value {
  return expand([template.value], ([value]) => {
    if (value!.kind !== 'text') {
      const unknownTemplate: Part = { kind: 'hole', value: value!, node: template.node, how, fragment: true };
      const values = [...args.positional, ...args.named.values(), ...(args.rest ? [args.rest] : [])];
      return text(
        [
          unknownTemplate,
          ...values.flatMap((arg) => [{ kind: 'lit', text: ' ' } as Part, ...partsOf(arg.value, arg.node, how)]),
        ],
        true,
      );
    }
    // Positional fields count across the literal parts, so each part is filled with the arguments left.
    let consumed = 0;
    const parts: Part[] = [];
    for (const part of value!.parts) {
      if (part.kind === 'hole') {
        parts.push(part);
        continue;
      }
      const pieces = parse(part.text).map((piece) =>
        piece.kind === 'field' && typeof piece.ref === 'number' ? { ...piece, ref: piece.ref + consumed } : piece,
      );
      consumed += pieces.filter((piece) => piece.kind === 'field' && typeof piece.ref === 'number').length;
      parts.push(...fill(pieces, args, how));
    }
    return text(parts, value!.approximate);
  });
}

/** `template % args`. */
export function percentFormat(template: Located, args: TemplateArguments): Value {
  return fillTemplate(template, args, 'percent', parsePrintf);
}

/** `template.format(*args, **kwargs)`. */
export function formatCall(template: Located, args: TemplateArguments): Value {
  return fillTemplate(template, args, 'format', parseFormat);
}

/** `string.Template(template).substitute(mapping, **kwargs)`. */
export function substituteTemplate(template: Located, args: TemplateArguments): Value {
  return fillTemplate(template, args, 'template', parseStringTemplate);
}

/**
 * `separator.join(iterable)`. Items written out are joined as they are; items of unknown number (a
 * comprehension, `["%s"] * len(ids)`) appear once, so the result is approximate but keeps every hole.
 */
export function join(separator: Located, iterable: Located): Value {
  return expand([separator.value, iterable.value], ([sep, items]) => {
    const sepParts = partsOf(sep!, separator.node, 'join');
    if (items!.kind !== 'seq') {
      const element = elementOf(items!);
      const parts = partsOf(element, iterable.node, 'join');
      return text([...parts, ...sepParts, ...parts], true);
    }
    const pieces = [...items!.items, ...(items!.more ? [items!.more] : [])];
    const parts: Part[] = [];
    pieces.forEach((item, index) => {
      if (index > 0) parts.push(...sepParts);
      parts.push(...partsOf(item, iterable.node, 'join'));
    });
    return text(parts, Boolean(items!.more) || isApproximate([sep!, ...pieces]));
  });
}

/** The parts of a psycopg composition operand: compositions splice, anything else is an argument psycopg adapts. */
function composedParts(value: Value, node: SyntaxNode): Part[] {
  if (value.kind === 'sql-composed') return [...value.parts];
  if (value.kind === 'text') return [...value.parts];
  return [{ kind: 'hole', value: safe('quoted-identifier'), node, how: 'format' }];
}

/** `sql.SQL("... {} ...").format(sql.Identifier(x))` and `sql.SQL(", ").join([...])`. */
export function composedFormat(template: Value, args: Located[]): Value {
  if (template.kind !== 'sql-composed') return template;
  // Format arguments must be Composable (psycopg raises on a str), so only their own holes matter.
  const argumentParts = args.flatMap((arg) => (arg.value.kind === 'sql-composed' ? arg.value.parts : []));
  return { kind: 'sql-composed', parts: [...template.parts, ...argumentParts] };
}
