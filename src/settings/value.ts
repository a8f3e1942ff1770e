import type { SourceSpan } from '../finding.js';
import { describeSpan } from '../parse/span.js';
import type { CastName } from './env-readers.js';

/**
 * How one environment variable contributed to a value:
 * - `given`: the production environment (--env / the `env` input) supplies it;
 * - `default`: it is not given, so the read's default applies;
 * - `unset`: it is not given and the read has no default, so the read yields None;
 * - `required`: the read has no default and would fail when unset, so production must supply it.
 */
export interface EnvRead {
  variable: string;
  state: 'given' | 'default' | 'unset' | 'required';
  given?: string;
  /** Where the default that applies is written (a call's argument, or a django-environ scheme). */
  defaultSpan?: SourceSpan;
}

/** Objects the interpreter knows by behaviour: modules, callables and configuration helpers. */
export type PyObject =
  | { type: 'module'; name: string }
  | { type: 'callable'; name: string }
  | { type: 'os.environ' }
  | { type: 'env-reader'; library: 'django-environ' | 'environs'; scheme: Map<string, EnvScheme> }
  | { type: 'csv-cast'; delimiter: string; strip: boolean }
  | { type: 'method'; receiver: Value; name: string }
  | { type: 'function'; name: string; definition: unknown; module: string };

export interface EnvScheme {
  cast?: CastName;
  default?: Value;
}

/**
 * Members of a collection the model cannot see (`[*env_apps, "x"]`, `d.update(unknown)`): the known
 * members are still known present, but an absent member may be among these.
 */
export interface OpenPart {
  why: string;
  span: SourceSpan;
  /** What would make it judgeable, e.g. "set EXTRA_APPS in the production environment". */
  hint?: string;
}

interface ValueCommon {
  span: SourceSpan;
  /** Environment reads the value was computed from. */
  env: readonly EnvRead[];
  /** Environment reads that decided the branch the value was assigned in (`if ENV == "dev": ...`). */
  conditions?: readonly EnvRead[];
  /**
   * Set when the value is a variable's text taken as it is, with no cast: its truthiness is then that of
   * a string, so any non-empty value, "False" and "0" included, is true.
   */
  rawEnv?: string;
}

export type Value = ValueCommon &
  (
    | { kind: 'none' }
    | { kind: 'bool'; value: boolean }
    | { kind: 'int'; value: number }
    | { kind: 'float'; value: number }
    | { kind: 'str'; value: string }
    | { kind: 'list'; items: Value[]; open?: OpenPart }
    | { kind: 'tuple'; items: Value[]; open?: OpenPart }
    | { kind: 'set'; items: Value[]; open?: OpenPart }
    | { kind: 'dict'; entries: Array<[Value, Value]>; open?: OpenPart }
    | { kind: 'object'; object: PyObject }
    /**
     * `why` names what the model could not follow ("the deploy-time module configuration"); `span` is the
     * construct that made it unknown; `hint` says what would make it judgeable ("set FEATURE in env").
     */
    | { kind: 'unknown'; why: string; hint?: string }
    /** Several outcomes, when a condition the model cannot decide picks between them. */
    | { kind: 'either'; options: Value[]; condition: string }
  );

export type ValueOf<K extends Value['kind']> = Extract<Value, { kind: K }>;

type Payload<K extends Value['kind']> = K extends Value['kind'] ? Omit<ValueOf<K>, 'kind' | 'span' | 'env'> : never;

export function make<K extends Value['kind']>(
  kind: K,
  payload: Payload<K>,
  span: SourceSpan,
  env: readonly EnvRead[] = [],
): Value {
  return { kind, ...payload, span, env } as unknown as Value;
}

export const unknown = (why: string, span: SourceSpan, env: readonly EnvRead[] = [], hint?: string): Value =>
  make('unknown', hint ? { why, hint } : { why }, span, env);

export function mergeEnv(...groups: ReadonlyArray<readonly EnvRead[]>): EnvRead[] {
  const seen = new Map<string, EnvRead>();
  for (const group of groups) for (const read of group) if (!seen.has(read.variable)) seen.set(read.variable, read);
  return [...seen.values()];
}

