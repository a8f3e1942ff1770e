import type { SourceSpan } from '../finding.js';
import { anyUndecided, eachCombination, eachOption, either, hintForReads, MAX_OPTIONS } from './branches.js';
import { asNumber, make, mergeEnv, pyEquals, unknown, type OpenPart, type Value, type ValueOf } from './value.js';

/**
 * Lists, tuples, sets and dicts as Python builds and changes them, including when part of them is unseen:
 * `[*known, *unknown]`, `MIDDLEWARE + get_extra()`, `d.update(unknown)` keep the members the model knows
 * and record the rest as an open part, so a known member is still known present.
 */

type Sequence = ValueOf<'list'> | ValueOf<'tuple'> | ValueOf<'set'>;
type SequenceKind = Sequence['kind'];

export function isSequence(value: Value): value is Sequence {
  return value.kind === 'list' || value.kind === 'tuple' || value.kind === 'set';
}

/** The unseen part a value stands for when spread into a collection: why it is unseen and what would help. */
export function openPartOf(value: Value, span: SourceSpan): OpenPart {
  if (value.kind === 'unknown') {
    const hint = value.hint ?? hintForReads(value.env.filter((read) => read.state === 'required'));
    return { why: value.why, span, ...(hint ? { hint } : {}) };
  }
  if ((isSequence(value) || value.kind === 'dict') && value.open) return value.open;
  return { why: `the members of a ${value.kind} value`, span };
}

/** The first open part, which is the one reported; later ones stand behind the same question. */
function firstOpen(...parts: Array<OpenPart | undefined>): OpenPart | undefined {
  return parts.find((part) => part !== undefined);
}

/** One element of a display: `x` or `*xs`. */
export type DisplayPart = { spread: false; value: Value } | { spread: true; value: Value; span: SourceSpan };

/** The members a spread contributes: its items, plus an open part when some of them are unseen. */
function spreadMembers(value: Value, span: SourceSpan): { items: Value[]; open?: OpenPart } {
  if (isSequence(value)) return { items: value.items, open: value.open };
  if (value.kind === 'dict') return { items: value.entries.map(([key]) => key), open: value.open };
  if (value.kind === 'str')
    return { items: [...value.value].map((ch) => make('str', { value: ch }, value.span, value.env)) };
  return { items: [], open: openPartOf(value, span) };
}

/** `[a, *b, c]`, `(a, *b)`, `{a, *b}`: an undecided spread gives one outcome per option. */
export function buildSequence(kind: SequenceKind, parts: readonly DisplayPart[], span: SourceSpan): Value {
  const spreads = parts.filter((part) => part.spread).map((part) => part.value);
  if (anyUndecided(...spreads)) {
    return eachCombination(spreads, (chosen) => {
      let next = 0;
      return buildSequence(
        kind,
        parts.map((part) => (part.spread ? { ...part, value: chosen[next++]! } : part)),
        span,
      );
    });
  }
  const items: Value[] = [];
  let open: OpenPart | undefined;
  for (const part of parts) {
    if (!part.spread) {
      items.push(part.value);
      continue;
    }
    const members = spreadMembers(part.value, part.span);
    items.push(...members.items);
    open = firstOpen(open, members.open);
  }
  const env = mergeEnv(...items.map((item) => item.env), ...spreads.map((spread) => spread.env));
  return make(kind, open ? { items, open } : { items }, span, env);
}

/** One element of a dict display: `k: v` or `**d`. */
export type DictPart = { spread: false; key: Value; value: Value } | { spread: true; value: Value; span: SourceSpan };

/** `{"a": 1, **b}`: an undecided spread gives one outcome per option. */
export function buildDict(parts: readonly DictPart[], span: SourceSpan): Value {
  const spreads = parts.filter((part) => part.spread).map((part) => part.value);
  if (anyUndecided(...spreads)) {
    return eachCombination(spreads, (chosen) => {
      let next = 0;
      return buildDict(
        parts.map((part) => (part.spread ? { ...part, value: chosen[next++]! } : part)),
        span,
      );
    });
  }
  let dict: Value = make('dict', { entries: [] }, span);
  for (const part of parts) {
    dict = part.spread ? mergeInto(dict, part.value, part.span) : setEntry(dict, part.key, part.value);
  }
  return dict;
}

