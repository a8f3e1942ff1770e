import type { SourceSpan } from '../finding.js';
import type { SyntaxNode } from '../parse/python-parser.js';
import { spanOf } from '../parse/span.js';
import { performRead } from './env-readers.js';
import { knownModuleAttribute } from './known-modules.js';
import { renderPieces } from '../python/format.js';
import { readFloatLiteral, readIntegerLiteral, readStringLiteral, type StringPiece } from '../python/literals.js';
import { binaryOperation, compare as comparePlain, unaryOperation } from '../python/operators.js';
import { fromPy, toPy } from './python-bridge.js';
import {
  asNumber,
  isKnown,
  make,
  mergeEnv,
  pyContains,
  pyEquals,
  truthy,
  unknown,
  withProvenance,
  type Value,
} from './value.js';
import { MAX_UNROLL, cloneScope, type Binding, type Frame } from './frame.js';
import { evaluateCall, readEnvironment } from './library-calls.js';
import { eachCombination, eachOption, either } from './branches.js';
import { configurationAttribute } from './django-configurations.js';
import {
  buildDict,
  buildSequence,
  combineCollections,
  itemOf,
  sliceOf,
  type DictPart,
  type DisplayPart,
} from './collections.js';
import { moduleAttribute } from './module-objects.js';
import { dynaconfRead } from './dynaconf.js';
import { assignTarget } from './statements.js';

/** Expressions evaluated with Python's semantics where the values are known: literals, collections, operators. */

export function lookup(name: string, frame: Frame): Binding | undefined {
  return frame.scope.get(name) ?? frame.globals?.get(name);
}

export function evaluate(node: SyntaxNode, frame: Frame): Value {
  const span = spanOf(node, frame.file);
  switch (node.type) {
    case 'true':
      return make('bool', { value: true }, span);
    case 'false':
      return make('bool', { value: false }, span);
    case 'none':
      return make('none', {}, span);
    case 'integer': {
      const value = readIntegerLiteral(node.text);
      return value === undefined ? unknown('a complex number', span) : fromPy({ kind: 'int', value }, span, []);
    }
    case 'float': {
      const value = readFloatLiteral(node.text);
      return value === undefined ? unknown('a complex number', span) : make('float', { value }, span);
    }
    case 'string':
    case 'concatenated_string':
      return evaluateString(node, frame);
    case 'identifier': {
      const binding = lookup(node.text, frame);
      if (binding) return binding.placedAtUse ? ({ ...binding.value, span } as Value) : binding.value;
      return builtin(node.text, span) ?? unknown(`the name ${node.text}`, span);
    }
    case 'list_splat': {
      // Only reached inside a misparsed `[*a.b]` (see startsWithSplat): the splat's operand itself.
      const inner = node.namedChildren[0];
      return inner ? evaluate(inner, frame) : unknown('an empty unpacking', span);
    }
    case 'parenthesized_expression': {
      const inner = node.namedChildren.find((c) => c?.type !== 'comment');
      return inner ? evaluate(inner, frame) : unknown('an empty expression', span);
    }
    case 'list':
    case 'tuple':
    case 'set':
      return evaluateSequence(node, node.type, frame);
    case 'expression_list':
      return evaluateSequence(node, 'tuple', frame);
    case 'dictionary':
      return evaluateDict(node, frame);
    case 'attribute':
      return evaluateAttribute(node, frame);
    case 'subscript':
      return evaluateSubscript(node, frame);
    case 'call':
      return evaluateCall(node, frame);
    case 'comparison_operator':
      return evaluateComparison(node, frame);
    case 'boolean_operator': {
      const left = evaluate(node.childForFieldName('left')!, frame);
      const operator = node.childForFieldName('operator')?.type;
      const leftTruth = truthy(left);
      if (leftTruth === undefined) {
        const right = evaluate(node.childForFieldName('right')!, frame);
        return unknown('a boolean expression on an unknown value', span, mergeEnv(left.env, right.env));
      }
      if ((operator === 'and' && !leftTruth) || (operator === 'or' && leftTruth)) return left;
      const right = evaluate(node.childForFieldName('right')!, frame);
      return withProvenance(right, right.span, left.env);
    }
    case 'not_operator': {
      const argument = evaluate(node.childForFieldName('argument')!, frame);
      const value = truthy(argument);
      return value === undefined
        ? unknown('the negation of an unknown value', span, argument.env)
        : make('bool', { value: !value }, span, argument.env);
    }
    case 'unary_operator': {
      const argument = evaluate(node.childForFieldName('argument')!, frame);
      const operand = toPy(argument);
      const operator = node.childForFieldName('operator')?.type ?? '';
      const result = operand && unaryOperation(operator, operand);
      return result ? fromPy(result, span, argument.env) : unknown('an arithmetic expression', span, argument.env);
    }
    case 'binary_operator': {
      const left = evaluate(node.childForFieldName('left')!, frame);
      const right = evaluate(node.childForFieldName('right')!, frame);
      return binary(node.childForFieldName('operator')!.type, left, right, span, false);
    }
    case 'named_expression': {
      // `if path := os.getenv(name + "_FILE"):` binds the name, then yields the value.
      const value = evaluate(node.childForFieldName('value')!, frame);
      const name = node.childForFieldName('name');
      if (name?.type === 'identifier') frame.scope.set(name.text, { value, assignedAt: span });
      return value;
    }
    case 'conditional_expression': {
      const [whenTrue, test, whenFalse] = node.namedChildren;
      if (!whenTrue || !test || !whenFalse) return unknown('a conditional expression', span);
      const condition = evaluate(test, frame);
      const decided = truthy(condition);
      if (decided === undefined) {
        return either([evaluate(whenTrue, frame), evaluate(whenFalse, frame)], test.text);
      }
      const chosen = evaluate(decided ? whenTrue : whenFalse, frame);
      return withProvenance(chosen, chosen.span, condition.env);
    }
    case 'list_comprehension':
    case 'set_comprehension':
    case 'generator_expression':
      return evaluateComprehension(node, frame);
    default:
      return unknown(`a ${node.type.replace(/_/g, ' ')}`, span);
  }
}

