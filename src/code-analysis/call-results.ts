/**
 * What calls of builtins and of methods return, in the code analysis's values: string methods that keep
 * their receiver's content and origin, templates filled by `format`/`join`/`substitute`, dict and sequence
 * accessors, and the methods whose result is only ever a number or a boolean.
 */
import type { SyntaxNode } from '../parse/python-parser.js';
import { META_FIELD_METHODS, QUOTE_FUNCTIONS } from './database-apis.js';
import type { Env, Evaluator } from './evaluator.js';
import { composedFormat, formatCall, join, substituteTemplate } from './string-building.js';
import { argumentsOf, lastName, lineOf, unwrap } from './syntax.js';
import { either, elementOf, literal, opaque, safe, seq, text, type Value } from './values.js';

/** Builtins whose result is a number or a boolean, whatever they are given. */
const NUMERIC_BUILTINS = new Set([
  'int',
  'float',
  'len',
  'abs',
  'round',
  'ord',
  'hash',
  'id',
  'sum',
  'bool',
  'Decimal',
]);
/** String methods that keep a string's content (up to case, padding and whitespace) and its origin. */
const STRING_PRESERVING = new Set([
  'strip',
  'lstrip',
  'rstrip',
  'upper',
  'lower',
  'title',
  'casefold',
  'capitalize',
  'swapcase',
  'replace',
  'removeprefix',
  'removesuffix',
  'expandtabs',
  'encode',
  'decode',
  'ljust',
  'rjust',
  'center',
  'zfill',
]);
const BOOLEAN_METHODS = /^(is\w+|startswith|endswith|__contains__|exists)$/;
export const NUMBER_METHODS = new Set(['count', 'index', 'find', 'rfind', 'rowcount', 'lastrowid']);

export function builtinCall(evaluator: Evaluator, name: string, node: SyntaxNode, env: Env): Value {
  const args = argumentsOf(node);
  const first = args.positional[0];
  const value = evaluator.lookup(name, env);
  if (value?.kind === 'quote-function') return safe('quoted-identifier');
  if (value) return evaluator.derived(node, [value, ...args.positional.map((arg) => evaluator.evaluate(arg, env))]);
  if (NUMERIC_BUILTINS.has(name)) return safe(name === 'bool' ? 'boolean' : 'number');
  if (name === 'input') return opaque({ kind: 'user-input', source: node.text, line: lineOf(node) });
  if (name === 'str') return first ? evaluator.evaluate(first, env) : literal('');
  if (['list', 'tuple', 'set', 'frozenset', 'sorted', 'reversed'].includes(name)) {
    if (!first) return seq([]);
    const iterable = evaluator.evaluate(first, env);
    return iterable.kind === 'seq' ? iterable : seq([], elementOf(iterable));
  }
  if (name === 'range') return seq([], safe('number'));
  if (name === 'enumerate' && first) return seq([], seq([safe('number'), elementOf(evaluator.evaluate(first, env))]));
  if (name === 'zip') return seq([], seq(args.positional.map((arg) => elementOf(evaluator.evaluate(arg, env)))));
  if (name === 'map' && args.positional.length >= 2) {
    const fn = unwrap(args.positional[0]!);
    const items = elementOf(evaluator.evaluate(args.positional[1]!, env));
    if (fn.type === 'identifier' && NUMERIC_BUILTINS.has(fn.text)) return seq([], safe('number'));
    if (fn.type === 'identifier' && fn.text === 'str') return seq([], items);
    if (QUOTE_FUNCTIONS.has(lastName(fn) ?? '')) return seq([], safe('quoted-identifier'));
    return seq([], evaluator.derived(node, [items]));
  }
  if (name === 'dict' && first) return evaluator.evaluate(first, env);
  return evaluator.derived(
    node,
    args.positional.map((arg) => evaluator.evaluate(arg, env)),
  );
}

export function methodCall(evaluator: Evaluator, receiver: Value, method: string, node: SyntaxNode, env: Env): Value {
  if (receiver.kind === 'either') {
    return either(receiver.options.map((option) => methodCall(evaluator, option, method, node, env)));
  }
  const receiverNode = node.childForFieldName('function')!.childForFieldName('object')!;
  const args = () => evaluator.callArguments(node, env);
  switch (receiver.kind) {
    case 'text':
      if (method === 'format') return formatCall({ value: receiver, node: receiverNode }, args());
      if (method === 'format_map') {
        const mapping = args().positional[0];
        return formatCall(
          { value: receiver, node: receiverNode },
          { positional: [], named: new Map(), ...(mapping ? { rest: mapping } : {}) },
        );
      }
      if (method === 'join') {
        const iterable = args().positional[0];
        return iterable ? join({ value: receiver, node: receiverNode }, iterable) : literal('');
      }
      if (STRING_PRESERVING.has(method)) return receiver;
      if (method === 'split' || method === 'splitlines') return seq([], elementOf(receiver));
      break;
    case 'template':
      if (method === 'substitute' || method === 'safe_substitute') {
        const given = args();
        const mapping = given.positional[0];
        return substituteTemplate(
          { value: receiver.text, node: receiverNode },
          {
            positional: [],
            named: given.named,
            ...(mapping ? { rest: mapping } : {}),
          },
        );
      }
      break;
    case 'sql-composed':
      if (method === 'format') {
        const given = args();
        return composedFormat(receiver, [...given.positional, ...given.named.values()]);
      }
      if (method === 'join') {
        const items = args().positional[0];
        const parts = items ? elementOf(items.value) : seq([]);
        return composedFormat(receiver, [{ value: parts, node: items?.node ?? receiverNode }]);
      }
      if (method === 'as_string') return text(receiver.parts);
      return receiver;
    case 'map':
      if (method === 'get') {
        const [key, fallback] = args().positional;
        const found = key ? evaluator.item(receiver, key.value, node) : safe('none');
        return fallback ? either([found, fallback.value]) : found;
      }
      if (method === 'items') return seq(receiver.entries.map(([key, value]) => seq([key, value])));
      if (method === 'keys') return seq(receiver.entries.map(([key]) => key));
      if (method === 'values') return seq(receiver.entries.map(([, value]) => value));
      if (method === 'copy') return receiver;
      break;
    case 'seq':
      if (method === 'copy') return receiver;
      if (method === 'pop') return elementOf(receiver);
      break;
    case 'model-meta':
      if (META_FIELD_METHODS.has(method))
        return method === 'get_fields' ? seq([], { kind: 'model-field' }) : { kind: 'model-field' };
      return safe('model-metadata');
    case 'model-field':
      return safe('model-metadata');
    case 'quote-function':
      return safe('quoted-identifier');
    case 'safe':
      if (receiver.reason !== 'none' && receiver.reason !== 'boolean') return receiver;
      break;
    default:
      break;
  }
  if (BOOLEAN_METHODS.test(method)) return safe('boolean');
  if (NUMBER_METHODS.has(method)) return safe('number');
  if (method === 'quote_name') return safe('quoted-identifier');
  return evaluator.derived(node, [receiver, ...argumentValues(evaluator, node, env)], receiver.kind === 'opaque');
}

function argumentValues(evaluator: Evaluator, node: SyntaxNode, env: Env): Value[] {
  const args = evaluator.callArguments(node, env);
  return [...args.positional, ...args.named.values(), ...(args.rest ? [args.rest] : [])].map((arg) => arg.value);
}
