/**
 * Runs a function body (or a module or class body) over abstract values, statement by statement: assignments
 * and reassignments, `+=`, list and dict building, both sides of every branch, loops until their variables
 * settle, `try`, `with`, `match`, and guards that end a path (`if x not in ALLOWED: raise`).
 * It reports every call it reaches with the variables at that point, which is where the rules look at sinks.
 */
import type { SyntaxNode } from '../parse/python-parser.js';
import type { Env, Evaluator } from './evaluator.js';
import { narrow } from './guards.js';
import { importBindings } from './imports.js';
import { definitionOf, parameterValue, readParameters } from './module-scope.js';
import { concat, percentFormat } from './string-building.js';
import { childrenOf, lineOf, unwrap } from './syntax.js';
import { either, elementOf, safe, seq, type Value } from './values.js';

export interface FlowHooks {
  /** A call the walk reached, with the variables just before its statement runs. */
  call?(call: SyntaxNode, env: Env): void;
  /** A function or class defined inside the body, with the variables where it is defined. */
  definition?(definition: SyntaxNode, env: Env): void;
}

interface State {
  env: Env;
  /** False once the path has returned, raised, broken out or continued. */
  live: boolean;
}

/** Where `break` and `continue` take their variables: to the loop's exit and to its next iteration. */
interface LoopExits {
  breaks: Env[];
  continues: Env[];
}

/** A list grows by `append` in a loop; past this many items, the rest are summarised as `more`. */
const MAX_ITEMS = 16;
/** A body longer than this many statement runs (nested loops over a huge function) stops being followed. */
const STATEMENT_BUDGET = 20_000;

/** Statements that hold no calls of interest in their own syntax and do not change variables. */
const INERT = new Set(['pass_statement', 'global_statement', 'nonlocal_statement', 'comment', 'ellipsis']);

function joinEnvs(envs: readonly Env[]): Env {
  if (envs.length === 1) return new Map(envs[0]);
  const joined: Env = new Map();
  const names = new Set(envs.flatMap((env) => [...env.keys()]));
  for (const name of names) {
    const values = envs.map((env) => env.get(name)).filter((value): value is Value => value !== undefined);
    joined.set(name, either(values));
  }
  return joined;
}

function joinStates(states: readonly State[], fallback: Env): State {
  const live = states.filter((state) => state.live);
  if (live.length === 0) return { env: fallback, live: false };
  return { env: joinEnvs(live.map((state) => state.env)), live: true };
}

/** `items.append(x)` and friends, on a list or dict the function built itself. */
function mutated(container: Value, method: string, args: Value[]): Value | undefined {
  if (container.kind === 'either') {
    const options = container.options.map((option) => mutated(option, method, args) ?? option);
    return either(options);
  }
  if (container.kind === 'seq') {
    const add = (items: Value[], more?: Value): Value => {
      const all = [...container.items, ...items];
      const overflow = all.slice(MAX_ITEMS);
      const extra = [...overflow, ...(container.more ? [container.more] : []), ...(more ? [more] : [])];
      return seq(all.slice(0, MAX_ITEMS), extra.length ? either(extra) : undefined);
    };
    if (method === 'append' || method === 'add') return args[0] ? add([args[0]]) : undefined;
    if (method === 'insert') return args[1] ? add([args[1]]) : undefined;
    if (method === 'extend' || method === 'update') {
      const other = args[0];
      if (!other) return undefined;
      return other.kind === 'seq' ? add([...other.items], other.more) : add([], elementOf(other));
    }
    return undefined;
  }
  if (container.kind === 'map') {
    if (method === 'update' && args[0]?.kind === 'map')
      return { kind: 'map', entries: [...container.entries, ...args[0].entries] };
    if (method === 'setdefault' && args[0] && args[1])
      return { kind: 'map', entries: [...container.entries, [args[0], args[1]]] };
  }
  return undefined;
}

export class StatementFlow {
  private steps = 0;
  private readonly loops: LoopExits[] = [];
  /** What `return` statements returned, for following calls into helpers. */
  readonly returns: Value[] = [];

  constructor(
    private readonly evaluator: Evaluator,
    private readonly hooks: FlowHooks = {},
  ) {}

  run(statements: readonly SyntaxNode[], env: Env): State {
    return this.block(statements, { env, live: true });
  }

  private evaluate(node: SyntaxNode, env: Env): Value {
    return this.evaluator.evaluate(node, env);
  }

  /**
   * Reports the calls in an expression, outermost first. Nested blocks are not entered; a lambda's body is, with
   * its parameters bound as a function's are.
   */
  private visitCalls(node: SyntaxNode | null | undefined, env: Env): void {
    if (!node || !this.hooks.call) return;
    const stack: SyntaxNode[] = [node];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (current.type === 'block') continue;
      if (current.type === 'lambda') {
        const scope = new Map(env);
        for (const param of readParameters(current)) scope.set(param.name, parameterValue(param, current));
        this.visitCalls(current.childForFieldName('body'), scope);
        continue;
      }
      if (current.type === 'call') this.hooks.call(current, env);
      const children = childrenOf(current);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }

