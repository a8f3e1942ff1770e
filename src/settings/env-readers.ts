import type { SourceSpan } from '../finding.js';
import { callBuiltin, floatFromText, intFromText } from '../python/builtins.js';
import { stripWhitespace } from '../python/str-methods.js';
import { pyInt } from '../python/values.js';
import type { ProductionEnvironment } from './production-environment.js';
import { fromPy } from './python-bridge.js';
import { csvItems, stripChars } from './decouple-csv.js';
import { cacheFromUrl, emailFromUrl } from './environ-urls.js';
import {
  make,
  reprText,
  scalarToPy,
  stringForm,
  unknown,
  withProvenance,
  type EnvRead,
  type EnvScheme,
  type PyObject,
  type Value,
} from './value.js';

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
  /** django-environ's FileAwareEnv: a non-empty NAME_FILE names a file whose content is the value. */
  fileAware?: boolean;
}

export type RawRead =
  | { state: 'given'; text: string; read: EnvRead }
  | { state: 'default'; value: Value; read: EnvRead }
  | { state: 'unset' | 'required' | 'unknown'; value: Value; read?: EnvRead };

export function performRead(request: EnvReadRequest, environment: ProductionEnvironment): RawRead {
  const { variable, fallback, span } = request;
  if (variable.kind !== 'str') {
    const hint = 'name the variable with a string literal so the scan can look it up';
    return {
      state: 'unknown',
      value: unknown('an environment variable whose name is not known', span, variable.env, hint),
    };
  }
  const name = variable.value;
  if (request.fileAware) {
    const path = environment.lookup(`${name}_FILE`);
    environment.reads.record(`${name}_FILE`, span, path !== undefined);
    if (path) {
      const read: EnvRead = { variable: `${name}_FILE`, state: 'given', given: path };
      return { state: 'unknown', value: deployTimeFile(name, span, [read]), read };
    }
  }
  const given = environment.lookup(name);
  environment.reads.record(name, span, given !== undefined, fallback);
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

/**
 * A value read from a file whose path production gives in `NAME_FILE` (Docker and Kubernetes secrets):
 * known only at deploy time, so neither a finding nor a pass.
 */
export function deployTimeFile(name: string, span: SourceSpan, env: readonly EnvRead[]): Value {
  // Production supplies the value, through the file: like a read that production must set.
  const supplied: EnvRead = { variable: name, state: 'required' };
  return unknown(
    `read at deploy time from the file ${name}_FILE names`,
    span,
    [...env, supplied],
    `give ${name} instead of ${name}_FILE in the production environment (--env) to judge it; the scan does not read the file`,
  );
}

/**
 * What reading the file at `path` yields: for a path taken from a `NAME_FILE` variable of the production
 * environment, the deploy-time value of NAME; for any other path, the file's content, equally unknown.
 */
export function fileContent(path: Value, span: SourceSpan): Value {
  const variable = path.env.find((read) => read.state === 'given' && read.variable.endsWith('_FILE'))?.variable;
  if (variable) return deployTimeFile(variable.slice(0, -'_FILE'.length), span, path.env);
  const where = path.kind === 'str' ? ` ${path.value}` : '';
  return unknown(
    `the content of the file${where}, read at deploy time`,
    span,
    path.env,
    'read the value from the environment instead, or give it with --env, to judge it',
  );
}

/** The hint for a value the library would refuse: the settings would not import with it. */
const REFUSED_GIVEN_VALUE =
  'the settings would not import with this value: check what the production environment gives';

const ENVIRON_TRUE = new Set(['true', 'on', 'ok', 'y', 'yes', '1']);
/** decouple's strtobool (its own copy since Python 3.12 dropped distutils), plus '' which it takes as False. */
const DECOUPLE_BOOLEANS: Record<string, boolean> = {
  y: true,
  yes: true,
  t: true,
  true: true,
  on: true,
  '1': true,
  n: false,
  no: false,
  f: false,
  false: false,
  off: false,
  '0': false,
  '': false,
};
const HELPER_TRUE = new Set(['1', 'true', 'yes', 'on', 'y', 't']);

/** A cast applied to a raw string from the environment, named after the Python callable people pass. */
export type CastName = 'str' | 'bool' | 'int' | 'float' | 'list' | 'tuple' | 'json' | 'opaque';

const NON_ASCII_DIGIT = /(?![0-9])\p{Nd}/u;

/**
 * The text django-environ hands to float(): only digits, ',', '.' and '-' kept, the last ',' or '.' taken as
 * the decimal point ("1,000.5" → "1000.5", "1e3" → "13", "inf" → ""). undefined when the text holds digits
 * of another script, which Python's `\d` keeps and this engine's does not.
 */
export function environFloatText(text: string): string | undefined {
  if (NON_ASCII_DIGIT.test(text)) return undefined;
  const parts = text.replace(/[^0-9,.-]/g, '').split(/[,.]/);
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join('')}.${parts.at(-1)!}`;
}

/**
 * The float a library's float cast makes of `text`: django-environ cleans it first (above); environs
 * (marshmallow's Float, allow_nan=False) calls float() and refuses nan and infinities.
 */
function floatCast(text: string, library: 'django-environ' | 'environs'): number | undefined {
  const clean = library === 'django-environ' ? environFloatText(text) : text;
  const value = clean === undefined ? undefined : floatFromText(clean);
  return library === 'environs' && value !== undefined && !Number.isFinite(value) ? undefined : value;
}

/** Python's int(text) as a model value, or a refused read where it raises ValueError. */
function intCast(text: string, span: SourceSpan, env: EnvRead[]): Value {
  const int = intFromText(text);
  return int === undefined
    ? unknown(`${reprText(text)} is not an integer (int() raises ValueError)`, span, env, REFUSED_GIVEN_VALUE)
    : fromPy(pyInt(int), span, env);
}

/** The parsing of a raw string by django-environ's (or environs') typed readers (`env.bool`, `env.list`, schemes). */
export function parseEnvironString(
  text: string,
  cast: CastName | undefined,
  span: SourceSpan,
  env: EnvRead[],
  library: 'django-environ' | 'environs' = 'django-environ',
): Value {
  switch (cast) {
    case 'bool': {
      // django-environ: int(value) != 0, else value.lower().strip() among its true strings. int() also
      // reads other scripts' digits ("٣"), which the layer leaves unknown.
      if (NON_ASCII_DIGIT.test(text)) return unknown(`${reprText(text)} read by int()`, span, env);
      const asInt = intFromText(text);
      const value = asInt !== undefined ? asInt !== 0n : ENVIRON_TRUE.has(stripWhitespace(text.toLowerCase()));
      return make('bool', { value }, span, env);
    }
    case 'int':
      return intCast(text, span, env);
    case 'float': {
      const value = floatCast(text, library);
      return value === undefined
        ? unknown(`${reprText(text)} is not a number its float cast accepts`, span, env, REFUSED_GIVEN_VALUE)
        : make('float', { value }, span, env);
    }
    case 'list':
    case 'tuple': {
      // django-environ: value.split(','), dropping empty items; a tuple first loses its parentheses
      // (value.strip('(').strip(')')).
      const items = (library === 'django-environ' && cast === 'tuple' ? stripChars(stripChars(text, '('), ')') : text)
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
    const { delimiter, strip, sequence } = cast.object;
    const items = csvItems(value.value, delimiter, strip);
    if (!items) return unknown(`${reprText(value.value)} split by Csv() (shlex raises ValueError)`, span, env);
    return make(sequence, { items: items.map((item) => make('str', { value: item }, span, env)) }, span, env);
  }
  if (cast.kind === 'object' && cast.object.type === 'callable') {
    const text = stringForm(value);
    switch (cast.object.name) {
      case 'bool': {
        if (value.kind === 'bool') return value;
        if (text === undefined) return unknown('a bool cast of an unknown value', span, env);
        const parsed = DECOUPLE_BOOLEANS[text.toLowerCase()];
        return parsed === undefined
          ? unknown(
              `${reprText(text)} is not a boolean python-decouple accepts (it would raise)`,
              span,
              env,
              REFUSED_GIVEN_VALUE,
            )
          : make('bool', { value: parsed }, span, env);
      }
      case 'int':
      case 'float': {
        // decouple calls the cast itself: int("3.0") raises, int(2.9) is 2, float("1e3") is 1000.0.
        if (value.kind === cast.object.name) return value;
        const plain = scalarToPy(value);
        const result = plain && callBuiltin(cast.object.name, [plain]);
        if (result) return fromPy(result, span, env);
        return plain?.kind === 'str'
          ? unknown(
              `${cast.object.name}(${reprText(plain.value)}) raises ValueError`,
              span,
              env,
              value.env.some((read) => read.state === 'given') ? REFUSED_GIVEN_VALUE : undefined,
            )
          : unknown(`a ${cast.object.name} cast`, span, env);
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
    return make('bool', { value: HELPER_TRUE.has(stripWhitespace(value.value).toLowerCase()) }, span, value.env);
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

/** A read whose result is the variable's text itself, uncast (os.environ, decouple without cast). */
export function readEnvironment(environment: ProductionEnvironment, request: EnvReadRequest): Value {
  const read = performRead(request, environment);
  const value = read.state === 'given' ? make('str', { value: read.text }, request.span, [read.read]) : read.value;
  return request.variable.kind === 'str' && read.state !== 'unknown'
    ? { ...value, rawEnv: request.variable.value }
    : value;
}

export type EnvironReader = Extract<PyObject, { type: 'env-reader' }>;

/** Where a `**spread` the model cannot see was written, and as what. */
export interface UnseenSpread {
  text: string;
  span: SourceSpan;
}

/**
 * `environ.Env(...)`, `environ.FileAwareEnv(...)`, `environs.Env(...)`: each keyword is a variable's
 * scheme (a cast, or a `(cast, default)` tuple). A spread the model could not see may hold any entry.
 */
export function environConstructor(
  name: 'environ.Env' | 'environ.FileAwareEnv' | 'environs.Env',
  keywords: Map<string, Value>,
  span: SourceSpan,
  unseen?: UnseenSpread,
): Value {
  const scheme = new Map<string, EnvScheme>();
  // environs' Env() takes options (eager, expand_vars, prefix), not a schema: only django-environ's keywords are variables.
  if (name !== 'environs.Env') for (const [variable, spec] of keywords) scheme.set(variable, castOfScheme(spec));
  const object: EnvironReader = {
    type: 'env-reader',
    library: name === 'environs.Env' ? 'environs' : 'django-environ',
    scheme,
    ...(name === 'environ.FileAwareEnv' ? { fileAware: true } : {}),
    ...(unseen ? { unseen } : {}),
  };
  return make('object', { object }, span);
}

const TYPED_READERS: Record<string, CastName> = {
  bool: 'bool',
  int: 'int',
  float: 'float',
  str: 'str',
  list: 'list',
  tuple: 'tuple',
  json: 'json',
  dict: 'opaque',
  url: 'opaque',
  path: 'opaque',
};
const URL_READERS = ['db', 'db_url', 'dj_db_url', 'cache', 'cache_url', 'email', 'email_url', 'search_url'];

/** django-environ's `env(...)`/`env.bool(...)` and environs' typed readers. */
export function callEnvironReader(
  environment: ProductionEnvironment,
  reader: EnvironReader,
  method: string | undefined,
  positional: Value[],
  keywords: Map<string, Value>,
  span: SourceSpan,
): Value | undefined {
  const { scheme, library, fileAware } = reader;
  const [variable, second] = positional;
  if (method === 'read_env' || method === 'read_envfile') return make('none', {}, span);
  if (!variable && !(method && URL_READERS.includes(method))) return undefined;
  if (method && URL_READERS.includes(method)) {
    const defaultName = method.startsWith('cache')
      ? 'CACHE_URL'
      : method.startsWith('email')
        ? 'EMAIL_URL'
        : method.startsWith('search')
          ? 'SEARCH_URL'
          : 'DATABASE_URL';
    const nameGiven = variable?.kind === 'str' && /^[A-Z][A-Z0-9_]*$/.test(variable.value);
    const url = readEnvironment(environment, {
      variable: nameGiven && variable ? variable : make('str', { value: defaultName }, span),
      fallback: keywords.get('default') ?? (nameGiven ? second : variable),
      requiredWithoutDefault: true,
      span,
      fileAware,
    });
    if (method.startsWith('email')) {
      return emailFromUrl(url, keywords.get('backend') ?? (nameGiven ? positional[2] : undefined), span);
    }
    if (method.startsWith('cache')) {
      return cacheFromUrl(url, keywords.get('backend') ?? (nameGiven ? positional[2] : undefined), span);
    }
    return method.startsWith('db') || method === 'dj_db_url'
      ? databaseFromUrl(url, span)
      : unknown(`a ${method} configuration`, span, url.env);
  }
  if (!variable || (method !== undefined && !(method in TYPED_READERS))) return undefined;
  const entry = variable.kind === 'str' ? scheme.get(variable.value) : undefined;
  // The generic call takes the cast second; the typed readers take the default second (list/tuple/dict: cast).
  const secondIsCast = method === undefined || method === 'list' || method === 'tuple' || method === 'dict';
  // env(var, cast=None, default=NOTSET): the generic call's third positional argument is the default.
  const explicitDefault =
    keywords.get('default') ?? (secondIsCast ? (method === undefined ? positional[2] : undefined) : second);
  const explicitCast = method
    ? TYPED_READERS[method]
    : castNameOf(keywords.get('cast') ?? (secondIsCast ? second : undefined) ?? make('none', {}, span));
  const fallback = explicitDefault ?? entry?.default;
  const cast = explicitCast ?? entry?.cast ?? (library === 'django-environ' ? smartCast(fallback) : undefined);
  const read = performRead({ variable, fallback, requiredWithoutDefault: true, span, fileAware }, environment);
  if (!entry && reader.unseen && variable.kind === 'str') {
    // The spread may hold this variable's entry: its default when unset, its cast when given.
    const unseen = reader.unseen;
    const name = variable.value;
    if (read.state !== 'given' && read.state !== 'unknown' && explicitDefault === undefined) {
      return unknown(
        `the default of ${name}, which may come from ${unseen.text}`,
        unseen.span,
        read.read ? [read.read] : [],
        `set ${name} in the production environment (--env)`,
      );
    }
    if (read.state === 'given' && explicitCast === undefined) {
      return unknown(
        `the cast applied to ${name}, which may come from ${unseen.text}`,
        unseen.span,
        [read.read],
        `define ${unseen.text.replace(/^\*\*/, '')} in the repository so the scan can read it`,
      );
    }
  }
  if (read.state === 'given') return parseEnvironString(read.text, cast, span, [read.read], library);
  if (
    read.state === 'default' &&
    fallback &&
    fallback.kind === 'str' &&
    library === 'environs' &&
    cast &&
    cast !== 'str'
  ) {
    return parseEnvironString(fallback.value, cast, fallback.span, [read.read], library);
  }
  return read.value;
}

/** `postgres://user:password@host:5432/name` as the DATABASES entry dj-database-url / django-environ build. */
export function databaseFromUrl(url: Value, span: SourceSpan): Value {
  if (url.kind === 'unknown' && url.hint) return url;
  if (url.kind !== 'str') return unknown('a database configured from a URL', span, url.env);
  const match = /^([\w+.-]+):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^:/?#]*)(?::(\d+))?(?:\/([^?#]*))?/.exec(url.value);
  if (!match) return unknown('a database URL that does not parse', span, url.env);
  const part = (value: string | undefined) =>
    make('str', { value: decodeURIComponent(value ?? '') }, url.span, url.env);
  const entries: Array<[Value, Value]> = [
    [make('str', { value: 'NAME' }, span), part(match[6])],
    [make('str', { value: 'USER' }, span), part(match[2])],
    [make('str', { value: 'PASSWORD' }, span), part(match[3])],
    [make('str', { value: 'HOST' }, span), part(match[4])],
    [make('str', { value: 'PORT' }, span), part(match[5])],
  ];
  return make('dict', { entries }, url.span, url.env);
}
