import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SourceSpan } from '../finding.js';
import type { SyntaxNode } from '../parse/python-parser.js';
import type { SourceStore } from '../parse/source-store.js';
import { describeSpan, fileStartSpan, spanOf } from '../parse/span.js';
import {
  castDecouple,
  castNameOf,
  castOfScheme,
  helperBool,
  parseEnvironString,
  performRead,
  smartCast,
  type CastName,
} from './env-readers.js';
import { knownImport, knownModuleAttribute } from './known-modules.js';
import type { ModuleResolver } from './module-resolver.js';
import type { ProductionEnvironment } from './production-environment.js';
import { decodeEscape, parseFloatLiteral, parseIntegerLiteral } from './python-literals.js';
import {
  asNumber,
  dictGet,
  isKnown,
  make,
  mergeEnv,
  pyContains,
  pyEquals,
  stringForm,
  truthy,
  unknown,
  withProvenance,
  type EnvRead,
  type EnvScheme,
  type Value,
} from './value.js';

export interface Binding {
  value: Value;
  /** The statement that last bound the name. */
  assignedAt: SourceSpan;
}

export type Scope = Map<string, Binding>;

/** Something the model noticed about the settings code itself, reported as a note. */
export interface ModelDiagnostic {
  span: SourceSpan;
  message: string;
  fix: string;
}

export interface InterpreterHost {
  store: SourceStore;
  resolver: ModuleResolver;
  environment: ProductionEnvironment;
}

/** Raised when a guard in the settings refuses to run with an unset variable: rerun with it required. */
export class GuardedVariables extends Error {
  constructor(readonly variables: string[]) {
    super(`settings refuse to run without ${variables.join(', ')}`);
  }
}

type Flow =
  | { kind: 'normal' }
  | { kind: 'return'; value: Value }
  | { kind: 'raise'; span: SourceSpan; exception: string; env: readonly EnvRead[]; importError?: boolean };

const NORMAL: Flow = { kind: 'normal' };

interface Frame {
  scope: Scope;
  /** Module scope, for name lookups inside function bodies. */
  globals?: Scope;
  file: string;
  absPath: string;
  /** Environment reads that decided which branches led here. */
  pathEnv: readonly EnvRead[];
  /**
   * Whether a failed import here is an expected outcome (inside `try`, or in a branch of a condition the
   * model cannot decide, such as `if (BASE_DIR / "local.py").exists():`) rather than a broken module.
   */
  importsMayFail: boolean;
  depth: number;
}

interface FunctionDefinition {
  node: SyntaxNode;
  file: string;
  absPath: string;
  globals: Scope;
}

const BOOL_HELPER_NAME =
  /(^|_)(str_?2_?bool|str_?to_?bool|strtobool|to_?bool|as_?bool|parse_?bool|env_?bool|get_?bool|bool_?env|bool_?from_?\w*|is_?true|truthy|boolify|getbool|booleanize)$/i;
const MAX_CALL_DEPTH = 8;
const MAX_UNROLL = 200;
const EXCEPTIONS_CATCHING_IMPORT_ERROR = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);

/** Bound when a star import brings names the model cannot see, so unassigned settings become unknown. */
export const OPAQUE_NAMES = '*';

export const RANDOM_SECRET = 'a random value generated each time the settings are imported';

function cloneScope(scope: Scope): Scope {
  return new Map(scope);
}

function replaceScope(target: Scope, source: Scope): void {
  target.clear();
  for (const [name, binding] of source) target.set(name, binding);
}

function isPublic(name: string): boolean {
  return !name.startsWith('_');
}

/**
 * An abstract interpreter for settings modules: it runs the statements in order, follows star imports of
 * project modules, evaluates expressions with Python's semantics where values are known, and reads the
 * environment as production would (given values, else defaults), keeping where each value came from.
 */
export class SettingsInterpreter {
  private readonly moduleScopes = new Map<string, Scope>();
  private readonly importing = new Set<string>();
  readonly diagnostics: ModelDiagnostic[] = [];
  /** Every module file the settings pulled in, in the order first executed. */
  readonly modulesRun: string[] = [];
  /** For each module, the project modules it star-imported, in order. */
  readonly starImports = new Map<string, string[]>();
  /** Modules that assign at least one setting (an upper-case name) themselves. */
  readonly modulesAssigningSettings = new Set<string>();

  constructor(private readonly host: InterpreterHost) {}

  private note(span: SourceSpan, message: string, fix: string): void {
    if (!this.diagnostics.some((d) => d.message === message && describeSpan(d.span) === describeSpan(span))) {
      this.diagnostics.push({ span, message, fix });
    }
  }

  async runModule(absPath: string): Promise<Scope | undefined> {
    const cached = this.moduleScopes.get(absPath);
    if (cached) return cached;
    if (this.importing.has(absPath)) return undefined;
    const source = await this.host.store.parse(absPath);
    if (!source) {
      // The store already reported why the file could not be read; what it sets is unknown, not empty.
      const span = fileStartSpan(this.host.store.repoPath(absPath));
      const opaque: Scope = new Map([
        [OPAQUE_NAMES, { value: unknown('the settings of an unreadable file', span), assignedAt: span }],
      ]);
      this.moduleScopes.set(absPath, opaque);
      return opaque;
    }
    this.importing.add(absPath);
    this.modulesRun.push(absPath);
    const scope: Scope = new Map();
    const frame: Frame = { scope, file: source.file, absPath, pathEnv: [], importsMayFail: false, depth: 0 };
    try {
      const flow = await this.runBlock(source.tree.rootNode.namedChildren, frame);
      if (flow.kind === 'raise') this.onUncaughtRaise(flow, source.file);
    } finally {
      this.importing.delete(absPath);
    }
    this.moduleScopes.set(absPath, scope);
    return scope;
  }

  private onUncaughtRaise(flow: Extract<Flow, { kind: 'raise' }>, file: string): void {
    const guardable = flow.env.filter((read) => read.state === 'default' || read.state === 'unset');
    if (guardable.length > 0) throw new GuardedVariables(guardable.map((read) => read.variable));
    this.note(
      flow.span,
      `${file} raises ${flow.exception} at line ${flow.span.line} whatever the environment; settings after it were not read.`,
      'Make sure the settings module imports cleanly in production.',
    );
  }

  // ---------------------------------------------------------------- statements

  private async runBlock(statements: readonly (SyntaxNode | null)[], frame: Frame): Promise<Flow> {
    for (const statement of statements) {
      if (!statement) continue;
      const flow = await this.runStatement(statement, frame);
      if (flow.kind === 'raise' && flow.importError && !frame.importsMayFail) {
        this.note(
          flow.span,
          `${frame.file} imports a project module that is not in the repository (line ${flow.span.line}); its settings are unknown.`,
          'Commit the module, or pass --settings with the module production uses.',
        );
        frame.scope.set(OPAQUE_NAMES, {
          value: unknown('names from a missing module', flow.span),
          assignedAt: flow.span,
        });
        continue;
      }
      if (flow.kind !== 'normal') return flow;
    }
    return NORMAL;
  }

  private async runStatement(node: SyntaxNode, frame: Frame): Promise<Flow> {
    switch (node.type) {
      case 'expression_statement':
        for (const child of node.namedChildren) {
          if (!child) continue;
          if (child.type === 'call' && (await this.runSpecialCall(child, frame))) continue;
          this.runExpressionStatement(child, frame, node);
        }
        return NORMAL;
      case 'import_statement':
      case 'import_from_statement':
      case 'future_import_statement':
        return this.runImport(node, frame);
      case 'if_statement':
        return this.runIf(node, frame);
      case 'try_statement':
        return this.runTry(node, frame);
      case 'with_statement':
        return this.runBlock(node.childForFieldName('body')?.namedChildren ?? [], frame);
      case 'for_statement':
        return this.runFor(node, frame);
      case 'while_statement':
        return this.runMaybe(node.childForFieldName('body')?.namedChildren ?? [], frame, 'a while loop');
      case 'function_definition':
        this.defineFunction(node, frame);
        return NORMAL;
      case 'decorated_definition': {
        const definition = node.childForFieldName('definition');
        if (definition?.type === 'function_definition') this.defineFunction(definition, frame);
        else if (definition) this.bindUnknownDefinition(definition, frame);
        return NORMAL;
      }
      case 'class_definition':
        this.bindUnknownDefinition(node, frame);
        if (/\bConfiguration\b/.test(node.childForFieldName('superclasses')?.text ?? '')) {
          this.makeOpaque(
            frame,
            spanOf(node, frame.file),
            `${frame.file} defines its settings in a django-configurations class (line ${node.startPosition.row + 1}), which this version does not evaluate; settings are treated as unknown.`,
          );
        }
        return NORMAL;
      case 'assert_statement': {
        const condition = node.namedChildren[0];
        const test = condition ? this.evaluate(condition, frame) : undefined;
        if (test && truthy(test) === false) {
          return {
            kind: 'raise',
            span: spanOf(node, frame.file),
            exception: 'AssertionError',
            env: mergeEnv(frame.pathEnv, test.env),
          };
        }
        return NORMAL;
      }
      case 'raise_statement':
        return {
          kind: 'raise',
          span: spanOf(node, frame.file),
          exception: this.exceptionName(node),
          env: frame.pathEnv,
        };
      case 'return_statement': {
        const expression = node.namedChildren[0];
        return {
          kind: 'return',
          value: expression ? this.evaluate(expression, frame) : make('none', {}, spanOf(node, frame.file)),
        };
      }
      case 'delete_statement':
        for (const target of node.namedChildren) {
          const names = target?.type === 'expression_list' ? target.namedChildren : [target];
          for (const name of names) if (name?.type === 'identifier') frame.scope.delete(name.text);
        }
        return NORMAL;
      default:
        return NORMAL;
    }
  }

