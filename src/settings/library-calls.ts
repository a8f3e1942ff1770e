import type { SourceSpan } from '../finding.js';
import type { SyntaxNode } from '../parse/python-parser.js';
import { spanOf } from '../parse/span.js';
import {
  castDecouple,
  castNameOf,
  castOfScheme,
  helperBool,
  parseEnvironString,
  performRead,
  smartCast,
  type CastName,
} from './env-readers.js';
import type { ProductionEnvironment } from './production-environment.js';
import {
  asNumber,
  isKnown,
  make,
  mergeEnv,
  pyEquals,
  stringForm,
  truthy,
  unknown,
  type EnvScheme,
  type Value,
} from './value.js';
import { type Frame, type FunctionDefinition } from './frame.js';
import { evaluate, iterate } from './expressions.js';
import { BOOL_HELPER_NAME, callFunction } from './user-functions.js';
import { callModuleBuiltin, importModule } from './module-objects.js';
import { callSettingsHelper } from './settings-helpers.js';

/** Calls: builtins, methods of known values, and the environment readers of os, decouple, django-environ and environs. */

export const RANDOM_SECRET = 'a random value generated each time the settings are imported';

export function callArguments(
  node: SyntaxNode,
  frame: Frame,
): { positional: Value[]; keywords: Map<string, Value>; spread: boolean } {
  const positional: Value[] = [];
  const keywords = new Map<string, Value>();
  let spread = false;
  const list = node.childForFieldName('arguments');
  for (const child of list?.namedChildren ?? []) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'keyword_argument') {
      const name = child.childForFieldName('name')?.text;
      const value = child.childForFieldName('value');
      if (name && value) keywords.set(name, evaluate(value, frame));
    } else if (child.type === 'list_splat' || child.type === 'dictionary_splat') {
      spread = true;
    } else {
      positional.push(evaluate(child, frame));
    }
  }
  return { positional, keywords, spread };
}

export function evaluateCall(node: SyntaxNode, frame: Frame): Value {
  const span = spanOf(node, frame.file);
  const calleeNode = node.childForFieldName('function')!;
  const callee = evaluate(calleeNode, frame);
  const args = callArguments(node, frame);
  const argEnv = mergeEnv(...args.positional.map((a) => a.env), ...[...args.keywords.values()].map((a) => a.env));
  const helped = callSettingsHelper(calleeNode.text, callee, args, span, frame);
  if (helped) return helped;
  if (!args.spread && callee.kind === 'object') {
    const result = call(callee, args.positional, args.keywords, span, frame);
    if (result) return result;
  }
  const calleeName =
    calleeNode.type === 'attribute' ? calleeNode.childForFieldName('attribute')!.text : calleeNode.text;
  if (BOOL_HELPER_NAME.test(calleeName) && args.positional[0]) return helperBool(args.positional[0], span);
  return unknown(`the result of ${calleeNode.text}()`, span, argEnv);
}

function call(
  callee: Value & { kind: 'object' },
  positional: Value[],
  keywords: Map<string, Value>,
  span: SourceSpan,
  frame: Frame,
): Value | undefined {
  const object = callee.object;
  const environment = frame.interpreter.host.environment;
  switch (object.type) {
    case 'callable':
      return (
        callWithModules(object.name, positional, span, frame) ??
        callNamed(environment, object.name, positional, keywords, span)
      );
    case 'method':
      return callMethod(environment, object.receiver, object.name, positional, keywords, span);
    case 'env-reader':
      return callEnvironReader(environment, object.scheme, object.library, undefined, positional, keywords, span);
    case 'function':
      return callFunction(object.definition as FunctionDefinition, object.name, positional, keywords, span, frame);
    default:
      return undefined;
  }
}

/** Calls that read modules held as values: getattr()/hasattr() on a module, importlib.import_module(). */
function callWithModules(name: string, positional: Value[], span: SourceSpan, frame: Frame): Value | undefined {
  if (name === 'getattr' || name === 'hasattr') return callModuleBuiltin(name, positional, span, frame);
  if (name === 'importlib.import_module') return importModule(positional, span, frame);
  if (['globals', 'vars', 'locals'].includes(name) && positional.length === 0) {
    return make('object', { object: { type: 'namespace' } }, span);
  }
  return undefined;
}

