import type { SyntaxNode } from '../parse/python-parser.js';

/**
 * Keys settings generate at start-up when none is given: `"".join(random.SystemRandom().choice(chars) for _
 * in range(50))` (bakerydemo), `"".join(random.choices(chars, k=50))`. Nothing of such a key is written in the
 * source, so it is the random secret get_random_secret_key() gives, not a value the model failed to follow.
 */
const RANDOM_PICK = /^(?:(?:random|secrets)\.)?(?:SystemRandom\(\)\.)?choices?$/;

function picksRandomly(node: SyntaxNode | null | undefined): boolean {
  if (node?.type !== 'call') return false;
  const callee = node.childForFieldName('function');
  return callee?.type === 'attribute' && RANDOM_PICK.test(callee.text.replace(/\s+/g, ''));
}

/** Whether `call` is `"<separator>".join(...)` of characters picked at random. */
export function joinsRandomPicks(call: SyntaxNode): boolean {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'join') return false;
  if (callee.childForFieldName('object')?.type !== 'string') return false;
  const argumentsNode = call.childForFieldName('arguments');
  // `f(x for x in y)` has the generator itself as its arguments; `f([...])` has an argument list.
  const argument = argumentsNode?.type === 'generator_expression' ? argumentsNode : argumentsNode?.namedChildren[0];
  if (!argument) return false;
  if (argument.type === 'generator_expression' || argument.type === 'list_comprehension') {
    return picksRandomly(argument.childForFieldName('body'));
  }
  return picksRandomly(argument);
}
