/**
 * The abstract values the code analysis computes for Python expressions.
 *
 * The analysis only needs to answer one question precisely: when a string reaches a sink, which of its pieces
 * are written in the source and which come from somewhere else, and from where. So strings are kept as a list
 * of literal pieces and holes; everything that is not a string keeps just enough shape to produce strings
 * later (lists for `join`, dicts for allow-list lookups, model metadata for table names) or to recognise a
 * database cursor. Everything else is `opaque`, with the origin that decides how serious it is.
 */
import type { SyntaxNode } from '../parse/python-parser.js';

/** Where a non-constant value comes from. Parameters, request data and user input are attacker-reachable. */
export type Origin =
  | { kind: 'parameter'; name: string }
  | { kind: 'request'; source: string; line: number }
  | { kind: 'user-input'; source: string; line: number }
  | { kind: 'other'; source: string; line: number };

/** How a hole got into a string; the message says it ("formatted with an f-string", "concatenated"). */
export type Building = 'f-string' | 'percent' | 'format' | 'concat' | 'join' | 'template';

/** Why a non-literal value cannot change the shape of SQL when it is interpolated. */
export type SafeReason =
  | 'number'
  | 'boolean'
  | 'quoted-identifier'
  | 'model-metadata'
  | 'placeholder-list'
  | 'imported-constant'
  | 'primary-key'
  | 'orm-sql'
  | 'digits-checked'
  | 'none';

export interface Hole {
  kind: 'hole';
  value: Value;
  /** The interpolated expression, as written. */
  node: SyntaxNode;
  how: Building;
  /**
   * The hole is the template itself (`sql % args`, `sql.format(...)` with `sql` unknown) or a piece of SQL named
   * as such (`base_sql + where`): text built elsewhere, not a value interpolated into SQL here.
   */
  fragment?: boolean;
  /** `node` is the tuple or dict the value was taken from (`"%s %s" % row`), not the value's own expression. */
  whole?: boolean;
}

export type Part = { kind: 'lit'; text: string } | Hole;

export type Value =
  /** A string: literal pieces and holes. A string with no holes is a constant. */
  | { kind: 'text'; parts: readonly Part[]; approximate?: boolean }
  | { kind: 'opaque'; origin: Origin }
  | { kind: 'safe'; reason: SafeReason }
  /** A list, tuple or set: the items written out, and `more` for items of unknown number (comprehensions, `*`). */
  | { kind: 'seq'; items: readonly Value[]; more?: Value }
  | { kind: 'map'; entries: ReadonlyArray<readonly [Value, Value]> }
  | { kind: 'either'; options: readonly Value[] }
  /**
   * Something with `execute()`: a DB-API cursor or connection, Django's schema editor. Django's cursors take
   * `%s` placeholders whatever the database; sqlite3's own take `?`.
   */
  | { kind: 'cursor'; paramstyle?: 'qmark' }
  /** psycopg's `sql` composition (`sql.SQL(...).format(sql.Identifier(...))`): unsafe only through its holes. */
  | { kind: 'sql-composed'; parts: readonly Part[] }
  /** `string.Template(text)`, waiting for `substitute()`. */
  | { kind: 'template'; text: Value }
  /** `Model._meta`, a model field, and lists of fields: their names are schema, not input. */
  | { kind: 'model-meta' }
  | { kind: 'model-field' }
  /** A function that quotes identifiers (`connection.ops.quote_name`), held in a variable. */
  | { kind: 'quote-function' }
  /** An imported module or name, by its dotted path (`psycopg2.sql.SQL`, `string.Template`). */
  | { kind: 'import'; path: string };

/** More alternatives than this are merged: loops and branches must not make the analysis exponential. */
export const MAX_OPTIONS = 8;
/** Strings longer than this many parts (a loop appending forever) are cut and marked approximate. */
const MAX_PARTS = 64;

export const text = (parts: readonly Part[], approximate = false): Value => {
  const merged: Part[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (part.kind === 'lit' && last?.kind === 'lit')
      merged[merged.length - 1] = { kind: 'lit', text: last.text + part.text };
    else if (part.kind !== 'lit' || part.text !== '') merged.push(part);
  }
  if (merged.length > MAX_PARTS) return { kind: 'text', parts: merged.slice(0, MAX_PARTS), approximate: true };
  return approximate ? { kind: 'text', parts: merged, approximate } : { kind: 'text', parts: merged };
};

export const literal = (value: string): Value => text([{ kind: 'lit', text: value }]);
export const opaque = (origin: Origin): Value => ({ kind: 'opaque', origin });
export const safe = (reason: SafeReason): Value => ({ kind: 'safe', reason });
export const seq = (items: readonly Value[], more?: Value): Value =>
  more ? { kind: 'seq', items, more } : { kind: 'seq', items };

/** The constant string a value always is, if it is one. */
export function constantText(value: Value): string | undefined {
  if (value.kind !== 'text' || value.parts.some((part) => part.kind === 'hole')) return undefined;
  return value.parts.map((part) => (part.kind === 'lit' ? part.text : '')).join('');
}

/** The alternatives of a value (a value that is not an `either` is its own only alternative). */
export function alternatives(value: Value): readonly Value[] {
  return value.kind === 'either' ? value.options : [value];
}

