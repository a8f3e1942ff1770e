import type { SourceSpan } from '../finding.js';
import type { SyntaxNode } from '../parse/python-parser.js';
import { spanOf } from '../parse/span.js';
import type { Frame } from './frame.js';
import { mergeEnv, type Value } from './value.js';

/**
 * Settings written through the module's own namespace: `globals()["NAME"] = value`,
 * `globals().update({...})`, `vars().update(NAME=value)`, `locals()[...] = ...` (at module level all three
 * are the module's globals). A name the source spells out is set like an assignment; a name computed at
 * run time, or a dict the model cannot see into, is reported once as a construct it could not follow.
 */

const NAMESPACE_CALL = /^(globals|vars|locals)$/;

/** The arguments of the update() call; `unseen` (or `spread`) when a `*args`/`**kwargs` could not be expanded. */
interface NamespaceUpdateArguments {
  positional: Value[];
  keywords: Map<string, Value>;
  unseen?: unknown;
  spread?: boolean;
}

/** `globals()`, `vars()` or `locals()` called with no arguments. */
export function isNamespaceCall(node: SyntaxNode | null): node is SyntaxNode {
  if (node?.type !== 'call') return false;
  const callee = node.childForFieldName('function');
  const args = node.childForFieldName('arguments')?.namedChildren.filter((c) => c?.type !== 'comment') ?? [];
  return callee?.type === 'identifier' && NAMESPACE_CALL.test(callee.text) && args.length === 0;
}

function bindName(frame: Frame, name: string, value: Value, at: SourceSpan): void {
  if (frame.depth === 0 && /^[A-Z][A-Z0-9_]*$/.test(name))
    frame.interpreter.modulesAssigningSettings.add(frame.absPath);
  const conditioned =
    frame.pathEnv.length > 0 && frame.depth === 0
      ? ({ ...value, conditions: mergeEnv(value.conditions ?? [], frame.pathEnv) } as Value)
      : value;
  (frame.globals ?? frame.scope).set(name, { value: conditioned, assignedAt: at });
}

function noteUnfollowed(frame: Frame, construct: string, span: SourceSpan, what: string): void {
  frame.interpreter.note(
    span,
    `${frame.file} sets ${what} with ${construct} at line ${span.line}; the settings it may set are judged as the rest of the module leaves them.`,
    'Assign the settings by name (SETTING = value), so that each one can be checked.',
  );
}

/** `globals()[key] = value`: the name is set when the key is known, else the construct is noted. */
export function assignNamespaceItem(target: SyntaxNode, key: Value, value: Value, frame: Frame, at: SourceSpan): void {
  if (key.kind === 'str') {
    bindName(frame, key.value, value, at);
    return;
  }
  const construct = `${target.text} = ...`;
  noteUnfollowed(frame, construct, spanOf(target, frame.file), 'names chosen at run time');
}

/** `globals().update(mapping, **names)`: each known name is set; the unseen rest is noted once. */
export function updateNamespace(call: SyntaxNode, args: NamespaceUpdateArguments, frame: Frame, at: SourceSpan): void {
  const construct = `${call.childForFieldName('function')?.text ?? 'globals().update'}()`;
  const span = spanOf(call, frame.file);
  let unseen = args.unseen !== undefined || args.spread === true || args.positional.length > 1;
  const [mapping] = args.positional;
  if (mapping) {
    if (mapping.kind === 'dict') {
      for (const [key, value] of mapping.entries) {
        if (key.kind === 'str') bindName(frame, key.value, value, at);
        else unseen = true;
      }
      if (mapping.open) unseen = true;
    } else {
      unseen = true;
    }
  }
  for (const [name, value] of args.keywords) bindName(frame, name, value, at);
  if (unseen) noteUnfollowed(frame, construct, span, 'names the model cannot see');
}