function builtin(name: string, span: SourceSpan): Value | undefined {
  const callables = [
    'bool',
    'int',
    'float',
    'str',
    'list',
    'tuple',
    'set',
    'dict',
    'len',
    'sorted',
    'frozenset',
    'repr',
    'open',
    'getattr',
    'hasattr',
    'globals',
    'vars',
    'locals',
  ];
  return callables.includes(name) ? make('object', { object: { type: 'callable', name } }, span) : undefined;
}

/** A string literal, implicit concatenation and f-string: decoded and formatted by the Python layer. */
function evaluateString(node: SyntaxNode, frame: Frame): Value {
  const span = spanOf(node, frame.file);
  const literal = readStringLiteral(node);
  if (literal.bytes) return unknown('a bytes literal', span);
  if (!literal.exact) return unknown('a string literal the model cannot decode', span);
  // Fields are evaluated once, in Python's order; an undecided one gives one text per outcome.
  const fields = fieldExpressions(literal.pieces);
  const values = fields.map((expression) => evaluate(expression, frame));
  return eachCombination(values, (chosen) => {
    const env = mergeEnv(...chosen.map((value) => value.env));
    const text = renderPieces(literal.pieces, (expression) => {
      const value = chosen[fields.indexOf(expression)];
      return value && toPy(value);
    });
    return text === undefined
      ? unknown('a formatted string with unknown parts', span, env)
      : make('str', { value: text }, span, env);
  });
}

/** The f-string field expressions of `pieces`, each before the fields of its format spec. */
function fieldExpressions(pieces: readonly StringPiece[]): SyntaxNode[] {
  return pieces.flatMap((piece) =>
    piece.kind === 'field' ? [piece.expression, ...fieldExpressions(piece.specPieces ?? [])] : [],
  );
}

function evaluateSequence(node: SyntaxNode, kind: 'list' | 'tuple' | 'set', frame: Frame): Value {
  const parts: DisplayPart[] = [];
  for (const child of node.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'list_splat') {
      const inner = child.namedChildren[0];
      const childSpan = spanOf(child, frame.file);
      const value = inner ? evaluate(inner, frame) : unknown('an empty unpacking', childSpan);
      parts.push({ spread: true, value, span: childSpan });
      continue;
    }
    if (startsWithSplat(child)) {
      // tree-sitter reads a lone `[*a.b]` as `(*a).b`: the splat applies to the whole expression.
      parts.push({ spread: true, value: evaluate(child, frame), span: spanOf(child, frame.file) });
      continue;
    }
    parts.push({ spread: false, value: evaluate(child, frame) });
  }
  return buildSequence(kind, parts, spanOf(node, frame.file));
}