  /** From here on, any setting may have been set by something the model cannot follow. */
  private makeOpaque(frame: Frame, span: SourceSpan, message: string): void {
    frame.scope.set(OPAQUE_NAMES, { value: unknown('names set dynamically', span), assignedAt: span });
    this.note(
      span,
      message,
      'Pass --settings with a plain settings module, or accept that these settings are not checked.',
    );
  }

  /**
   * Calls that change the namespace itself: django-split-settings' include(), which runs other files in
   * this namespace, and globals().update()/exec()/setattr(), which the model cannot follow.
   */
  private async runSpecialCall(call: SyntaxNode, frame: Frame): Promise<boolean> {
    const calleeNode = call.childForFieldName('function');
    if (!calleeNode) return false;
    const callee = this.evaluate(calleeNode, frame);
    if (
      callee.kind === 'object' &&
      callee.object.type === 'callable' &&
      callee.object.name === 'split_settings.include'
    ) {
      await this.runInclude(call, frame);
      return true;
    }
    if (/^(globals\(\)|vars\(\)|locals\(\))\.update$|^(exec|setattr)$/.test(calleeNode.text)) {
      this.makeOpaque(
        frame,
        spanOf(call, frame.file),
        `${frame.file} sets settings dynamically with ${calleeNode.text}() at line ${call.startPosition.row + 1}; the settings after it are treated as unknown.`,
      );
      return true;
    }
    return false;
  }

  private async runInclude(call: SyntaxNode, frame: Frame): Promise<void> {
    const folder = dirname(frame.absPath);
    for (const argument of call.childForFieldName('arguments')?.namedChildren ?? []) {
      if (!argument || argument.type === 'keyword_argument' || argument.type === 'comment') continue;
      let optional = false;
      let pathNode: SyntaxNode | null = argument;
      if (argument.type === 'call') {
        const inner = this.evaluate(argument.childForFieldName('function')!, frame);
        if (
          inner.kind === 'object' &&
          inner.object.type === 'callable' &&
          inner.object.name === 'split_settings.optional'
        ) {
          optional = true;
          pathNode = argument.childForFieldName('arguments')?.namedChildren[0] ?? null;
        }
      }
      const pattern = pathNode ? this.evaluate(pathNode, frame) : undefined;
      const span = spanOf(argument, frame.file);
      if (pattern?.kind !== 'str') {
        this.makeOpaque(
          frame,
          span,
          `${frame.file} includes a settings file whose name is not known (line ${span.line}); settings after it are treated as unknown.`,
        );
        continue;
      }
      const files = expandGlob(folder, pattern.value).filter((file) => this.host.resolver.shipped(file));
      if (files.length === 0 && !optional) {
        this.note(
          span,
          `${frame.file} includes ${pattern.value}, which is not in the repository (line ${span.line}).`,
          'Commit the file or wrap it in optional().',
        );
        frame.scope.set(OPAQUE_NAMES, { value: unknown('names from a missing include', span), assignedAt: span });
      }
      for (const file of files) {
        const source = await this.host.store.parse(file);
        if (!source || this.importing.has(file)) continue;
        this.importing.add(file);
        this.modulesRun.push(file);
        try {
          const included: Frame = { ...frame, file: source.file, absPath: file };
          const flow = await this.runBlock(source.tree.rootNode.namedChildren, included);
          if (flow.kind === 'raise') this.onUncaughtRaise(flow, source.file);
        } finally {
          this.importing.delete(file);
        }
      }
    }
  }

  private exceptionName(node: SyntaxNode): string {
    const raised = node.namedChildren[0];
    if (!raised) return 'an exception';
    const callee = raised.type === 'call' ? raised.childForFieldName('function') : raised;
    return callee?.text ?? 'an exception';
  }

  private bindUnknownDefinition(node: SyntaxNode, frame: Frame): void {
    const name = node.childForFieldName('name');
    if (name) {
      const span = spanOf(node, frame.file);
      frame.scope.set(name.text, {
        value: unknown(`the ${node.type.replace('_definition', '')} ${name.text}`, span),
        assignedAt: span,
      });
    }
  }

  private defineFunction(node: SyntaxNode, frame: Frame): void {
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

  private runExpressionStatement(node: SyntaxNode, frame: Frame, statement: SyntaxNode): void {
    switch (node.type) {
      case 'assignment':
        this.runAssignment(node, frame, statement);
        return;
      case 'augmented_assignment':
        this.runAugmentedAssignment(node, frame, statement);
        return;
      case 'call':
        this.runMutatingCall(node, frame, statement);
        return;
      default:
        return;
    }
  }

  private runAssignment(node: SyntaxNode, frame: Frame, statement: SyntaxNode): void {
    const right = node.childForFieldName('right');
    const left = node.childForFieldName('left');
    if (!left) return;
    if (!right) return; // an annotation without a value binds nothing
    let value: Value;
    if (right.type === 'assignment') {
      this.runAssignment(right, frame, statement);
      const innermost = this.innermostValue(right);
      value = innermost ? this.evaluate(innermost, frame) : unknown('a chained assignment', spanOf(right, frame.file));
    } else {
      value = this.evaluate(right, frame);
    }
    this.assignTarget(left, value, frame, spanOf(statement, frame.file));
  }

  private innermostValue(node: SyntaxNode): SyntaxNode | null {
    const right = node.childForFieldName('right');
    return right?.type === 'assignment' ? this.innermostValue(right) : right;
  }

  private assignTarget(target: SyntaxNode, value: Value, frame: Frame, statementSpan: SourceSpan): void {
    switch (target.type) {
      case 'identifier':
        if (frame.depth === 0 && /^[A-Z][A-Z0-9_]*$/.test(target.text))
          this.modulesAssigningSettings.add(frame.absPath);
        // A value assigned in a branch the environment chose holds only under that environment.
        frame.scope.set(target.text, {
          value:
            frame.pathEnv.length > 0 && frame.depth === 0
              ? ({ ...value, conditions: mergeEnv(value.conditions ?? [], frame.pathEnv) } as Value)
              : value,
          assignedAt: statementSpan,
        });
        return;
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'expression_list':
      case 'tuple':
      case 'list': {
        const targets = target.namedChildren.filter((child): child is SyntaxNode => child !== null);
        const items = value.kind === 'list' || value.kind === 'tuple' ? value.items : undefined;
        targets.forEach((child, index) => {
          const item =
            items && items.length === targets.length
              ? items[index]!
              : unknown('one part of an unpacked value', value.span, value.env);
          this.assignTarget(child, item, frame, statementSpan);
        });
        return;
      }
      case 'subscript':
        this.assignSubscript(target, value, frame);
        return;
      default:
        return;
    }
  }

  /** `DATABASES["default"]["PASSWORD"] = ...`: rebuild the nested dict with the new entry. */
  private assignSubscript(target: SyntaxNode, value: Value, frame: Frame): void {
    const keys: Value[] = [];
    let cursor: SyntaxNode | null = target;
    while (cursor?.type === 'subscript') {
      const key = cursor.childForFieldName('subscript');
      if (!key) return;
      keys.unshift(this.evaluate(key, frame));
      cursor = cursor.childForFieldName('value');
    }
    if (cursor?.type !== 'identifier') return;
    const binding = this.lookup(cursor.text, frame);
    if (!binding) return;
    const updated = this.setPath(binding.value, keys, value);
    frame.scope.set(cursor.text, { value: updated, assignedAt: binding.assignedAt });
  }

  private setPath(container: Value, keys: Value[], value: Value): Value {
    const [key, ...rest] = keys;
    if (!key) return value;
    if (container.kind === 'dict') {
      const index = container.entries.findIndex(([k]) => pyEquals(k, key) === true);
      const current = index >= 0 ? container.entries[index]![1] : undefined;
      const next = rest.length === 0 ? value : current ? this.setPath(current, rest, value) : value;
      const entries = [...container.entries];
      if (index >= 0) entries[index] = [container.entries[index]![0], next];
      else entries.push([key, next]);
      return { ...container, entries };
    }
    if ((container.kind === 'list' || container.kind === 'tuple') && key.kind === 'int') {
      const items = [...container.items];
      const index = key.value < 0 ? items.length + key.value : key.value;
      if (index < 0 || index >= items.length) return container;
      items[index] = rest.length === 0 ? value : this.setPath(items[index]!, rest, value);
      return { ...container, items };
    }
    return unknown('a container changed in place', container.span, container.env);
  }

  private runAugmentedAssignment(node: SyntaxNode, frame: Frame, statement: SyntaxNode): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const operator = node.childForFieldName('operator')?.type.replace('=', '');
    if (!left || !right || !operator) return;
    const current = this.evaluate(left, frame);
    const operand = this.evaluate(right, frame);
    const result = this.binary(operator, current, operand, spanOf(right, frame.file), true);
    this.assignTarget(left, result, frame, spanOf(statement, frame.file));
  }

