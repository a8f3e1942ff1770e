import type { SourceSpan } from '../finding.js';
import type { Frame, InterpreterContext, Raise } from './frame.js';
import { mergeEnv, pyEquals, type EnvRead, type Value } from './value.js';

/**
 * Exceptions an expression raises (`MIDDLEWARE.index("absent")` raises ValueError). Expressions give
 * values, so the raise is recorded here and the statement that evaluated it ends with it, as in Python:
 * uncaught it stops the module, under `try: ... except ValueError:` the handler runs, in a branch the
 * model cannot decide that branch is not how production runs.
 */

const pending = new WeakMap<InterpreterContext, Raise>();

/** Records that the expression being evaluated raises `exception`; the first one of a statement counts. */
export function raiseFromExpression(frame: Frame, exception: string, span: SourceSpan, env: readonly EnvRead[]): void {
  // In a function body, a raise may belong to one path of several: the call's value stays unknown there.
  if (frame.depth > 0 || pending.has(frame.interpreter)) return;
  pending.set(frame.interpreter, { kind: 'raise', span, exception, env: mergeEnv(frame.pathEnv, env) });
}

/** The raise of the statement just run, if one of its expressions raised; clears it. */
export function takeExpressionRaise(frame: Frame): Raise | undefined {
  const raised = pending.get(frame.interpreter);
  pending.delete(frame.interpreter);
  return raised;
}

/** `sequence.index(item)` where the whole sequence is known and the item is known not to be in it. */
export function indexOfMissingItem(receiver: Value, method: string, positional: readonly Value[]): boolean {
  if (method !== 'index' || (receiver.kind !== 'list' && receiver.kind !== 'tuple') || receiver.open) return false;
  const [needle, start, stop] = positional;
  // With bounds, the search covers a slice; that is left to the value, which stays unknown.
  if (!needle || start || stop) return false;
  return receiver.items.every((item) => pyEquals(item, needle) === false);
}
