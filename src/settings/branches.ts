import type { SourceSpan } from '../finding.js';
import { describeSpan } from '../parse/span.js';
import { isKnown, make, mergeEnv, pyEquals, repr, unknown, type EnvRead, type OpenPart, type Value } from './value.js';

/**
 * The outcomes of branches the model cannot decide. Each undecided `if`, `try: import x` or conditional
 * expression yields an `either`; every later operation applies to each outcome, so a question every outcome
 * answers alike ("is SecurityMiddleware in MIDDLEWARE?") still has an answer.
 */

/** More outcomes than this and the value keeps only what every outcome has in common. */
export const MAX_OPTIONS = 16;

/** How an undecided choice is described: the condition's text, where it is, and what would decide it. */
export interface Choice {
  condition: string;
  at?: SourceSpan;
  hint?: string;
}

/** "set FEATURE in the production environment (--env)", from the variables a condition read without a value. */
export function hintForReads(reads: readonly EnvRead[]): string | undefined {
  const variables = [...new Set(reads.filter((read) => read.state !== 'given').map((read) => read.variable))];
  return variables.length ? `set ${variables.join(' and ')} in the production environment (--env)` : undefined;
}

/**
 * Outcomes that are the same value answer every question alike, so the first one (with its provenance)
 * stands for them; unknown outcomes are the same only when they come from the same construct.
 */
function outcomeKey(value: Value): string {
  if (isKnown(value)) return `${value.kind}|${repr(value)}`;
  const reads = value.env.map((read) => `${read.variable}:${read.state}`).join(',');
  const why = value.kind === 'unknown' ? value.why : '';
  return `${value.kind}|${repr(value)}|${why}|${describeSpan(value.span)}|${reads}`;
}

function flatten(options: readonly Value[], choices: Choice[]): Value[] {
  const flat: Value[] = [];
  for (const option of options) {
    if (option.kind === 'either') {
      choices.push({ condition: option.condition, at: option.at, hint: option.hint });
      flat.push(...flatten(option.options, choices));
    } else flat.push(option);
  }
  return flat;
}

function joinChoices(choices: readonly Choice[]): Choice {
  const distinct = choices.filter(
    (choice, index) => choices.findIndex((other) => other.condition === choice.condition) === index,
  );
  const hints = [...new Set(distinct.map((choice) => choice.hint).filter((hint): hint is string => !!hint))];
  return {
    condition: distinct.map((choice) => choice.condition).join('` and `'),
    at: distinct.find((choice) => choice.at)?.at,
    hint: hints.length ? hints.join('; ') : undefined,
  };
}

/**
 * Several outcomes as one value: nested choices flattened, an outcome reached twice kept once, and past
 * MAX_OPTIONS what every outcome has in common (see `collapse`).
 */
export function either(options: readonly Value[], condition: string, where: Omit<Choice, 'condition'> = {}): Value {
  const choices: Choice[] = [{ condition, ...where }];
  const flat = flatten(options, choices);
  const seen = new Set<string>();
  const distinct = flat.filter((option) => {
    const key = outcomeKey(option);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const first = distinct[0]!;
  if (distinct.length === 1) return first;
  // Outcomes that are all unknown answer no question: one cause stands for them (the one with a hint).
  if (distinct.every((option) => option.kind === 'unknown')) {
    return distinct.find((option) => option.kind === 'unknown' && option.hint) ?? first;
  }
  const choice = joinChoices(choices);
  if (distinct.length > MAX_OPTIONS) return collapse(distinct, choice);
  return make(
    'either',
    {
      options: distinct,
      condition: choice.condition,
      ...(choice.at ? { at: choice.at } : {}),
      ...(choice.hint ? { hint: choice.hint } : {}),
    },
    first.span,
    mergeEnv(...distinct.map((option) => option.env)),
  );
}

/**
 * Too many outcomes to follow one by one: a collection keeps the members every outcome has (known
 * present) and an open part for the rest; anything else becomes unknown, naming the choices.
 */
function collapse(options: readonly Value[], choice: Choice): Value {
  const first = options[0]!;
  const span = choice.at ?? first.span;
  const env = mergeEnv(...options.map((option) => option.env));
  const why = `more than ${MAX_OPTIONS} combinations of undecided branches (\`${choice.condition}\`)`;
  const open: OpenPart = { why, span, ...(choice.hint ? { hint: choice.hint } : {}) };
  if (first.kind === 'list' || first.kind === 'tuple' || first.kind === 'set') {
    const sequences = options.filter((option) => option.kind === first.kind) as Array<typeof first>;
    if (sequences.length === options.length) {
      const items = first.items.filter((item) =>
        sequences.every((option) => option.items.some((other) => pyEquals(other, item) === true)),
      );
      return make(first.kind, { items, open }, first.span, env);
    }
  }
  if (first.kind === 'dict') {
    const dicts = options.filter((option) => option.kind === 'dict') as Array<typeof first>;
    if (dicts.length === options.length) {
      const entries = first.entries.filter(([key, value]) =>
        dicts.every((option) =>
          option.entries.some(([k, v]) => pyEquals(k, key) === true && pyEquals(v, value) === true),
        ),
      );
      return make('dict', { entries, open }, first.span, env);
    }
  }
  return unknown(why, span, env, choice.hint);
}

/** `apply` to each outcome of `value`, the results kept as outcomes of the same choice. */
export function eachOption(value: Value, apply: (option: Value) => Value): Value {
  if (value.kind !== 'either') return apply(value);
  return either(
    value.options.map((option) => eachOption(option, apply)),
    value.condition,
    { at: value.at, hint: value.hint },
  );
}

/** `apply` to every combination of the outcomes of `values` (an operation with several undecided operands). */
export function eachCombination(values: readonly Value[], apply: (combination: Value[]) => Value): Value {
  const index = values.findIndex((value) => value.kind === 'either');
  if (index < 0) return apply([...values]);
  const choice = values[index] as Extract<Value, { kind: 'either' }>;
  return either(
    choice.options.map((option) => eachCombination(replaced(values, index, option), apply)),
    choice.condition,
    { at: choice.at, hint: choice.hint },
  );
}

function replaced(values: readonly Value[], index: number, value: Value): Value[] {
  const copy = [...values];
  copy[index] = value;
  return copy;
}

/** Whether any of the values is an undecided choice. */
export function anyUndecided(...values: readonly Value[]): boolean {
  return values.some((value) => value.kind === 'either');
}
