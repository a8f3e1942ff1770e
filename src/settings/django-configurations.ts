import { readdirSync } from 'node:fs';
import { isDeploymentFile, readEnvironmentEvidence, type SettingsEvidence } from '../discover/deployment-evidence.js';
import { dirname, join, relative, sep } from 'node:path';
import type { SourceSpan } from '../finding.js';
import type { SyntaxNode } from '../parse/python-parser.js';
import { fileStartSpan, spanOf } from '../parse/span.js';
import {
  attributeNames,
  classAttribute,
  classDefinitionOf,
  isConfigurationClass,
  methodResolutionOrder,
  type ClassDefinition,
} from './configuration-classes.js';
import { eachOption } from './branches.js';
import { readerSpecOf, resolveReader } from './configuration-values.js';
import { OPAQUE_NAMES, type Frame, type FunctionDefinition, type InterpreterContext, type Scope } from './frame.js';
import { callFunction } from './user-functions.js';
import { make, mergeEnv, unknown, type EnvRead, type PyObject, type Value } from './value.js';
import { isWithin } from '../parse/source-store.js';
import { environmentDefault, readText } from '../discover/entry-points.js';

/**
 * django-configurations: the settings module defines classes, and the one `DJANGO_CONFIGURATION` names is
 * what Django gets. Its attributes (along the MRO, bases and mixins alike) become the module's settings:
 * `values.*Value` readers read their variables, setting methods and properties are called with the
 * configured instance, and what `pre_setup()`/`setup()` assign to `cls` counts. Other classes are not judged.
 */

const VARIABLE = 'DJANGO_CONFIGURATION';

export interface ConfigurationChoice {
  name: string;
  /** Where the name came from, in words: "the given environment", "Dockerfile", "config/wsgi.py". */
  chosenBy: string;
  /** How DJANGO_CONFIGURATION was read: given, or unset with a wsgi.py/manage.py default. */
  read?: EnvRead;
}

/** The configuration instance (`self` in setting methods) and the values already worked out. */
interface Configured {
  cls: ClassDefinition;
  classValue: Value;
  self: Value;
  values: Map<string, Value>;
  frame: Frame;
}

interface BoundMethod {
  method: Value & { kind: 'object' };
  receiver: Value;
}

/** The class judged: the file that defines it (where unassigned settings belong), and the read that chose it. */
export interface AppliedConfiguration {
  absPath: string;
  /** The class judged and the evidence that chose it ("Production", "env.d/production.dist/backend:5"). */
  name: string;
  from: string;
  /** DJANGO_CONFIGURATION unset with a wsgi.py/manage.py default: every setting holds only while it is. */
  chosenBy: EnvRead[];
}

/** Applies the configuration class to the settings module's scope, when the module uses django-configurations. */
export function applyConfiguration(
  scope: Scope,
  module: { absPath: string; file: string },
  interpreter: InterpreterContext,
): AppliedConfiguration | undefined {
  const classes = [...scope.values()]
    .map((binding) => classDefinitionOf(binding.value))
    .filter((definition): definition is ClassDefinition => !!definition && isConfigurationClass(definition));
  if (classes.length === 0) return undefined;
  const names = [...new Set(classes.map((definition) => definition.name))].sort();
  const choice = chooseConfiguration(interpreter, module.absPath, module.file, names);
  const span = fileStartSpan(module.file);
  if (!choice) {
    unjudged(
      scope,
      interpreter,
      span,
      `${module.file} defines its settings in django-configurations classes (${names.join(', ')}), and ${VARIABLE} is set neither in the given environment nor by a deployment file, wsgi.py or manage.py`,
      `set ${VARIABLE} in the production environment (--env) to the class production runs (one of ${names.join(', ')})`,
    );
    return undefined;
  }
  const binding = scope.get(choice.name);
  const cls = binding && classDefinitionOf(binding.value);
  if (!binding || !cls || !isConfigurationClass(cls)) {
    unjudged(
      scope,
      interpreter,
      span,
      `${VARIABLE} is ${choice.name} (from ${choice.chosenBy}), which ${module.file} does not define as a configuration class`,
      `set ${VARIABLE} to one of ${names.join(', ')}`,
    );
    return undefined;
  }
  const configured = configure(cls, binding.value, interpreter, module);
  // Chosen by a default (wsgi.py's setdefault), every setting holds only while DJANGO_CONFIGURATION is unset.
  const chosenBy = choice.read?.state === 'default' ? [choice.read] : [];
  for (const name of attributeNames(cls).filter(isSettingName)) {
    const attribute = classAttribute(cls, name)!;
    const value = settingValue(configured, name);
    scope.set(name, {
      value: chosenBy.length ? ({ ...value, conditions: mergeEnv(value.conditions ?? [], chosenBy) } as Value) : value,
      assignedAt: attribute.assignedAt,
    });
  }
  const { unseen } = methodResolutionOrder(cls);
  if (unseen.length > 0) {
    const base = unseen[0]!;
    scope.set(OPAQUE_NAMES, {
      value: unknown(
        `settings ${cls.name} may inherit from a base class the scan cannot see`,
        base.span,
        [],
        'define the base class in the project, or set the settings in the configuration class itself',
      ),
      assignedAt: base.span,
    });
  }
  return { absPath: cls.absPath, chosenBy, name: choice.name, from: choice.chosenBy };
}

