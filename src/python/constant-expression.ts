/**
 * The value of an expression written with literals alone (`"%-5s|" % ("ab",)`, `f"{1:>{3}}"`,
 * `"a,b".split(",")`): the layer's literals, operators, formatting, str methods and builtins composed over
 * the syntax tree. Names are unknown here; the analyses bring their own scopes.
 */
import type { SyntaxNode } from '../parse/python-parser.js';
import { callBuiltin } from './builtins.js';
import { renderPieces } from './format.js';
import { readFloatLiteral, readIntegerLiteral, readStringLiteral } from './literals.js';
import { binaryOperation, compare, sliceOf, subscript, unaryOperation } from './operators.js';
import { callStrMethod } from './str-methods.js';
import { NONE, pyBool, pyFloat, pyInt, pyStr, truthy, type PyValue } from './values.js';

const named = (node: SyntaxNode) =>
  node.namedChildren.filter((child): child is SyntaxNode => child !== null && child.type !== 'comment');

function callArguments(node: SyntaxNode): { positional: PyValue[]; keywords: Map<string, PyValue> } | undefined {
  const list = node.childForFieldName('arguments');
  const positional: PyValue[] = [];
  const keywords = new Map<string, PyValue>();
  if (!list || list.type !== 'argument_list') return undefined;
  for (const child of named(list)) {
    if (child.type === 'keyword_argument') {
      const name = child.childForFieldName('name')?.text;
      const value = child.childForFieldName('value');
      const evaluated = value ? evaluateConstant(value) : undefined;
      if (!name || !evaluated || keywords.has(name)) return undefined;
      keywords.set(name, evaluated);
      continue;
    }
    if (child.type === 'list_splat' || child.type === 'dictionary_splat') return undefined;
    const value = evaluateConstant(child);
    if (!value) return undefined;
    positional.push(value);
  }
  return { positional, keywords };
}

function evaluateCall(node: SyntaxNode): PyValue | undefined {
  const callee = node.childForFieldName('function');
  const args = callArguments(node);
  if (!callee || !args) return undefined;
  if (callee.type === 'attribute') {
    const receiver = callee.childForFieldName('object');
    const method = callee.childForFieldName('attribute')?.text;
    const value = receiver ? evaluateConstant(receiver) : undefined;
    if (value?.kind !== 'str' || !method) return undefined;
    return callStrMethod(value.value, method, args.positional, args.keywords);
  }
  if (callee.type === 'identifier' && args.keywords.size === 0) return callBuiltin(callee.text, args.positional);
  return undefined;
}

function evaluateSubscript(node: SyntaxNode): PyValue | undefined {
  const valueNode = node.childForFieldName('value');
  const keys = node.childrenForFieldName('subscript').filter((child): child is SyntaxNode => child !== null);
  const container = valueNode ? evaluateConstant(valueNode) : undefined;
  if (!container || keys.length !== 1) return undefined;
  const key = keys[0]!;
  if (key.type !== 'slice') {
    const index = evaluateConstant(key);
    return index && subscript(container, index);
  }
  // `start:stop:step`, each part optional: place expressions by the colons before them.
  const parts: Array<PyValue | undefined> = [undefined, undefined, undefined];
  let position = 0;
  for (const child of key.children) {
    if (!child) continue;
    if (child.type === ':') position += 1;
    else if (child.isNamed) {
      const value = evaluateConstant(child);
      if (!value) return undefined;
      parts[position] = value;
    }
  }
  return sliceOf(container, parts[0], parts[1], parts[2]);
}

function evaluateComparison(node: SyntaxNode): PyValue | undefined {
  const operands: SyntaxNode[] = [];
  const operators: string[] = [];
  for (const child of node.children) {
    if (!child) continue;
    if (child.isNamed) operands.push(child);
    else operators.push(child.type);
  }
  let left = operands[0] ? evaluateConstant(operands[0]) : undefined;
  for (let i = 0; i < operators.length; i++) {
    const right = operands[i + 1] ? evaluateConstant(operands[i + 1]!) : undefined;
    if (!left || !right) return undefined;
    const outcome = compare(operators[i]!, left, right);
    if (outcome === undefined) return undefined;
    if (!outcome) return pyBool(false);
    left = right;
  }
  return pyBool(true);
}