/** `dict[key] = value` on a dict the model knows (an undecided dict gets it in every outcome). */
export function setEntry(dict: Value, key: Value, value: Value): Value {
  if (dict.kind === 'either') return eachOption(dict, (option) => setEntry(option, key, value));
  if (dict.kind !== 'dict') return unknown('a container changed in place', dict.span, dict.env);
  const index = dict.entries.findIndex(([k]) => pyEquals(k, key) === true);
  const entries = [...dict.entries];
  if (index >= 0) entries[index] = [dict.entries[index]![0], value];
  else entries.push([key, value]);
  return { ...dict, entries };
}

/**
 * `{**dict, **other}`, `dict.update(other)`, `dict | other`: the entries of `other` replace those of
 * `dict`. When `other` is partly unseen, an entry written before it may have been replaced: it becomes
 * "this value, or whatever the unseen part holds", and the result is open.
 */
export function mergeInto(dict: Value, other: Value, span: SourceSpan): Value {
  if (anyUndecided(dict, other)) return eachCombination([dict, other], ([d, o]) => mergeInto(d!, o!, span));
  if (dict.kind !== 'dict') return unknown('a dict merged into an unknown value', span, mergeEnv(dict.env, other.env));
  let result: Value = dict;
  if (other.kind === 'dict') {
    for (const [key, value] of other.entries) result = setEntry(result, key, value);
    return other.open ? replaceableBy(result as ValueOf<'dict'>, other.open, span) : result;
  }
  return replaceableBy(dict, openPartOf(other, span), span);
}

function replaceableBy(dict: ValueOf<'dict'>, open: OpenPart, span: SourceSpan): Value {
  const unseen = unknown(`a value ${open.why} may set`, open.span, [], open.hint);
  const entries: Array<[Value, Value]> = dict.entries.map(([key, value]) => [
    key,
    either([value, unseen], `${open.why} replacing it`, { at: span, ...(open.hint ? { hint: open.hint } : {}) }),
  ]);
  return { ...dict, entries, open: firstOpen(dict.open, open) };
}

/**
 * `a + b` on lists and tuples, `a | b` on dicts and sets, `list += iterable`: undefined for operands this
 * does not handle (numbers, strings), so the caller goes on.
 */
export function combineCollections(
  operator: string,
  left: Value,
  right: Value,
  span: SourceSpan,
  inPlace: boolean,
): Value | undefined {
  if (operator !== '+' && operator !== '|') return undefined;
  if (anyUndecided(left, right)) return undefined;
  if (!isCollection(left) && !isCollection(right)) return undefined;
  return binaryOnCollections(operator, left, right, span, inPlace);
}

function isCollection(value: Value): boolean {
  return isSequence(value) || value.kind === 'dict';
}

function binaryOnCollections(
  operator: string,
  left: Value,
  right: Value,
  span: SourceSpan,
  inPlace: boolean,
): Value | undefined {
  const env = mergeEnv(left.env, right.env);
  const at = inPlace ? left.span : span;
  if (operator === '+' && (left.kind === 'list' || left.kind === 'tuple')) {
    // `list += x` takes any iterable; `list + x` only a list (a tuple only a tuple).
    if (right.kind === left.kind || (inPlace && left.kind === 'list' && (isSequence(right) || right.kind === 'dict'))) {
      const members = spreadMembers(right, span);
      return make(
        left.kind,
        withOpenPayload([...left.items, ...members.items], firstOpen(left.open, members.open)),
        at,
        env,
      );
    }
    if (right.kind === 'unknown') {
      return make(left.kind, withOpenPayload(left.items, firstOpen(left.open, openPartOf(right, span))), at, env);
    }
  }
  if (operator === '+' && left.kind === 'unknown' && (right.kind === 'list' || right.kind === 'tuple')) {
    return make(right.kind, withOpenPayload(right.items, firstOpen(openPartOf(left, span), right.open)), span, env);
  }
  if (operator === '|' && left.kind === 'dict' && (right.kind === 'dict' || right.kind === 'unknown')) {
    return { ...mergeInto(left, right, span), span: at, env } as Value;
  }
  if (operator === '|' && left.kind === 'unknown' && right.kind === 'dict') {
    return make('dict', { entries: right.entries, open: firstOpen(openPartOf(left, span), right.open)! }, span, env);
  }
  if (operator === '|' && left.kind === 'set') {
    if (right.kind === 'set' || right.kind === 'unknown') {
      const members = spreadMembers(right, span);
      const items = [
        ...left.items,
        ...members.items.filter((item) => !left.items.some((o) => pyEquals(o, item) === true)),
      ];
      return make('set', withOpenPayload(items, firstOpen(left.open, members.open)), at, env);
    }
  }
  return undefined;
}