  private block(statements: readonly SyntaxNode[], state: State): State {
    let current = state;
    for (const statement of statements) {
      if (!current.live) break;
      if (++this.steps > STATEMENT_BUDGET) return { env: current.env, live: false };
      current = this.statement(statement, current);
    }
    return current;
  }

  private body(node: SyntaxNode | null | undefined, state: State): State {
    return this.block(childrenOf(node), state);
  }

  private statement(node: SyntaxNode, state: State): State {
    const { env } = state;
    switch (node.type) {
      case 'expression_statement':
        this.visitCalls(node, env);
        for (const expression of childrenOf(node)) this.expression(expression, env);
        return state;
      case 'return_statement': {
        this.visitCalls(node, env);
        const value = childrenOf(node)[0];
        this.returns.push(value ? this.evaluate(value, env) : safe('none'));
        return { env, live: false };
      }
      case 'raise_statement':
        this.visitCalls(node, env);
        return { env, live: false };
      case 'break_statement':
        this.loops[this.loops.length - 1]?.breaks.push(new Map(env));
        return { env, live: false };
      case 'continue_statement':
        this.loops[this.loops.length - 1]?.continues.push(new Map(env));
        return { env, live: false };
      case 'if_statement':
        return this.ifStatement(node, state);
      case 'for_statement':
      case 'while_statement':
        return this.loop(node, state);
      case 'try_statement':
        return this.tryStatement(node, state);
      case 'with_statement':
        return this.withStatement(node, state);
      case 'match_statement':
        return this.matchStatement(node, state);
      case 'assert_statement': {
        this.visitCalls(node, env);
        const condition = childrenOf(node)[0];
        if (condition) narrow(condition, true, env, this.evaluator);
        return state;
      }
      case 'import_statement':
      case 'import_from_statement':
        for (const binding of importBindings(node)) env.set(binding.local, { kind: 'import', path: binding.path });
        return state;
      case 'function_definition':
      case 'class_definition':
      case 'decorated_definition': {
        const definition = definitionOf(node);
        if (node.type === 'decorated_definition') {
          for (const decorator of childrenOf(node)) if (decorator.type === 'decorator') this.visitCalls(decorator, env);
        }
        if (definition) {
          this.hooks.definition?.(definition, env);
          // In a function the name now holds a local definition, which the analysis does not follow.
          const name = definition.childForFieldName('name');
          if (name && env !== this.evaluator.frame.module.env)
            env.set(name.text, { kind: 'opaque', origin: { kind: 'other', source: name.text, line: lineOf(name) } });
        }
        return state;
      }
      default:
        if (!INERT.has(node.type)) this.visitCalls(node, env);
        return state;
    }
  }

  /** Assignments, augmented assignments and container mutations in an expression statement. */
  private expression(node: SyntaxNode, env: Env): void {
    if (node.type === 'assignment') {
      const targets: SyntaxNode[] = [];
      let current: SyntaxNode | null = node;
      while (current?.type === 'assignment') {
        const left = current.childForFieldName('left');
        if (left) targets.push(left);
        current = current.childForFieldName('right');
      }
      if (!current) return;
      const value = this.evaluate(current, env);
      for (const target of targets) this.assign(target, value, env);
      return;
    }
    if (node.type === 'augmented_assignment') {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const operator = node.childForFieldName('operator')?.text;
      if (left?.type !== 'identifier' || !right) return;
      const before = this.evaluate(left, env);
      const operand = this.evaluate(right, env);
      if (operator === '+=') env.set(left.text, concat({ value: before, node: left }, { value: operand, node: right }));
      else if (operator === '%=') {
        env.set(
          left.text,
          percentFormat(
            { value: before, node: left },
            { positional: [{ value: operand, node: right }], named: new Map() },
          ),
        );
      } else env.set(left.text, before.kind === 'safe' ? before : safe('number'));
      return;
    }
    if (node.type === 'call') {
      const callee = node.childForFieldName('function');
      const object = callee?.type === 'attribute' ? unwrap(callee.childForFieldName('object')!) : undefined;
      if (object?.type !== 'identifier' || !env.has(object.text)) return;
      const method = callee!.childForFieldName('attribute')!.text;
      const args = this.evaluator.callArguments(node, env).positional.map((arg) => arg.value);
      const updated = mutated(env.get(object.text)!, method, args);
      if (updated) env.set(object.text, updated);
    }
  }

  private assign(target: SyntaxNode, value: Value, env: Env): void {
    const current = unwrap(target);
    if (current.type === 'subscript') {
      // `select["total"] = "SUM(amount)"` on a dict (or list) the function built.
      const container = unwrap(current.childForFieldName('value')!);
      const keyNode = current.childForFieldName('subscript');
      const existing = container.type === 'identifier' ? env.get(container.text) : undefined;
      if (existing?.kind === 'map' && keyNode) {
        env.set(container.text, { kind: 'map', entries: [...existing.entries, [this.evaluate(keyNode, env), value]] });
      } else if (existing?.kind === 'seq') {
        env.set(container.text, mutated(existing, 'append', [value])!);
      }
      return;
    }
    this.evaluator.bind(current, value, env);
  }