function isSettingName(name: string): boolean {
  return name === name.toUpperCase() && !name.startsWith('_') && /[A-Z]/.test(name);
}

function unjudged(scope: Scope, interpreter: InterpreterContext, span: SourceSpan, problem: string, hint: string) {
  scope.set(OPAQUE_NAMES, {
    value: unknown('the settings of a django-configurations class', span, [], hint),
    assignedAt: span,
  });
  interpreter.note(span, `${problem}; its settings are not judged.`, `To judge them, ${hint}.`);
}

/** Runs the setup hooks as django-configurations does before it reads the attributes. */
function configure(
  cls: ClassDefinition,
  classValue: Value,
  interpreter: InterpreterContext,
  module: { absPath: string; file: string },
): Configured {
  const frame: Frame = {
    interpreter,
    scope: new Map(),
    file: module.file,
    absPath: module.absPath,
    pathEnv: [],
    importsMayFail: false,
    depth: 0,
  };
  const instance: PyObject & { type: 'instance' } = { type: 'instance', name: 'configuration', definition: undefined };
  const self = make('object', { object: instance }, cls.span);
  const configured: Configured = { cls, classValue, self, values: new Map(), frame };
  instance.definition = configured;
  // post_setup() runs after the module's settings are written, so what it assigns to cls never reaches them.
  for (const hook of ['pre_setup', 'setup']) {
    const found = classAttribute(cls, hook);
    const method = found && functionOf(found.value);
    if (method) callMethodOf(method, [classValue], configured, spanOf(method.definition.node, method.definition.file));
  }
  return configured;
}

function functionOf(value: Value): { name: string; definition: FunctionDefinition } | undefined {
  return value.kind === 'object' && value.object.type === 'function'
    ? { name: value.object.name, definition: value.object.definition as FunctionDefinition }
    : undefined;
}

function decorators(definition: FunctionDefinition): string[] {
  const parent = definition.node.parent;
  if (parent?.type !== 'decorated_definition') return [];
  return parent.namedChildren
    .filter((child): child is SyntaxNode => child?.type === 'decorator')
    .map((child) => child.text.replace(/^@\s*/, '').trim());
}

function callMethodOf(
  method: { name: string; definition: FunctionDefinition },
  positional: Value[],
  configured: Configured,
  span: SourceSpan,
): Value {
  // The method runs as called from its own module, whose names it reads (and writes, with `global`).
  const { definition } = method;
  const home: Frame = {
    ...configured.frame,
    scope: definition.globals,
    file: definition.file,
    absPath: definition.absPath,
  };
  const result = callFunction(definition, method.name, positional, new Map(), span, home);
  if (result.kind === 'unknown' && !result.hint) {
    return {
      ...result,
      hint: `write ${method.name} as a plain value in ${configured.cls.name}, or accept that it is not judged`,
    };
  }
  return result;
}

