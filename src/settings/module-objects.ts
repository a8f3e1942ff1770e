import type { SourceSpan } from '../finding.js';
import type { SyntaxNode } from '../parse/python-parser.js';
import { OPAQUE_NAMES, type Frame } from './frame.js';
import { make, unknown, type EnvRead, type PyObject, type Value } from './value.js';

/**
 * Modules held as values: `import configuration`, `from netbox import configuration`,
 * `importlib.import_module(config_path)`, and the names read from them with `module.NAME`, `getattr()`
 * and `hasattr()`. A module of the repository is read like any other; one the repository does not hold
 * (netbox's configuration.py, written for each deployment) leaves `getattr(module, "NAME", default)`
 * at its default "unless the module sets NAME", and a name read without a default unknown.
 */

type ModuleObject = Extract<PyObject, { type: 'module' }>;

/** Settings are upper-case names; `os.path.join` and friends are library code, not configuration. */
const SETTING_NAME = /^[A-Z][A-Z0-9_]*$/;

export function moduleValue(object: ModuleObject, span: SourceSpan): Value {
  return make('object', { object }, span);
}

/**
 * The module a dotted name imports from a frame: the repository's file once run, else one it does not
 * hold; undefined for a file of the repository that has not been run (an import inside a helper's body).
 */
export function moduleNamed(dotted: string, frame: Frame): ModuleObject | undefined {
  const { resolver } = frame.interpreter.host;
  const resolved = resolver.resolve(dotted, 0, frame.absPath);
  if (resolved?.shipped) {
    return frame.interpreter.loadedScope(resolved.absPath)
      ? { type: 'module', name: dotted, file: resolved.absPath }
      : undefined;
  }
  return { type: 'module', name: dotted, ...(resolver.isProjectModule(dotted, 0) ? { deployTime: true } : {}) };
}

/** How a module outside the repository is named in descriptions and hints. */
function moduleWording(object: ModuleObject): string {
  return object.deployTime
    ? `the deploy-time module ${object.name}`
    : `the module ${object.name} (not in the repository)`;
}

export function missingModuleHint(module: string, name: string): string {
  return `give ${module}'s source, or set ${name} there`;
}

/** A name read without a default from a module the repository does not hold. */
export function unheldName(module: string, name: string, span: SourceSpan, deployTime: boolean): Value {
  const where = deployTime
    ? `the deploy-time module ${module}`
    : `the module ${module}, which is not in the repository`;
  return unknown(`${name} from ${where}`, span, [], missingModuleHint(module, name));
}

/** `module.NAME`; undefined when the model has nothing to say beyond "unknown". */
export function moduleAttribute(object: ModuleObject, attribute: string, span: SourceSpan, frame: Frame): Value {
  if (object.file) {
    const scope = frame.interpreter.loadedScope(object.file);
    const binding = scope?.get(attribute);
    if (binding) return binding.value;
    const submodule = frame.interpreter.host.resolver.resolve(attribute, 1, object.file);
    if (submodule && object.file.endsWith('__init__.py') && frame.interpreter.loadedScope(submodule.absPath)) {
      return moduleValue({ type: 'module', name: `${object.name}.${attribute}`, file: submodule.absPath }, span);
    }
    const opaque = scope?.get(OPAQUE_NAMES);
    return opaque?.value ?? unknown(`${object.name}.${attribute}`, span);
  }
  if (!SETTING_NAME.test(attribute)) return unknown(`${object.name}.${attribute}`, span);
  return unheldName(object.name, attribute, span, object.deployTime === true);
}