/** A read whose result is the variable's text itself, uncast (os.environ, decouple without cast). */
export function readEnvironment(environment: ProductionEnvironment, request: Parameters<typeof performRead>[0]): Value {
  const read = performRead(request, environment);
  const value = read.state === 'given' ? make('str', { value: read.text }, request.span, [read.read]) : read.value;
  return request.variable.kind === 'str' ? { ...value, rawEnv: request.variable.value } : value;
}

function callNamed(
  environment: ProductionEnvironment,
  name: string,
  positional: Value[],
  keywords: Map<string, Value>,
  span: SourceSpan,
): Value | undefined {
  const [first, second] = positional;
  switch (name) {
    case 'os.getenv':
    case 'os.environ.get':
    case 'os.environ.setdefault':
      if (!first) return undefined;
      return readEnvironment(environment, {
        variable: first,
        fallback: second ?? keywords.get('default'),
        requiredWithoutDefault: false,
        span,
      });
    case 'decouple.config': {
      if (!first) return undefined;
      const raw = readEnvironment(environment, {
        variable: first,
        fallback: keywords.get('default') ?? second,
        requiredWithoutDefault: true,
        span,
      });
      const cast = keywords.get('cast');
      if (!cast) return raw;
      // A cast value is no longer the variable's raw text.
      return { ...(raw.kind === 'unknown' ? raw : castDecouple(raw, cast, raw.span)), rawEnv: undefined };
    }
    case 'decouple.Csv': {
      const delimiter = keywords.get('delimiter');
      return make(
        'object',
        { object: { type: 'csv-cast', delimiter: delimiter?.kind === 'str' ? delimiter.value : ',', strip: true } },
        span,
      );
    }
    case 'environ.Env':
    case 'environs.Env': {
      const scheme = new Map<string, EnvScheme>();
      for (const [variable, spec] of keywords) scheme.set(variable, castOfScheme(spec));
      const library = name === 'environ.Env' ? 'django-environ' : 'environs';
      return make('object', { object: { type: 'env-reader', library, scheme } }, span);
    }
    case 'get_random_secret_key':
      return unknown(RANDOM_SECRET, span);
    case 'decouple.AutoConfig':
      return make('object', { object: { type: 'callable', name: 'decouple.config' } }, span);
    case 'noop':
      return make('none', {}, span);
    case 'strtobool': {
      if (first?.kind !== 'str') return undefined;
      const text = first.value.toLowerCase();
      if (['y', 'yes', 't', 'true', 'on', '1'].includes(text)) return make('int', { value: 1 }, span, first.env);
      if (['n', 'no', 'f', 'false', 'off', '0'].includes(text)) return make('int', { value: 0 }, span, first.env);
      return unknown(`strtobool("${first.value}") raises`, span, first.env);
    }
    case 'dj_database_url.config':
    case 'dj_database_url.parse': {
      const url =
        name === 'dj_database_url.parse'
          ? first
          : readEnvironment(environment, {
              variable: keywords.get('env') ?? make('str', { value: 'DATABASE_URL' }, span),
              fallback: keywords.get('default') ?? first,
              requiredWithoutDefault: false,
              span,
            });
      return url ? databaseFromUrl(url, span) : undefined;
    }
    default:
      return callBuiltin(name, positional, span);
  }
}