/** The value django-configurations writes into the settings module for the attribute `name`. */
function settingValue(configured: Configured, name: string): Value {
  const cached = configured.values.get(name);
  if (cached) return cached;
  const binding = classAttribute(configured.cls, name);
  if (!binding) return unknown(`${configured.cls.name}.${name}`, configured.cls.span);
  // A method that reads itself through self would loop in Python too; stop here.
  configured.values.set(name, unknown(`${configured.cls.name}.${name}, which refers to itself`, binding.assignedAt));
  const value = eachOption(binding.value, (option) => attributeOf(configured, name, option, true));
  configured.values.set(name, value);
  return value;
}

/**
 * An attribute as the configured instance has it: a reader resolved (setup() ran), a property called;
 * a method bound, or, when `call` is set (the settings importer calls what is callable), its result.
 */
function attributeOf(configured: Configured, name: string, value: Value, call: boolean): Value {
  const spec = readerSpecOf(value);
  if (spec) return resolveReader(spec, name, configured.frame.interpreter.host.environment);
  const method = functionOf(value);
  if (!method) return value;
  const kinds = decorators(method.definition);
  const span = spanOf(method.definition.node, method.definition.file);
  if (kinds.includes('staticmethod')) return call ? callMethodOf(method, [], configured, span) : value;
  const receiver = kinds.includes('classmethod') ? configured.classValue : configured.self;
  if (kinds.includes('property') || call) return callMethodOf(method, [receiver], configured, span);
  return boundMethod(value as Value & { kind: 'object' }, receiver);
}

function boundMethod(method: Value & { kind: 'object' }, receiver: Value): Value {
  const bound: BoundMethod = { method, receiver };
  return make('object', { object: { type: 'instance', name: 'bound-method', definition: bound } }, method.span);
}

/** `self.X` / `Core.X` / `cls.X` in settings code: undefined when `object` is not a class or configuration. */
export function configurationAttribute(object: Value, attribute: string, span: SourceSpan): Value | undefined {
  if (object.kind !== 'object') return undefined;
  const cls = classDefinitionOf(object);
  if (cls) {
    const found = classAttribute(cls, attribute);
    return found?.value ?? unknown(`${cls.name}.${attribute}`, span);
  }
  if (object.object.type === 'instance' && object.object.name === 'configuration') {
    const configured = object.object.definition as Configured;
    const found = classAttribute(configured.cls, attribute);
    if (!found) return unknown(`${configured.cls.name}.${attribute}`, span);
    return isSettingName(attribute) && !functionOf(found.value)
      ? settingValue(configured, attribute)
      : attributeOf(configured, attribute, found.value, false);
  }
  return undefined;
}

/** A call of a method bound to a configuration (`self.get_hosts()`); undefined for other objects. */
export function callBound(
  object: PyObject,
  positional: Value[],
  keywords: Map<string, Value>,
  span: SourceSpan,
  frame: Frame,
): Value | undefined {
  if (object.type !== 'instance' || object.name !== 'bound-method') return undefined;
  const { method, receiver } = object.definition as BoundMethod;
  const found = functionOf(method);
  if (!found) return undefined;
  return callFunction(found.definition, found.name, [receiver, ...positional], keywords, span, frame);
}

// ---------------------------------------------------------------- which class production runs

/** Class names for development, tests or CI do not say what production runs. */
const NOT_PRODUCTION_CLASS = /^(dev|develop|development|local|localdev|test|tests|testing|ci|build|docs)$/i;

/** Class names that say production runs them: the counterpart of a development default. */
const PRODUCTION_CLASS = /^(prod|production|live|deploy|deployment|release)$/i;

/**
 * The class production runs: DJANGO_CONFIGURATION from the given environment; else from the file whose
 * evidence chose the settings module; else from a deployment file anywhere in the repository (production-looking before neutral; development, test and build steps never);
 * else the default a wsgi.py or asgi.py sets (what the server imports), else manage.py's, when it is not a
 * development class; else what documentation and templates set (a `production.dist` env file); else a
 * `Production` class beside a development default; else the development default itself.
 */
