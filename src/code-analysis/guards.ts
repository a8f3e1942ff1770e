/**
 * What a condition proves about a variable on the branch where it holds: `if sort not in ALLOWED: raise`
 * leaves `sort` one of ALLOWED's members, `if not page.isdigit(): return` leaves `page` digits only.
 * This is how an allow-list check makes an interpolated identifier safe.
 */
import type { SyntaxNode } from '../parse/python-parser.js';
import type { Env, Evaluator } from './evaluator.js';
import { argumentsOf, childrenOf, lastName, unwrap } from './syntax.js';
import { alternatives, constantText, elementOf, isUnsafe, safe, type Value } from './values.js';

const DIGIT_CHECKS = new Set(['isdigit', 'isdecimal', 'isnumeric']);

/** The members of a collection of constants (a list, tuple, set, or a dict's keys), if it is one. */
function constantMembers(collection: Value): Value | undefined {
  if (collection.kind !== 'seq' && collection.kind !== 'map') return undefined;
  const members = elementOf(collection);
  return alternatives(members).every((member) => !isUnsafe(member)) ? members : undefined;
}

/** Narrows `env` in place to what `condition` being `truth` proves. */
export function narrow(condition: SyntaxNode, truth: boolean, env: Env, evaluator: Evaluator): void {
  const current = unwrap(condition);
  switch (current.type) {
    case 'not_operator': {
      const argument = current.childForFieldName('argument');
      if (argument) narrow(argument, !truth, env, evaluator);
      return;
    }
    case 'boolean_operator': {
      const operator = current.childForFieldName('operator')?.type;
      // Both sides hold only when `a and b` is true, or when `a or b` is false.
      if ((operator === 'and' && truth) || (operator === 'or' && !truth)) {
        for (const side of [current.childForFieldName('left'), current.childForFieldName('right')]) {
          if (side) narrow(side, truth, env, evaluator);
        }
      }
      return;
    }
    case 'comparison_operator': {
      const operands = childrenOf(current);
      const operator = current.childForFieldName('operators')?.type;
      if (operands.length !== 2 || !operator) return;
      const [subject, other] = operands as [SyntaxNode, SyntaxNode];
      if (subject.type !== 'identifier') return;
      const holds =
        (operator === 'in' || operator === '==') === truth && ['in', 'not in', '==', '!='].includes(operator);
      if (!holds) return;
      const value = evaluator.evaluate(other, env);
      if (operator === 'in' || operator === 'not in') {
        const members = constantMembers(value);
        if (members) env.set(subject.text, members);
      } else if (constantText(value) !== undefined) {
        env.set(subject.text, value);
      }
      return;
    }
    case 'call': {
      const callee = current.childForFieldName('function');
      if (!truth || !callee) return;
      if (callee.type === 'attribute' && DIGIT_CHECKS.has(lastName(callee) ?? '')) {
        const subject = unwrap(callee.childForFieldName('object')!);
        if (subject.type === 'identifier') env.set(subject.text, safe('digits-checked'));
        return;
      }
      if (callee.type === 'identifier' && callee.text === 'isinstance') {
        const [subject, kind] = argumentsOf(current).positional;
        if (subject?.type === 'identifier' && kind && /^(int|float|Decimal|bool|\(int, float\))$/.test(kind.text)) {
          env.set(subject.text, safe('number'));
        }
      }
      return;
    }
    default:
      return;
  }
}
