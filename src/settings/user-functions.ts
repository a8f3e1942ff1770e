import type { SourceSpan } from '../finding.js';
import type { SyntaxNode } from '../parse/python-parser.js';
import { describeSpan, spanOf } from '../parse/span.js';
import { helperBool } from './env-readers.js';
import { either, evaluate, iterate } from './expressions.js';
import { MAX_UNROLL, cloneScope, type Frame, type FunctionDefinition, type Scope } from './frame.js';
import { GuardedVariables } from './interpreter.js';
import { assignTarget, runExpressionStatement, unassigned } from './statements.js';
import {
  anyTrue,
  make,
  mergeEnv,
  pyEquals,
  truthy,
  unknown,
  withProvenance,
  type Answer,
  type EnvRead,
  type Value,
} from './value.js';

/**
 * Functions the project defines (in the settings or in any module they import), run on the arguments of
 * each call. Every path through the body is followed: a condition the model cannot decide forks the run,
 * a path that raises is not how production runs, and the paths that return give the call's outcomes, with
 * the environment reads that chose them ("['*'] when PAPERLESS_ALLOWED_HOSTS is unset").
 */

export const BOOL_HELPER_NAME =
  /(^|_)(str_?2_?bool|str_?to_?bool|strtobool|to_?bool|as_?bool|parse_?bool|env_?bool|get_?bool|bool_?env|bool_?from_?\w*|is_?true|truthy|boolify|getbool|booleanize)$/i;
const MAX_CALL_DEPTH = 8;
/** More paths than this through one call and the call is left unknown. */
const MAX_PATHS = 32;

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

/** How one path through a function body ends. `env` holds the reads that chose the path. */
type PathEnd =
  | { kind: 'normal' | 'break' | 'continue'; frame: Frame; env: readonly EnvRead[] }
  | { kind: 'return'; value: Value; frame: Frame; env: readonly EnvRead[] }
  | { kind: 'raise'; exception: string; env: readonly EnvRead[] }
  | { kind: 'unfollowed'; what: string; at?: SourceSpan };

/** A statement still to run, or the rest of an if/elif/else chain after its undecided or false clauses. */
type Work = SyntaxNode | { clauses: SyntaxNode[] };

interface Budget {
  paths: number;
  /** The first undecided condition, which names the choice when several paths return. */
  choice?: { condition: string; at: SourceSpan };
}

export function callFunction(
  definition: FunctionDefinition,
  name: string,
  positional: Value[],
  keywords: Map<string, Value>,
  span: SourceSpan,
  frame: Frame,
): Value {
  let reason: string | undefined;
  const followed = followFunction(definition, positional, keywords, span, frame, (why) => (reason = why));
  if (followed) return followed;
  if (BOOL_HELPER_NAME.test(name) && positional[0]) return helperBool(positional[0], span);
  return unknown(`the result of ${name}()${reason ? `, which ${reason}` : ''}`, span);
}

function isNamespace(value: Value): boolean {
  return value.kind === 'object' && value.object.type === 'namespace';
}