/**
 * The outcomes on which calling a list or dict method does not raise: on None it raises AttributeError, so
 * an undecided path that reaches it is not how production runs and is dropped, as other raising paths are.
 * Undefined when every outcome is None.
 */
export function withoutNone(value: Value): Value | undefined {
  if (value.kind === 'none') return undefined;
  if (value.kind !== 'either') return value;
  const kept = value.options.filter((option) => option.kind !== 'none');
  if (kept.length === value.options.length) return value;
  return kept.length ? either(kept, value.condition, { at: value.at, hint: value.hint }) : undefined;
}

function mutatedWhat(option: Value, method: string): string {
  return option.kind === 'none' ? `the result of calling ${method}() on None` : `a ${option.kind} after ${method}()`;
}

function withOpenPayload(items: Value[], open: OpenPart | undefined): { items: Value[]; open?: OpenPart } {
  return open ? { items, open } : { items };
}

/**
 * `list.append/insert/extend/remove/clear`, `dict.update/setdefault/clear` as statements: the changed
 * value, or undefined when the receiver is not a collection this follows.
 */
export function mutate(container: Value, method: string, args: readonly Value[], span: SourceSpan): Value | undefined {
  if (container.kind === 'either') {
    const viable = withoutNone(container) ?? container;
    if (viable.kind !== 'either') return mutate(viable, method, args, span);
    return eachOption(
      viable,
      (option) => mutate(option, method, args, span) ?? unknown(mutatedWhat(option, method), span, option.env),
    );
  }
  if (args.some((arg) => arg.kind === 'either')) {
    return eachCombination([...args], (chosen) => mutate(container, method, chosen, span) ?? container);
  }
  if (container.kind === 'list') return mutateList(container, method, args, span);
  if (container.kind === 'dict') return mutateDict(container, method, args, span);
  return undefined;
}

function mutateList(
  list: ValueOf<'list'>,
  method: string,
  args: readonly Value[],
  span: SourceSpan,
): Value | undefined {
  const items = [...list.items];
  let open = list.open;
  const env = mergeEnv(list.env, ...args.map((arg) => arg.env));
  const result = () => ({ ...list, items, env, ...(open ? { open } : {}) }) as Value;
  switch (method) {
    case 'append':
      if (args[0]) items.push(args[0]);
      return result();
    case 'insert': {
      const item = args[1];
      if (!args[0] || !item) return unknown('a list changed by insert() without an item', span, env);
      if (args[0].kind === 'float') return unknown('list.insert() with a float index (it raises TypeError)', span, env);
      const at = asNumber(args[0]);
      if (at === undefined || list.open) return insertedAnywhere(list, item, span, env);
      const index = at < 0 ? Math.max(0, items.length + at) : Math.min(at, items.length);
      items.splice(index, 0, item);
      return result();
    }
    case 'extend': {
      const extra = args[0];
      if (!extra) return result();
      const members = spreadMembers(extra, span);
      items.push(...members.items);
      open = firstOpen(open, members.open);
      return result();
    }
    case 'remove': {
      const needle = args[0];
      if (!needle) return result();
      const index = items.findIndex((item) => pyEquals(item, needle) === true);
      if (index >= 0) items.splice(index, 1);
      else if (items.some((item) => pyEquals(item, needle) === undefined)) {
        return unknown('a list with an item removed that may or may not be there', span, env);
      }
      // Not among the known items: Python raises unless the unseen part holds it, so it is gone either way.
      return result();
    }
    case 'clear':
      items.length = 0;
      open = undefined;
      return { ...list, items, env, open: undefined } as Value;
    case 'pop':
      return unknown('a list after pop()', span, env, 'write the list without pop(), or accept that it is not judged');
    default:
      return undefined;
  }
}

