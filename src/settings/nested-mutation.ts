import type { SourceSpan } from '../finding.js';
import type { SyntaxNode } from '../parse/python-parser.js';
import { eachOption, either } from './branches.js';
import { itemOf, mutate } from './collections.js';
import { evaluate, lookup, setPath } from './expressions.js';
import type { Frame } from './frame.js';
import type { Value } from './value.js';

/**
 * `POLICY["DIRECTIVES"]["script-src"].extend([...])`: the list or dict at that path changes in place, in each
 * outcome of the outer value, so each branch keeps its own nested values together. False when not followed.
 */
export function mutateThroughSubscripts(
  receiver: SyntaxNode,
  method: string,
  args: Value[],
  span: SourceSpan,
  frame: Frame,
): boolean {
  const keys: Value[] = [];
  let cursor: SyntaxNode | null = receiver;
  while (cursor?.type === 'subscript') {
    const key = cursor.childForFieldName('subscript');
    if (!key || key.type === 'slice') return false;
    keys.unshift(evaluate(key, frame));
    cursor = cursor.childForFieldName('value');
  }
  if (cursor?.type !== 'identifier') return false;
  const binding = lookup(cursor.text, frame);
  if (!binding) return false;
  // Outcomes where the path leads to None raise AttributeError there: the others are how production runs.
  const reachesNone = (option: Value) =>
    keys.reduce<Value | undefined>((value, key) => value && itemOf(value, key, span), option)?.kind === 'none';
  const outcomes = binding.value.kind === 'either' ? binding.value.options : [binding.value];
  const viable = outcomes.filter((option) => !reachesNone(option));
  const current =
    binding.value.kind === 'either' && viable.length && viable.length < outcomes.length
      ? either(viable, binding.value.condition, { at: binding.value.at, hint: binding.value.hint })
      : binding.value;
  let followed = true;
  const updated = eachOption(current, (option) => {
    const target = keys.reduce<Value | undefined>((value, key) => value && itemOf(value, key, span), option);
    const changed = target && mutate(target, method, args, span);
    if (!changed) followed = false;
    return changed ? setPath(option, keys, changed) : option;
  });
  if (!followed) return false;
  const owner = !frame.scope.has(cursor.text) && frame.globals?.has(cursor.text) ? frame.globals : frame.scope;
  owner.set(cursor.text, { value: updated, assignedAt: binding.assignedAt });
  return true;
}