  private ifStatement(node: SyntaxNode, state: State): State {
    const branches: State[] = [];
    const rest = new Map(state.env);
    let condition = node.childForFieldName('condition');
    let consequence = node.childForFieldName('consequence');
    const alternatives = node.childrenForFieldName('alternative');
    let index = 0;
    for (;;) {
      if (condition) this.visitCalls(condition, rest);
      const taken = new Map(rest);
      if (condition) {
        narrow(condition, true, taken, this.evaluator);
        narrow(condition, false, rest, this.evaluator);
      }
      branches.push(this.body(consequence, { env: taken, live: true }));
      const next = alternatives[index++];
      if (next?.type === 'elif_clause') {
        condition = next.childForFieldName('condition');
        consequence = next.childForFieldName('consequence');
        continue;
      }
      if (next?.type === 'else_clause')
        branches.push(this.body(next.childForFieldName('body'), { env: rest, live: true }));
      else branches.push({ env: rest, live: true });
      break;
    }
    return joinStates(branches, state.env);
  }

  /**
   * A loop body runs twice: once from the state before the loop, once from that joined with the first
   * iteration's end. That is enough for strings built with `+=` and lists built with `append` to show every
   * kind of piece they can hold (the values are joins, so later iterations add nothing new in kind).
   */
  private loop(node: SyntaxNode, state: State): State {
    const isFor = node.type === 'for_statement';
    const condition = node.childForFieldName('condition');
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    this.visitCalls(isFor ? right : condition, state.env);
    const element = isFor && right ? elementOf(this.evaluate(right, state.env)) : undefined;
    const body = node.childForFieldName('body');
    const exits: LoopExits = { breaks: [], continues: [] };
    this.loops.push(exits);
    let head = new Map(state.env);
    const ends: Env[] = [];
    for (let pass = 0; pass < 2; pass++) {
      const entry = new Map(head);
      if (left && element) this.evaluator.bind(left, element, entry);
      if (condition) narrow(condition, true, entry, this.evaluator);
      exits.continues = [];
      const end = this.body(body, { env: entry, live: true });
      const iteration = [...(end.live ? [end.env] : []), ...exits.continues];
      ends.push(...iteration);
      head = joinEnvs([state.env, ...iteration]);
    }
    this.loops.pop();
    const exit = joinEnvs([state.env, ...ends, ...exits.breaks]);
    if (condition) narrow(condition, false, exit, this.evaluator);
    const orElse = childrenOf(node).find((child) => child.type === 'else_clause');
    if (orElse) return this.body(orElse.childForFieldName('body'), { env: exit, live: true });
    return { env: exit, live: true };
  }

  private tryStatement(node: SyntaxNode, state: State): State {
    const afterBody = this.body(node.childForFieldName('body'), { env: new Map(state.env), live: true });
    // An exception may leave the body anywhere: handlers start from before or after it.
    const handlerStart = afterBody.live ? joinEnvs([state.env, afterBody.env]) : new Map(state.env);
    const outcomes: State[] = [];
    let finallyClause: SyntaxNode | undefined;
    let normal = afterBody;
    for (const clause of childrenOf(node)) {
      if (clause.type === 'except_clause' || clause.type === 'except_group_clause') {
        const handler = childrenOf(clause).find((child) => child.type === 'block');
        outcomes.push(this.body(handler, { env: new Map(handlerStart), live: true }));
      } else if (clause.type === 'else_clause') {
        normal = this.body(clause.childForFieldName('body'), normal);
      } else if (clause.type === 'finally_clause') {
        finallyClause = clause;
      }
    }
    const joined = joinStates([normal, ...outcomes], state.env);
    if (!finallyClause) return joined;
    const after = this.body(
      childrenOf(finallyClause).find((child) => child.type === 'block'),
      { env: joined.env, live: true },
    );
    return { env: after.env, live: joined.live && after.live };
  }

  private withStatement(node: SyntaxNode, state: State): State {
    const clause = childrenOf(node).find((child) => child.type === 'with_clause');
    for (const item of childrenOf(clause)) {
      const value = item.childForFieldName('value');
      if (!value) continue;
      this.visitCalls(value, state.env);
      if (value.type === 'as_pattern') {
        const expression = childrenOf(value)[0];
        const target = value.childForFieldName('alias');
        const bound = target ? childrenOf(target)[0] : undefined;
        // Cursors and connections return themselves from __enter__; that is all the analysis needs.
        if (expression && bound) this.evaluator.bind(bound, this.evaluate(expression, state.env), state.env);
      }
    }
    return this.body(node.childForFieldName('body'), state);
  }

  private matchStatement(node: SyntaxNode, state: State): State {
    this.visitCalls(node.childForFieldName('subject'), state.env);
    const cases = childrenOf(node.childForFieldName('body')).filter((child) => child.type === 'case_clause');
    const outcomes = cases.map((clause) =>
      this.body(clause.childForFieldName('consequence'), { env: new Map(state.env), live: true }),
    );
    return joinStates([...outcomes, { env: state.env, live: true }], state.env);
  }
}
