import type { SourceSpan } from '../finding.js';
import type { SyntaxNode } from '../parse/python-parser.js';
import { spanOf } from '../parse/span.js';
import { callBuiltin as callPlainBuiltin } from '../python/builtins.js';
import { eachCombination } from './branches.js';
import { callStrMethod } from '../python/str-methods.js';
import { allToPy, fromPy, toPy } from './python-bridge.js';
import { indexOfMissingItem, raiseFromExpression } from './expression-raises.js';
import {
  callEnvironReader,
  castDecouple,
  databaseFromUrl,
  environConstructor,
  fileContent,
  helperBool,
  readEnvironment,
  type UnseenSpread,
} from './env-readers.js';
import type { ProductionEnvironment } from './production-environment.js';
import { STRING_WHITESPACE } from './decouple-csv.js';
import { isKnown, make, mergeEnv, pyEquals, reprText, truthy, unknown, type Value } from './value.js';
import { type Frame, type FunctionDefinition } from './frame.js';
import { evaluate, iterate } from './expressions.js';
import { BOOL_HELPER_NAME, callFunction, followFunction } from './user-functions.js';
import { callModuleBuiltin, importModule } from './module-objects.js';
import { callSettingsHelper } from './settings-helpers.js';
import { collectionMethod, convertOpen } from './collections.js';
import { configurationValue } from './configuration-values.js';
import { callBound } from './django-configurations.js';
import { optionalInclude } from './split-settings.js';
import { joinsRandomPicks } from './random-secrets.js';

/** Calls: builtins, methods of known values, and the environment readers of os, decouple, django-environ and environs. */

export { databaseFromUrl, readEnvironment } from './env-readers.js';

export const RANDOM_SECRET = 'a random value generated each time the settings are imported';

export interface CallArguments {
  positional: Value[];
  keywords: Map<string, Value>;
  /**
   * A `*args` or `**kwargs` whose content the model cannot see (spreads of known lists and dicts are
   * expanded into `positional` and `keywords`). `keywordsOnly` when only `**` spreads are unseen.
   */
  unseen?: UnseenSpread & { keywordsOnly: boolean };
}

/** The arguments of a call, with `*list` and `**dict` spread as Python passes them. */
export function callArguments(node: SyntaxNode, frame: Frame): CallArguments {
  const positional: Value[] = [];
  const keywords = new Map<string, Value>();
  let unseen: CallArguments['unseen'];
  const markUnseen = (child: SyntaxNode, keyword: boolean) => {
    if (!unseen) unseen = { text: child.text, span: spanOf(child, frame.file), keywordsOnly: keyword };
    else if (!keyword) unseen.keywordsOnly = false;
  };
  // After an unseen `*args`, positional arguments land at positions the model cannot tell.
  const placeable = () => !unseen || unseen.keywordsOnly;
  const list = node.childForFieldName('arguments');
  for (const child of list?.namedChildren ?? []) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'keyword_argument') {
      const name = child.childForFieldName('name')?.text;
      const value = child.childForFieldName('value');
      if (name && value) keywords.set(name, evaluate(value, frame));
    } else if (child.type === 'list_splat' || child.type === 'dictionary_splat') {
      const inner = child.namedChildren.find((c) => c !== null && c.type !== 'comment');
      const spread = inner ? evaluate(inner, frame) : undefined;
      if (child.type === 'list_splat') {
        const items = spread ? iterate(spread) : undefined;
        if (!items || (spread && 'open' in spread && spread.open)) markUnseen(child, false);
        else if (placeable()) positional.push(...items);
      } else if (spread?.kind === 'dict') {
        for (const [key, value] of spread.entries) {
          if (key.kind === 'str') keywords.set(key.value, value);
          else markUnseen(child, true);
        }
        if (spread.open) markUnseen(child, true);
      } else {
        markUnseen(child, true);
      }
    } else {
      const value = evaluate(child, frame);
      if (placeable()) positional.push(value);
    }
  }
  return unseen ? { positional, keywords, unseen } : { positional, keywords };
}

const ENVIRON_CONSTRUCTORS = new Set(['environ.Env', 'environ.FileAwareEnv', 'environs.Env']);