function callBuiltin(name: string, positional: Value[], span: SourceSpan): Value | undefined {
  const [first] = positional;
  const env = mergeEnv(...positional.map((p) => p.env));
  switch (name) {
    case 'bool': {
      if (!first) return make('bool', { value: false }, span);
      const value = truthy(first);
      const result =
        value === undefined ? unknown('bool() of an unknown value', span, env) : make('bool', { value }, span, env);
      // bool() of an environment string is still its raw truthiness: "False" is True.
      return first.rawEnv ? { ...result, rawEnv: first.rawEnv } : result;
    }

    case 'int': {
      if (!first) return make('int', { value: 0 }, span);
      if (first.kind === 'str') {
        const parsed = /^\s*[-+]?\d[\d_]*\s*$/.test(first.value) ? Number(first.value.replace(/_/g, '')) : undefined;
        return parsed === undefined
          ? unknown(`int("${first.value}") raises`, span, env)
          : make('int', { value: parsed }, span, env);
      }
      const number = asNumber(first);
      return number === undefined
        ? unknown('int() of an unknown value', span, env)
        : make('int', { value: Math.trunc(number) }, span, env);
    }
    case 'float': {
      const number = first?.kind === 'str' ? Number(first.value) : first ? asNumber(first) : 0;
      return number === undefined || Number.isNaN(number)
        ? unknown('float() of an unknown value', span, env)
        : make('float', { value: number }, span, env);
    }
    case 'str': {
      const text = first ? stringForm(first) : '';
      return text === undefined
        ? unknown('str() of an unknown value', span, env)
        : make('str', { value: text }, span, env);
    }
    case 'list':
    case 'tuple':
    case 'set':
    case 'frozenset':
    case 'sorted': {
      const items = first ? iterate(first) : [];
      if (!items) return unknown(`${name}() of an unknown value`, span, env);
      const kind = name === 'tuple' ? 'tuple' : name === 'set' || name === 'frozenset' ? 'set' : 'list';
      return make(kind, { items }, span, env);
    }
    case 'len': {
      const items = first ? iterate(first) : undefined;
      return items ? make('int', { value: items.length }, span, env) : unknown('len() of an unknown value', span, env);
    }
    default:
      return undefined;
  }
}

function callMethod(
  environment: ProductionEnvironment,
  receiver: Value,
  method: string,
  positional: Value[],
  keywords: Map<string, Value>,
  span: SourceSpan,
): Value | undefined {
  const env = mergeEnv(receiver.env, ...positional.map((p) => p.env));
  if (receiver.kind === 'object' && receiver.object.type === 'env-reader') {
    return callEnvironReader(
      environment,
      receiver.object.scheme,
      receiver.object.library,
      method,
      positional,
      keywords,
      span,
    );
  }
  if (receiver.kind === 'str') {
    const text = receiver.value;
    const str = (value: string) => make('str', { value }, span, env);
    const arg = positional[0]?.kind === 'str' ? positional[0].value : undefined;
    switch (method) {
      case 'lower':
      case 'casefold':
        return str(text.toLowerCase());
      case 'upper':
        return str(text.toUpperCase());
      case 'strip':
      case 'lstrip':
      case 'rstrip': {
        if (positional.length > 0 && arg === undefined) return undefined;
        const chars = arg === undefined ? '\\s' : arg.replace(/[\\\]^-]/g, '\\$&');
        const pattern =
          method === 'strip'
            ? new RegExp(`^[${chars}]+|[${chars}]+$`, 'g')
            : method === 'lstrip'
              ? new RegExp(`^[${chars}]+`)
              : new RegExp(`[${chars}]+$`);
        return str(text.replace(pattern, ''));
      }
      case 'split': {
        const separator =
          arg ?? (keywords.get('sep')?.kind === 'str' ? (keywords.get('sep') as { value: string }).value : undefined);
        const parts = separator === undefined ? text.split(/\s+/).filter(Boolean) : text.split(separator);
        // Each part is still the text written at the receiver (often a default literal): point there.
        return make('list', { items: parts.map((p) => make('str', { value: p }, receiver.span, env)) }, span, env);
      }
      case 'startswith':
      case 'endswith': {
        const options = positional[0]?.kind === 'tuple' ? positional[0].items : positional.slice(0, 1);
        if (!options.every((o) => o.kind === 'str')) return undefined;
        const value = options.some((o) =>
          method === 'startswith'
            ? text.startsWith((o as { value: string }).value)
            : text.endsWith((o as { value: string }).value),
        );
        return make('bool', { value }, span, env);
      }
      case 'replace': {
        const replacement = positional[1]?.kind === 'str' ? positional[1].value : undefined;
        return arg === undefined || replacement === undefined ? undefined : str(text.split(arg).join(replacement));
      }
      case 'capitalize':
        return str(text.charAt(0).toUpperCase() + text.slice(1).toLowerCase());
      case 'title':
        return str(text.replace(/\w\S*/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()));
      case 'isdigit':
      case 'isnumeric':
        return make('bool', { value: /^\d+$/.test(text) }, span, env);
      case 'join': {
        const items = positional[0] ? iterate(positional[0]) : undefined;
        if (!items || !items.every((i) => i.kind === 'str')) return undefined;
        return str(items.map((i) => (i.kind === 'str' ? i.value : '')).join(text));
      }
      case 'format': {
        if (keywords.size > 0 || !positional.every((p) => stringForm(p) !== undefined)) return undefined;
        let index = 0;
        return str(
          text.replace(/\{(\d*)\}/g, (_m, n: string) => stringForm(positional[n ? Number(n) : index++]!) ?? ''),
        );
      }
      default:
        return undefined;
    }
  }
  if (receiver.kind === 'dict' && method === 'get') {
    const key = positional[0];
    if (!key || !isKnown(key)) return undefined;
    const found = receiver.entries.find(([k]) => pyEquals(k, key) === true);
    return found ? found[1] : (positional[1] ?? make('none', {}, span, env));
  }
  if (receiver.kind === 'dict' && method === 'copy') return receiver;
  if ((receiver.kind === 'list' || receiver.kind === 'dict') && ['copy'].includes(method)) return receiver;
  return undefined;
}

