/**
 * Runs the analysis over one module: the module body (module-level constants, imports), class bodies
 * (class constants, migrations' `operations`), and the functions worth it, each with its parameters bound to
 * values that say where they come from. Calls into simple helpers of the same module are followed, so a
 * helper that builds a WHERE clause from its argument is seen building it from the caller's value.
 */
import type { SyntaxNode } from '../parse/python-parser.js';
import { Evaluator, type CallTarget, type Env, type Frame } from './evaluator.js';
import {
  readModuleScope,
  parameterValue,
  readParameters,
  selfNameOf,
  type ClassFacts,
  type FunctionFacts,
  type ModuleScope,
} from './module-scope.js';
import { StatementFlow } from './statement-flow.js';
import type { TemplateArguments } from './string-building.js';
import { childrenOf, lineOf } from './syntax.js';
import { either, keyOf, literal, opaque, safe, seq, type Value } from './values.js';

/** A call the analysis reached, and how to evaluate expressions where it stands. */
export interface CallSite {
  evaluator: Evaluator;
  env: Env;
  /** The function whose body holds the call; undefined at module or class level. */
  fn?: FunctionFacts;
}

export interface AnalysisHooks {
  /** Whether a function is worth running; most functions of a module hold nothing a rule looks for. */
  wants(definition: SyntaxNode): boolean;
  call(call: SyntaxNode, site: CallSite): void;
}

/** Helpers are followed this many calls deep; deeper calls are opaque. */
const MAX_FOLLOW_DEPTH = 3;

function selfValue(cls: ClassFacts, node: SyntaxNode): Value {
  // A cursor class (a CursorWrapper subclass) executes through `self`.
  if (/Cursor/.test(cls.bases)) return { kind: 'cursor' };
  return opaque({ kind: 'other', source: 'self', line: lineOf(node) });
}

class ModuleAnalysis {
  private readonly following = new Set<number>();
  private readonly followed = new Map<string, Value>();
  /** Functions being followed that called themselves, and what their first run returned. */
  private readonly recursive = new Set<number>();
  private readonly partial = new Map<number, Value>();

  constructor(
    readonly module: ModuleScope,
    private readonly hooks: AnalysisHooks,
  ) {}

  private frame(fn?: FunctionFacts, outer?: (name: string) => Value | undefined): Frame {
    const selfName = fn ? selfNameOf(fn) : undefined;
    return {
      module: this.module,
      ...(fn?.cls ? { cls: fn.cls } : {}),
      ...(selfName ? { selfName } : {}),
      ...(outer ? { outer } : {}),
      follow: (target, args) => this.follow(target, args),
    };
  }

  /** The module body, then each class body, then the functions worth running. */
  run(root: SyntaxNode): void {
    const moduleEvaluator = new Evaluator(this.frame());
    const moduleFlow = new StatementFlow(moduleEvaluator, {
      call: (call, env) => this.hooks.call(call, { evaluator: moduleEvaluator, env }),
    });
    const end = moduleFlow.run(childrenOf(root), this.module.env);
    if (end.env !== this.module.env) {
      this.module.env.clear();
      for (const [name, value] of end.env) this.module.env.set(name, value);
    }
    for (const cls of this.module.classDefinitions) {
      const flow = new StatementFlow(moduleEvaluator, {
        call: (call, env) => this.hooks.call(call, { evaluator: moduleEvaluator, env }),
      });
      const after = flow.run(childrenOf(cls.node.childForFieldName('body')), cls.env);
      if (after.env !== cls.env) for (const [name, value] of after.env) cls.env.set(name, value);
    }
    // Every definition, not the last one per name: two `def search` in a view module, a property's getter and
    // setter, and a class redefined under `if` each hold their own SQL.
    const functions = [...this.module.definitions, ...this.module.classDefinitions.flatMap((cls) => cls.definitions)];
    for (const fn of functions) if (this.hooks.wants(fn.node)) this.analyse(fn);
  }