/** The call's value when the model can follow the body; undefined when it cannot. */
export function followFunction(
  definition: FunctionDefinition,
  positional: Value[],
  keywords: Map<string, Value>,
  span: SourceSpan,
  frame: Frame,
  /** Told why, when the body cannot be followed. */
  explain: (reason: string) => void = () => undefined,
): Value | undefined {
  const name = definition.node.childForFieldName('name')?.text ?? 'a function';
  const fallback = (reason?: string): undefined => {
    if (reason) explain(reason);
    return undefined;
  };
  if (frame.depth >= MAX_CALL_DEPTH) return fallback(`calls functions more than ${MAX_CALL_DEPTH} deep`);
  // `globals()` handed over at module level: writes through it land in the calling module.
  const handedNamespace = [...positional, ...keywords.values()].some(isNamespace);
  const namespace = handedNamespace
    ? frame.depth === 0
      ? (frame.globals ?? frame.scope)
      : frame.namespace
    : undefined;
  if (handedNamespace && !namespace) return fallback('is handed a namespace inside another function');
  const home = homeNamespace(definition, frame);
  const callFrame: Frame = {
    ...(namespace ? { namespace } : {}),
    interpreter: frame.interpreter,
    scope: bindParameters(definition, positional, keywords, span, frame),
    // Each path writes its own copy of the module's names; the paths' writes are merged at the end.
    globals: cloneScope(home.scope),
    globalNames: new Set(),
    file: definition.file,
    absPath: definition.absPath,
    pathEnv: [],
    importsMayFail: false,
    depth: frame.depth + 1,
  };
  const body = definition.node.childForFieldName('body');
  if (!body) return fallback();
  const budget: Budget = { paths: 1 };
  const ends = runPaths(statementsOf(body), callFrame, [], budget);
  const unfollowed = ends.find((end) => end.kind === 'unfollowed');
  if (unfollowed?.kind === 'unfollowed') {
    const where = unfollowed.at ? ` (${describeSpan(unfollowed.at)})` : '';
    forgetModuleWrites(home, ends, callFrame, name, span);
    return fallback(`has ${unfollowed.what}${where} the scanner does not follow`);
  }
  if (ends.some((end) => end.kind === 'break' || end.kind === 'continue')) {
    forgetModuleWrites(home, ends, callFrame, name, span);
    return fallback();
  }
  writeModuleNames(home, ends, budget, span, frame);

  // The call is where the setting gets its value, so each outcome points there, not into the helper.
  const outcomes: Value[] = [];
  for (const end of ends) {
    if (end.kind !== 'return' && end.kind !== 'normal') continue;
    const value = end.kind === 'return' ? end.value : make('none', {}, span);
    outcomes.push(withProvenance(value, span, end.env));
  }
  if (outcomes.length === 0) return raised(ends, name, span, frame);
  // One path the model cannot see into does not hide the others (netbox's load_configuration() returns
  // a module loaded from a file on a wheel install, else netbox.configuration): only when no path gives
  // a value does the call stay unknown.
  const blind = outcomes.find((value) => value.kind === 'unknown' && !value.hint);
  if (blind?.kind === 'unknown' && outcomes.every((value) => value.kind === 'unknown' && !value.hint)) {
    return fallback(`returns ${blind.why}`);
  }
  if (outcomes.length === 1) return outcomes[0]!;
  const choice = budget.choice;
  const result = either(outcomes, choice?.condition ?? `a condition in ${name}()`);
  const hint = hintFor(outcomes);
  return result.kind === 'either'
    ? { ...result, ...(choice ? { at: choice.at } : {}), ...(hint ? { hint } : {}) }
    : result;
}

/** Where `global NAME` writes land: the namespace of the module the function was defined in. */
interface Home {
  scope: Scope;
  absPath: string;
}

function homeNamespace(definition: FunctionDefinition, frame: Frame): Home {
  // Called from its own module, the caller's view of that module is the current one (a branch's copy at
  // module level, or an enclosing helper's copy of the module's names).
  if (definition.absPath === frame.absPath) return { scope: frame.globals ?? frame.scope, absPath: frame.absPath };
  return { scope: definition.globals, absPath: definition.absPath };
}

type Settled = Extract<PathEnd, { kind: 'normal' | 'return' }>;

function settled(ends: readonly PathEnd[]): Settled[] {
  return ends.filter((end): end is Settled => end.kind === 'normal' || end.kind === 'return');
}

/** The module names some path of the call rebound or changed in place. */
function namesWritten(home: Home, ends: readonly Settled[]): string[] {
  const names = new Set<string>();
  for (const end of ends) {
    for (const [name, binding] of end.frame.globals ?? []) if (home.scope.get(name) !== binding) names.add(name);
  }
  return [...names];
}

/**
 * `global X` then `X = ...`, `X += ...`, `X.append(...)` or `X[key] = ...` inside the function: the
 * module's X, as Python has it. Paths that raise are not how production runs; when the paths that do
 * return disagree, X is either outcome, like a module-level `if` the model cannot decide.
 */