export function evaluateCall(node: SyntaxNode, frame: Frame): Value {
  const span = spanOf(node, frame.file);
  if (joinsRandomPicks(node)) return unknown(RANDOM_SECRET, span);
  const calleeNode = node.childForFieldName('function')!;
  const callee = evaluate(calleeNode, frame);
  const args = callArguments(node, frame);
  const argEnv = mergeEnv(...args.positional.map((a) => a.env), ...[...args.keywords.values()].map((a) => a.env));
  // A project function handed the namespace is run like any other; only one it cannot follow is opaque.
  const projectFunction = callee.kind === 'object' && callee.object.type === 'function' ? callee.object : undefined;
  if (projectFunction && !args.unseen) {
    const followed = followFunction(
      projectFunction.definition as FunctionDefinition,
      args.positional,
      args.keywords,
      span,
      frame,
    );
    if (followed) return followed;
  }
  const helped = callSettingsHelper(calleeNode.text, callee, args, span, frame);
  if (helped) return helped;
  // A method of a value known only at deploy time (`p.read_text().strip()`) is unknown for the same reason.
  if (callee.kind === 'unknown' && callee.hint && calleeNode.type === 'attribute') {
    return { ...callee, env: mergeEnv(callee.env, argEnv) };
  }
  if (!args.unseen && callee.kind === 'object') {
    const result = call(callee, args.positional, args.keywords, span, frame);
    if (result) return result;
  }
  if (
    args.unseen?.keywordsOnly &&
    callee.kind === 'object' &&
    callee.object.type === 'callable' &&
    ENVIRON_CONSTRUCTORS.has(callee.object.name)
  ) {
    const name = callee.object.name as Parameters<typeof environConstructor>[0];
    return environConstructor(name, args.keywords, span, args.unseen);
  }
  const calleeName =
    calleeNode.type === 'attribute' ? calleeNode.childForFieldName('attribute')!.text : calleeNode.text;
  if (BOOL_HELPER_NAME.test(calleeName) && args.positional[0]) return helperBool(args.positional[0], span);
  // Every call of one unknown callable is one cause, whatever its arguments: the callee's text and what is
  // known of where it comes from name it.
  const subject = `a call of ${calleeNode.text}() (${callee.kind === 'unknown' ? callee.why : callee.kind})`;
  return make('unknown', { why: `the result of ${calleeNode.text}()`, subject }, span, mergeEnv(callee.env, argEnv));
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
        configurationValue(object.name, positional, keywords, span, environment) ??
        optionalInclude(object.name, positional, span) ??
        callWithModules(object.name, positional, span, frame) ??
        callNamed(environment, object.name, positional, keywords, span)
      );
    case 'instance':
      return callBound(object, positional, keywords, span, frame);
    case 'method':
      if (indexOfMissingItem(object.receiver, object.name, positional)) {
        raiseFromExpression(frame, 'ValueError', span, mergeEnv(object.receiver.env, ...positional.map((p) => p.env)));
      }
      return callMethod(environment, object.receiver, object.name, positional, keywords, span);
    case 'env-reader':
      return callEnvironReader(environment, object, undefined, positional, keywords, span);
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
      // Csv(cast=str, delimiter=",", strip=string.whitespace, post_process=list)
      const argument = (index: number, keyword: string) => keywords.get(keyword) ?? positional[index];
      const [cast, delimiter, strip, post] = [
        argument(0, 'cast'),
        argument(1, 'delimiter'),
        argument(2, 'strip'),
        argument(3, 'post_process'),
      ];
      const callableName = (value: Value | undefined) =>
        value?.kind === 'object' && value.object.type === 'callable' ? value.object.name : undefined;
      const sequence = post ? callableName(post) : 'list';
      const followed =
        (!cast || callableName(cast) === 'str') &&
        (sequence === 'list' || sequence === 'tuple') &&
        (!delimiter || delimiter.kind === 'str') &&
        (!strip || strip.kind === 'str');
      if (!followed) return make('object', { object: { type: 'callable', name: 'Csv() with its own cast' } }, span);
      const text = (value: Value | undefined, fallback: string) => (value?.kind === 'str' ? value.value : fallback);
      return make(
        'object',
        {
          object: {
            type: 'csv-cast',
            delimiter: text(delimiter, ','),
            strip: text(strip, STRING_WHITESPACE),
            sequence: sequence as 'list' | 'tuple',
          },
        },
        span,
      );
    }
    case 'environ.Env':
    case 'environ.FileAwareEnv':
    case 'environs.Env':
      return environConstructor(name, keywords, span);
    case 'open':
      // The file is read at deploy time: what matters is which path, often a NAME_FILE variable.
      return first?.kind === 'str' ? make('object', { object: { type: 'file-path', path: first } }, span) : undefined;
    case 'pathlib.Path':
      // Only a path taken from the environment is worth following (a secret file's path); others stay unknown.
      return first?.kind === 'str' && first.env.length > 0
        ? make('object', { object: { type: 'file-path', path: first } }, span)
        : undefined;
    case 'get_random_secret_key':
    case 'get_random_string':
    case 'secrets.token_urlsafe':
    case 'secrets.token_hex':
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
      return unknown(`strtobool(${reprText(first.value)}) raises ValueError`, span, first.env);
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

    case 'int':
    case 'float':
    case 'str':
    case 'repr': {
      // Conversions of known values follow Python exactly (int(" 12 "), float("1_0"), str(1e16)).
      const plain = allToPy(positional);
      const result = plain && callPlainBuiltin(name, plain);
      if (result) return fromPy(result, span, env);
      if (first?.kind === 'str' && name !== 'str' && name !== 'repr')
        return unknown(`${name}(${reprText(first.value)}) raises ValueError`, span, env);
      return unknown(`${name}() of an unknown value`, span, env);
    }
    case 'list':
    case 'tuple':
    case 'set':
    case 'frozenset':
    case 'sorted': {
      const items = first ? iterate(first) : [];
      const kind = name === 'tuple' ? 'tuple' : name === 'set' || name === 'frozenset' ? 'set' : 'list';
      const open = !items && first && first.kind !== 'unknown' ? convertOpen(kind, first, span) : undefined;
      if (open) return open;
      if (!items) return unknown(`${name}() of an unknown value`, span, env);
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
  const onCollection = collectionMethod(receiver, method, positional, span, (option) =>
    callMethod(environment, option, method, positional, keywords, span),
  );
  if (onCollection) return onCollection;
  const env = mergeEnv(receiver.env, ...positional.map((p) => p.env));
  if (receiver.kind === 'object' && receiver.object.type === 'env-reader') {
    return callEnvironReader(environment, receiver.object, method, positional, keywords, span);
  }
  if (receiver.kind === 'object' && receiver.object.type === 'file-path') {
    return callFileMethod(receiver as Value & { kind: 'object' }, receiver.object.path, method, span);
  }
  if (receiver.kind === 'dict' && !receiver.open && positional.length === 0) {
    // A view, iterated in insertion order: what `for name, value in d.items():` needs.
    const { entries } = receiver;
    if (method === 'keys') return make('list', { items: entries.map(([key]) => key) }, span, env);
    if (method === 'values') return make('list', { items: entries.map(([, value]) => value) }, span, env);
    if (method === 'items') {
      const pairs = entries.map(([key, value]) => make('tuple', { items: [key, value] }, key.span, env));
      return make('list', { items: pairs }, span, env);
    }
  }
  if (receiver.kind === 'str') {
    // Undecided arguments: the method's result for each of their outcomes.
    if (positional.some((argument) => argument.kind === 'either')) {
      return eachCombination(
        positional,
        (chosen) =>
          callMethod(environment, receiver, method, chosen, keywords, span) ??
          unknown(`the result of .${method}()`, span, mergeEnv(env, ...chosen.map((argument) => argument.env))),
      );
    }
    const plain = allToPy(positional);
    const named = new Map<string, NonNullable<ReturnType<typeof toPy>>>();
    for (const [name, value] of keywords) {
      const plainValue = toPy(value);
      if (!plainValue) return undefined;
      named.set(name, plainValue);
    }
    const result = plain && callStrMethod(receiver.value, method, plain, named);
    // Parts of a split are still the text written at the receiver (often a default literal): point there.
    return result
      ? fromPy(result, span, mergeEnv(env, ...[...keywords.values()].map((k) => k.env)), receiver.span)
      : undefined;
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

/** Methods of a file path or an open file: reading gives the deploy-time content; the rest keeps the path. */
function callFileMethod(
  receiver: Value & { kind: 'object' },
  path: Value,
  method: string,
  span: SourceSpan,
): Value | undefined {
  switch (method) {
    case 'read':
    case 'read_text':
    case 'read_bytes':
    case 'readline':
      return fileContent(path, span);
    case 'resolve':
    case 'absolute':
    case 'expanduser':
    case '__enter__':
      return receiver;
    case 'is_file':
    case 'exists':
      return unknown(`whether the file ${path.kind === 'str' ? path.value : ''} exists at deploy time`, span, path.env);
    default:
      return undefined;
  }
}
