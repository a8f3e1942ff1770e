import type { SourceSpan } from '../finding.js';
import type { SyntaxNode } from '../parse/python-parser.js';
import { spanOf } from '../parse/span.js';
import { helperBool } from './env-readers.js';
import { make, truthy, unknown, withProvenance, type Value } from './value.js';
import { NORMAL, type Flow, type Frame, type FunctionDefinition, type Scope } from './frame.js';
import { evaluate } from './expressions.js';
import { runExpressionStatement } from './statements.js';

/** Functions the settings define themselves, run on the arguments of each call when their bodies are simple. */

export const BOOL_HELPER_NAME =
  /(^|_)(str_?2_?bool|str_?to_?bool|strtobool|to_?bool|as_?bool|parse_?bool|env_?bool|get_?bool|bool_?env|bool_?from_?\w*|is_?true|truthy|boolify|getbool|booleanize)$/i;
const MAX_CALL_DEPTH = 8;

export function defineFunction(node: SyntaxNode, frame: Frame): void {
  const name = node.childForFieldName('name');
  if (!name) return;
  const span = spanOf(node, frame.file);
  const definition: FunctionDefinition = {
    node,
    file: frame.file,
    absPath: frame.absPath,
    globals: frame.globals ?? frame.scope,
  };
  frame.scope.set(name.text, {
    value: make('object', { object: { type: 'function', name: name.text, definition, module: frame.file } }, span),
    assignedAt: span,
  });
}

export function callFunction(
  definition: FunctionDefinition,
  name: string,
  positional: Value[],
  keywords: Map<string, Value>,
  span: SourceSpan,
  frame: Frame,
): Value {
  const fallback = (): Value =>
    BOOL_HELPER_NAME.test(name) && positional[0]
      ? helperBool(positional[0], span)
      : unknown(`the result of ${name}()`, span);
  if (frame.depth >= MAX_CALL_DEPTH) return fallback();
  const scope: Scope = new Map();
  const parameters = definition.node.childForFieldName('parameters')?.namedChildren ?? [];
  let index = 0;
  const callFrame: Frame = {
    interpreter: frame.interpreter,
    scope,
    globals: definition.globals,
    file: definition.file,
    absPath: definition.absPath,
    pathEnv: frame.pathEnv,
    importsMayFail: false,
    depth: frame.depth + 1,
  };
  for (const parameter of parameters) {
    if (!parameter) continue;
    const paramName =
      parameter.type === 'identifier'
        ? parameter.text
        : (parameter.childForFieldName('name') ?? parameter.namedChildren.find((c) => c?.type === 'identifier'))?.text;
    if (!paramName || parameter.type === 'list_splat_pattern' || parameter.type === 'dictionary_splat_pattern')
      continue;
    let value = keywords.get(paramName) ?? positional[index];
    index += 1;
    if (!value) {
      const defaultNode = parameter.childForFieldName('value');
      value = defaultNode ? evaluate(defaultNode, callFrame) : unknown(`the parameter ${paramName}`, span);
    }
    scope.set(paramName, { value, assignedAt: span });
  }
  const body = definition.node.childForFieldName('body');
  if (!body) return fallback();
  // Function bodies here are run synchronously: imports inside them are rare in settings helpers.
  const flow = runBodySync(body.namedChildren, callFrame);
  // The call is where the setting gets its value, so the result points there, not into the helper.
  if (flow?.kind === 'return' && flow.value.kind !== 'unknown') return withProvenance(flow.value, span, []);
  return fallback();
}

/** A small synchronous runner for helper bodies: assignments, ifs and returns. */
function runBodySync(statements: readonly (SyntaxNode | null)[], frame: Frame): Flow | undefined {
  for (const statement of statements) {
    if (!statement) continue;
    switch (statement.type) {
      case 'expression_statement':
        for (const child of statement.namedChildren) if (child) runExpressionStatement(child, frame, statement);
        break;
      case 'return_statement': {
        const expression = statement.namedChildren[0];
        return {
          kind: 'return',
          value: expression ? evaluate(expression, frame) : make('none', {}, spanOf(statement, frame.file)),
        };
      }
      case 'if_statement': {
        const condition = evaluate(statement.childForFieldName('condition')!, frame);
        const decided = truthy(condition);
        if (decided === undefined) return undefined;
        if (decided) {
          const flow = runBodySync(statement.childForFieldName('consequence')?.namedChildren ?? [], frame);
          if (flow?.kind !== 'normal') return flow;
          break;
        }
        const alternative = statement.childrenForFieldName('alternative')[0];
        if (alternative?.type === 'else_clause') {
          const flow = runBodySync(alternative.childForFieldName('body')?.namedChildren ?? [], frame);
          if (flow?.kind !== 'normal') return flow;
        } else if (alternative) {
          return undefined;
        }
        break;
      }
      case 'pass_statement':
      case 'comment':
        break;
      default:
        if (statement.type === 'expression_statement' || statement.type.endsWith('string')) break;
        return undefined;
    }
  }
  return NORMAL;
}