/** `attribute(list_splat(a), b)`: how tree-sitter parses a lone `[*a.b]`. */
function startsWithSplat(node: SyntaxNode): boolean {
  let current: SyntaxNode | null = node;
  while (current?.type === 'attribute' || current?.type === 'subscript' || current?.type === 'call') {
    current = current.childForFieldName(
      current.type === 'call' ? 'function' : current.type === 'subscript' ? 'value' : 'object',
    );
  }
  return current !== node && current?.type === 'list_splat';
}

function evaluateDict(node: SyntaxNode, frame: Frame): Value {
  const span = spanOf(node, frame.file);
  const parts: DictPart[] = [];
  for (const child of node.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'pair') {
      const key = evaluate(child.childForFieldName('key')!, frame);
      parts.push({ spread: false, key, value: evaluate(child.childForFieldName('value')!, frame) });
    } else if (child.type === 'dictionary_splat') {
      const inner = child.namedChildren[0];
      const childSpan = spanOf(child, frame.file);
      const value = inner ? evaluate(inner, frame) : unknown('an empty unpacking', childSpan);
      parts.push({ spread: true, value, span: childSpan });
    } else {
      return unknown('a dict comprehension', span);
    }
  }
  return buildDict(parts, span);
}

/** The items a loop visits, in order; undefined when some are unknown (an unseen part, an undecided value). */
export function iterate(value: Value): Value[] | undefined {
  switch (value.kind) {
    case 'list':
    case 'tuple':
    case 'set':
      return value.open ? undefined : value.items;
    case 'dict':
      return value.open ? undefined : value.entries.map(([k]) => k);
    case 'str':
      return [...value.value].map((ch) => make('str', { value: ch }, value.span, value.env));
    default:
      return undefined;
  }
}

function evaluateComprehension(node: SyntaxNode, frame: Frame): Value {
  const span = spanOf(node, frame.file);
  const body = node.childForFieldName('body');
  const clauses = node.namedChildren.filter(
    (c): c is SyntaxNode => c?.type === 'for_in_clause' || c?.type === 'if_clause',
  );
  if (!body || clauses[0]?.type !== 'for_in_clause' || clauses.filter((c) => c.type === 'for_in_clause').length !== 1) {
    return unknown('a comprehension', span);
  }
  const loop = clauses[0];
  const source = evaluate(loop.childForFieldName('right')!, frame);
  const items = iterate(source);
  const target = loop.childForFieldName('left');
  if (!items || !target) return unknown('a comprehension over unknown items', span, source.env);
  const results: Value[] = [];
  const scope = cloneScope(frame.scope);
  const inner: Frame = { ...frame, scope };
  for (const item of items) {
    assignTarget(target, item, inner, span);
    let keep: boolean | undefined = true;
    for (const clause of clauses.slice(1)) {
      const condition = clause.namedChildren[0];
      keep = condition ? truthy(evaluate(condition, inner)) : true;
      if (keep !== true) break;
    }
    if (keep === undefined) return unknown('a filtered comprehension', span, source.env);
    if (keep) results.push(withProvenance(evaluate(body, inner), span, source.env));
  }
  const kind = node.type === 'set_comprehension' ? 'set' : 'list';
  return make(kind, { items: results }, span, source.env);
}