/** `insert(i, x)` at a position the model cannot compute: one outcome per place `x` could go. */
function insertedAnywhere(list: ValueOf<'list'>, item: Value, span: SourceSpan, env: Value['env']): Value {
  if (list.open || list.items.length + 1 > MAX_OPTIONS) {
    // The members are still known; only their order is not, which no membership question depends on.
    return { ...list, items: [...list.items, item], env } as Value;
  }
  const options = Array.from({ length: list.items.length + 1 }, (_, index) => {
    const items = [...list.items];
    items.splice(index, 0, item);
    return { ...list, items, env } as Value;
  });
  return either(options, 'the position insert() puts it at', { at: span });
}

function mutateDict(dict: ValueOf<'dict'>, method: string, args: readonly Value[], span: SourceSpan): Value {
  switch (method) {
    case 'update':
      return args[0] ? mergeInto(dict, args[0], span) : dict;
    case 'setdefault': {
      const key = args[0];
      if (!key) return dict;
      const present = dict.entries.some(([k]) => pyEquals(k, key) === true);
      if (present) return dict;
      if (dict.open) return unknown('a dict setdefault() whose key may already be set', span, dict.env, dict.open.hint);
      return setEntry(dict, key, args[1] ?? make('none', {}, span));
    }
    case 'clear':
      return { ...dict, entries: [], open: undefined } as Value;
    default:
      return unknown(`a dict after ${method}()`, span, dict.env);
  }
}

/** Python's slice of a list, tuple or string with known bounds. */
export function sliceOf(
  container: Value,
  bounds: { start?: Value; stop?: Value; step?: Value },
  span: SourceSpan,
): Value {
  const given = [bounds.start ?? none(span), bounds.stop ?? none(span), bounds.step ?? none(span)];
  if (anyUndecided(container, ...given)) {
    return eachCombination([container, ...given], ([c, start, stop, step]) =>
      sliceOf(c!, { start: start!, stop: stop!, step: step! }, span),
    );
  }
  const env = mergeEnv(container.env, ...Object.values(bounds).map((b) => b?.env ?? []));
  const number = (bound: Value | undefined) =>
    bound === undefined || bound.kind === 'none'
      ? null
      : bound.kind === 'int' || bound.kind === 'bool'
        ? asNumber(bound)!
        : undefined;
  const start = number(bounds.start);
  const stop = number(bounds.stop);
  const step = number(bounds.step) ?? 1;
  if (start === undefined || stop === undefined || step === undefined || step === 0) {
    return unknown('a slice with bounds the model cannot compute', span, env);
  }
  const sequence =
    container.kind === 'str'
      ? [...container.value]
      : container.kind === 'list' || container.kind === 'tuple'
        ? container.open
          ? undefined
          : container.items
        : undefined;
  if (!sequence) {
    const open = (container.kind === 'list' || container.kind === 'tuple') && container.open;
    return unknown(
      open ? `a slice of a list with ${open.why}` : 'a slice of an unknown value',
      span,
      env,
      open ? open.hint : undefined,
    );
  }
  const picked = pythonSlice(sequence.length, start, stop, step).map((index) => sequence[index]!);
  if (container.kind === 'str') return make('str', { value: (picked as string[]).join('') }, span, env);
  return make(container.kind as 'list', { items: picked as Value[] }, span, env);
}

function none(span: SourceSpan): Value {
  return make('none', {}, span);
}

/** The indices `range(len)[start:stop:step]` selects, with Python's clamping of bounds. */
function pythonSlice(length: number, start: number | null, stop: number | null, step: number): number[] {
  const clamp = (bound: number | null, fallback: number, low: number, high: number) => {
    if (bound === null) return fallback;
    const index = bound < 0 ? bound + length : bound;
    return Math.min(Math.max(index, low), high);
  };
  const indices: number[] = [];
  if (step > 0) {
    const from = clamp(start, 0, 0, length);
    const to = clamp(stop, length, 0, length);
    for (let i = from; i < to; i += step) indices.push(i);
  } else {
    const from = clamp(start, length - 1, -1, length - 1);
    const to = clamp(stop, -1, -1, length - 1);
    for (let i = from; i > to; i += step) indices.push(i);
  }
  return indices;
}