export function withProvenance(value: Value, span: SourceSpan, env: readonly EnvRead[]): Value {
  return { ...value, span, env: mergeEnv(value.env, env) } as Value;
}

export function isKnown(value: Value): boolean {
  switch (value.kind) {
    case 'unknown':
    case 'either':
      return false;
    case 'list':
    case 'tuple':
    case 'set':
      return value.items.every(isKnown);
    case 'dict':
      return value.entries.every(([k, v]) => isKnown(k) && isKnown(v));
    default:
      return true;
  }
}

/** Python truthiness; undefined when the model cannot tell. */
export function truthy(value: Value): boolean | undefined {
  switch (value.kind) {
    case 'none':
      return false;
    case 'bool':
      return value.value;
    case 'int':
    case 'float':
      return value.value !== 0;
    case 'str':
      return value.value.length > 0;
    case 'list':
    case 'tuple':
    case 'set':
      return value.items.length > 0;
    case 'dict':
      return value.entries.length > 0;
    case 'object':
      return true;
    case 'unknown':
      return undefined;
    case 'either': {
      const answers = new Set(value.options.map(truthy));
      return answers.size === 1 ? [...answers][0] : undefined;
    }
  }
}

/** `value is True` in Python. */
export function isTrueSingleton(value: Value): boolean | undefined {
  if (value.kind === 'unknown') return undefined;
  if (value.kind === 'either') {
    const answers = new Set(value.options.map(isTrueSingleton));
    return answers.size === 1 ? [...answers][0] : undefined;
  }
  return value.kind === 'bool' && value.value;
}

/** Every concrete outcome a value may have (an `either` unfolded). */
export function outcomes(value: Value): Value[] {
  return value.kind === 'either' ? value.options.flatMap(outcomes) : [value];
}

function numeric(value: Value): number | undefined {
  if (value.kind === 'bool') return value.value ? 1 : 0;
  if (value.kind === 'int' || value.kind === 'float') return value.value;
  return undefined;
}

export function asNumber(value: Value): number | undefined {
  return numeric(value);
}

/** Python `==`; undefined when either side is not known. */
export function pyEquals(a: Value, b: Value): boolean | undefined {
  if (!isKnown(a) || !isKnown(b)) return undefined;
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) return na === nb;
  if (a.kind === 'none' || b.kind === 'none') return a.kind === b.kind;
  if (a.kind === 'str' && b.kind === 'str') return a.value === b.value;
  if ((a.kind === 'list' || a.kind === 'tuple') && a.kind === b.kind) {
    const bi = (b as ValueOf<'list'>).items;
    return a.items.length === bi.length && a.items.every((item, i) => pyEquals(item, bi[i]!) === true);
  }
  if (a.kind === 'set' && b.kind === 'set') {
    return (
      a.items.length === b.items.length && a.items.every((item) => b.items.some((o) => pyEquals(item, o) === true))
    );
  }
  if (a.kind === 'dict' && b.kind === 'dict') {
    return (
      a.entries.length === b.entries.length &&
      a.entries.every(([k, v]) => b.entries.some(([k2, v2]) => pyEquals(k, k2) === true && pyEquals(v, v2) === true))
    );
  }
  if (a.kind === 'object' || b.kind === 'object') return a === b;
  return false;
}

/** Python `needle in haystack`; undefined when it cannot be decided. */
export function pyContains(haystack: Value, needle: Value): boolean | undefined {
  if (haystack.kind === 'str') {
    if (needle.kind !== 'str') return undefined;
    return haystack.value.includes(needle.value);
  }
  if (haystack.kind === 'list' || haystack.kind === 'tuple' || haystack.kind === 'set') {
    let undecided = false;
    for (const item of haystack.items) {
      const equal = pyEquals(item, needle);
      if (equal === true) return true;
      if (equal === undefined) undecided = true;
    }
    return undecided ? undefined : false;
  }
  if (haystack.kind === 'dict')
    return pyContains(make('list', { items: haystack.entries.map(([k]) => k) }, haystack.span), needle);
  return undefined;
}