function writeModuleNames(home: Home, ends: readonly PathEnd[], budget: Budget, span: SourceSpan, frame: Frame): void {
  const paths = settled(ends);
  for (const name of namesWritten(home, paths)) {
    const bindings = paths.map((end) => end.frame.globals?.get(name));
    if (/^[A-Z][A-Z0-9_]*$/.test(name)) frame.interpreter.modulesAssigningSettings.add(home.absPath);
    const first = bindings[0];
    if (first && bindings.every((binding) => binding === first)) {
      home.scope.set(name, first);
      continue;
    }
    const condition = budget.choice?.condition ?? 'a condition in a function';
    const options = paths.map((end, index) =>
      withProvenance(bindings[index]?.value ?? unassigned(name, span, condition, false), span, end.env),
    );
    const merged = either(options, condition);
    const hint = hintFor(options);
    home.scope.set(name, {
      value:
        merged.kind === 'either'
          ? { ...merged, ...(budget.choice ? { at: budget.choice.at } : {}), ...(hint ? { hint } : {}) }
          : merged,
      assignedAt: span,
    });
  }
}

/** A call the model cannot follow leaves unknown each module name it was seen writing or declared global. */
function forgetModuleWrites(
  home: Home,
  ends: readonly PathEnd[],
  callFrame: Frame,
  name: string,
  span: SourceSpan,
): void {
  const names = new Set([...namesWritten(home, settled(ends)), ...(callFrame.globalNames ?? [])]);
  for (const written of names) {
    home.scope.set(written, { value: unknown(`${written} as ${name}() leaves it`, span), assignedAt: span });
  }
}

/**
 * "set X in the production environment (--env)", for the variables that chose between the outcomes; a
 * name read from a deploy-time module is set in that module, not in the environment.
 */
function hintFor(outcomes: readonly Value[]): string | undefined {
  const reads = mergeEnv(...outcomes.map((outcome) => outcome.env)).filter((read) => read.state !== 'given');
  const variables = [...new Set(reads.filter((read) => !read.module).map((read) => read.variable))];
  const moduleNames = [
    ...new Set(reads.filter((read) => read.module).map((read) => `${read.variable} in ${read.module}`)),
  ];
  const hints = [
    ...(variables.length ? [`set ${variables.join(' and ')} in the production environment (--env)`] : []),
    ...(moduleNames.length ? [`set ${moduleNames.join(' and ')}`] : []),
  ];
  return hints.length ? hints.join(', and ') : undefined;
}

/**
 * Every path raises. When that happens only because a variable is unset, at the top of a module, the
 * settings refuse to run without it: production must set it (the interpreter runs again with it
 * supplied). Otherwise the call's value is unknown, and says so.
 */
function raised(ends: readonly PathEnd[], name: string, span: SourceSpan, frame: Frame): Value | undefined {
  const first = ends.find((end) => end.kind === 'raise');
  if (first?.kind !== 'raise') return undefined;
  const env = mergeEnv(frame.pathEnv, first.env);
  const guarded = frame.interpreter.host.environment.guarded;
  const unset = env.filter(
    (read) => (read.state === 'default' || read.state === 'unset') && !guarded.has(read.variable),
  );
  if (unset.length > 0 && frame.depth === 0 && !frame.importsMayFail) {
    throw new GuardedVariables(unset.map((read) => read.variable));
  }
  const given = env.filter((read) => read.state === 'given').map((read) => read.variable);
  return unknown(
    `${name}() raises ${first.exception}`,
    span,
    env,
    given.length
      ? `the settings would not import with the given ${given.join(' and ')}: check those values`
      : `the settings would not import: ${name}() raises here`,
  );
}

/** Binds arguments to parameters as Python does: positional, keyword, defaults, `*args`, `**kwargs`. */
function bindParameters(
  definition: FunctionDefinition,
  positional: Value[],
  keywords: Map<string, Value>,
  span: SourceSpan,
  frame: Frame,
): Scope {
  const scope: Scope = new Map();
  const defaultsFrame: Frame = { ...frame, scope, globals: definition.globals, file: definition.file };
  const used = new Set<string>();
  let index = 0;
  let keywordOnly = false;
  for (const parameter of definition.node.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!parameter || parameter.type === 'comment') continue;
    if (parameter.type === 'keyword_separator' || parameter.type === 'positional_separator') {
      keywordOnly ||= parameter.type === 'keyword_separator';
      continue;
    }
    const name =
      parameter.type === 'identifier'
        ? parameter.text
        : (parameter.childForFieldName('name') ?? parameter.namedChildren.find((c) => c?.type === 'identifier'))?.text;
    if (!name) continue;
    if (parameter.type === 'list_splat_pattern') {
      scope.set(name, { value: make('tuple', { items: positional.slice(index) }, span), assignedAt: span });
      index = positional.length;
      keywordOnly = true;
      continue;
    }
    if (parameter.type === 'dictionary_splat_pattern') {
      const rest = [...keywords].filter(([key]) => !used.has(key));
      const entries = rest.map(([key, value]): [Value, Value] => [make('str', { value: key }, span), value]);
      scope.set(name, { value: make('dict', { entries }, span), assignedAt: span });
      continue;
    }
    let value = keywords.get(name);
    if (value) used.add(name);
    else if (!keywordOnly && index < positional.length) value = positional[index];
    if (!keywordOnly) index += 1;
    if (!value) {
      const defaultNode = parameter.childForFieldName('value');
      value = defaultNode ? evaluate(defaultNode, defaultsFrame) : unknown(`the parameter ${name}`, span);
    }
    scope.set(name, { value, assignedAt: span });
  }
  return scope;
}