  /** List mutations written as statements: `MIDDLEWARE.insert(0, ...)`, `INSTALLED_APPS += ...`'s cousins. */
  private runMutatingCall(node: SyntaxNode, frame: Frame, statement: SyntaxNode): void {
    const callee = node.childForFieldName('function');
    if (callee?.type === 'attribute') {
      const receiver = callee.childForFieldName('object');
      const method = callee.childForFieldName('attribute')?.text;
      if (receiver?.type === 'identifier' && method) {
        const binding = this.lookup(receiver.text, frame);
        if (
          binding &&
          ['append', 'insert', 'extend', 'remove', 'update', 'setdefault', 'pop', 'clear'].includes(method)
        ) {
          const args = this.arguments(node, frame);
          const updated = this.mutate(binding.value, method, args.positional, spanOf(node, frame.file));
          if (updated) {
            frame.scope.set(receiver.text, { value: updated, assignedAt: spanOf(statement, frame.file) });
            return;
          }
        }
      }
    }
    this.evaluate(node, frame);
  }

  private mutate(container: Value, method: string, args: Value[], span: SourceSpan): Value | undefined {
    if (container.kind === 'list') {
      const items = [...container.items];
      switch (method) {
        case 'append':
          if (args[0]) items.push(args[0]);
          break;
        case 'insert': {
          const at = args[0] ? asNumber(args[0]) : undefined;
          if (at === undefined || !args[1])
            return unknown('a list changed at an unknown position', span, container.env);
          const index = at < 0 ? Math.max(0, items.length + at) : Math.min(at, items.length);
          items.splice(index, 0, args[1]);
          break;
        }
        case 'extend': {
          const extra = args[0];
          if (!extra || !(extra.kind === 'list' || extra.kind === 'tuple' || extra.kind === 'set')) {
            return unknown('a list extended with unknown items', span, container.env);
          }
          items.push(...extra.items);
          break;
        }
        case 'remove': {
          const index = args[0] ? items.findIndex((item) => pyEquals(item, args[0]!) === true) : -1;
          if (index >= 0) items.splice(index, 1);
          else if (args[0] && items.some((item) => pyEquals(item, args[0]!) === undefined)) {
            return unknown('a list with an item removed', span, container.env);
          }
          break;
        }
        case 'clear':
          items.length = 0;
          break;
        case 'pop':
          return unknown('a list after pop()', span, container.env);
        default:
          return undefined;
      }
      return { ...container, items, env: mergeEnv(container.env, ...args.map((a) => a.env)) };
    }
    if (container.kind === 'dict') {
      if (method === 'update' && args[0]?.kind === 'dict') {
        let result: Value = container;
        for (const [key, value] of args[0].entries) result = this.setPath(result, [key], value);
        return result;
      }
      if (method === 'setdefault' && args[0]) {
        return dictGet(container, stringForm(args[0]) ?? '\0') !== undefined
          ? container
          : this.setPath(container, [args[0]], args[1] ?? make('none', {}, span));
      }
      if (method === 'clear') return { ...container, entries: [] };
      return unknown(`a dict after ${method}()`, span, container.env);
    }
    return undefined;
  }

  private async runIf(node: SyntaxNode, frame: Frame): Promise<Flow> {
    const condition = node.childForFieldName('condition');
    const consequence = node.childForFieldName('consequence');
    const alternatives = node.childrenForFieldName('alternative').filter((c): c is SyntaxNode => c !== null);
    return this.runConditional(condition, consequence, alternatives, frame);
  }

  private async runConditional(
    condition: SyntaxNode | null,
    consequence: SyntaxNode | null,
    alternatives: SyntaxNode[],
    frame: Frame,
  ): Promise<Flow> {
    const runRest = async (target: Frame): Promise<Flow> => {
      const [next, ...rest] = alternatives;
      if (!next) return NORMAL;
      if (next.type === 'else_clause')
        return this.runBlock(next.childForFieldName('body')?.namedChildren ?? [], target);
      return this.runConditional(
        next.childForFieldName('condition'),
        next.childForFieldName('consequence'),
        rest,
        target,
      );
    };
    const test = condition
      ? this.evaluate(condition, frame)
      : unknown('a missing condition', spanOf(consequence!, frame.file));
    const decided = truthy(test);
    const pathEnv = mergeEnv(frame.pathEnv, test.env);
    if (decided === true) return this.runBlock(consequence?.namedChildren ?? [], { ...frame, pathEnv });
    if (decided === false) return runRest({ ...frame, pathEnv });

    const thenFrame: Frame = { ...frame, scope: cloneScope(frame.scope), importsMayFail: true };
    const elseFrame: Frame = { ...frame, scope: cloneScope(frame.scope), importsMayFail: true };
    const thenFlow = await this.runBlock(consequence?.namedChildren ?? [], thenFrame);
    const elseFlow = await runRest(elseFrame);
    // A branch that raises cannot be how production runs, so only the other one is kept.
    if (thenFlow.kind === 'raise' && elseFlow.kind === 'raise') return thenFlow;
    if (thenFlow.kind === 'raise') {
      replaceScope(frame.scope, elseFrame.scope);
      return elseFlow;
    }
    if (elseFlow.kind === 'raise') {
      replaceScope(frame.scope, thenFrame.scope);
      return thenFlow;
    }
    this.mergeScopes(frame.scope, thenFrame.scope, elseFrame.scope, condition?.text ?? 'a condition');
    if (thenFlow.kind === 'return' && elseFlow.kind === 'return') {
      return { kind: 'return', value: this.either([thenFlow.value, elseFlow.value], condition?.text ?? '') };
    }
    return thenFlow.kind === 'return' || elseFlow.kind === 'return'
      ? {
          kind: 'return',
          value: unknown('a value returned on some paths only', spanOf(condition ?? consequence!, frame.file)),
        }
      : NORMAL;
  }

  private either(options: Value[], condition: string): Value {
    const first = options[0]!;
    if (options.every((option) => option === first)) return first;
    return make('either', { options, condition }, first.span, mergeEnv(...options.map((o) => o.env)));
  }

  private mergeScopes(target: Scope, a: Scope, b: Scope, condition: string): void {
    const names = new Set([...a.keys(), ...b.keys()]);
    target.clear();
    for (const name of names) {
      const left = a.get(name);
      const right = b.get(name);
      if (left && right && left === right) {
        target.set(name, left);
        continue;
      }
      const anchor = (left ?? right)!;
      const missing = (binding: Binding | undefined): Value =>
        binding?.value ?? unknown(`${name} left unassigned on one branch of "${condition}"`, anchor.assignedAt);
      target.set(name, {
        value: this.either([missing(left), missing(right)], condition),
        assignedAt: (right ?? left)!.assignedAt,
      });
    }
  }

  private async runMaybe(body: readonly (SyntaxNode | null)[], frame: Frame, what: string): Promise<Flow> {
    const inner: Frame = { ...frame, scope: cloneScope(frame.scope) };
    const flow = await this.runBlock(body, inner);
    if (flow.kind === 'raise') return NORMAL;
    this.mergeScopes(frame.scope, inner.scope, cloneScope(frame.scope), what);
    return NORMAL;
  }

  private async runFor(node: SyntaxNode, frame: Frame): Promise<Flow> {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const body = node.childForFieldName('body')?.namedChildren ?? [];
    const iterable = right ? this.evaluate(right, frame) : undefined;
    const items = iterable ? this.iterate(iterable) : undefined;
    if (!left || !items || items.length > MAX_UNROLL) {
      if (left)
        this.assignTarget(left, unknown('a loop variable', spanOf(left, frame.file)), frame, spanOf(left, frame.file));
      return this.runMaybe(body, frame, 'a for loop');
    }
    for (const item of items) {
      this.assignTarget(left, item, frame, spanOf(left, frame.file));
      const flow = await this.runBlock(body, frame);
      if (flow.kind !== 'normal') return flow;
    }
    return NORMAL;
  }

