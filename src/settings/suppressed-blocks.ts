import type { SyntaxNode } from '../parse/python-parser.js';
import { spanOf } from '../parse/span.js';
import { evaluate } from './expressions.js';
import { isInstalledFor } from './external-packages.js';
import { cloneScope, NORMAL, replaceScope, type Flow, type Frame } from './frame.js';
import { mergeScopes } from './statements.js';

/**
 * `with contextlib.suppress(ImportError): import_module(app); INSTALLED_APPS.append(app)` (pulpcore's
 * optional apps): the block is a try whose handler does nothing. When it probes a package outside the
 * project, whether production has it installed is not in the source, so both outcomes are kept: the
 * whole block ran, or it stopped at the probe.
 */

type RunBlock = (statements: readonly (SyntaxNode | null)[], frame: Frame) => Promise<Flow>;

const CATCHING_IMPORT_ERROR = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);
const IMPORT_CALL = /(^|\.)(import_module|__import__)$/;

/** The exception names of a `with suppress(A, B):` statement; undefined when it suppresses nothing. */
function suppressedExceptions(node: SyntaxNode, frame: Frame): string[] | undefined {
  const clause = node.namedChildren.find((child) => child?.type === 'with_clause');
  for (const item of clause?.namedChildren ?? []) {
    const call = item?.type === 'with_item' ? item.childForFieldName('value') : null;
    if (call?.type !== 'call') continue;
    const callee = call.childForFieldName('function');
    if (!callee) continue;
    const resolved = evaluate(callee, frame);
    const name = resolved.kind === 'object' && resolved.object.type === 'callable' ? resolved.object.name : callee.text;
    if (name !== 'contextlib.suppress' && name !== 'suppress') continue;
    const names = (call.childForFieldName('arguments')?.namedChildren ?? [])
      .filter((argument): argument is SyntaxNode => argument !== null && argument.type !== 'comment')
      .map((argument) => argument.text.split('.').pop() ?? '');
    return names;
  }
  return undefined;
}

/** Whether `flow` raised an exception the names catch: the block then ends there, normally. */
function swallowed(flow: Flow, names: readonly string[]): Flow {
  if (flow.kind !== 'raise') return flow;
  const caught = flow.importError
    ? names.some((name) => CATCHING_IMPORT_ERROR.has(name))
    : names.some(
        (name) => name === flow.exception.split('.').pop() || name === 'Exception' || name === 'BaseException',
      );
  return caught ? NORMAL : flow;
}

/**
 * The module outside the project a statement imports (`import x`, `from x import y`, `import_module(x)`):
 * its dotted name, null when the name is computed at run time, undefined when the statement imports none.
 */
function probedPackage(statement: SyntaxNode, frame: Frame): string | null | undefined {
  const resolver = frame.interpreter.host.resolver;
  const external = (dotted: string | undefined) =>
    !dotted ? null : resolver.isProjectModule(dotted, 0) ? undefined : dotted;
  if (statement.type === 'import_statement') {
    for (const name of statement.childrenForFieldName('name')) {
      const probed = external(name?.type === 'aliased_import' ? name.childForFieldName('name')?.text : name?.text);
      if (probed !== undefined) return probed;
    }
    return undefined;
  }
  if (statement.type === 'import_from_statement') {
    const module = statement.childForFieldName('module_name');
    return module && module.type !== 'relative_import' ? external(module.text) : undefined;
  }
  if (statement.type !== 'expression_statement') return undefined;
  const [expression] = statement.namedChildren;
  const call = expression?.type === 'assignment' ? expression.childForFieldName('right') : expression;
  if (call?.type !== 'call' || !IMPORT_CALL.test(call.childForFieldName('function')?.text ?? '')) return undefined;
  const [first] = call.childForFieldName('arguments')?.namedChildren ?? [];
  if (!first) return undefined;
  const name = evaluate(first, frame);
  return external(name.kind === 'str' ? name.value : undefined);
}

/**
 * Whether the package a statement imports is installed for the interpreter production runs (--python);
 * undefined without one, or when the statement's module cannot be named.
 */
export async function installedInProduction(statement: SyntaxNode, frame: Frame): Promise<boolean | undefined> {
  const python = frame.interpreter.host.python;
  const probed = python ? probedPackage(statement, frame) : undefined;
  return python && probed ? isInstalledFor(python, probed) : undefined;
}

export async function runWith(node: SyntaxNode, frame: Frame, runBlock: RunBlock): Promise<Flow> {
  const body = node.childForFieldName('body')?.namedChildren ?? [];
  const names = suppressedExceptions(node, frame);
  if (!names) return runBlock(body, frame);
  const catchesImport = names.some((name) => CATCHING_IMPORT_ERROR.has(name));
  const probe = catchesImport
    ? body.findIndex((statement) => statement !== null && probedPackage(statement, frame) !== undefined)
    : -1;
  if (probe < 0) {
    return swallowed(await runBlock(body, { ...frame, importsMayFail: frame.importsMayFail || catchesImport }), names);
  }

  // With the interpreter production runs, whether the package is there is a fact, not a branch.
  const present = await installedInProduction(body[probe]!, frame);
  if (present === true) return swallowed(await runBlock(body, { ...frame, importsMayFail: true }), names);
  if (present === false) return swallowed(await runBlock(body.slice(0, probe), frame), names);

  const statement = body[probe]!;
  return joinPackageOutcomes(
    frame,
    statement,
    `${statement.text} (under ${node.namedChildren.find((c) => c?.type === 'with_clause')?.text ?? 'suppress'})`,
    async (installed) => swallowed(await runBlock(body, installed), names),
    async (missing) => swallowed(await runBlock(body.slice(0, probe), missing), names),
  );
}

/**
 * Runs a block once as if the probed package were installed and once as if it were missing, and keeps
 * what production could see: a path that raises is not how production runs; otherwise both are outcomes.
 */
export async function joinPackageOutcomes(
  frame: Frame,
  probe: SyntaxNode,
  condition: string,
  runInstalled: (installed: Frame) => Promise<Flow>,
  runMissing: (missing: Frame) => Promise<Flow>,
): Promise<Flow> {
  const installed: Frame = { ...frame, scope: cloneScope(frame.scope), importsMayFail: true };
  const installedFlow = await runInstalled(installed);
  const missing: Frame = { ...frame, scope: cloneScope(frame.scope), importsMayFail: true };
  const missingFlow = await runMissing(missing);
  if (installedFlow.kind === 'raise' && missingFlow.kind !== 'raise') {
    replaceScope(frame.scope, missing.scope);
    return missingFlow;
  }
  if (missingFlow.kind === 'raise') {
    replaceScope(frame.scope, installed.scope);
    return installedFlow;
  }
  mergeScopes(frame.scope, installed.scope, missing.scope, {
    condition,
    at: spanOf(probe, frame.file),
    hint: 'pass --python with the interpreter production runs, so the scan can see which packages are installed',
  });
  return installedFlow.kind === 'normal' ? missingFlow : installedFlow;
}