function statementsOf(block: SyntaxNode | null | undefined): SyntaxNode[] {
  return (block?.namedChildren ?? []).filter((child): child is SyntaxNode => child !== null);
}

function forked(frame: Frame): Frame {
  return { ...frame, scope: cloneScope(frame.scope), ...(frame.globals ? { globals: cloneScope(frame.globals) } : {}) };
}

/** Runs `work` in order from `frame`, forking at undecided conditions; returns how each path ends. */
function runPaths(work: readonly Work[], frame: Frame, env: readonly EnvRead[], budget: Budget): PathEnd[] {
  for (let index = 0; index < work.length; index++) {
    const item = work[index]!;
    const rest = work.slice(index + 1);
    if (!('type' in item)) return runClauses(item.clauses, rest, frame, env, budget);
    switch (item.type) {
      case 'expression_statement':
        for (const child of item.namedChildren) if (child) runExpressionStatement(child, frame, item);
        break;
      case 'return_statement': {
        const expression = item.namedChildren[0];
        const value = expression ? evaluate(expression, frame) : make('none', {}, spanOf(item, frame.file));
        return [{ kind: 'return', value, frame, env }];
      }
      case 'raise_statement':
        return [{ kind: 'raise', exception: exceptionName(item), env }];
      case 'assert_statement': {
        const condition = item.namedChildren[0];
        const test = condition ? evaluate(condition, frame) : undefined;
        if (test && truthy(test) === false) {
          return [{ kind: 'raise', exception: 'AssertionError', env: mergeEnv(env, test.env) }];
        }
        break;
      }
      case 'if_statement':
        return runClauses([item, ...item.childrenForFieldName('alternative').filter(isNode)], rest, frame, env, budget);
      case 'with_statement': {
        const clause = item.namedChildren.find((child) => child?.type === 'with_clause');
        for (const withItem of clause?.namedChildren ?? [])
          if (withItem?.type === 'with_item') bindWithItem(withItem, frame);
        return runPaths([...statementsOf(item.childForFieldName('body')), ...rest], frame, env, budget);
      }
      case 'try_statement':
        return runTry(item, rest, frame, env, budget);
      case 'for_statement':
        return runFor(item, rest, frame, env, budget);
      case 'match_statement':
        return runMatch(item, rest, frame, env, budget);
      case 'break_statement':
        return [{ kind: 'break', frame, env }];
      case 'continue_statement':
        return [{ kind: 'continue', frame, env }];
      case 'function_definition':
        defineFunction(item, frame);
        break;
      case 'decorated_definition': {
        const definition = item.childForFieldName('definition');
        if (definition?.type !== 'function_definition') {
          return [{ kind: 'unfollowed', what: 'a decorated class', at: spanOf(item, frame.file) }];
        }
        defineFunction(definition, frame);
        break;
      }
      case 'global_statement':
        for (const name of item.namedChildren) if (name?.type === 'identifier') frame.globalNames?.add(name.text);
        break;
      case 'pass_statement':
      case 'comment':
      case 'nonlocal_statement':
        break;
      default:
        return [{ kind: 'unfollowed', what: `a ${item.type.replace(/_/g, ' ')}`, at: spanOf(item, frame.file) }];
    }
  }
  return [{ kind: 'normal', frame, env }];
}

function isNode(node: SyntaxNode | null): node is SyntaxNode {
  return node !== null;
}