export function dictGet(dict: Value, key: string): Value | undefined {
  if (dict.kind !== 'dict') return undefined;
  for (const [k, v] of dict.entries) if (k.kind === 'str' && k.value === key) return v;
  return undefined;
}

function reprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t')
    .replace(quote === "'" ? /'/g : /"/g, `\\${quote}`);
  return `${quote}${escaped}${quote}`;
}

/** `str(value)` for the scalar values settings use; undefined for anything else. */
export function stringForm(value: Value): string | undefined {
  switch (value.kind) {
    case 'str':
      return value.value;
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'int':
      return String(value.value);
    case 'float':
      return Number.isInteger(value.value) ? `${value.value}.0` : String(value.value);
    case 'none':
      return 'None';
    default:
      return undefined;
  }
}

/** Python repr of a value, as a user would write it in settings. */
export function repr(value: Value): string {
  switch (value.kind) {
    case 'none':
    case 'bool':
    case 'int':
    case 'float':
      return stringForm(value)!;
    case 'str':
      return reprString(value.value);
    case 'list':
      return `[${value.items.map(repr).join(', ')}]`;
    case 'tuple':
      return value.items.length === 1 ? `(${repr(value.items[0]!)},)` : `(${value.items.map(repr).join(', ')})`;
    case 'set':
      return value.items.length === 0 ? 'set()' : `{${value.items.map(repr).join(', ')}}`;
    case 'dict':
      return `{${value.entries.map(([k, v]) => `${repr(k)}: ${repr(v)}`).join(', ')}}`;
    case 'object':
      return `<${value.object.type}>`;
    case 'unknown':
      return '<unknown>';
    case 'either':
      return value.options.map(repr).join(' or ');
  }
}

const SECRET_LIKE_VARIABLE = /KEY|SECRET|PASS|PWD|TOKEN|CREDENTIAL|AUTH|DSN|URL|PRIVATE|SIGN|SALT|CERT/i;

/**
 * "when DJANGO_DEBUG is unset (default at config/settings/base.py:14)", or "" when no read shaped the value.
 * The default's location is left out when it is on the line `at` already points to.
 */
export function describeEnvironment(env: readonly EnvRead[], at?: SourceSpan): string {
  const elsewhere = (span: SourceSpan) => !at || span.file !== at.file || span.line !== at.line;
  const parts: string[] = [];
  for (const read of env) {
    switch (read.state) {
      case 'default':
        parts.push(
          `when ${read.variable} is unset${
            read.defaultSpan && elsewhere(read.defaultSpan) ? ` (default at ${describeSpan(read.defaultSpan)})` : ''
          }`,
        );
        break;
      case 'unset':
        parts.push(`when ${read.variable} is unset`);
        break;
      case 'given':
        // Given values can be production secrets: show only short values of harmless-looking variables.
        parts.push(
          SECRET_LIKE_VARIABLE.test(read.variable) || (read.given ?? '').length > 24
            ? `with ${read.variable} from the given environment`
            : `with ${read.variable}=${reprString(read.given ?? '')} from the given environment`,
        );
        break;
      case 'required':
        break;
    }
  }
  return parts.join(' and ');
}

/** What a value is and how it came to be: "True when DJANGO_DEBUG is unset (default at base.py:14)". */
/** How the environment shaped a value, its computation and the branch it was assigned in: "when X is unset". */
export function describeConditions(value: Value): string {
  return describeEnvironment(mergeEnv(value.env, value.conditions ?? []), value.span);
}

export function describe(value: Value): string {
  const how = describeConditions(value);
  return how ? `${repr(value)} ${how}` : repr(value);
}

/** Whether the value holds only because some variable is not set (a default, or None from a bare read). */
export function reliesOnUnsetVariable(value: Value): boolean {
  return [...value.env, ...(value.conditions ?? [])].some((read) => read.state === 'default' || read.state === 'unset');
}

/** Whether the value was written in the source (directly or via a read's default) rather than supplied. */
export function isWrittenInSource(value: Value): boolean {
  return value.env.every((read) => read.state === 'default' || read.state === 'unset');
}