  private analyse(fn: FunctionFacts, outer?: (name: string) => Value | undefined): void {
    const selfName = selfNameOf(fn);
    const env: Env = new Map();
    for (const param of fn.params) {
      env.set(
        param.name,
        param.name === selfName && fn.cls ? selfValue(fn.cls, fn.node) : parameterValue(param, fn.node),
      );
    }
    const evaluator = new Evaluator(this.frame(fn, outer));
    const nested = new Map<number, { definition: SyntaxNode; env: Env }>();
    const flow = new StatementFlow(evaluator, {
      call: (call, at) => this.hooks.call(call, { evaluator, env: at, fn }),
      definition: (definition, at) => {
        if (definition.type === 'function_definition' && this.hooks.wants(definition)) {
          nested.set(definition.id, { definition, env: new Map(at) });
        }
      },
    });
    flow.run(childrenOf(fn.node.childForFieldName('body')), env);
    for (const { definition, env: closure } of nested.values()) {
      const name = definition.childForFieldName('name')?.text ?? '<nested>';
      // A nested function is not a method even inside one; it sees the enclosing variables.
      const facts: FunctionFacts = { node: definition, name, params: readParameters(definition) };
      this.analyse(facts, (variable) => closure.get(variable) ?? outer?.(variable));
    }
  }

  /** Runs a same-module function with the caller's argument values and returns what it returns. */
  private follow(target: CallTarget, args: TemplateArguments): Value | undefined {
    const { fn } = target;
    if (this.following.has(fn.node.id)) {
      // A recursive call returns what the function returns: nothing known on the first run, the first run's
      // result on the second (see below), which brings in the base cases' holes.
      this.recursive.add(fn.node.id);
      return this.partial.get(fn.node.id) ?? literal('');
    }
    if (this.following.size >= MAX_FOLLOW_DEPTH) return undefined;
    const argumentKey = [
      ...args.positional.map((arg) => keyOf(arg.value)),
      ...[...args.named].map(([name, arg]) => `${name}=${keyOf(arg.value)}`),
      args.rest ? `*${keyOf(args.rest.value)}` : '',
    ].join('|');
    const key = `${fn.node.id}(${argumentKey})${target.self ? keyOf(target.self) : ''}`;
    const cached = this.followed.get(key);
    if (cached) return cached;

    const selfName = selfNameOf(fn);
    const env: Env = new Map();
    const moduleEvaluator = new Evaluator(this.frame());
    let position = 0;
    for (const param of fn.params) {
      if (param.name === selfName) {
        env.set(param.name, target.self ?? (fn.cls ? selfValue(fn.cls, fn.node) : safe('none')));
        continue;
      }
      if (param.kind === 'args') {
        env.set(param.name, seq(args.positional.slice(position).map((arg) => arg.value)));
        position = args.positional.length;
        continue;
      }
      if (param.kind === 'kwargs') {
        env.set(param.name, { kind: 'map', entries: [] });
        continue;
      }
      const given = args.named.get(param.name) ?? args.positional[position++];
      if (given) env.set(param.name, given.value);
      else if (args.rest) env.set(param.name, args.rest.value);
      else if (param.default) env.set(param.name, moduleEvaluator.evaluate(param.default, this.module.env));
      else env.set(param.name, parameterValue(param, fn.node));
    }
    const runOnce = () => {
      const flow = new StatementFlow(new Evaluator(this.frame(fn)));
      flow.run(childrenOf(fn.node.childForFieldName('body')), new Map(env));
      return flow.returns.length ? either(flow.returns) : safe('none');
    };
    this.following.add(fn.node.id);
    let result: Value;
    try {
      result = runOnce();
      if (this.recursive.has(fn.node.id)) {
        this.partial.set(fn.node.id, result);
        result = runOnce();
      }
    } finally {
      this.following.delete(fn.node.id);
      this.partial.delete(fn.node.id);
      this.recursive.delete(fn.node.id);
    }
    this.followed.set(key, result);
    return result;
  }
}

/** Analyses a module and reports every call reached in it (module level, class bodies, wanted functions). */
export function analyseModule(root: SyntaxNode, hooks: AnalysisHooks): ModuleScope {
  const module = readModuleScope(root);
  new ModuleAnalysis(module, hooks).run(root);
  return module;
}