/** An if/elif/else chain: the first clause whose condition holds runs; an undecided one forks. */
function runClauses(
  clauses: readonly SyntaxNode[],
  rest: readonly Work[],
  frame: Frame,
  env: readonly EnvRead[],
  budget: Budget,
): PathEnd[] {
  const [clause, ...others] = clauses;
  if (!clause) return runPaths(rest, frame, env, budget);
  if (clause.type === 'else_clause') {
    return runPaths([...statementsOf(clause.childForFieldName('body')), ...rest], frame, env, budget);
  }
  const conditionNode = clause.childForFieldName('condition');
  const body = statementsOf(clause.childForFieldName('consequence'));
  if (!conditionNode) return [{ kind: 'unfollowed', what: 'an if without a condition' }];
  const test = evaluate(conditionNode, frame);
  const decided = truthy(test);
  const after = mergeEnv(env, test.env);
  if (decided === true) return runPaths([...body, ...rest], frame, after, budget);
  if (decided === false) return runPaths([{ clauses: others }, ...rest], frame, after, budget);
  budget.paths += 1;
  if (budget.paths > MAX_PATHS) return [{ kind: 'unfollowed', what: 'too many paths' }];
  budget.choice ??= { condition: conditionNode.text, at: spanOf(conditionNode, frame.file) };
  return [
    ...runPaths([...body, ...rest], forked(frame), after, budget),
    ...runPaths([{ clauses: others }, ...rest], frame, after, budget),
  ];
}