  private async runTry(node: SyntaxNode, frame: Frame): Promise<Flow> {
    const body = node.childForFieldName('body')?.namedChildren ?? [];
    const handlers = node.namedChildren.filter((c): c is SyntaxNode => c?.type === 'except_clause');
    const elseClause = node.namedChildren.find((c) => c?.type === 'else_clause');
    const finallyClause = node.namedChildren.find((c) => c?.type === 'finally_clause');
    const flow = await this.runBlock(body, { ...frame, importsMayFail: true });
    let result: Flow = flow;
    if (flow.kind === 'raise') {
      const handler = handlers.find((h) => this.handles(h, flow));
      if (handler) {
        const block = handler.namedChildren.find((c) => c?.type === 'block');
        result = await this.runBlock(block?.namedChildren ?? [], frame);
      }
    } else if (flow.kind === 'normal' && elseClause) {
      result = await this.runBlock(elseClause.childForFieldName('body')?.namedChildren ?? [], frame);
    }
    if (finallyClause) {
      const block = finallyClause.namedChildren.find((c) => c?.type === 'block');
      const finallyFlow = await this.runBlock(block?.namedChildren ?? [], frame);
      if (finallyFlow.kind !== 'normal') return finallyFlow;
    }
    return result;
  }

  private handles(handler: SyntaxNode, flow: Extract<Flow, { kind: 'raise' }>): boolean {
    const caught = handler.namedChildren.find((c) => c !== null && c.type !== 'block');
    if (!caught) return true;
    const names = (caught.type === 'as_pattern' ? caught.namedChildren[0] : caught)?.text ?? '';
    const listed = names
      .replace(/[()]/g, '')
      .split(',')
      .map((n) => n.trim().split('.').pop() ?? '');
    if (flow.importError) return listed.some((n) => EXCEPTIONS_CATCHING_IMPORT_ERROR.has(n));
    return listed.some((n) => n === flow.exception || n === 'Exception' || n === 'BaseException');
  }

  // ---------------------------------------------------------------- imports

  private async runImport(node: SyntaxNode, frame: Frame): Promise<Flow> {
    const span = spanOf(node, frame.file);
    if (node.type === 'future_import_statement') return NORMAL;
    if (node.type === 'import_statement') {
      for (const name of node.childrenForFieldName('name')) {
        if (!name) continue;
        const dotted = name.type === 'aliased_import' ? name.childForFieldName('name')!.text : name.text;
        const alias = name.type === 'aliased_import' ? name.childForFieldName('alias')?.text : undefined;
        const bound = alias ?? dotted.split('.')[0]!;
        const moduleName = alias ? dotted : bound;
        frame.scope.set(bound, {
          value: make('object', { object: { type: 'module', name: moduleName } }, span),
          assignedAt: span,
        });
      }
      return NORMAL;
    }
    const moduleNode = node.childForFieldName('module_name');
    if (!moduleNode) return NORMAL;
    const { dotted, level } = this.moduleReference(moduleNode);
    const wildcard = node.namedChildren.some((c) => c?.type === 'wildcard_import');
    const names = node.childrenForFieldName('name').filter((c): c is SyntaxNode => c !== null);

    const external = level === 0 && !this.host.resolver.isProjectModule(dotted, 0);
    if (external && wildcard && frame.importsMayFail) {
      // `try: from local_settings import *` names an optional file of the project, not a library.
      return { kind: 'raise', span, exception: 'ImportError', env: frame.pathEnv, importError: true };
    }
    if (external && wildcard) {
      frame.scope.set(OPAQUE_NAMES, { value: unknown(`the names ${dotted} exports`, span), assignedAt: span });
      return NORMAL;
    }
    if (external) {
      for (const name of names) {
        const imported = name.type === 'aliased_import' ? name.childForFieldName('name')!.text : name.text;
        const alias = name.type === 'aliased_import' ? name.childForFieldName('alias')!.text : imported;
        const known = knownImport(dotted, imported, span);
        frame.scope.set(alias, {
          value: known ?? unknown(`${imported} from ${dotted}`, span),
          assignedAt: span,
        });
      }
      return NORMAL;
    }

    const resolved = this.host.resolver.resolve(dotted, level, frame.absPath);
    if (!resolved || !resolved.shipped) {
      // `from . import local` may name a submodule file rather than a module attribute.
      return { kind: 'raise', span, exception: 'ImportError', env: frame.pathEnv, importError: true };
    }
    const moduleScope = await this.runModule(resolved.absPath);
    if (!moduleScope) return NORMAL;
    if (wildcard) {
      const imported = this.starImports.get(frame.absPath) ?? [];
      imported.push(resolved.absPath);
      this.starImports.set(frame.absPath, imported);
      const exported = this.exportedNames(moduleScope);
      for (const name of exported) {
        const binding = moduleScope.get(name);
        if (binding) frame.scope.set(name, binding);
      }
      return NORMAL;
    }
    for (const name of names) {
      const imported = name.type === 'aliased_import' ? name.childForFieldName('name')!.text : name.text;
      const alias = name.type === 'aliased_import' ? name.childForFieldName('alias')!.text : imported;
      const binding = moduleScope.get(imported);
      if (binding) {
        frame.scope.set(alias, binding);
        continue;
      }
      const submodule = this.host.resolver.resolve(imported, 1, resolved.absPath);
      if (submodule?.absPath.endsWith('.py') && resolved.absPath.endsWith('__init__.py')) {
        if (!submodule.shipped)
          return { kind: 'raise', span, exception: 'ImportError', env: frame.pathEnv, importError: true };
        await this.runModule(submodule.absPath);
      }
      frame.scope.set(alias, { value: unknown(`${imported} from ${dotted || '.'}`, span), assignedAt: span });
    }
    return NORMAL;
  }

  private moduleReference(node: SyntaxNode): { dotted: string; level: number } {
    if (node.type === 'relative_import') {
      const prefix = node.namedChildren.find((c) => c?.type === 'import_prefix')?.text ?? '';
      const rest = node.namedChildren.find((c) => c?.type === 'dotted_name')?.text ?? '';
      return { dotted: rest, level: prefix.length };
    }
    return { dotted: node.text, level: 0 };
  }

  private exportedNames(scope: Scope): string[] {
    const all = scope.get('__all__')?.value;
    if (all && (all.kind === 'list' || all.kind === 'tuple') && all.items.every((i) => i.kind === 'str')) {
      return all.items.map((i) => (i.kind === 'str' ? i.value : ''));
    }
    return [...scope.keys()].filter(isPublic);
  }

  // ---------------------------------------------------------------- expressions

  private lookup(name: string, frame: Frame): Binding | undefined {
    return frame.scope.get(name) ?? frame.globals?.get(name);
  }

  evaluate(node: SyntaxNode, frame: Frame): Value {
    const span = spanOf(node, frame.file);
    switch (node.type) {
      case 'true':
        return make('bool', { value: true }, span);
      case 'false':
        return make('bool', { value: false }, span);
      case 'none':
        return make('none', {}, span);
      case 'integer': {
        const value = parseIntegerLiteral(node.text);
        return value === undefined ? unknown('a complex number', span) : make('int', { value }, span);
      }
      case 'float': {
        const value = parseFloatLiteral(node.text);
        return value === undefined ? unknown('a complex number', span) : make('float', { value }, span);
      }
      case 'string':
        return this.evaluateString(node, frame);
      case 'concatenated_string': {
        const parts = node.namedChildren
          .filter((c): c is SyntaxNode => c !== null)
          .map((c) => this.evaluateString(c, frame));
        if (parts.every((p) => p.kind === 'str')) {
          return make(
            'str',
            { value: parts.map((p) => (p.kind === 'str' ? p.value : '')).join('') },
            span,
            mergeEnv(...parts.map((p) => p.env)),
          );
        }
        return unknown('a string built from unknown parts', span, mergeEnv(...parts.map((p) => p.env)));
      }
      case 'identifier': {
        const binding = this.lookup(node.text, frame);
        if (binding) return binding.value;
        return this.builtin(node.text, span) ?? unknown(`the name ${node.text}`, span);
      }
      case 'parenthesized_expression': {
        const inner = node.namedChildren.find((c) => c?.type !== 'comment');
        return inner ? this.evaluate(inner, frame) : unknown('an empty expression', span);
      }
      case 'list':
      case 'tuple':
      case 'set':
        return this.evaluateSequence(node, node.type, frame);
      case 'expression_list':
        return this.evaluateSequence(node, 'tuple', frame);
      case 'dictionary':
        return this.evaluateDict(node, frame);
      case 'attribute':
        return this.evaluateAttribute(node, frame);
      case 'subscript':
        return this.evaluateSubscript(node, frame);
      case 'call':
        return this.evaluateCall(node, frame);
      case 'comparison_operator':
        return this.evaluateComparison(node, frame);
      case 'boolean_operator': {
        const left = this.evaluate(node.childForFieldName('left')!, frame);
        const operator = node.childForFieldName('operator')?.type;
        const leftTruth = truthy(left);
        if (leftTruth === undefined) {
          const right = this.evaluate(node.childForFieldName('right')!, frame);
          return unknown('a boolean expression on an unknown value', span, mergeEnv(left.env, right.env));
        }
        if ((operator === 'and' && !leftTruth) || (operator === 'or' && leftTruth)) return left;
        const right = this.evaluate(node.childForFieldName('right')!, frame);
        return withProvenance(right, right.span, left.env);
      }
      case 'not_operator': {
        const argument = this.evaluate(node.childForFieldName('argument')!, frame);
        const value = truthy(argument);
        return value === undefined
          ? unknown('the negation of an unknown value', span, argument.env)
          : make('bool', { value: !value }, span, argument.env);
      }
      case 'unary_operator': {
        const argument = this.evaluate(node.childForFieldName('argument')!, frame);
        const number = asNumber(argument);
        const operator = node.childForFieldName('operator')?.type;
        if (number === undefined || operator === '~') return unknown('an arithmetic expression', span, argument.env);
        return make(
          argument.kind === 'float' ? 'float' : 'int',
          { value: operator === '-' ? -number : number },
          span,
          argument.env,
        );
      }
      case 'binary_operator': {
        const left = this.evaluate(node.childForFieldName('left')!, frame);
        const right = this.evaluate(node.childForFieldName('right')!, frame);
        return this.binary(node.childForFieldName('operator')!.type, left, right, span, false);
      }
      case 'conditional_expression': {
        const [whenTrue, test, whenFalse] = node.namedChildren;
        if (!whenTrue || !test || !whenFalse) return unknown('a conditional expression', span);
        const condition = this.evaluate(test, frame);
        const decided = truthy(condition);
        if (decided === undefined) {
          return this.either([this.evaluate(whenTrue, frame), this.evaluate(whenFalse, frame)], test.text);
        }
        const chosen = this.evaluate(decided ? whenTrue : whenFalse, frame);
        return withProvenance(chosen, chosen.span, condition.env);
      }
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
        return this.evaluateComprehension(node, frame);
      default:
        return unknown(`a ${node.type.replace(/_/g, ' ')}`, span);
    }
  }

