import type { SyntaxNode } from '../parse/python-parser.js';
import type { FunctionDefinition } from './frame.js';
import { outcomes, type Value } from './value.js';

/**
 * The settings a project function handed `globals()` may write, read from its source when the model
 * cannot run it (a while loop, a call it cannot follow): `target["NAME"] = ...`, `target.update(NAME=...)`,
 * `target.update({"NAME": ...})`, `target.setdefault("NAME", ...)`. Undefined when some write names a key
 * computed at run time, or the namespace is handed on, so any setting may be written.
 */

function isNamespace(value: Value): boolean {
  return outcomes(value).some((option) => option.kind === 'object' && option.object.type === 'namespace');
}

/** The parameters the call binds to the module's namespace. */
function namespaceParameters(
  definition: FunctionDefinition,
  positional: Value[],
  keywords: Map<string, Value>,
): string[] {
  const names: string[] = [];
  let index = 0;
  let keywordOnly = false;
  for (const parameter of definition.node.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!parameter || parameter.type === 'comment') continue;
    if (parameter.type === 'keyword_separator' || parameter.type === 'list_splat_pattern') {
      keywordOnly = true;
      continue;
    }
    if (parameter.type === 'positional_separator' || parameter.type === 'dictionary_splat_pattern') continue;
    const name =
      parameter.type === 'identifier'
        ? parameter.text
        : (parameter.childForFieldName('name') ?? parameter.namedChildren.find((c) => c?.type === 'identifier'))?.text;
    if (!name) continue;
    const argument = keywords.get(name) ?? (keywordOnly ? undefined : positional[index]);
    if (!keywordOnly) index += 1;
    if (argument && isNamespace(argument)) names.push(name);
  }
  return names;
}

function stringLiteral(node: SyntaxNode | null | undefined): string | undefined {
  if (node?.type !== 'string') return undefined;
  // Plain literals only: an f-string or a prefixed one is not a fixed name.
  if (node.namedChildren.some((child) => child?.type === 'interpolation')) return undefined;
  const match = /^(['"])([A-Za-z_][A-Za-z0-9_]*)\1$/.exec(node.text);
  return match?.[2];
}

/** The keys written through one use of a namespace parameter, or undefined when they cannot be named. */
function keysOfUse(use: SyntaxNode): string[] | undefined {
  const parent = use.parent;
  if (parent?.type === 'subscript' && parent.childForFieldName('value')?.id === use.id) {
    const key = stringLiteral(parent.childForFieldName('subscript'));
    const written = parent.parent?.type === 'assignment' && parent.parent.childForFieldName('left')?.id === parent.id;
    // Reading `target["NAME"]` writes nothing.
    if (!written) return [];
    return key ? [key] : undefined;
  }
  if (parent?.type === 'attribute' && parent.childForFieldName('object')?.id === use.id) {
    const method = parent.childForFieldName('attribute')?.text;
    const call = parent.parent?.type === 'call' ? parent.parent : undefined;
    const args = (call?.childForFieldName('arguments')?.namedChildren ?? []).filter(
      (arg): arg is SyntaxNode => arg !== null && arg.type !== 'comment',
    );
    if (method === 'get' || method === 'keys' || method === 'items' || method === 'values') return [];
    if (method === 'setdefault') {
      const key = stringLiteral(args[0]);
      return key ? [key] : undefined;
    }
    if (method === 'update') {
      const keys: string[] = [];
      for (const arg of args) {
        if (arg.type === 'keyword_argument') keys.push(arg.childForFieldName('name')!.text);
        else if (arg.type === 'dictionary') {
          for (const pair of arg.namedChildren) {
            const key = pair?.type === 'pair' ? stringLiteral(pair.childForFieldName('key')) : undefined;
            if (!key) return undefined;
            keys.push(key);
          }
        } else return undefined;
      }
      return keys;
    }
  }
  return undefined;
}

function identifiersNamed(node: SyntaxNode, names: readonly string[], found: SyntaxNode[] = []): SyntaxNode[] {
  if (node.type === 'identifier' && names.includes(node.text)) found.push(node);
  for (const child of node.namedChildren) if (child) identifiersNamed(child, names, found);
  return found;
}

export function keysHelperMayWrite(
  definition: FunctionDefinition,
  positional: Value[],
  keywords: Map<string, Value>,
): string[] | undefined {
  const parameters = namespaceParameters(definition, positional, keywords);
  const body = definition.node.childForFieldName('body');
  if (parameters.length === 0 || !body) return undefined;
  const keys = new Set<string>();
  for (const use of identifiersNamed(body, parameters)) {
    const written = keysOfUse(use);
    if (!written) return undefined;
    for (const key of written) keys.add(key);
  }
  return [...keys];
}
