/** Small readers of tree-sitter-python nodes, shared by the code analysis and the code rules. */
import type { SyntaxNode } from '../parse/python-parser.js';

/** Named children without comments: tree-sitter keeps comments as named nodes wherever they appear. */
export function childrenOf(node: SyntaxNode | null | undefined): SyntaxNode[] {
  if (!node) return [];
  return node.namedChildren.filter((child): child is SyntaxNode => child !== null && child.type !== 'comment');
}

/** `(x)` is `x`. */
export function unwrap(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.type === 'parenthesized_expression') {
    const inner = childrenOf(current)[0];
    if (!inner) break;
    current = inner;
  }
  return current;
}

export interface CallArguments {
  positional: SyntaxNode[];
  keywords: Map<string, SyntaxNode>;
  /** The expressions of `*args` and `**kwargs`: arguments the analysis cannot place. */
  splats: SyntaxNode[];
}

export function argumentsOf(call: SyntaxNode): CallArguments {
  const result: CallArguments = { positional: [], keywords: new Map(), splats: [] };
  const list = call.childForFieldName('arguments');
  // `f(x for x in y)`: the generator is the argument list itself.
  if (list?.type === 'generator_expression') {
    result.positional.push(list);
    return result;
  }
  for (const child of childrenOf(list)) {
    if (child.type === 'keyword_argument') {
      const name = child.childForFieldName('name')?.text;
      const value = child.childForFieldName('value');
      if (name && value) result.keywords.set(name, value);
    } else if (child.type === 'list_splat' || child.type === 'dictionary_splat') {
      const inner = childrenOf(child)[0];
      if (inner) result.splats.push(inner);
    } else {
      result.positional.push(child);
    }
  }
  return result;
}

/** The argument at `index`, or given by one of `names`. */
export function argumentAt(args: CallArguments, index: number, ...names: string[]): SyntaxNode | undefined {
  for (const name of names) {
    const byName = args.keywords.get(name);
    if (byName) return byName;
  }
  return args.positional[index];
}

/** The last name of `a.b.c`, of `c`, or of the function a call calls. */
export function lastName(node: SyntaxNode | null | undefined): string | undefined {
  if (!node) return undefined;
  const current = unwrap(node);
  if (current.type === 'identifier') return current.text;
  if (current.type === 'attribute') return current.childForFieldName('attribute')?.text;
  if (current.type === 'call') return lastName(current.childForFieldName('function'));
  return undefined;
}

/** `a.b.c` for a chain of names, else undefined. */
export function dottedName(node: SyntaxNode | null | undefined): string | undefined {
  if (!node) return undefined;
  const current = unwrap(node);
  if (current.type === 'identifier') return current.text;
  if (current.type === 'attribute') {
    const object = dottedName(current.childForFieldName('object'));
    const attribute = current.childForFieldName('attribute')?.text;
    return object && attribute ? `${object}.${attribute}` : undefined;
  }
  return undefined;
}

export function isNone(node: SyntaxNode | undefined): boolean {
  return !node || unwrap(node).type === 'none';
}

/** 1-based line of a node, as findings count lines. */
export function lineOf(node: SyntaxNode): number {
  return node.startPosition.row + 1;
}

/** Source text for a message: one line, cut at `max` characters. */
export function shortText(source: string, max = 60): string {
  const oneLine = source.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