export function chooseConfiguration(
  interpreter: InterpreterContext,
  absPath: string,
  file: string,
  classNames: readonly string[],
): ConfigurationChoice | undefined {
  const given = interpreter.host.environment.lookup(VARIABLE);
  if (given) {
    return { name: given, chosenBy: 'the given environment', read: { variable: VARIABLE, state: 'given', given } };
  }
  const root = absPath.slice(0, absPath.length - file.length).replace(/[\\/]$/, '') || dirname(absPath);
  const folders: string[] = [];
  for (let folder = dirname(absPath); ; folder = dirname(folder)) {
    folders.push(folder);
    if (folder === root || !isWithin(folder, root) || dirname(folder) === folder) break;
  }
  const repoPath = (path: string) => relative(root, path).split(sep).join('/');
  const defined = new Set(classNames);
  const evidence = configurationEvidence(interpreter.host.deploymentFiles, folders, root, repoPath).filter(
    (found) =>
      defined.has(found.module) &&
      !found.buildOnly &&
      (found.look === 'production' || found.look === 'neutral') &&
      !NOT_PRODUCTION_CLASS.test(found.module),
  );
  const fromEvidence = (documentation: boolean): ConfigurationChoice | undefined => {
    const candidates = evidence.filter((found) => (found.kind === 'documentation') === documentation);
    const found = candidates.find((c) => c.look === 'production') ?? candidates[0];
    return found && { name: found.module, chosenBy: `${repoPath(found.file)}:${found.line}` };
  };

  // The file that says which settings module production runs says which class it runs, when it says one.
  const besideModule = evidence.find((found) => found.file === interpreter.host.settingsEvidenceFile);
  if (besideModule)
    return { name: besideModule.module, chosenBy: `${repoPath(besideModule.file)}:${besideModule.line}` };
  const deployed = fromEvidence(false);
  if (deployed) return deployed;
  const defaults = entryPointDefaults(folders, repoPath);
  const running = defaults.find((choice) => !NOT_PRODUCTION_CLASS.test(choice.name));
  if (running) return running;
  const documented = fromEvidence(true);
  if (documented) return documented;
  const developmentDefault = defaults[0];
  const production = classNames.find((name) => PRODUCTION_CLASS.test(name));
  if (developmentDefault && production) {
    return {
      name: production,
      chosenBy: `the production class beside the ${developmentDefault.name} default of ${developmentDefault.chosenBy}`,
    };
  }
  return developmentDefault;
}

/** What deployment files say DJANGO_CONFIGURATION is: the repository's files when the scan listed them, else those beside the settings and above. */
function configurationEvidence(
  deploymentFiles: readonly string[] | undefined,
  folders: readonly string[],
  root: string,
  repoPath: (path: string) => string,
): SettingsEvidence[] {
  const files =
    deploymentFiles ??
    folders.flatMap((folder) =>
      filesIn(folder)
        .map((name) => join(folder, name))
        .filter((path) => isDeploymentFile(repoPath(path))),
    );
  return files.flatMap((path) => readEnvironmentEvidence(path, root, VARIABLE));
}

/** The defaults wsgi.py and asgi.py set (what the server imports), then manage.py's, nearest the settings first. */
function entryPointDefaults(folders: readonly string[], repoPath: (path: string) => string): ConfigurationChoice[] {
  const defaults: ConfigurationChoice[] = [];
  for (const entry of [['wsgi.py', 'asgi.py'], ['manage.py']]) {
    for (const folder of folders) {
      for (const name of entry) {
        const found = environmentDefault(readText(join(folder, name)), VARIABLE);
        if (!found || !/^[A-Za-z_]\w*$/.test(found.value)) continue;
        const where = repoPath(join(folder, name));
        const defaultSpan = { ...fileStartSpan(where), line: found.line, endLine: found.line };
        defaults.push({
          name: found.value,
          chosenBy: where,
          read: { variable: VARIABLE, state: 'default', defaultSpan },
        });
      }
    }
  }
  return defaults;
}

function filesIn(folder: string): string[] {
  try {
    return readdirSync(folder).sort();
  } catch {
    return [];
  }
}