/** A short structural key: to drop duplicate alternatives after joins, and to cache followed calls. */
export function keyOf(value: Value, depth = 0): string {
  if (depth > 4) return '…';
  switch (value.kind) {
    case 'text':
    case 'sql-composed':
      return `${value.kind}(${value.parts.map((part) => (part.kind === 'lit' ? JSON.stringify(part.text) : `#${part.node.id}${part.fragment ? 'f' : ''}:${keyOf(part.value, depth + 1)}`)).join(',')})`;
    case 'opaque':
      return `opaque(${value.origin.kind}:${'name' in value.origin ? value.origin.name : value.origin.source})`;
    case 'safe':
      return `safe(${value.reason})`;
    case 'seq':
      return `seq(${value.items.map((item) => keyOf(item, depth + 1)).join(',')}${value.more ? `;${keyOf(value.more, depth + 1)}` : ''})`;
    case 'map':
      return `map(${value.entries.map(([k, v]) => `${keyOf(k, depth + 1)}:${keyOf(v, depth + 1)}`).join(',')})`;
    case 'either':
      return `either(${value.options.map((option) => keyOf(option, depth + 1)).join('|')})`;
    case 'template':
      return `template(${keyOf(value.text, depth + 1)})`;
    case 'import':
      return `import(${value.path})`;
    default:
      return value.kind;
  }
}

/**
 * One value that may be any of `values` (branches, loops, `a if c else b`). Past MAX_OPTIONS, the extra
 * alternatives are folded into one approximate string that still carries all their holes, so nothing unsafe
 * is lost; only the exact text of those alternatives is.
 */
export function either(values: readonly Value[]): Value {
  const options: Value[] = [];
  const seen = new Set<string>();
  for (const value of values) {
    for (const option of alternatives(value)) {
      const key = keyOf(option);
      if (seen.has(key)) continue;
      seen.add(key);
      options.push(option);
    }
  }
  if (options.length === 1) return options[0]!;
  if (options.length > MAX_OPTIONS) {
    const kept = options.slice(0, MAX_OPTIONS - 1);
    const rest = options.slice(MAX_OPTIONS - 1);
    const holes = rest.flatMap((option) => holesOf(option));
    const merged = rest.every((option) => option.kind === 'text')
      ? text(holes, true)
      : (rest.find((option) => isUnsafe(option)) ?? rest[0]!);
    return { kind: 'either', options: [...kept, merged] };
  }
  return { kind: 'either', options };
}

/** The holes of a string or composition (and of every alternative). */
export function holesOf(value: Value): Hole[] {
  switch (value.kind) {
    case 'text':
    case 'sql-composed':
      return value.parts.filter((part): part is Hole => part.kind === 'hole');
    case 'either':
      return value.options.flatMap(holesOf);
    default:
      return [];
  }
}

/** Values whose content can be anything the code does not control: opaque values, or anything holding one. */
export function isUnsafe(value: Value, depth = 0): boolean {
  if (depth > 8) return false;
  switch (value.kind) {
    case 'opaque':
      return true;
    case 'text':
    case 'sql-composed':
      return value.parts.some((part) => part.kind === 'hole' && !part.fragment && isUnsafe(part.value, depth + 1));
    case 'either':
      return value.options.some((option) => isUnsafe(option, depth + 1));
    case 'seq':
      return (
        value.items.some((item) => isUnsafe(item, depth + 1)) || (value.more ? isUnsafe(value.more, depth + 1) : false)
      );
    case 'map':
      return value.entries.some(([key, item]) => isUnsafe(key, depth + 1) || isUnsafe(item, depth + 1));
    case 'template':
      return isUnsafe(value.text, depth + 1);
    default:
      return false;
  }
}

/** The first origin inside a value, preferring attacker-reachable ones. */
export function originOf(value: Value): Origin | undefined {
  const found: Origin[] = [];
  const visit = (current: Value, depth: number): void => {
    if (depth > 8) return;
    switch (current.kind) {
      case 'opaque':
        found.push(current.origin);
        return;
      case 'text':
      case 'sql-composed':
        for (const part of current.parts) if (part.kind === 'hole' && !part.fragment) visit(part.value, depth + 1);
        return;
      case 'either':
        for (const option of current.options) visit(option, depth + 1);
        return;
      case 'seq':
        for (const item of current.items) visit(item, depth + 1);
        if (current.more) visit(current.more, depth + 1);
        return;
      case 'map':
        for (const [key, item] of current.entries) {
          visit(key, depth + 1);
          visit(item, depth + 1);
        }
        return;
      case 'template':
        visit(current.text, depth + 1);
        return;
      default:
        return;
    }
  };
  visit(value, 0);
  return found.find(isTainted) ?? found[0];
}

/** Function parameters, request data and user input: values an attacker may choose. */
export function isTainted(origin: Origin): boolean {
  return origin.kind !== 'other';
}

/** The value of one element of an iterable: a loop variable, a comprehension's item, a `join` piece. */
export function elementOf(value: Value): Value {
  switch (value.kind) {
    case 'seq': {
      const all = value.more ? [...value.items, value.more] : value.items;
      return all.length ? either(all) : safe('none');
    }
    case 'map':
      return value.entries.length ? either(value.entries.map(([key]) => key)) : safe('none');
    case 'either':
      return either(value.options.map(elementOf));
    case 'text':
      return charactersOf(value) ?? opaqueOrSame(value);
    case 'model-meta':
    case 'model-field':
      return { kind: 'model-field' };
    default:
      return value;
  }
}

/** A constant string's characters, as iterating over it yields them (`",".join("?" * n)`). */
export function charactersOf(value: Value): Value | undefined {
  const constant = constantText(value);
  if (constant === undefined) return undefined;
  const characters = [...new Set(constant)].slice(0, MAX_OPTIONS);
  return characters.length ? either(characters.map(literal)) : safe('none');
}

/** A value derived from `value` by an operation the analysis does not model: same origin, or "other". */
function opaqueOrSame(value: Value): Value {
  const origin = originOf(value);
  return origin ? opaque(origin) : safe('none');
}
