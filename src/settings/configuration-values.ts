import type { SourceSpan } from '../finding.js';
import { floatFromText, intFromText } from '../python/builtins.js';
import { stripWhitespace } from '../python/str-methods.js';
import { pyInt } from '../python/values.js';
import { databaseFromUrl, performRead } from './env-readers.js';
import type { ProductionEnvironment } from './production-environment.js';
import { fromPy } from './python-bridge.js';
import { make, reprText, truthy, unknown, type EnvRead, type Value } from './value.js';

/**
 * django-configurations' `values.*Value(...)` readers: each reads `DJANGO_<NAME>` (the prefix and the name
 * can be changed) when the configuration is set up, converts the text as the reader class does, and
 * falls back to its default when the variable is unset. Mirrors configurations/values.py.
 */

export interface ReaderSpec {
  /** The reader class, e.g. `BooleanValue`. */
  reader: string;
  default?: Value;
  environ: boolean;
  environName?: string;
  /** `DJANGO` unless given; null when the variable has no prefix. */
  prefix: string | null;
  required: boolean;
  separator: string;
  seqSeparator: string;
  alias: string;
  span: SourceSpan;
}

const PLAIN = ['Value', 'EmailValue', 'URLValue', 'IPValue', 'RegexValue', 'PathValue', 'SecretValue'];
const SEQUENCES: Record<string, 'list' | 'tuple' | 'set'> = {
  ListValue: 'list',
  BackendsValue: 'list',
  TupleValue: 'tuple',
  SetValue: 'set',
  SingleNestedListValue: 'list',
  SingleNestedTupleValue: 'tuple',
};
const NUMBERS = ['IntegerValue', 'PositiveIntegerValue', 'FloatValue', 'DecimalValue'];
/** Readers of a URL into a dict keyed by alias; they read their variable unprefixed and late. */
const URL_READERS: Record<string, string> = {
  DatabaseURLValue: 'DATABASE_URL',
  CacheURLValue: 'CACHE_URL',
  SearchURLValue: 'SEARCH_URL',
  EmailURLValue: 'EMAIL_URL',
};
const BOOLEAN_TRUE = ['yes', 'y', 'true', '1'];
const BOOLEAN_FALSE = ['no', 'n', 'false', '0', ''];

export const READER_PREFIX = 'configurations.values.';

/** The names `from configurations import values` gives: every reader class. */
export const READER_NAMES = [
  ...PLAIN,
  ...Object.keys(SEQUENCES),
  ...NUMBERS,
  'BooleanValue',
  'DictValue',
  ...Object.keys(URL_READERS),
];

function textOf(value: Value | undefined): string | undefined {
  return value?.kind === 'str' ? value.value : undefined;
}

/**
 * `values.BooleanValue(False)` and friends: a reader that resolves when the class is set up, under the
 * attribute's name. Like the library's `__new__`, a reader given `environ_name` (or told not to read the
 * environment) resolves at once.
 */
export function configurationValue(
  name: string,
  positional: readonly Value[],
  keywords: ReadonlyMap<string, Value>,
  span: SourceSpan,
  environment: ProductionEnvironment,
): Value | undefined {
  if (!name.startsWith(READER_PREFIX)) return undefined;
  const reader = name.slice(READER_PREFIX.length);
  if (!READER_NAMES.includes(reader)) return undefined;
  const prefixGiven = keywords.get('environ_prefix');
  const urlName = URL_READERS[reader];
  const spec: ReaderSpec = {
    reader,
    default: keywords.get('default') ?? positional[0],
    environ:
      reader === 'SecretValue' || truthy(keywords.get('environ') ?? make('bool', { value: true }, span)) !== false,
    environName: textOf(keywords.get('environ_name')) ?? urlName,
    prefix:
      prefixGiven === undefined
        ? urlName
          ? null
          : 'DJANGO'
        : prefixGiven.kind === 'str' && prefixGiven.value
          ? prefixGiven.value.replace(/_$/, '')
          : null,
    required: reader === 'SecretValue' || truthy(keywords.get('environ_required') ?? make('none', {}, span)) === true,
    separator: textOf(keywords.get('separator')) ?? ',',
    seqSeparator: textOf(keywords.get('seq_separator')) ?? ';',
    alias: textOf(keywords.get('alias')) ?? 'default',
    span,
  };
  if (spec.default?.kind === 'none') spec.default = undefined;
  // A reader that names its variable (URL readers always do) reads the same one whatever attribute holds it,
  // and its value (`bool(reader)`, `str(reader)`) is that read: resolve it now, as `__new__` and `.value` do.
  if (!spec.environ || spec.environName) return resolveReader(spec, spec.environName ?? '', environment);
  return make('object', { object: { type: 'instance', name, definition: spec } }, span);
}

