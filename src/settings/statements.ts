import type { SourceSpan } from '../finding.js';
import type { SyntaxNode } from '../parse/python-parser.js';
import { spanOf } from '../parse/span.js';
import { make, mergeEnv, truthy, unknown, type Value } from './value.js';
import {
  NORMAL,
  OPAQUE_NAMES,
  MAX_UNROLL,
  cloneScope,
  replaceScope,
  type Binding,
  type Flow,
  type Frame,
  type Scope,
} from './frame.js';
import { binary, either, evaluate, iterate, lookup, setPath } from './expressions.js';
import { runImport, runSpecialCall } from './imports.js';
import { hintForReads, type Choice } from './branches.js';
import { mutate } from './collections.js';
import { mutateThroughSubscripts } from './nested-mutation.js';
import { DJANGO_DEFAULTS, earlierDefault, plainToValue } from './django-defaults.js';
import { assignClassAttribute, defineClass } from './configuration-classes.js';
import { callArguments } from './library-calls.js';
import { defineFunction } from './user-functions.js';
import { installedInProduction, joinPackageOutcomes, runWith } from './suppressed-blocks.js';
import { takeExpressionRaise } from './expression-raises.js';
import { preloadImportedModules } from './module-objects.js';
import { assignNamespaceItem, isNamespaceCall } from './namespace-writes.js';

/**
 * Statements of a settings module: assignments and in-place mutations, if/try/for/while with the scopes of
 * branches the model cannot decide merged into `either` values.
 */

const EXCEPTIONS_CATCHING_IMPORT_ERROR = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);