/** `container[key]` on collections: undecided containers per outcome, unseen members as unknown. */
export function itemOf(container: Value, key: Value, span: SourceSpan): Value | undefined {
  if (anyUndecided(container, key)) {
    return eachCombination(
      [container, key],
      ([c, k]) => itemOf(c!, k!, span) ?? unknown('an item of an unknown container', span, mergeEnv(c!.env, k!.env)),
    );
  }
  const env = mergeEnv(container.env, key.env);
  if (container.kind === 'dict') {
    const found = container.entries.find(([k]) => pyEquals(k, key) === true);
    if (found) return found[1];
    if (container.open) return unknown(`a key ${container.open.why} may set`, span, env, container.open.hint);
    return unknown('a missing dict key', span, env);
  }
  if ((container.kind === 'list' || container.kind === 'tuple' || container.kind === 'str') && key.kind === 'int') {
    if (container.kind !== 'str' && container.open) {
      return unknown(`an item of a list with ${container.open.why}`, span, env, container.open.hint);
    }
    const items = container.kind === 'str' ? [...container.value] : container.items;
    const index = key.value < 0 ? items.length + key.value : key.value;
    const item = items[index];
    if (item === undefined) return unknown('an index out of range', span, container.env);
    return typeof item === 'string' ? make('str', { value: item }, span, container.env) : item;
  }
  return undefined;
}

/**
 * Methods called on collections and on undecided values: `method` of each outcome (through `callOn`, the
 * caller's own method dispatch), and the collection methods an unseen part changes the answer of.
 */
export function collectionMethod(
  receiver: Value,
  method: string,
  positional: readonly Value[],
  span: SourceSpan,
  callOn: (receiver: Value) => Value | undefined,
): Value | undefined {
  if (receiver.kind === 'either') {
    return eachOption(
      receiver,
      (option) => callOn(option) ?? unknown(`the result of .${method}()`, span, mergeEnv(option.env)),
    );
  }
  const env = mergeEnv(receiver.env, ...positional.map((arg) => arg.env));
  if (method === 'copy' && (isSequence(receiver) || receiver.kind === 'dict')) return receiver;
  if (receiver.kind === 'dict' && method === 'get') {
    const key = positional[0];
    if (!key) return undefined;
    const found = receiver.entries.find(([k]) => pyEquals(k, key) === true);
    if (found) return found[1];
    if (receiver.open) return unknown(`a key ${receiver.open.why} may set`, span, env, receiver.open.hint);
    if (receiver.entries.some(([k]) => pyEquals(k, key) === undefined)) return undefined;
    return positional[1] ?? make('none', {}, span, env);
  }
  if ((receiver.kind === 'list' || receiver.kind === 'tuple') && (method === 'index' || method === 'count')) {
    const needle = positional[0];
    // index(x, start, stop) searches a slice: left unknown rather than answered for the whole sequence.
    if (!needle || positional.length > 1 || receiver.open) return undefined;
    const matches = receiver.items.map((item) => pyEquals(item, needle));
    if (matches.includes(undefined)) return undefined;
    if (method === 'count') return make('int', { value: matches.filter(Boolean).length }, span, env);
    const index = matches.indexOf(true);
    return index < 0
      ? unknown(`.index() of a missing item (it raises ValueError)`, span, env)
      : make('int', { value: index }, span, env);
  }
  return undefined;
}

/** `list(x)`, `tuple(x)`, `set(x)`, `sorted(x)` of a collection with an unseen part: the same members, still open. */
export function convertOpen(kind: SequenceKind, value: Value, span: SourceSpan): Value | undefined {
  if (value.kind === 'either') {
    return eachOption(
      value,
      (option) => convertOpen(kind, option, span) ?? unknown(`${kind}() of an unknown value`, span, option.env),
    );
  }
  if (!(isSequence(value) || value.kind === 'dict' || value.kind === 'unknown')) return undefined;
  const members = spreadMembers(value, span);
  if (!members.open && value.kind !== 'unknown') return undefined;
  return make(kind, withOpenPayload(members.items, members.open), span, value.env);
}