/** `getattr(module, "NAME"[, default])` and `hasattr(module, "NAME")`; undefined for anything but a module. */
export function callModuleBuiltin(
  name: string,
  positional: Value[],
  span: SourceSpan,
  frame: Frame,
): Value | undefined {
  const [target, attribute, fallback] = positional;
  if (target?.kind === 'either') {
    // One module or another, depending on a condition the model cannot decide: ask each.
    const answers = target.options.map((option) =>
      callModuleBuiltin(name, [option, ...positional.slice(1)], span, frame),
    );
    if (answers.some((answer) => answer === undefined)) return undefined;
    return make('either', { ...target, options: answers as Value[] }, span, target.env);
  }
  if (target?.kind === 'unknown' && name === 'getattr' && attribute?.kind === 'str') {
    // getattr(obj, "NAME", default) is the default unless obj has NAME, whatever obj is (netbox's
    // `configuration = load_configuration(...)`): said as such, like a deploy-time module's default.
    if (!SETTING_NAME.test(attribute.value)) return undefined;
    if (!fallback) return unknown(`${attribute.value} from ${target.why}`, span, target.env, target.hint);
    const read: EnvRead = {
      variable: attribute.value,
      state: 'default',
      module: target.why,
      defaultSpan: fallback.span,
    };
    return { ...fallback, span, env: [...fallback.env, ...target.env, read] } as Value;
  }
  if (target?.kind !== 'object' || target.object.type !== 'module' || !attribute) return undefined;
  const object = target.object;
  if (attribute.kind !== 'str') {
    return unknown(`a name chosen at run time in ${object.name}`, span, attribute.env);
  }
  const key = attribute.value;
  if (object.file) {
    const scope = frame.interpreter.loadedScope(object.file);
    if (!scope) return undefined;
    const binding = scope.get(key);
    const opaque = scope.get(OPAQUE_NAMES);
    if (name === 'hasattr') {
      if (binding) return make('bool', { value: true }, span);
      return opaque ? unknown(`whether ${object.name} sets ${key}`, span) : make('bool', { value: false }, span);
    }
    if (binding) return binding.value;
    if (opaque) return opaque.value;
    return fallback ?? unknown(`${key}, which ${object.name} does not set`, span);
  }
  if (name === 'hasattr') {
    return unknown(`whether ${moduleWording(object)} sets ${key}`, span, [], missingModuleHint(object.name, key));
  }
  if (!fallback) return unheldName(object.name, key, span, object.deployTime === true);
  // The default is what production gets unless the deployment's module sets the name.
  const read: EnvRead = { variable: key, state: 'default', module: moduleWording(object), defaultSpan: fallback.span };
  return { ...fallback, span, env: [...fallback.env, read] } as Value;
}

/** `importlib.import_module(name)`: the module, read from the repository when it holds it (see preloadImportedModules). */
export function importModule(positional: Value[], span: SourceSpan, frame: Frame): Value {
  const [name] = positional;
  if (name?.kind !== 'str') {
    return unknown(
      'a module whose name is not known',
      span,
      name?.env ?? [],
      'give the module name in the production environment (--env)',
    );
  }
  const module = moduleNamed(name.value, frame);
  return module
    ? moduleValue(module, span)
    : unknown(`the module ${name.value}, loaded where the model does not run it`, span);
}

function isImportModuleCall(node: SyntaxNode): boolean {
  const callee = node.childForFieldName('function');
  return node.type === 'call' && callee !== null && /(^|\.)import_module$/.test(callee.text);
}

/**
 * Expressions cannot wait for a module to run, so the modules a statement loads with
 * `importlib.import_module(...)` are run before it, when their name is known and the repository holds them.
 */
export async function preloadImportedModules(
  statement: SyntaxNode,
  frame: Frame,
  evaluate: (node: SyntaxNode, frame: Frame) => Value,
): Promise<void> {
  if (!statement.text.includes('import_module(')) return;
  const calls = statement.descendantsOfType('call').filter((call): call is SyntaxNode => call !== null);
  for (const call of calls.filter(isImportModuleCall)) {
    const argument = call.childForFieldName('arguments')?.namedChildren.find((c) => c?.type !== 'comment');
    if (!argument || argument.type === 'keyword_argument') continue;
    const name = evaluate(argument, frame);
    if (name.kind !== 'str') continue;
    const resolved = frame.interpreter.host.resolver.resolve(name.value, 0, frame.absPath);
    if (resolved?.shipped) await frame.interpreter.runModule(resolved.absPath);
  }
}