function sequence(kind: 'tuple' | 'list', children: readonly SyntaxNode[]): PyValue | undefined {
  const items: PyValue[] = [];
  for (const child of children) {
    const value = evaluateConstant(child);
    if (!value) return undefined;
    items.push(value);
  }
  return { kind, items };
}

/** Nesting past this depth is left unknown rather than risk the JS stack. */
const MAX_DEPTH = 200;
let depth = 0;

/** The value of a literal-only expression, or undefined when it is not one or Python would raise. */
export function evaluateConstant(node: SyntaxNode): PyValue | undefined {
  if (depth >= MAX_DEPTH) return undefined;
  depth += 1;
  try {
    return evaluateNode(node);
  } finally {
    depth -= 1;
  }
}

function evaluateNode(node: SyntaxNode): PyValue | undefined {
  switch (node.type) {
    case 'string':
    case 'concatenated_string': {
      const literal = readStringLiteral(node);
      if (literal.bytes || !literal.exact) return undefined;
      const text = renderPieces(literal.pieces, evaluateConstant);
      return text === undefined ? undefined : pyStr(text);
    }
    case 'integer': {
      const int = readIntegerLiteral(node.text);
      return int === undefined ? undefined : pyInt(int);
    }
    case 'float': {
      const float = readFloatLiteral(node.text);
      return float === undefined ? undefined : pyFloat(float);
    }
    case 'true':
      return pyBool(true);
    case 'false':
      return pyBool(false);
    case 'none':
      return NONE;
    case 'parenthesized_expression': {
      const inner = named(node);
      return inner.length === 1 ? evaluateConstant(inner[0]!) : undefined;
    }
    case 'expression_statement':
    case 'module': {
      const inner = named(node);
      if (node.hasError) return undefined;
      // `1,` is a tuple: the grammar leaves the comma in the statement.
      if (node.type === 'expression_statement' && node.children.some((child) => child?.type === ',')) {
        return sequence('tuple', inner);
      }
      return inner.length === 1 ? evaluateConstant(inner[0]!) : undefined;
    }
    case 'tuple':
    case 'list':
      return sequence(node.type, named(node));
    case 'dictionary': {
      const entries: Array<[PyValue, PyValue]> = [];
      for (const pair of named(node)) {
        const keyNode = pair.childForFieldName('key');
        const valueNode = pair.childForFieldName('value');
        const key = keyNode ? evaluateConstant(keyNode) : undefined;
        const value = valueNode ? evaluateConstant(valueNode) : undefined;
        if (pair.type !== 'pair' || !key || !value || key.kind === 'list' || key.kind === 'dict') return undefined;
        const at = entries.findIndex(([candidate]) => compare('==', candidate, key) === true);
        if (at >= 0) entries[at] = [entries[at]![0], value];
        else entries.push([key, value]);
      }
      return { kind: 'dict', entries };
    }
    case 'unary_operator': {
      const operator = node.childForFieldName('operator')?.text;
      const argument = node.childForFieldName('argument');
      const value = argument ? evaluateConstant(argument) : undefined;
      return operator && value ? unaryOperation(operator, value) : undefined;
    }
    case 'not_operator': {
      const argument = node.childForFieldName('argument');
      const value = argument ? evaluateConstant(argument) : undefined;
      return value && unaryOperation('not', value);
    }
    case 'binary_operator': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const operator = node.childForFieldName('operator')?.text;
      const a = left ? evaluateConstant(left) : undefined;
      const b = right ? evaluateConstant(right) : undefined;
      return a && b && operator ? binaryOperation(operator, a, b) : undefined;
    }
    case 'boolean_operator': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const operator = node.childForFieldName('operator')?.text;
      const a = left ? evaluateConstant(left) : undefined;
      if (!a || !right) return undefined;
      const decided = operator === 'and' ? !truthy(a) : truthy(a);
      return decided ? a : evaluateConstant(right);
    }
    case 'comparison_operator':
      return evaluateComparison(node);
    case 'conditional_expression': {
      const [whenTrue, condition, whenFalse] = named(node);
      const test = condition ? evaluateConstant(condition) : undefined;
      if (!test || !whenTrue || !whenFalse) return undefined;
      return evaluateConstant(truthy(test) ? whenTrue : whenFalse);
    }
    case 'call':
      return evaluateCall(node);
    case 'subscript':
      return evaluateSubscript(node);
    default:
      return undefined;
  }
}