/** django-environ's `env(...)`/`env.bool(...)` and environs' typed readers. */
function callEnvironReader(
  environment: ProductionEnvironment,
  scheme: Map<string, EnvScheme>,
  library: 'django-environ' | 'environs',
  method: string | undefined,
  positional: Value[],
  keywords: Map<string, Value>,
  span: SourceSpan,
): Value | undefined {
  const [variable, second] = positional;
  if (method === 'read_env' || method === 'read_envfile') return make('none', {}, span);
  const databaseUrl = ['db', 'db_url', 'dj_db_url', 'cache', 'cache_url', 'email', 'email_url', 'search_url'];
  if (!variable && !(method && databaseUrl.includes(method))) return undefined;
  const typed: Record<string, CastName> = {
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
  if (method && databaseUrl.includes(method)) {
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
    });
    return method.startsWith('db') || method === 'dj_db_url'
      ? databaseFromUrl(url, span)
      : unknown(`a ${method} configuration`, span, url.env);
  }
  if (method !== undefined && !(method in typed)) return undefined;
  const entry = variable.kind === 'str' ? scheme.get(variable.value) : undefined;
  // The generic call takes the cast second; the typed readers take the default second (list/tuple/dict: cast).
  const secondIsCast = method === undefined || method === 'list' || method === 'tuple' || method === 'dict';
  // env(var, cast=None, default=NOTSET): the generic call's third positional argument is the default.
  const explicitDefault =
    keywords.get('default') ?? (secondIsCast ? (method === undefined ? positional[2] : undefined) : second);
  const explicitCast = method
    ? typed[method]
    : castNameOf(keywords.get('cast') ?? (secondIsCast ? second : undefined) ?? make('none', {}, span));
  const fallback = explicitDefault ?? entry?.default;
  const cast = explicitCast ?? entry?.cast ?? (library === 'django-environ' ? smartCast(fallback) : undefined);
  const read = performRead({ variable, fallback, requiredWithoutDefault: true, span }, environment);
  if (read.state === 'given') return parseEnvironString(read.text, cast, span, [read.read]);
  if (
    read.state === 'default' &&
    fallback &&
    fallback.kind === 'str' &&
    library === 'environs' &&
    cast &&
    cast !== 'str'
  ) {
    return parseEnvironString(fallback.value, cast, fallback.span, [read.read]);
  }
  return read.value;
}

/** `postgres://user:password@host:5432/name` as the DATABASES entry dj-database-url / django-environ build. */
export function databaseFromUrl(url: Value, span: SourceSpan): Value {
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