  private builtin(name: string, span: SourceSpan): Value | undefined {
    const callables = [
      'bool',
      'int',
      'float',
      'str',
      'list',
      'tuple',
      'set',
      'dict',
      'len',
      'sorted',
      'frozenset',
      'repr',
    ];
    return callables.includes(name) ? make('object', { object: { type: 'callable', name } }, span) : undefined;
  }

  private evaluateString(node: SyntaxNode, frame: Frame): Value {
    const span = spanOf(node, frame.file);
    const start = node.namedChildren.find((c) => c?.type === 'string_start')?.text ?? '"';
    const prefix = start.replace(/['"]+$/, '').toLowerCase();
    if (prefix.includes('b')) return unknown('a bytes literal', span);
    const raw = prefix.includes('r');
    let text = '';
    let env: EnvRead[] = [];
    let complete = true;
    for (const child of node.namedChildren) {
      if (!child) continue;
      switch (child.type) {
        case 'string_content':
          text += raw ? child.text : this.decodeContent(child);
          break;
        case 'escape_sequence': {
          const decoded = raw ? child.text : decodeEscape(child.text);
          if (decoded === undefined) complete = false;
          else text += decoded;
          break;
        }
        case 'interpolation': {
          const expression = child.childForFieldName('expression');
          const formatted = expression ? this.evaluate(expression, frame) : undefined;
          const hasSpec = child.namedChildren.some(
            (c) => c?.type === 'format_specifier' || c?.type === 'type_conversion',
          );
          const piece = formatted && !hasSpec ? stringForm(formatted) : undefined;
          if (formatted) env = mergeEnv(env, formatted.env);
          if (piece === undefined) complete = false;
          else text += piece;
          break;
        }
        default:
          break;
      }
    }
    return complete
      ? make('str', { value: text }, span, env)
      : unknown('a formatted string with unknown parts', span, env);
  }

  /** string_content nodes in tree-sitter-python can still hold escapes in some grammar versions. */
  private decodeContent(node: SyntaxNode): string {
    let text = '';
    let last = node.startIndex;
    for (const child of node.namedChildren) {
      if (!child || child.type !== 'escape_sequence') continue;
      text += node.text.slice(last - node.startIndex, child.startIndex - node.startIndex);
      text += decodeEscape(child.text) ?? child.text;
      last = child.endIndex;
    }
    return text + node.text.slice(last - node.startIndex);
  }

  private evaluateSequence(node: SyntaxNode, kind: 'list' | 'tuple' | 'set', frame: Frame): Value {
    const span = spanOf(node, frame.file);
    const items: Value[] = [];
    for (const child of node.namedChildren) {
      if (!child || child.type === 'comment') continue;
      if (child.type === 'list_splat') {
        const inner = child.namedChildren[0];
        const spread = inner ? this.evaluate(inner, frame) : undefined;
        const spreadItems = spread ? this.iterate(spread) : undefined;
        if (!spreadItems) return unknown(`a ${kind} with unpacked unknown items`, span, spread?.env);
        items.push(...spreadItems);
        continue;
      }
      items.push(this.evaluate(child, frame));
    }
    return make(kind, { items }, span, mergeEnv(...items.map((item) => item.env)));
  }

  private evaluateDict(node: SyntaxNode, frame: Frame): Value {
    const span = spanOf(node, frame.file);
    let dict: Value = make('dict', { entries: [] }, span);
    for (const child of node.namedChildren) {
      if (!child || child.type === 'comment') continue;
      if (child.type === 'pair') {
        const key = this.evaluate(child.childForFieldName('key')!, frame);
        const value = this.evaluate(child.childForFieldName('value')!, frame);
        dict = this.setPath(dict, [key], value);
      } else if (child.type === 'dictionary_splat') {
        const inner = child.namedChildren[0];
        const spread = inner ? this.evaluate(inner, frame) : undefined;
        if (spread?.kind !== 'dict') return unknown('a dict with unpacked unknown entries', span);
        for (const [key, value] of spread.entries) dict = this.setPath(dict, [key], value);
      } else {
        return unknown('a dict comprehension', span);
      }
    }
    return dict;
  }

  private iterate(value: Value): Value[] | undefined {
    switch (value.kind) {
      case 'list':
      case 'tuple':
      case 'set':
        return value.items;
      case 'dict':
        return value.entries.map(([k]) => k);
      case 'str':
        return [...value.value].map((ch) => make('str', { value: ch }, value.span, value.env));
      default:
        return undefined;
    }
  }

  private evaluateComprehension(node: SyntaxNode, frame: Frame): Value {
    const span = spanOf(node, frame.file);
    const body = node.childForFieldName('body');
    const clauses = node.namedChildren.filter(
      (c): c is SyntaxNode => c?.type === 'for_in_clause' || c?.type === 'if_clause',
    );
    if (
      !body ||
      clauses[0]?.type !== 'for_in_clause' ||
      clauses.filter((c) => c.type === 'for_in_clause').length !== 1
    ) {
      return unknown('a comprehension', span);
    }
    const loop = clauses[0];
    const source = this.evaluate(loop.childForFieldName('right')!, frame);
    const items = this.iterate(source);
    const target = loop.childForFieldName('left');
    if (!items || !target) return unknown('a comprehension over unknown items', span, source.env);
    const results: Value[] = [];
    const scope = cloneScope(frame.scope);
    const inner: Frame = { ...frame, scope };
    for (const item of items) {
      this.assignTarget(target, item, inner, span);
      let keep: boolean | undefined = true;
      for (const clause of clauses.slice(1)) {
        const condition = clause.namedChildren[0];
        keep = condition ? truthy(this.evaluate(condition, inner)) : true;
        if (keep !== true) break;
      }
      if (keep === undefined) return unknown('a filtered comprehension', span, source.env);
      if (keep) results.push(withProvenance(this.evaluate(body, inner), span, source.env));
    }
    const kind = node.type === 'set_comprehension' ? 'set' : 'list';
    return make(kind, { items: results }, span, source.env);
  }

  private evaluateAttribute(node: SyntaxNode, frame: Frame): Value {
    const span = spanOf(node, frame.file);
    const object = this.evaluate(node.childForFieldName('object')!, frame);
    const attribute = node.childForFieldName('attribute')!.text;
    if (object.kind === 'object') {
      const known = knownModuleAttribute(object.object, attribute, span);
      if (known) return known;
      if (object.object.type === 'module') {
        return unknown(`${object.object.name}.${attribute}`, span);
      }
    }
    if (object.kind === 'unknown') return unknown(`an attribute of ${object.why}`, span, object.env);
    return make('object', { object: { type: 'method', receiver: object, name: attribute } }, span, object.env);
  }

  private evaluateSubscript(node: SyntaxNode, frame: Frame): Value {
    const span = spanOf(node, frame.file);
    const container = this.evaluate(node.childForFieldName('value')!, frame);
    const keyNode = node.childForFieldName('subscript');
    if (!keyNode) return unknown('a subscript', span);
    if (keyNode.type === 'slice') return unknown('a slice', span, container.env);
    const key = this.evaluate(keyNode, frame);
    if (container.kind === 'object' && container.object.type === 'os.environ') {
      return this.readEnvironment({ variable: key, requiredWithoutDefault: true, span });
    }
    if (container.kind === 'dict') {
      const found = container.entries.find(([k]) => pyEquals(k, key) === true);
      if (found) return found[1];
      return unknown('a missing dict key', span, mergeEnv(container.env, key.env));
    }
    if ((container.kind === 'list' || container.kind === 'tuple' || container.kind === 'str') && key.kind === 'int') {
      const items = container.kind === 'str' ? [...container.value] : container.items;
      const index = key.value < 0 ? items.length + key.value : key.value;
      const item = items[index];
      if (item === undefined) return unknown('an index out of range', span, container.env);
      return typeof item === 'string' ? make('str', { value: item }, span, container.env) : item;
    }
    return unknown('an item of an unknown container', span, mergeEnv(container.env, key.env));
  }

  private evaluateComparison(node: SyntaxNode, frame: Frame): Value {
    const span = spanOf(node, frame.file);
    const operands: Value[] = [];
    const operators: string[] = [];
    for (const child of node.children) {
      if (!child) continue;
      if (child.isNamed && child.type !== 'comment') operands.push(this.evaluate(child, frame));
      else if (!child.isNamed) operators.push(child.type);
    }
    const env = mergeEnv(...operands.map((o) => o.env));
    const [needle, haystack] = operands;
    if (
      operators.length === 1 &&
      (operators[0] === 'in' || operators[0] === 'not in') &&
      haystack?.kind === 'object' &&
      haystack.object.type === 'os.environ' &&
      needle?.kind === 'str'
    ) {
      // `"X" in os.environ`: a read of X that only asks whether production sets it.
      const read = performRead({ variable: needle, requiredWithoutDefault: false, span }, this.host.environment);
      if (read.state === 'given' || read.state === 'unset') {
        const present = read.state === 'given';
        return make('bool', { value: operators[0] === 'in' ? present : !present }, span, read.read ? [read.read] : []);
      }
      return unknown(`whether ${needle.value} is set`, span, read.read ? [read.read] : []);
    }
    let result = true;
    for (let i = 0; i < operators.length; i++) {
      const outcome = this.compare(operators[i]!, operands[i]!, operands[i + 1]!);
      if (outcome === undefined) return unknown('a comparison with an unknown side', span, env);
      if (!outcome) {
        result = false;
        break;
      }
    }
    return make('bool', { value: result }, span, env);
  }

  private compare(operator: string, left: Value, right: Value): boolean | undefined {
    switch (operator) {
      case '==':
        return pyEquals(left, right);
      case '!=':
      case '<>': {
        const equal = pyEquals(left, right);
        return equal === undefined ? undefined : !equal;
      }
      case 'in':
        return pyContains(right, left);
      case 'not in': {
        const contained = pyContains(right, left);
        return contained === undefined ? undefined : !contained;
      }
      case 'is':
      case 'is not': {
        if (!isKnown(left) || !isKnown(right)) return undefined;
        const singleton = (v: Value) => v.kind === 'none' || v.kind === 'bool';
        if (!singleton(left) && !singleton(right)) return undefined;
        const same = left.kind === right.kind && pyEquals(left, right) === true;
        return operator === 'is' ? same : !same;
      }
      default: {
        const a = asNumber(left);
        const b = asNumber(right);
        if (a !== undefined && b !== undefined) {
          if (operator === '<') return a < b;
          if (operator === '<=') return a <= b;
          if (operator === '>') return a > b;
          if (operator === '>=') return a >= b;
        }
        if (left.kind === 'str' && right.kind === 'str') {
          if (operator === '<') return left.value < right.value;
          if (operator === '<=') return left.value <= right.value;
          if (operator === '>') return left.value > right.value;
          if (operator === '>=') return left.value >= right.value;
        }
        return undefined;
      }
    }
  }

  private binary(operator: string, left: Value, right: Value, span: SourceSpan, inPlace: boolean): Value {
    const env = mergeEnv(left.env, right.env);
    if (operator === '+') {
      if (left.kind === 'str' && right.kind === 'str')
        return make('str', { value: left.value + right.value }, span, env);
      const sequence = (v: Value) => v.kind === 'list' || v.kind === 'tuple';
      if (sequence(left) && (right.kind === left.kind || (inPlace && left.kind === 'list' && sequence(right)))) {
        const items = [
          ...(left as Extract<Value, { kind: 'list' }>).items,
          ...(right as Extract<Value, { kind: 'list' }>).items,
        ];
        return make(left.kind as 'list', { items }, inPlace ? left.span : span, env);
      }
    }
    if (operator === '|' && left.kind === 'dict' && right.kind === 'dict') {
      let result: Value = left;
      for (const [key, value] of right.entries) result = this.setPath(result, [key], value);
      return withProvenance(result, span, env);
    }
    if (operator === '*') {
      const count = asNumber(right) ?? asNumber(left);
      const sequence = asNumber(right) !== undefined ? left : right;
      if (count !== undefined && sequence.kind === 'str' && Number.isInteger(count)) {
        return make('str', { value: sequence.value.repeat(Math.max(0, count)) }, span, env);
      }
      if (count !== undefined && (sequence.kind === 'list' || sequence.kind === 'tuple') && count <= MAX_UNROLL) {
        const items = Array.from({ length: Math.max(0, count) }, () => sequence.items).flat();
        return make(sequence.kind, { items }, span, env);
      }
    }
    const a = asNumber(left);
    const b = asNumber(right);
    if (a !== undefined && b !== undefined) {
      const isFloat = left.kind === 'float' || right.kind === 'float';
      const number = (value: number, float = isFloat) => make(float ? 'float' : 'int', { value }, span, env);
      switch (operator) {
        case '+':
          return number(a + b);
        case '-':
          return number(a - b);
        case '*':
          return number(a * b);
        case '/':
          return b === 0 ? unknown('a division by zero', span, env) : number(a / b, true);
        case '//':
          return b === 0 ? unknown('a division by zero', span, env) : number(Math.floor(a / b));
        case '%':
          return b === 0 ? unknown('a division by zero', span, env) : number(((a % b) + b) % b);
        case '**':
          return number(a ** b);
        default:
          break;
      }
    }
    if (operator === '%' && left.kind === 'str') {
      const args = right.kind === 'tuple' ? right.items : [right];
      const formatted = this.percentFormat(left.value, args);
      if (formatted !== undefined) return make('str', { value: formatted }, span, env);
    }
    return unknown(`the result of ${operator}`, span, env);
  }

  private percentFormat(template: string, args: Value[]): string | undefined {
    let index = 0;
    let failed = false;
    const result = template.replace(/%([%sdir])/g, (_match, type: string) => {
      if (type === '%') return '%';
      const arg = args[index++];
      const text = arg ? stringForm(arg) : undefined;
      if (text === undefined) failed = true;
      return text ?? '';
    });
    return failed || index !== args.length ? undefined : result;
  }

  // ---------------------------------------------------------------- calls

  private arguments(
    node: SyntaxNode,
    frame: Frame,
  ): { positional: Value[]; keywords: Map<string, Value>; spread: boolean } {
    const positional: Value[] = [];
    const keywords = new Map<string, Value>();
    let spread = false;
    const list = node.childForFieldName('arguments');
    for (const child of list?.namedChildren ?? []) {
      if (!child || child.type === 'comment') continue;
      if (child.type === 'keyword_argument') {
        const name = child.childForFieldName('name')?.text;
        const value = child.childForFieldName('value');
        if (name && value) keywords.set(name, this.evaluate(value, frame));
      } else if (child.type === 'list_splat' || child.type === 'dictionary_splat') {
        spread = true;
      } else {
        positional.push(this.evaluate(child, frame));
      }
    }
    return { positional, keywords, spread };
  }

  private evaluateCall(node: SyntaxNode, frame: Frame): Value {
    const span = spanOf(node, frame.file);
    const calleeNode = node.childForFieldName('function')!;
    const callee = this.evaluate(calleeNode, frame);
    const args = this.arguments(node, frame);
    const argEnv = mergeEnv(...args.positional.map((a) => a.env), ...[...args.keywords.values()].map((a) => a.env));
    if (!args.spread && callee.kind === 'object') {
      const result = this.call(callee, args.positional, args.keywords, span, frame);
      if (result) return result;
    }
    const calleeName =
      calleeNode.type === 'attribute' ? calleeNode.childForFieldName('attribute')!.text : calleeNode.text;
    if (BOOL_HELPER_NAME.test(calleeName) && args.positional[0]) return helperBool(args.positional[0], span);
    return unknown(`the result of ${calleeNode.text}()`, span, argEnv);
  }

  private call(
    callee: Value & { kind: 'object' },
    positional: Value[],
    keywords: Map<string, Value>,
    span: SourceSpan,
    frame: Frame,
  ): Value | undefined {
    const object = callee.object;
    switch (object.type) {
      case 'callable':
        return this.callNamed(object.name, positional, keywords, span);
      case 'method':
        return this.callMethod(object.receiver, object.name, positional, keywords, span);
      case 'env-reader':
        return this.callEnvironReader(object.scheme, object.library, undefined, positional, keywords, span);
      case 'function':
        return this.callFunction(
          object.definition as FunctionDefinition,
          object.name,
          positional,
          keywords,
          span,
          frame,
        );
      default:
        return undefined;
    }
  }

  /** A read whose result is the variable's text itself, uncast (os.environ, decouple without cast). */
  private readEnvironment(request: Parameters<typeof performRead>[0]): Value {
    const read = performRead(request, this.host.environment);
    const value = read.state === 'given' ? make('str', { value: read.text }, request.span, [read.read]) : read.value;
    return request.variable.kind === 'str' ? { ...value, rawEnv: request.variable.value } : value;
  }

  private callNamed(
    name: string,
    positional: Value[],
    keywords: Map<string, Value>,
    span: SourceSpan,
  ): Value | undefined {
    const [first, second] = positional;
    switch (name) {
      case 'os.getenv':
      case 'os.environ.get':
      case 'os.environ.setdefault':
        if (!first) return undefined;
        return this.readEnvironment({
          variable: first,
          fallback: second ?? keywords.get('default'),
          requiredWithoutDefault: false,
          span,
        });
      case 'decouple.config': {
        if (!first) return undefined;
        const raw = this.readEnvironment({
          variable: first,
          fallback: keywords.get('default') ?? second,
          requiredWithoutDefault: true,
          span,
        });
        const cast = keywords.get('cast');
        if (!cast) return raw;
        // A cast value is no longer the variable's raw text.
        return { ...(raw.kind === 'unknown' ? raw : castDecouple(raw, cast, raw.span)), rawEnv: undefined };
      }
      case 'decouple.Csv': {
        const delimiter = keywords.get('delimiter');
        return make(
          'object',
          { object: { type: 'csv-cast', delimiter: delimiter?.kind === 'str' ? delimiter.value : ',', strip: true } },
          span,
        );
      }
      case 'environ.Env':
      case 'environs.Env': {
        const scheme = new Map<string, EnvScheme>();
        for (const [variable, spec] of keywords) scheme.set(variable, castOfScheme(spec));
        const library = name === 'environ.Env' ? 'django-environ' : 'environs';
        return make('object', { object: { type: 'env-reader', library, scheme } }, span);
      }
      case 'get_random_secret_key':
        return unknown(RANDOM_SECRET, span);
      case 'decouple.AutoConfig':
        return make('object', { object: { type: 'callable', name: 'decouple.config' } }, span);
      case 'noop':
        return make('none', {}, span);
      case 'strtobool': {
        if (first?.kind !== 'str') return undefined;
        const text = first.value.toLowerCase();
        if (['y', 'yes', 't', 'true', 'on', '1'].includes(text)) return make('int', { value: 1 }, span, first.env);
        if (['n', 'no', 'f', 'false', 'off', '0'].includes(text)) return make('int', { value: 0 }, span, first.env);
        return unknown(`strtobool("${first.value}") raises`, span, first.env);
      }
      case 'dj_database_url.config':
      case 'dj_database_url.parse': {
        const url =
          name === 'dj_database_url.parse'
            ? first
            : this.readEnvironment({
                variable: keywords.get('env') ?? make('str', { value: 'DATABASE_URL' }, span),
                fallback: keywords.get('default') ?? first,
                requiredWithoutDefault: false,
                span,
              });
        return url ? databaseFromUrl(url, span) : undefined;
      }
      default:
        return this.callBuiltin(name, positional, span);
    }
  }

  private callBuiltin(name: string, positional: Value[], span: SourceSpan): Value | undefined {
    const [first] = positional;
    const env = mergeEnv(...positional.map((p) => p.env));
    switch (name) {
      case 'bool': {
        if (!first) return make('bool', { value: false }, span);
        const value = truthy(first);
        const result =
          value === undefined ? unknown('bool() of an unknown value', span, env) : make('bool', { value }, span, env);
        // bool() of an environment string is still its raw truthiness: "False" is True.
        return first.rawEnv ? { ...result, rawEnv: first.rawEnv } : result;
      }

      case 'int': {
        if (!first) return make('int', { value: 0 }, span);
        if (first.kind === 'str') {
          const parsed = /^\s*[-+]?\d[\d_]*\s*$/.test(first.value) ? Number(first.value.replace(/_/g, '')) : undefined;
          return parsed === undefined
            ? unknown(`int("${first.value}") raises`, span, env)
            : make('int', { value: parsed }, span, env);
        }
        const number = asNumber(first);
        return number === undefined
          ? unknown('int() of an unknown value', span, env)
          : make('int', { value: Math.trunc(number) }, span, env);
      }
      case 'float': {
        const number = first?.kind === 'str' ? Number(first.value) : first ? asNumber(first) : 0;
        return number === undefined || Number.isNaN(number)
          ? unknown('float() of an unknown value', span, env)
          : make('float', { value: number }, span, env);
      }
      case 'str': {
        const text = first ? stringForm(first) : '';
        return text === undefined
          ? unknown('str() of an unknown value', span, env)
          : make('str', { value: text }, span, env);
      }
      case 'list':
      case 'tuple':
      case 'set':
      case 'frozenset':
      case 'sorted': {
        const items = first ? this.iterate(first) : [];
        if (!items) return unknown(`${name}() of an unknown value`, span, env);
        const kind = name === 'tuple' ? 'tuple' : name === 'set' || name === 'frozenset' ? 'set' : 'list';
        return make(kind, { items }, span, env);
      }
      case 'len': {
        const items = first ? this.iterate(first) : undefined;
        return items
          ? make('int', { value: items.length }, span, env)
          : unknown('len() of an unknown value', span, env);
      }
      default:
        return undefined;
    }
  }

  private callMethod(
    receiver: Value,
    method: string,
    positional: Value[],
    keywords: Map<string, Value>,
    span: SourceSpan,
  ): Value | undefined {
    const env = mergeEnv(receiver.env, ...positional.map((p) => p.env));
    if (receiver.kind === 'object' && receiver.object.type === 'env-reader') {
      return this.callEnvironReader(
        receiver.object.scheme,
        receiver.object.library,
        method,
        positional,
        keywords,
        span,
      );
    }
    if (receiver.kind === 'str') {
      const text = receiver.value;
      const str = (value: string) => make('str', { value }, span, env);
      const arg = positional[0]?.kind === 'str' ? positional[0].value : undefined;
      switch (method) {
        case 'lower':
        case 'casefold':
          return str(text.toLowerCase());
        case 'upper':
          return str(text.toUpperCase());
        case 'strip':
        case 'lstrip':
        case 'rstrip': {
          if (positional.length > 0 && arg === undefined) return undefined;
          const chars = arg === undefined ? '\\s' : arg.replace(/[\\\]^-]/g, '\\$&');
          const pattern =
            method === 'strip'
              ? new RegExp(`^[${chars}]+|[${chars}]+$`, 'g')
              : method === 'lstrip'
                ? new RegExp(`^[${chars}]+`)
                : new RegExp(`[${chars}]+$`);
          return str(text.replace(pattern, ''));
        }
        case 'split': {
          const separator =
            arg ?? (keywords.get('sep')?.kind === 'str' ? (keywords.get('sep') as { value: string }).value : undefined);
          const parts = separator === undefined ? text.split(/\s+/).filter(Boolean) : text.split(separator);
          // Each part is still the text written at the receiver (often a default literal): point there.
          return make('list', { items: parts.map((p) => make('str', { value: p }, receiver.span, env)) }, span, env);
        }
        case 'startswith':
        case 'endswith': {
          const options = positional[0]?.kind === 'tuple' ? positional[0].items : positional.slice(0, 1);
          if (!options.every((o) => o.kind === 'str')) return undefined;
          const value = options.some((o) =>
            method === 'startswith'
              ? text.startsWith((o as { value: string }).value)
              : text.endsWith((o as { value: string }).value),
          );
          return make('bool', { value }, span, env);
        }
        case 'replace': {
          const replacement = positional[1]?.kind === 'str' ? positional[1].value : undefined;
          return arg === undefined || replacement === undefined ? undefined : str(text.split(arg).join(replacement));
        }
        case 'capitalize':
          return str(text.charAt(0).toUpperCase() + text.slice(1).toLowerCase());
        case 'title':
          return str(text.replace(/\w\S*/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()));
        case 'isdigit':
        case 'isnumeric':
          return make('bool', { value: /^\d+$/.test(text) }, span, env);
        case 'join': {
          const items = positional[0] ? this.iterate(positional[0]) : undefined;
          if (!items || !items.every((i) => i.kind === 'str')) return undefined;
          return str(items.map((i) => (i.kind === 'str' ? i.value : '')).join(text));
        }
        case 'format': {
          if (keywords.size > 0 || !positional.every((p) => stringForm(p) !== undefined)) return undefined;
          let index = 0;
          return str(
            text.replace(/\{(\d*)\}/g, (_m, n: string) => stringForm(positional[n ? Number(n) : index++]!) ?? ''),
          );
        }
        default:
          return undefined;
      }
    }
    if (receiver.kind === 'dict' && method === 'get') {
      const key = positional[0];
      if (!key || !isKnown(key)) return undefined;
      const found = receiver.entries.find(([k]) => pyEquals(k, key) === true);
      return found ? found[1] : (positional[1] ?? make('none', {}, span, env));
    }
    if (receiver.kind === 'dict' && method === 'copy') return receiver;
    if ((receiver.kind === 'list' || receiver.kind === 'dict') && ['copy'].includes(method)) return receiver;
    return undefined;
  }

  /** django-environ's `env(...)`/`env.bool(...)` and environs' typed readers. */
  private callEnvironReader(
    scheme: Map<string, EnvScheme>,
    library: 'django-environ' | 'environs',
    method: string | undefined,
    positional: Value[],
    keywords: Map<string, Value>,
    span: SourceSpan,
  ): Value | undefined {
    const [variable, second] = positional;
    if (method === 'read_env' || method === 'read_envfile') return make('none', {}, span);
    const databaseUrl = ['db', 'db_url', 'dj_db_url', 'cache', 'cache_url', 'email', 'email_url', 'search_url'];
    if (!variable && !(method && databaseUrl.includes(method))) return undefined;
    const typed: Record<string, CastName> = {
      bool: 'bool',
      int: 'int',
      float: 'float',
      str: 'str',
      list: 'list',
      tuple: 'tuple',
      json: 'json',
      dict: 'opaque',
      url: 'opaque',
      path: 'opaque',
    };
    if (method && databaseUrl.includes(method)) {
      const defaultName = method.startsWith('cache')
        ? 'CACHE_URL'
        : method.startsWith('email')
          ? 'EMAIL_URL'
          : method.startsWith('search')
            ? 'SEARCH_URL'
            : 'DATABASE_URL';
      const nameGiven = variable?.kind === 'str' && /^[A-Z][A-Z0-9_]*$/.test(variable.value);
      const url = this.readEnvironment({
        variable: nameGiven && variable ? variable : make('str', { value: defaultName }, span),
        fallback: keywords.get('default') ?? (nameGiven ? second : variable),
        requiredWithoutDefault: true,
        span,
      });
      return method.startsWith('db') || method === 'dj_db_url'
        ? databaseFromUrl(url, span)
        : unknown(`a ${method} configuration`, span, url.env);
    }
    if (method !== undefined && !(method in typed)) return undefined;
    const entry = variable.kind === 'str' ? scheme.get(variable.value) : undefined;
    // The generic call takes the cast second; the typed readers take the default second (list/tuple/dict: cast).
    const secondIsCast = method === undefined || method === 'list' || method === 'tuple' || method === 'dict';
    // env(var, cast=None, default=NOTSET): the generic call's third positional argument is the default.
    const explicitDefault =
      keywords.get('default') ?? (secondIsCast ? (method === undefined ? positional[2] : undefined) : second);
    const explicitCast = method
      ? typed[method]
      : castNameOf(keywords.get('cast') ?? (secondIsCast ? second : undefined) ?? make('none', {}, span));
    const fallback = explicitDefault ?? entry?.default;
    const cast = explicitCast ?? entry?.cast ?? (library === 'django-environ' ? smartCast(fallback) : undefined);
    const read = performRead({ variable, fallback, requiredWithoutDefault: true, span }, this.host.environment);
    if (read.state === 'given') return parseEnvironString(read.text, cast, span, [read.read]);
    if (
      read.state === 'default' &&
      fallback &&
      fallback.kind === 'str' &&
      library === 'environs' &&
      cast &&
      cast !== 'str'
    ) {
      return parseEnvironString(fallback.value, cast, fallback.span, [read.read]);
    }
    return read.value;
  }

  private callFunction(
    definition: FunctionDefinition,
    name: string,
    positional: Value[],
    keywords: Map<string, Value>,
    span: SourceSpan,
    frame: Frame,
  ): Value {
    const fallback = (): Value =>
      BOOL_HELPER_NAME.test(name) && positional[0]
        ? helperBool(positional[0], span)
        : unknown(`the result of ${name}()`, span);
    if (frame.depth >= MAX_CALL_DEPTH) return fallback();
    const scope: Scope = new Map();
    const parameters = definition.node.childForFieldName('parameters')?.namedChildren ?? [];
    let index = 0;
    const callFrame: Frame = {
      scope,
      globals: definition.globals,
      file: definition.file,
      absPath: definition.absPath,
      pathEnv: frame.pathEnv,
      importsMayFail: false,
      depth: frame.depth + 1,
    };
    for (const parameter of parameters) {
      if (!parameter) continue;
      const paramName =
        parameter.type === 'identifier'
          ? parameter.text
          : (parameter.childForFieldName('name') ?? parameter.namedChildren.find((c) => c?.type === 'identifier'))
              ?.text;
      if (!paramName || parameter.type === 'list_splat_pattern' || parameter.type === 'dictionary_splat_pattern')
        continue;
      let value = keywords.get(paramName) ?? positional[index];
      index += 1;
      if (!value) {
        const defaultNode = parameter.childForFieldName('value');
        value = defaultNode ? this.evaluate(defaultNode, callFrame) : unknown(`the parameter ${paramName}`, span);
      }
      scope.set(paramName, { value, assignedAt: span });
    }
    const body = definition.node.childForFieldName('body');
    if (!body) return fallback();
    // Function bodies here are run synchronously: imports inside them are rare in settings helpers.
    const flow = this.runBodySync(body.namedChildren, callFrame);
    // The call is where the setting gets its value, so the result points there, not into the helper.
    if (flow?.kind === 'return' && flow.value.kind !== 'unknown') return withProvenance(flow.value, span, []);
    return fallback();
  }

  /** A small synchronous runner for helper bodies: assignments, ifs and returns. */
  private runBodySync(statements: readonly (SyntaxNode | null)[], frame: Frame): Flow | undefined {
    for (const statement of statements) {
      if (!statement) continue;
      switch (statement.type) {
        case 'expression_statement':
          for (const child of statement.namedChildren) if (child) this.runExpressionStatement(child, frame, statement);
          break;
        case 'return_statement': {
          const expression = statement.namedChildren[0];
          return {
            kind: 'return',
            value: expression ? this.evaluate(expression, frame) : make('none', {}, spanOf(statement, frame.file)),
          };
        }
        case 'if_statement': {
          const condition = this.evaluate(statement.childForFieldName('condition')!, frame);
          const decided = truthy(condition);
          if (decided === undefined) return undefined;
          if (decided) {
            const flow = this.runBodySync(statement.childForFieldName('consequence')?.namedChildren ?? [], frame);
            if (flow?.kind !== 'normal') return flow;
            break;
          }
          const alternative = statement.childrenForFieldName('alternative')[0];
          if (alternative?.type === 'else_clause') {
            const flow = this.runBodySync(alternative.childForFieldName('body')?.namedChildren ?? [], frame);
            if (flow?.kind !== 'normal') return flow;
          } else if (alternative) {
            return undefined;
          }
          break;
        }
        case 'pass_statement':
        case 'comment':
          break;
        default:
          if (statement.type === 'expression_statement' || statement.type.endsWith('string')) break;
          return undefined;
      }
    }
    return NORMAL;
  }
}

/** `postgres://user:password@host:5432/name` as the DATABASES entry dj-database-url / django-environ build. */
function databaseFromUrl(url: Value, span: SourceSpan): Value {
  if (url.kind !== 'str') return unknown('a database configured from a URL', span, url.env);
  const match = /^([\w+.-]+):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^:/?#]*)(?::(\d+))?(?:\/([^?#]*))?/.exec(url.value);
  if (!match) return unknown('a database URL that does not parse', span, url.env);
  const part = (value: string | undefined) =>
    make('str', { value: decodeURIComponent(value ?? '') }, url.span, url.env);
  const entries: Array<[Value, Value]> = [
    [make('str', { value: 'NAME' }, span), part(match[6])],
    [make('str', { value: 'USER' }, span), part(match[2])],
    [make('str', { value: 'PASSWORD' }, span), part(match[3])],
    [make('str', { value: 'HOST' }, span), part(match[4])],
    [make('str', { value: 'PORT' }, span), part(match[5])],
  ];
  return make('dict', { entries }, url.span, url.env);
}

/** django-split-settings' glob: `*` and `?` within one path segment, files in name order. */
function expandGlob(folder: string, pattern: string): string[] {
  const isFile = (path: string) => {
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  };
  if (!/[*?[]/.test(pattern)) {
    const path = join(folder, pattern);
    return isFile(path) ? [path] : [];
  }
  let candidates = [folder];
  for (const segment of pattern.split('/')) {
    if (!/[*?[]/.test(segment)) {
      candidates = candidates.map((candidate) => join(candidate, segment));
      continue;
    }
    const matcher = new RegExp(
      `^${segment
        .replace(/[.+^${}()|\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')}$`,
    );
    candidates = candidates.flatMap((candidate) => {
      try {
        return readdirSync(candidate)
          .filter((name) => matcher.test(name))
          .sort()
          .map((name) => join(candidate, name));
      } catch {
        return [];
      }
    });
  }
  return candidates.filter(isFile);
}