const LITERAL_PATTERNS = new Set(['string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'none']);

/**
 * Whether `subject` matches a case pattern: literals, `|` alternatives of literals, a capture name or the
 * wildcard `_`; null for patterns the model does not follow (sequences, classes, mappings, guards).
 */
function matchesPattern(subject: Value, pattern: SyntaxNode, frame: Frame): Answer | null {
  const parts = pattern.namedChildren.filter(
    (child): child is SyntaxNode => child !== null && child.type !== 'comment',
  );
  if (parts.length === 0) return true;
  if (parts.length > 1) return null;
  const part = parts[0]!;
  const alternatives = part.type === 'union_pattern' ? part.namedChildren.filter(isNode) : [part];
  const answers: Answer[] = [];
  for (const alternative of alternatives) {
    if (LITERAL_PATTERNS.has(alternative.type)) {
      answers.push(pyEquals(subject, evaluate(alternative, frame)));
    } else if (alternative.type === 'identifier' && alternatives.length === 1) {
      frame.scope.set(alternative.text, { value: subject, assignedAt: spanOf(alternative, frame.file) });
      answers.push(true);
    } else {
      return null;
    }
  }
  return anyTrue(answers);
}

/** `match subject:` with literal cases: the first case that matches runs; an undecided one forks. */
function runMatch(
  node: SyntaxNode,
  rest: readonly Work[],
  frame: Frame,
  env: readonly EnvRead[],
  budget: Budget,
): PathEnd[] {
  const subjectNode = node.childForFieldName('subject');
  if (!subjectNode) return [{ kind: 'unfollowed', what: 'a match statement', at: spanOf(node, frame.file) }];
  const subject = evaluate(subjectNode, frame);
  const cases = (node.childForFieldName('body')?.namedChildren ?? []).filter(
    (child): child is SyntaxNode => child?.type === 'case_clause',
  );
  const after = mergeEnv(env, subject.env);
  const runCases = (remaining: readonly SyntaxNode[], current: Frame): PathEnd[] => {
    const [clause, ...others] = remaining;
    if (!clause) return runPaths(rest, current, after, budget);
    const pattern = clause.namedChildren.find((child) => child?.type === 'case_pattern');
    const answer = pattern && !clause.childForFieldName('guard') ? matchesPattern(subject, pattern, current) : null;
    if (answer === null) return [{ kind: 'unfollowed', what: 'a case pattern', at: spanOf(clause, current.file) }];
    const body = statementsOf(clause.childForFieldName('consequence'));
    if (answer === true) return runPaths([...body, ...rest], current, after, budget);
    if (answer === false) return runCases(others, current);
    budget.paths += 1;
    if (budget.paths > MAX_PATHS) return [{ kind: 'unfollowed', what: 'too many paths' }];
    budget.choice ??= { condition: `match ${subjectNode.text}`, at: spanOf(subjectNode, current.file) };
    return [...runPaths([...body, ...rest], forked(current), after, budget), ...runCases(others, current)];
  };
  return runCases(cases, frame);
}

/** A `for` over a known iterable, unrolled; `break` and `continue` end an iteration's paths. */
function runFor(
  node: SyntaxNode,
  rest: readonly Work[],
  frame: Frame,
  env: readonly EnvRead[],
  budget: Budget,
): PathEnd[] {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  const iterable = right ? evaluate(right, frame) : undefined;
  const items = iterable ? iterate(iterable) : undefined;
  if (!left || !items || items.length > MAX_UNROLL || node.childForFieldName('alternative')) {
    return [{ kind: 'unfollowed', what: 'a for loop over values it cannot list', at: spanOf(node, frame.file) }];
  }
  const body = statementsOf(node.childForFieldName('body'));
  const after = mergeEnv(env, iterable?.env ?? []);
  const iterations = (index: number, current: Frame, reads: readonly EnvRead[]): PathEnd[] => {
    if (index >= items.length) return runPaths(rest, current, reads, budget);
    assignTarget(left, items[index]!, current, spanOf(left, current.file));
    return runPaths(body, current, reads, budget).flatMap((end): PathEnd[] => {
      if (end.kind === 'normal' || end.kind === 'continue') return iterations(index + 1, end.frame, end.env);
      if (end.kind === 'break') return runPaths(rest, end.frame, end.env, budget);
      return [end];
    });
  };
  return iterations(0, frame, after);
}

/** `try:` with its handlers, `else:` and `finally:` (a finally that returns or raises is not followed). */
function runTry(
  node: SyntaxNode,
  rest: readonly Work[],
  frame: Frame,
  env: readonly EnvRead[],
  budget: Budget,
): PathEnd[] {
  const children = node.namedChildren.filter(isNode);
  const handlers = children.filter((child) => child.type === 'except_clause');
  const elseBody = statementsOf(children.find((child) => child.type === 'else_clause')?.childForFieldName('body'));
  const finallyBody = statementsOf(
    children.find((child) => child.type === 'finally_clause')?.namedChildren.find((c) => c?.type === 'block'),
  );
  const ends: PathEnd[] = [];
  for (const end of runPaths(statementsOf(node.childForFieldName('body')), frame, env, budget)) {
    if (end.kind === 'normal') {
      ends.push(...runPaths([...elseBody, ...finallyBody, ...rest], end.frame, end.env, budget));
    } else if (end.kind === 'raise') {
      const handler = handlers.find((candidate) => handles(candidate, end.exception));
      const block = handler?.namedChildren.find((child) => child?.type === 'block');
      if (handler)
        ends.push(...runPaths([...statementsOf(block), ...finallyBody, ...rest], forked(frame), end.env, budget));
      else ends.push(end);
    } else {
      ends.push(end);
    }
  }
  return ends;
}

function handles(handler: SyntaxNode, exception: string): boolean {
  const caught = handler.namedChildren.find((child) => child !== null && child.type !== 'block');
  if (!caught) return true;
  const names = (caught.type === 'as_pattern' ? caught.namedChildren[0] : caught)?.text ?? '';
  return names
    .replace(/[()]/g, '')
    .split(',')
    .map((name) => name.trim().split('.').pop() ?? '')
    .some((name) => name === exception.split('.').pop() || name === 'Exception' || name === 'BaseException');
}

/** `with open(path) as handle:` binds the handle (a file's `__enter__` returns the file itself). */
function bindWithItem(item: SyntaxNode, frame: Frame): void {
  const value = item.childForFieldName('value');
  if (value?.type !== 'as_pattern') {
    if (value) evaluate(value, frame);
    return;
  }
  const expression = value.namedChildren[0];
  const target = value.childForFieldName('alias')?.namedChildren.find((child) => child?.type === 'identifier');
  if (!expression) return;
  const bound = evaluate(expression, frame);
  if (target) frame.scope.set(target.text, { value: bound, assignedAt: spanOf(item, frame.file) });
}

function exceptionName(node: SyntaxNode): string {
  const raised = node.namedChildren[0];
  if (!raised) return 'an exception';
  const callee = raised.type === 'call' ? raised.childForFieldName('function') : raised;
  return callee?.text ?? 'an exception';
}