export function readerSpecOf(value: Value): ReaderSpec | undefined {
  return value.kind === 'object' && value.object.type === 'instance' && value.object.name.startsWith(READER_PREFIX)
    ? (value.object.definition as ReaderSpec)
    : undefined;
}

/** The variable a reader reads for the attribute `name`: `DJANGO_DEBUG`, `MYAPP_KEY`, `DATABASE_URL`. */
export function variableOf(spec: ReaderSpec, name: string): string {
  const variable = spec.environName ?? name.toUpperCase();
  return spec.prefix ? `${spec.prefix}_${variable}` : variable;
}

/** The value the reader gives the attribute `name` in production: the variable's text converted, or the default. */
export function resolveReader(spec: ReaderSpec, name: string, environment: ProductionEnvironment): Value {
  const fallback = defaultOf(spec);
  if (!spec.environ) return fallback;
  const variable = make('str', { value: variableOf(spec, name) }, spec.span);
  const read = performRead(
    {
      variable,
      fallback: spec.required ? undefined : fallback,
      requiredWithoutDefault: spec.required,
      span: spec.span,
    },
    environment,
  );
  if (read.state !== 'given') return read.value;
  if (spec.reader === 'SecretValue' && read.text === '') {
    return unknown(`an empty ${read.read.variable}, which django-configurations refuses`, spec.span, [read.read]);
  }
  return convert(spec, read.text, spec.span, [read.read]);
}

/** The default as the reader class stores it (`ListValue(None)` is `[]`, `DatabaseURLValue("...")` a dict). */
function defaultOf(spec: ReaderSpec): Value {
  const written = spec.default;
  const span = written?.span ?? spec.span;
  const sequence = SEQUENCES[spec.reader];
  if (sequence) {
    if (!written) return make(sequence, { items: [] }, span);
    if (written.kind === 'list' || written.kind === 'tuple' || written.kind === 'set') {
      return { ...written, kind: sequence } as Value;
    }
    return written;
  }
  if (spec.reader === 'BooleanValue') {
    return written?.kind === 'bool'
      ? written
      : unknown('a BooleanValue whose default is not True or False (django-configurations refuses it)', span);
  }
  if (spec.reader === 'DictValue') return written ?? make('dict', { entries: [] }, span);
  if (URL_READERS[spec.reader]) {
    return written?.kind === 'str'
      ? convert(spec, written.value, span, written.env)
      : make('dict', { entries: [] }, span);
  }
  return written ?? make('none', {}, span);
}

/** The reader class's `to_python` on the variable's text. */
function convert(spec: ReaderSpec, text: string, span: SourceSpan, env: readonly EnvRead[]): Value {
  const str = (value: string) => make('str', { value }, span, env);
  const sequence = SEQUENCES[spec.reader];
  // [v.strip() for v in value.strip().split(separator)], empty items dropped.
  const split = (value: string, separator: string) =>
    stripWhitespace(value)
      .split(separator)
      .map((part) => stripWhitespace(part))
      .filter((part) => part.length > 0);
  if (sequence && spec.reader.startsWith('SingleNested')) {
    const inner = sequence === 'tuple' ? 'tuple' : 'list';
    const items = split(text, spec.seqSeparator).map((group) =>
      make(inner, { items: split(group, spec.separator).map(str) }, span, env),
    );
    return make(sequence, { items }, span, env);
  }
  if (sequence) return make(sequence, { items: split(text, spec.separator).map(str) }, span, env);
  if (spec.reader === 'BooleanValue') {
    const normalized = stripWhitespace(text).toLowerCase();
    if (BOOLEAN_TRUE.includes(normalized)) return make('bool', { value: true }, span, env);
    if (BOOLEAN_FALSE.includes(normalized)) return make('bool', { value: false }, span, env);
    return unknown(`${reprText(text)}, which BooleanValue refuses (the settings would not load)`, span, env);
  }
  if (NUMBERS.includes(spec.reader)) {
    // The readers call int(), float() or Decimal() on the text (Decimal's grammar is float's; the model
    // holds its value as a float).
    const integer = spec.reader.includes('Integer');
    const number = integer ? intFromText(text) : floatFromText(text);
    if (number === undefined || (spec.reader === 'PositiveIntegerValue' && (number as bigint) < 0n)) {
      return unknown(`${reprText(text)}, which ${spec.reader} refuses (the settings would not load)`, span, env);
    }
    return typeof number === 'bigint' ? fromPy(pyInt(number), span, env) : make('float', { value: number }, span, env);
  }
  if (spec.reader === 'DictValue') return unknown('a dict parsed from the environment', span, env);
  if (spec.reader === 'DatabaseURLValue') {
    const alias = make('str', { value: spec.alias }, span);
    return make('dict', { entries: [[alias, databaseFromUrl(str(text), span)]] }, span, env);
  }
  if (URL_READERS[spec.reader]) return unknown(`a configuration parsed from a URL by ${spec.reader}`, span, env);
  return str(text);
}