function evaluateAttribute(node: SyntaxNode, frame: Frame): Value {
  const span = spanOf(node, frame.file);
  const object = evaluate(node.childForFieldName('object')!, frame);
  const attribute = node.childForFieldName('attribute')!.text;
  if (object.kind === 'object') {
    const configured = configurationAttribute(object, attribute, span);
    if (configured) return configured;
    const known = knownModuleAttribute(object.object, attribute, span);
    if (known) return known;
    if (object.object.type === 'module') return moduleAttribute(object.object, attribute, span, frame);
    if (object.object.type === 'dynaconf-settings' && /^[A-Z][A-Z0-9_]*$/.test(attribute)) {
      return dynaconfRead(object.object, attribute, undefined, span, frame.interpreter.host.environment);
    }
  }
  // An unknown that says what would make it judgeable keeps its cause: its attributes are unknown for the same reason.
  if (object.kind === 'unknown')
    return object.hint ? object : unknown(`an attribute of ${object.why}`, span, object.env);
  return make('object', { object: { type: 'method', receiver: object, name: attribute } }, span, object.env);
}

function evaluateSubscript(node: SyntaxNode, frame: Frame): Value {
  const span = spanOf(node, frame.file);
  const container = evaluate(node.childForFieldName('value')!, frame);
  const keyNode = node.childForFieldName('subscript');
  if (!keyNode) return unknown('a subscript', span);
  if (keyNode.type === 'slice') return sliceOf(container, sliceBounds(keyNode, frame), span);
  const key = evaluate(keyNode, frame);
  if (container.kind === 'object' && container.object.type === 'os.environ') {
    return readEnvironment(frame.interpreter.host.environment, { variable: key, requiredWithoutDefault: true, span });
  }
  return (
    itemOf(container, key, span) ?? unknown('an item of an unknown container', span, mergeEnv(container.env, key.env))
  );
}

/** `a:b:c` in a subscript, each bound evaluated (absent bounds left out). */
function sliceBounds(node: SyntaxNode, frame: Frame): { start?: Value; stop?: Value; step?: Value } {
  const bounds: Array<Value | undefined> = [undefined];
  for (const child of node.children) {
    if (!child) continue;
    if (child.type === ':') bounds.push(undefined);
    else if (child.isNamed && child.type !== 'comment') bounds[bounds.length - 1] = evaluate(child, frame);
  }
  const [start, stop, step] = bounds;
  return { start, stop, step };
}

function evaluateComparison(node: SyntaxNode, frame: Frame): Value {
  const span = spanOf(node, frame.file);
  const operands: Value[] = [];
  const operators: string[] = [];
  for (const child of node.children) {
    if (!child) continue;
    if (child.isNamed && child.type !== 'comment') operands.push(evaluate(child, frame));
    else if (!child.isNamed) operators.push(child.type);
  }
  const env = mergeEnv(...operands.map((o) => o.env));
  const [needle, haystack] = operands;
  if (
    operators.length === 1 &&
    (operators[0] === 'in' || operators[0] === 'not in') &&
    haystack?.kind === 'object' &&
    haystack.object.type === 'os.environ' &&
    needle?.kind === 'str'
  ) {
    // `"X" in os.environ`: a read of X that only asks whether production sets it.
    const read = performRead(
      { variable: needle, requiredWithoutDefault: false, span },
      frame.interpreter.host.environment,
    );
    if (read.state === 'given' || read.state === 'unset') {
      const present = read.state === 'given';
      return make('bool', { value: operators[0] === 'in' ? present : !present }, span, read.read ? [read.read] : []);
    }
    return unknown(`whether ${needle.value} is set`, span, read.read ? [read.read] : []);
  }
  let result = true;
  for (let i = 0; i < operators.length; i++) {
    const outcome = compare(operators[i]!, operands[i]!, operands[i + 1]!);
    if (outcome === undefined) return unknown('a comparison with an unknown side', span, env);
    if (!outcome) {
      result = false;
      break;
    }
  }
  return make('bool', { value: result }, span, env);
}

function compare(operator: string, left: Value, right: Value): boolean | undefined {
  const plainLeft = toPy(left);
  const plainRight = toPy(right);
  if (plainLeft && plainRight) return comparePlain(operator === '<>' ? '!=' : operator, plainLeft, plainRight);
  // Objects, sets and collections with unseen members: only what equality and membership can still tell.
  switch (operator) {
    case '==':
      return pyEquals(left, right);
    case '!=':
    case '<>': {
      const equal = pyEquals(left, right);
      return equal === undefined ? undefined : !equal;
    }
    case 'in':
      return pyContains(right, left);
    case 'not in': {
      const contained = pyContains(right, left);
      return contained === undefined ? undefined : !contained;
    }
    case 'is':
    case 'is not': {
      if (!isKnown(left) || !isKnown(right)) return undefined;
      const singleton = (v: Value) => v.kind === 'none' || v.kind === 'bool';
      if (!singleton(left) && !singleton(right)) return undefined;
      const same = left.kind === right.kind && pyEquals(left, right) === true;
      return operator === 'is' ? same : !same;
    }
    default:
      return undefined;
  }
}

