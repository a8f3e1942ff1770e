import type { SourceSpan } from '../finding.js';
import type { ProductionEnvironment } from './production-environment.js';
import { make, stringForm, unknown, withProvenance, type EnvRead, type EnvScheme, type Value } from './value.js';

/**
 * The semantics of each environment-reading idiom: what a read yields when the variable is given,
 * unset with a default, unset without one, or guarded by the settings themselves.
 */

export interface EnvReadRequest {
  variable: Value;
  /** The default value, or undefined when the call has none. */
  fallback?: Value;
  /** Whether an unset variable without a default raises (os.environ[...], env(...), config(...)). */
  requiredWithoutDefault: boolean;
  span: SourceSpan;
}

export type RawRead =
  | { state: 'given'; text: string; read: EnvRead }
  | { state: 'default'; value: Value; read: EnvRead }
  | { state: 'unset' | 'required' | 'unknown'; value: Value; read?: EnvRead };

export function performRead(request: EnvReadRequest, environment: ProductionEnvironment): RawRead {
  const { variable, fallback, span } = request;
  if (variable.kind !== 'str') {
    return { state: 'unknown', value: unknown('an environment variable whose name is not known', span, variable.env) };
  }
  const name = variable.value;
  const given = environment.lookup(name);
  if (given !== undefined) {
    return { state: 'given', text: given, read: { variable: name, state: 'given', given } };
  }
  if (environment.isGuarded(name) || (fallback === undefined && request.requiredWithoutDefault)) {
    const read: EnvRead = { variable: name, state: 'required' };
    return { state: 'required', value: unknown(`read from ${name}, which production must set`, span, [read]), read };
  }
  if (fallback === undefined) {
    const read: EnvRead = { variable: name, state: 'unset' };
    return { state: 'unset', value: make('none', {}, span, [read]), read };
  }
  const read: EnvRead = { variable: name, state: 'default', defaultSpan: fallback.span };
  return { state: 'default', value: withProvenance(fallback, fallback.span, [read]), read };
}

const ENVIRON_TRUE = new Set(['true', 'on', 'ok', 'y', 'yes', '1']);
const DECOUPLE_BOOLEANS: Record<string, boolean> = {
  '1': true,
  yes: true,
  true: true,
  on: true,
  '0': false,
  no: false,
  false: false,
  off: false,
  '': false,
};
const HELPER_TRUE = new Set(['1', 'true', 'yes', 'on', 'y', 't']);

/** A cast applied to a raw string from the environment, named after the Python callable people pass. */
export type CastName = 'str' | 'bool' | 'int' | 'float' | 'list' | 'tuple' | 'json' | 'opaque';

function pythonInt(text: string): number | undefined {
  const clean = text.trim().replace(/_/g, '');
  return /^[-+]?\d+$/.test(clean) ? Number(clean) : undefined;
}

/** django-environ's parsing of a raw string for the typed readers (`env.bool`, `env.list`, schemes). */
export function parseEnvironString(text: string, cast: CastName | undefined, span: SourceSpan, env: EnvRead[]): Value {
  switch (cast) {
    case 'bool': {
      const asInt = pythonInt(text);
      const value = asInt !== undefined ? asInt !== 0 : ENVIRON_TRUE.has(text.trim().toLowerCase());
      return make('bool', { value }, span, env);
    }
    case 'int': {
      const asInt = pythonInt(text);
      return asInt === undefined
        ? unknown(`"${text}" is not an integer`, span, env)
        : make('int', { value: asInt }, span, env);
    }
    case 'float': {
      const value = Number(text);
      return Number.isNaN(value)
        ? unknown(`"${text}" is not a number`, span, env)
        : make('float', { value }, span, env);
    }
    case 'list':
    case 'tuple': {
      const items = text
        .split(',')
        .filter((item) => item.length > 0)
        .map((item) => make('str', { value: item }, span, env));
      return make(cast, { items }, span, env);
    }
    case 'json':
    case 'opaque':
      return unknown('a structured value parsed from the environment', span, env);
    default:
      return make('str', { value: text }, span, env);
  }
}

/** python-decouple's casts, which apply to defaults as well as to given values. */
export function castDecouple(value: Value, cast: Value | undefined, span: SourceSpan): Value {
  if (!cast) return value;
  const env = value.env;
  if (cast.kind === 'object' && cast.object.type === 'csv-cast') {
    if (value.kind !== 'str') return unknown('a Csv() cast of a non-string', span, env);
    const { delimiter, strip } = cast.object;
    const items = value.value
      .split(delimiter)
      .map((item) => (strip ? item.trim() : item))
      .filter((item) => item.length > 0)
      .map((item) => make('str', { value: item }, span, env));
    return make('list', { items }, span, env);
  }
  if (cast.kind === 'object' && cast.object.type === 'callable') {
    const text = stringForm(value);
    switch (cast.object.name) {
      case 'bool': {
        if (value.kind === 'bool') return value;
        if (text === undefined) return unknown('a bool cast of an unknown value', span, env);
        const parsed = DECOUPLE_BOOLEANS[text.toLowerCase()];
        return parsed === undefined
          ? unknown(`"${text}" is not a boolean python-decouple accepts (it would raise)`, span, env)
          : make('bool', { value: parsed }, span, env);
      }
      case 'int': {
        if (value.kind === 'int') return value;
        const parsed = text === undefined ? undefined : pythonInt(text);
        return parsed === undefined ? unknown('an int cast', span, env) : make('int', { value: parsed }, span, env);
      }
      case 'str':
        return text === undefined ? unknown('a str cast', span, env) : make('str', { value: text }, span, env);
      default:
        return unknown(`a ${cast.object.name} cast`, span, env);
    }
  }
  return unknown('a custom cast', span, env);
}

/** The hand-written `str2bool`-style helpers: common true spellings, everything else false. */
export function helperBool(value: Value, span: SourceSpan): Value {
  if (value.kind === 'bool') return value;
  if (value.kind === 'str')
    return make('bool', { value: HELPER_TRUE.has(value.value.trim().toLowerCase()) }, span, value.env);
  if (value.kind === 'none') return make('bool', { value: false }, span, value.env);
  if (value.kind === 'int' || value.kind === 'float')
    return make('bool', { value: value.value !== 0 }, span, value.env);
  return unknown('a boolean helper applied to an unknown value', span, value.env);
}

export function castOfScheme(spec: Value): EnvScheme {
  if (spec.kind === 'tuple' && spec.items.length >= 1) {
    return { cast: castNameOf(spec.items[0]!), default: spec.items[1] };
  }
  return { cast: castNameOf(spec) };
}

export function castNameOf(value: Value): CastName | undefined {
  if (value.kind === 'object' && value.object.type === 'callable') {
    const name = value.object.name;
    if (
      name === 'bool' ||
      name === 'int' ||
      name === 'float' ||
      name === 'str' ||
      name === 'list' ||
      name === 'tuple'
    ) {
      return name;
    }
    return 'opaque';
  }
  if (value.kind === 'list') return 'list';
  if (value.kind === 'tuple') return 'tuple';
  return undefined;
}

/** django-environ's "smart cast": without a cast, a given value takes the type of the default. */
export function smartCast(fallback: Value | undefined): CastName | undefined {
  switch (fallback?.kind) {
    case 'bool':
      return 'bool';
    case 'int':
      return 'int';
    case 'float':
      return 'float';
    case 'list':
      return 'list';
    case 'tuple':
      return 'tuple';
    default:
      return undefined;
  }
}