export async function runBlock(statements: readonly (SyntaxNode | null)[], frame: Frame): Promise<Flow> {
  for (const statement of statements) {
    if (!statement) continue;
    const ran = await runStatement(statement, frame);
    const flow = takeExpressionRaise(frame) ?? ran;
    if (flow.kind === 'raise' && flow.importError && !frame.importsMayFail) {
      frame.interpreter.note(
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

async function runStatement(node: SyntaxNode, frame: Frame): Promise<Flow> {
  switch (node.type) {
    case 'expression_statement':
      await preloadImportedModules(node, frame, evaluate);
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (child.type === 'call' && (await runSpecialCall(child, frame))) continue;
        runExpressionStatement(child, frame, node);
      }
      return NORMAL;
    case 'import_statement':
    case 'import_from_statement':
    case 'future_import_statement':
      return runImport(node, frame);
    case 'if_statement':
      return runIf(node, frame);
    case 'try_statement':
      return runTry(node, frame);
    case 'with_statement':
      return runWith(node, frame, runBlock);
    case 'for_statement':
      return runFor(node, frame);
    case 'while_statement':
      return runMaybe(node.childForFieldName('body')?.namedChildren ?? [], frame, 'a while loop');
    case 'function_definition':
      defineFunction(node, frame);
      return NORMAL;
    case 'decorated_definition': {
      const definition = node.childForFieldName('definition');
      if (definition?.type === 'function_definition') defineFunction(definition, frame);
      else if (definition?.type === 'class_definition') return defineClass(definition, frame, runBlock);
      else if (definition) bindUnknownDefinition(definition, frame);
      return NORMAL;
    }
    case 'class_definition':
      return defineClass(node, frame, runBlock);
    case 'assert_statement': {
      const condition = node.namedChildren[0];
      const test = condition ? evaluate(condition, frame) : undefined;
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
        exception: exceptionName(node),
        env: frame.pathEnv,
      };
    case 'return_statement': {
      const expression = node.namedChildren[0];
      return {
        kind: 'return',
        value: expression ? evaluate(expression, frame) : make('none', {}, spanOf(node, frame.file)),
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
export function makeOpaque(frame: Frame, span: SourceSpan, message: string): void {
  frame.scope.set(OPAQUE_NAMES, { value: unknown('names set dynamically', span), assignedAt: span });
  frame.interpreter.note(
    span,
    message,
    'Pass --settings with a plain settings module, or accept that these settings are not checked.',
  );
}

function exceptionName(node: SyntaxNode): string {
  const raised = node.namedChildren[0];
  if (!raised) return 'an exception';
  const callee = raised.type === 'call' ? raised.childForFieldName('function') : raised;
  return callee?.text ?? 'an exception';
}

function bindUnknownDefinition(node: SyntaxNode, frame: Frame): void {
  const name = node.childForFieldName('name');
  if (name) {
    const span = spanOf(node, frame.file);
    frame.scope.set(name.text, {
      value: unknown(`the ${node.type.replace('_definition', '')} ${name.text}`, span),
      assignedAt: span,
    });
  }
}

export function runExpressionStatement(node: SyntaxNode, frame: Frame, statement: SyntaxNode): void {
  switch (node.type) {
    case 'assignment':
      runAssignment(node, frame, statement);
      return;
    case 'augmented_assignment':
      runAugmentedAssignment(node, frame, statement);
      return;
    case 'call':
      runMutatingCall(node, frame, statement);
      return;
    default:
      return;
  }
}

function runAssignment(node: SyntaxNode, frame: Frame, statement: SyntaxNode): void {
  const right = node.childForFieldName('right');
  const left = node.childForFieldName('left');
  if (!left) return;
  if (!right) return; // an annotation without a value binds nothing
  let value: Value;
  if (right.type === 'assignment') {
    runAssignment(right, frame, statement);
    const innermost = innermostValue(right);
    value = innermost ? evaluate(innermost, frame) : unknown('a chained assignment', spanOf(right, frame.file));
  } else {
    value = evaluate(right, frame);
  }
  assignTarget(left, value, frame, spanOf(statement, frame.file));
}

function innermostValue(node: SyntaxNode): SyntaxNode | null {
  const right = node.childForFieldName('right');
  return right?.type === 'assignment' ? innermostValue(right) : right;
}

export function assignTarget(target: SyntaxNode, value: Value, frame: Frame, statementSpan: SourceSpan): void {
  switch (target.type) {
    case 'identifier':
      if (frame.depth === 0 && /^[A-Z][A-Z0-9_]*$/.test(target.text))
        frame.interpreter.modulesAssigningSettings.add(frame.absPath);
      // A value assigned in a branch the environment chose holds only under that environment.
      (frame.globalNames?.has(target.text) && frame.globals ? frame.globals : frame.scope).set(target.text, {
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
        assignTarget(child, item, frame, statementSpan);
      });
      return;
    }
    case 'subscript':
      if (isNamespaceCall(target.childForFieldName('value'))) {
        const key = target.childForFieldName('subscript');
        if (key) assignNamespaceItem(target, evaluate(key, frame), value, frame, statementSpan);
        return;
      }
      assignSubscript(target, value, frame);
      return;
    case 'attribute': {
      // `cls.SECURE_SSL_REDIRECT = False` in a django-configurations setup() hook.
      const owner = target.childForFieldName('object');
      const name = target.childForFieldName('attribute')?.text;
      if (owner && name) assignClassAttribute(evaluate(owner, frame), name, value, statementSpan);
      return;
    }
    default:
      return;
  }
}

/** `DATABASES["default"]["PASSWORD"] = ...`: rebuild the nested dict with the new entry. */
function assignSubscript(target: SyntaxNode, value: Value, frame: Frame): void {
  const keys: Value[] = [];
  let cursor: SyntaxNode | null = target;
  while (cursor?.type === 'subscript') {
    const key = cursor.childForFieldName('subscript');
    if (!key) return;
    keys.unshift(evaluate(key, frame));
    cursor = cursor.childForFieldName('value');
  }
  if (cursor?.type !== 'identifier') return;
  const binding = lookup(cursor.text, frame);
  if (!binding) return;
  if (binding.value.kind === 'object' && binding.value.object.type === 'namespace' && frame.namespace) {
    writeHandedNamespace(frame.namespace, keys, value, spanOf(target, frame.file));
    return;
  }
  const updated = setPath(binding.value, keys, value);
  // A function that writes into a module-level dict (`DATABASES["default"]["HOST"] = ...`) changes the module's.
  const owner = !frame.scope.has(cursor.text) && frame.globals?.has(cursor.text) ? frame.globals : frame.scope;
  owner.set(cursor.text, { value: updated, assignedAt: binding.assignedAt });
}

/** `target[name] = value` in a project function handed `globals()`: the calling module's setting `name`. */
function writeHandedNamespace(namespace: Scope, keys: Value[], value: Value, at: SourceSpan): void {
  const [key] = keys;
  if (keys.length === 1 && key?.kind === 'str') {
    namespace.set(key.value, { value, assignedAt: at });
    return;
  }
  const why = 'the names a function sets in the namespace it is handed';
  namespace.set(OPAQUE_NAMES, { value: unknown(why, at, [], 'assign those settings by name'), assignedAt: at });
}

function runAugmentedAssignment(node: SyntaxNode, frame: Frame, statement: SyntaxNode): void {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  const operator = node.childForFieldName('operator')?.type.replace('=', '');
  if (!left || !right || !operator) return;
  const current = evaluate(left, frame);
  const operand = evaluate(right, frame);
  const result = binary(operator, current, operand, spanOf(right, frame.file), true);
  assignTarget(left, result, frame, spanOf(statement, frame.file));
}

const MUTATING_METHODS = ['append', 'insert', 'extend', 'remove', 'update', 'setdefault', 'pop', 'clear'];

/** List mutations written as statements: `MIDDLEWARE.insert(0, ...)`, `INSTALLED_APPS += ...`'s cousins. */
function runMutatingCall(node: SyntaxNode, frame: Frame, statement: SyntaxNode): void {
  const callee = node.childForFieldName('function');
  if (callee?.type === 'attribute') {
    const receiver = callee.childForFieldName('object');
    const method = callee.childForFieldName('attribute')?.text;
    if (receiver?.type === 'identifier' && method) {
      const binding = lookup(receiver.text, frame);
      if (binding && MUTATING_METHODS.includes(method)) {
        const args = callArguments(node, frame);
        const updated = mutate(binding.value, method, args.positional, spanOf(node, frame.file));
        if (updated) {
          // A function that mutates a module-level list (`ALLOWED_HOSTS.append(...)`) changes the module's.
          const owner =
            !frame.scope.has(receiver.text) && frame.globals?.has(receiver.text) ? frame.globals : frame.scope;
          owner.set(receiver.text, { value: updated, assignedAt: spanOf(statement, frame.file) });
          return;
        }
      }
    }
    if (receiver?.type === 'subscript' && method && MUTATING_METHODS.includes(method)) {
      const args = callArguments(node, frame).positional;
      if (mutateThroughSubscripts(receiver, method, args, spanOf(node, frame.file), frame)) return;
    }
  }
  evaluate(node, frame);
}

async function runIf(node: SyntaxNode, frame: Frame): Promise<Flow> {
  const condition = node.childForFieldName('condition');
  const consequence = node.childForFieldName('consequence');
  const alternatives = node.childrenForFieldName('alternative').filter((c): c is SyntaxNode => c !== null);
  return runConditional(condition, consequence, alternatives, frame);
}

async function runConditional(
  condition: SyntaxNode | null,
  consequence: SyntaxNode | null,
  alternatives: SyntaxNode[],
  frame: Frame,
): Promise<Flow> {
  const runRest = async (target: Frame): Promise<Flow> => {
    const [next, ...rest] = alternatives;
    if (!next) return NORMAL;
    if (next.type === 'else_clause') return runBlock(next.childForFieldName('body')?.namedChildren ?? [], target);
    return runConditional(next.childForFieldName('condition'), next.childForFieldName('consequence'), rest, target);
  };
  const test = condition
    ? evaluate(condition, frame)
    : unknown('a missing condition', spanOf(consequence!, frame.file));
  const decided = truthy(test);
  const pathEnv = mergeEnv(frame.pathEnv, test.env);
  if (decided === true) return runBlock(consequence?.namedChildren ?? [], { ...frame, pathEnv });
  if (decided === false) return runRest({ ...frame, pathEnv });

  const thenFrame: Frame = { ...frame, scope: cloneScope(frame.scope), importsMayFail: true };
  const elseFrame: Frame = { ...frame, scope: cloneScope(frame.scope), importsMayFail: true };
  const thenFlow = await runBlock(consequence?.namedChildren ?? [], thenFrame);
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
  const choice: Choice = {
    condition: condition?.text ?? 'a condition',
    at: spanOf(condition ?? consequence!, frame.file),
    hint: test.kind === 'unknown' && test.hint ? test.hint : hintForReads(test.env),
  };
  mergeScopes(frame.scope, thenFrame.scope, elseFrame.scope, choice);
  if (thenFlow.kind === 'return' && elseFlow.kind === 'return') {
    return { kind: 'return', value: either([thenFlow.value, elseFlow.value], choice.condition, choice) };
  }
  return thenFlow.kind === 'return' || elseFlow.kind === 'return'
    ? {
        kind: 'return',
        value: unknown('a value returned on some paths only', spanOf(condition ?? consequence!, frame.file)),
      }
    : NORMAL;
}

export function mergeScopes(target: Scope, a: Scope, b: Scope, choice: Choice): void {
  const { condition } = choice;
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
      binding?.value ?? unassigned(name, anchor.assignedAt, condition, a.has(OPAQUE_NAMES) || b.has(OPAQUE_NAMES));
    target.set(name, {
      value: either([missing(left), missing(right)], condition, choice),
      assignedAt: (right ?? left)!.assignedAt,
    });
  }
}

/**
 * A name one branch never assigns. For a setting, that branch leaves Django's default (when it is the same
 * in every release and nothing unseen could have set it); any other name is unknown there.
 */
export function unassigned(name: string, span: SourceSpan, condition: string, unseen: boolean): Value {
  const fallback = DJANGO_DEFAULTS[name];
  if (fallback !== undefined && !unseen && earlierDefault(name, { major: 0, minor: 0 }) === undefined) {
    return plainToValue(fallback, span);
  }
  return unknown(`${name} left unassigned on one branch of "${condition}"`, span);
}

async function runMaybe(body: readonly (SyntaxNode | null)[], frame: Frame, what: string): Promise<Flow> {
  const inner: Frame = { ...frame, scope: cloneScope(frame.scope) };
  const flow = await runBlock(body, inner);
  if (flow.kind === 'raise') return NORMAL;
  mergeScopes(frame.scope, inner.scope, cloneScope(frame.scope), { condition: what });
  return NORMAL;
}

async function runFor(node: SyntaxNode, frame: Frame): Promise<Flow> {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  const body = node.childForFieldName('body')?.namedChildren ?? [];
  const iterable = right ? evaluate(right, frame) : undefined;
  if (left && iterable?.kind === 'either') return runForEachOutcome(node, iterable, frame);
  const items = iterable ? iterate(iterable) : undefined;
  if (!left || !items || items.length > MAX_UNROLL) {
    if (left) assignTarget(left, unknown('a loop variable', spanOf(left, frame.file)), frame, spanOf(left, frame.file));
    return runMaybe(body, frame, 'a for loop');
  }
  for (const item of items) {
    assignTarget(left, item, frame, spanOf(left, frame.file));
    const flow = await runBlock(body, frame);
    if (flow.kind !== 'normal') return flow;
  }
  return NORMAL;
}

/** A loop over a value that differs by branch: the loop runs over each outcome, its results kept as outcomes. */
async function runForEachOutcome(node: SyntaxNode, iterable: Value & { kind: 'either' }, frame: Frame): Promise<Flow> {
  const left = node.childForFieldName('left')!;
  const body = node.childForFieldName('body')?.namedChildren ?? [];
  const scopes: Scope[] = [];
  let raised: Flow | undefined;
  for (const option of iterable.options) {
    const branch: Frame = { ...frame, scope: cloneScope(frame.scope) };
    const items = iterate(option);
    let flow: Flow = NORMAL;
    if (!items || items.length > MAX_UNROLL) {
      assignTarget(left, unknown('a loop variable', spanOf(left, frame.file)), branch, spanOf(left, frame.file));
      flow = await runMaybe(body, branch, 'a for loop');
    } else {
      for (const item of items) {
        assignTarget(left, item, branch, spanOf(left, frame.file));
        flow = await runBlock(body, branch);
        if (flow.kind !== 'normal') break;
      }
    }
    // A path that raises is not how production runs; a return leaves the loop the same way on each path.
    if (flow.kind === 'raise') raised ??= flow;
    else scopes.push(branch.scope);
  }
  if (scopes.length === 0) return raised ?? NORMAL;
  const choice: Choice = { condition: iterable.condition, at: iterable.at, hint: iterable.hint };
  let merged = scopes[0]!;
  for (const next of scopes.slice(1)) {
    const target: Scope = new Map();
    mergeScopes(target, merged, next, choice);
    merged = target;
  }
  replaceScope(frame.scope, merged);
  return NORMAL;
}

/**
 * `try: import debug_toolbar ... except ImportError: ...`: whether a package outside the project is
 * installed in production is not something the source says, so both paths are kept as outcomes.
 */
async function runTry(node: SyntaxNode, frame: Frame): Promise<Flow> {
  const body = node.childForFieldName('body')?.namedChildren ?? [];
  const handlers = node.namedChildren.filter((c): c is SyntaxNode => c?.type === 'except_clause');
  const guarded = body.findIndex((statement) => statement !== null && importsExternalModule(statement, frame));
  const catcher = handlers.find((handler) =>
    handles(handler, {
      kind: 'raise',
      span: spanOf(node, frame.file),
      exception: 'ImportError',
      env: [],
      importError: true,
    }),
  );
  if (guarded < 0 || !catcher) return runTryAsWritten(node, frame);
  // With the interpreter production runs (--python), whether the package is installed is known: one path.
  const present = await installedInProduction(body[guarded]!, frame);
  if (present === true) return runTryAsWritten(node, frame);

  const statement = body[guarded]!;
  return joinPackageOutcomes(
    frame,
    statement,
    statement.text,
    async (installed) =>
      present === false
        ? { kind: 'raise', span: spanOf(node, frame.file), exception: 'ImportError', env: [], importError: true }
        : runTryAsWritten(node, installed),
    async (missing) => {
      let flow = await runBlock(body.slice(0, guarded), missing);
      if (flow.kind === 'normal') {
        const block = catcher.namedChildren.find((c) => c?.type === 'block');
        flow = await runBlock(block?.namedChildren ?? [], missing);
      }
      const finallyBlock = node.namedChildren
        .find((c) => c?.type === 'finally_clause')
        ?.namedChildren.find((c) => c?.type === 'block');
      if (flow.kind === 'normal' && finallyBlock) flow = await runBlock(finallyBlock.namedChildren, missing);
      return flow;
    },
  );
}

/** `import x` / `from x import y` of a module that is not the project's own (a wildcard is an optional file). */
function importsExternalModule(statement: SyntaxNode, frame: Frame): boolean {
  const resolver = frame.interpreter.host.resolver;
  if (statement.type === 'import_statement') {
    return statement.childrenForFieldName('name').some((name) => {
      const dotted = name?.type === 'aliased_import' ? name.childForFieldName('name')?.text : name?.text;
      return !!dotted && !resolver.isProjectModule(dotted, 0);
    });
  }
  if (statement.type !== 'import_from_statement') return false;
  const module = statement.childForFieldName('module_name');
  if (!module || module.type === 'relative_import') return false;
  if (statement.namedChildren.some((c) => c?.type === 'wildcard_import')) return false;
  return !resolver.isProjectModule(module.text, 0);
}

async function runTryAsWritten(node: SyntaxNode, frame: Frame): Promise<Flow> {
  const body = node.childForFieldName('body')?.namedChildren ?? [];
  const handlers = node.namedChildren.filter((c): c is SyntaxNode => c?.type === 'except_clause');
  const elseClause = node.namedChildren.find((c) => c?.type === 'else_clause');
  const finallyClause = node.namedChildren.find((c) => c?.type === 'finally_clause');
  const flow = await runBlock(body, { ...frame, importsMayFail: true });
  let result: Flow = flow;
  if (flow.kind === 'raise') {
    const handler = handlers.find((h) => handles(h, flow));
    if (handler) {
      const block = handler.namedChildren.find((c) => c?.type === 'block');
      result = await runBlock(block?.namedChildren ?? [], frame);
    }
  } else if (flow.kind === 'normal' && elseClause) {
    result = await runBlock(elseClause.childForFieldName('body')?.namedChildren ?? [], frame);
  }
  if (finallyClause) {
    const block = finallyClause.namedChildren.find((c) => c?.type === 'block');
    const finallyFlow = await runBlock(block?.namedChildren ?? [], frame);
    if (finallyFlow.kind !== 'normal') return finallyFlow;
  }
  return result;
}

function handles(handler: SyntaxNode, flow: Extract<Flow, { kind: 'raise' }>): boolean {
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