export function binary(operator: string, left: Value, right: Value, span: SourceSpan, inPlace: boolean): Value {
  const collection = combineCollections(operator, left, right, span, inPlace);
  if (collection) return collection;
  if (left.kind === 'either' || right.kind === 'either') {
    return eachOption(left, (l) => eachOption(right, (r) => binary(operator, l, r, span, inPlace)));
  }
  const env = mergeEnv(left.env, right.env);
  // Scalars, and `%` with its arguments, follow Python through the layer; collections keep their items' origins.
  const scalar = (v: Value) =>
    v.kind === 'none' || v.kind === 'bool' || v.kind === 'int' || v.kind === 'float' || v.kind === 'str';
  if (scalar(left) && (scalar(right) || (operator === '%' && left.kind === 'str'))) {
    const [plainLeft, plainRight] = [toPy(left), toPy(right)];
    const result = plainLeft && plainRight ? binaryOperation(operator, plainLeft, plainRight) : undefined;
    if (result) return fromPy(result, span, env);
    const zero =
      ['/', '//', '%'].includes(operator) && (right.kind === 'int' || right.kind === 'float') && right.value === 0;
    return unknown(zero ? 'a division by zero' : `the result of ${operator}`, span, env);
  }
  if (operator === '+') {
    const sequence = (v: Value) => v.kind === 'list' || v.kind === 'tuple';
    if (sequence(left) && (right.kind === left.kind || (inPlace && left.kind === 'list' && sequence(right)))) {
      const items = [
        ...(left as Extract<Value, { kind: 'list' }>).items,
        ...(right as Extract<Value, { kind: 'list' }>).items,
      ];
      return make(left.kind as 'list', { items }, inPlace ? left.span : span, env);
    }
  }
  if (operator === '|' && left.kind === 'dict' && right.kind === 'dict') {
    let result: Value = left;
    for (const [key, value] of right.entries) result = setPath(result, [key], value);
    return withProvenance(result, span, env);
  }
  if (operator === '*') {
    // Only an int (or bool) repeats a sequence: `[1] * 2.0` raises TypeError.
    const integral = (value: Value) => (value.kind === 'int' || value.kind === 'bool' ? asNumber(value) : undefined);
    const count = integral(right) ?? integral(left);
    const sequence = integral(right) !== undefined ? left : right;
    if (count !== undefined && (sequence.kind === 'list' || sequence.kind === 'tuple') && count <= MAX_UNROLL) {
      const items = Array.from({ length: Math.max(0, count) }, () => sequence.items).flat();
      return make(sequence.kind, { items }, span, env);
    }
  }
  return unknown(`the result of ${operator}`, span, env);
}

export function setPath(container: Value, keys: Value[], value: Value): Value {
  const [key, ...rest] = keys;
  if (!key) return value;
  if (container.kind === 'either') return eachOption(container, (option) => setPath(option, keys, value));
  if (container.kind === 'dict') {
    const index = container.entries.findIndex(([k]) => pyEquals(k, key) === true);
    const current = index >= 0 ? container.entries[index]![1] : undefined;
    const next = rest.length === 0 ? value : current ? setPath(current, rest, value) : value;
    const entries = [...container.entries];
    if (index >= 0) entries[index] = [container.entries[index]![0], next];
    else entries.push([key, next]);
    return { ...container, entries };
  }
  if ((container.kind === 'list' || container.kind === 'tuple') && key.kind === 'int') {
    const items = [...container.items];
    const index = key.value < 0 ? items.length + key.value : key.value;
    if (index < 0 || index >= items.length) return container;
    items[index] = rest.length === 0 ? value : setPath(items[index]!, rest, value);
    return { ...container, items };
  }
  return unknown('a container changed in place', container.span, container.env);
}

/** Outcomes of undecided branches: see branches.ts. */
export { either };
