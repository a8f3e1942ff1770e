import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { isMap, LineCounter, parseDocument, type Pair } from 'yaml';
import type { SourceSpan } from '../finding.js';
import { floatFromText, intFromText } from '../python/builtins.js';
import { plainToValue } from './django-defaults.js';
import { OPAQUE_NAMES, type Frame } from './frame.js';
import type { HelperCall } from './settings-helpers.js';
import { parseTomlValue, readTomlEntries, type TomlValue } from './toml-values.js';
import type { ProductionEnvironment } from './production-environment.js';
import { make, stringForm, unknown, type EnvRead, type PyObject, type Value } from './value.js';

/**
 * dynaconf's Django extension, as dynaconf 3.3 (dynaconf/contrib/django_dynaconf_v2.py) loads it:
 * `settings = DjangoDynaconf(__name__, ENVVAR_PREFIX_FOR_DYNACONF="PULP")` takes the module's upper-case
 * names as defaults, layers the settings files over them ([default], then the current environment, then
 * [global]), then the `PREFIX_NAME` environment variables (parsed as TOML, or with an `@bool`/`@int`
 * converter), and writes the result back into the module. So a module value holds "unless PREFIX_NAME or
 * a settings file sets it", and a setting the module leaves unset is unknown unless the environment or a
 * settings file in the repository gives it.
 */

const DEFAULT_FILE_NAMES = ['toml', 'tml', 'yaml', 'yml', 'json'].flatMap((ext) => [
  `settings.${ext}`,
  `.secrets.${ext}`,
]);
const TRUE_VALUES = new Set(['t', 'true', 'enabled', '1', 'on', 'yes']);

type Plain = Parameters<typeof plainToValue>[0];

interface FileSetting {
  value: Value;
}

/** An option given to DjangoDynaconf, or as an upper-case name of the module (dynaconf reads both). */
function option(call: HelperCall, names: readonly string[]): Value | undefined {
  for (const name of names) {
    const given = call.keywords.get(name);
    if (given) return given;
  }
  for (const name of names) {
    const bound = call.frame.scope.get(name);
    if (bound && /^[A-Z_]+$/.test(name)) return bound.value;
  }
  return undefined;
}

function textOption(call: HelperCall, names: readonly string[], fallback: string): string | undefined {
  const value = option(call, names);
  if (!value) return fallback;
  if (value.kind === 'bool' && !value.value) return '';
  return value.kind === 'str' ? value.value : undefined;
}

function spanAt(file: string, line: number): SourceSpan {
  return { file, line, column: 1, endLine: line, endColumn: 1 };
}

/** A given variable's value as dynaconf reads it, provenance included; `@float 2` is the float 2.0. */
function dynaconfValue(text: string, span: SourceSpan, read: EnvRead): Value {
  const plain = parseDynaconfValue(text);
  if (plain === undefined) return unknown(`${read.variable} as dynaconf parses it`, span, [read]);
  const float = text.split(' ')[0] === '@float' && typeof plain === 'number';
  return { ...(float ? make('float', { value: plain }, span) : plainToValue(plain, span)), env: [read] };
}

/** A value from the environment, as dynaconf's parse_conf_data reads it. */
export function parseDynaconfValue(text: string): Plain | undefined {
  const [converter, ...rest] = text.split(' ');
  const argument = rest.join(' ');
  switch (converter) {
    case '@bool':
      // str(value).lower() in true_values: dynaconf does not strip ("@bool  true" is False).
      return TRUE_VALUES.has(argument.toLowerCase());
    case '@int': {
      // int(argument): past 2**53 the model cannot hold the value exactly.
      const int = intFromText(argument);
      return int !== undefined && Number.isSafeInteger(Number(int)) ? Number(int) : undefined;
    }
    case '@float':
      return floatFromText(argument);
    case '@str':
      return argument;
    case '@json':
      try {
        return JSON.parse(argument) as Plain;
      } catch {
        return undefined;
      }
    case '@none':
    case '@null':
    case '@note':
    case '@comment':
      return null;
    default:
      if (converter?.startsWith('@')) return undefined;
      return (parseTomlValue(text) as Plain | undefined) ?? text;
  }
}

function settingFiles(call: HelperCall, root: string): string[] {
  const environment = call.frame.interpreter.host.environment;
  const filesVariable = textOption(call, ['ENVVAR_FOR_DYNACONF', 'envvar'], 'SETTINGS_FILE_FOR_DYNACONF');
  const fromEnvironment = filesVariable ? environment.lookup(filesVariable) : undefined;
  const named = option(call, [
    'SETTINGS_FILE_FOR_DYNACONF',
    'SETTINGS_MODULE_FOR_DYNACONF',
    'settings_files',
    'settings_file',
  ]);
  let names: string[];
  if (fromEnvironment !== undefined) {
    const parsed = parseTomlValue(fromEnvironment);
    names = Array.isArray(parsed) ? parsed.map(String) : fromEnvironment.split(/[,;]/);
  } else if (named?.kind === 'str') {
    names = named.value.split(/[,;]/);
  } else if (named?.kind === 'list' || named?.kind === 'tuple') {
    names = named.items.map((item) => stringForm(item) ?? '').filter(Boolean);
  } else {
    names = DEFAULT_FILE_NAMES;
  }
  return names
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => (isAbsolute(name) ? name : join(root, name)));
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The settings one file gives, layer by layer: `layers` are the top-level sections read, in order. */
function readSettingsFile(
  absPath: string,
  file: string,
  layers: readonly string[] | undefined,
): Map<string, FileSetting> {
  const text = readFileSync(absPath, 'utf8');
  const found = new Map<string, FileSetting>();
  const put = (key: string, plain: unknown, line: number) => {
    if (key.toLowerCase() === 'dynaconf_merge') return;
    const span = spanAt(file, line);
    found.set(key.toUpperCase(), {
      value: plain === undefined ? unknown(`${key} as ${file} writes it`, span) : plainToValue(plain as Plain, span),
    });
  };
  if (/\.(toml|tml)$/.test(absPath)) {
    const entries = readTomlEntries(text);
    for (const layer of layers ?? ['']) {
      for (const entry of entries) {
        const section = entry.table.map((part) => part.toLowerCase());
        if (layers ? section.length === 1 && section[0] === layer : section.length === 0)
          put(entry.key, entry.value as TomlValue, entry.line);
      }
    }
    return found;
  }
  if (/\.(ya?ml)$/.test(absPath)) {
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter });
    const pairsOf = (node: unknown): Pair[] => (isMap(node) ? (node.items as Pair[]) : []);
    const lineOf = (pair: Pair) => {
      const range = (pair.key as { range?: [number, number, number] } | null)?.range;
      return range ? lineCounter.linePos(range[0]).line : 1;
    };
    const keyOf = (pair: Pair) => String((pair.key as { value?: unknown } | null)?.value ?? '');
    const toJS = (node: unknown) =>
      node && typeof node === 'object' && 'toJSON' in node ? (node as { toJSON(): unknown }).toJSON() : node;
    for (const layer of layers ?? ['']) {
      const top = pairsOf(document.contents);
      const pairs = layer ? pairsOf(top.find((pair) => keyOf(pair).toLowerCase() === layer)?.value) : top;
      for (const pair of pairs) put(keyOf(pair), toJS(pair.value), lineOf(pair));
    }
    return found;
  }
  if (absPath.endsWith('.json')) {
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return found;
    }
    const lineOf = (key: string) =>
      Math.max(1, text.slice(0, Math.max(0, text.indexOf(`"${key}"`))).split('\n').length);
    for (const layer of layers ?? ['']) {
      const section = layer
        ? (Object.entries(data).find(([key]) => key.toLowerCase() === layer)?.[1] as
            Record<string, unknown> | undefined)
        : data;
      for (const [key, value] of Object.entries(section ?? {})) put(key, value, lineOf(key));
    }
  }
  return found;
}

function bind(frame: Frame, name: string, value: Value, span: SourceSpan): void {
  frame.scope.set(name, { value, assignedAt: span });
}

/**
 * The settings files dynaconf reads (named by the environment, the options, or its defaults beside the
 * module), layered as dynaconf layers them when environments are on: [default], the current one, [global].
 */
function loadSettingsFiles(
  call: HelperCall,
  defaults: { environments: boolean; switcher: string },
): Map<string, FileSetting> {
  const { frame, span } = call;
  const environment = frame.interpreter.host.environment;
  const layered = option(call, ['ENVIRONMENTS_FOR_DYNACONF', 'environments']);
  const environments = layered ? layered.kind === 'bool' && layered.value : defaults.environments;
  const switcher = textOption(call, ['ENV_SWITCHER_FOR_DYNACONF', 'env_switcher'], defaults.switcher);
  const currentEnv = (
    (switcher ? environment.lookup(switcher) : undefined) ??
    textOption(call, ['ENV_FOR_DYNACONF', 'env'], 'development') ??
    'development'
  ).toLowerCase();
  const layers = environments ? ['default', currentEnv, 'global'] : undefined;

  const fromFiles = new Map<string, FileSetting>();
  for (const absPath of settingFiles(call, dirname(frame.absPath))) {
    if (absPath === frame.absPath || !isFile(absPath) || !frame.interpreter.host.resolver.shipped(absPath)) continue;
    if (absPath.endsWith('.py')) {
      frame.interpreter.note(
        span,
        `${frame.file} loads ${frame.interpreter.host.store.repoPath(absPath)} through dynaconf (line ${span.line}), which the model does not evaluate; the settings it sets are not followed.`,
        'Keep the settings dynaconf loads in TOML or YAML files, or check them with the deploy check.',
      );
      continue;
    }
    for (const [name, setting] of readSettingsFile(absPath, frame.interpreter.host.store.repoPath(absPath), layers)) {
      fromFiles.set(name, setting);
    }
  }
  return fromFiles;
}

export function applyDjangoDynaconf(call: HelperCall): Value {
  const { frame, span } = call;
  const environment = frame.interpreter.host.environment;
  const prefix = textOption(call, ['ENVVAR_PREFIX_FOR_DYNACONF', 'envvar_prefix'], 'DJANGO');
  if (prefix === undefined) {
    frame.scope.set(OPAQUE_NAMES, {
      value: unknown(
        'settings dynaconf loads with a prefix the model cannot read',
        span,
        [],
        'write ENVVAR_PREFIX_FOR_DYNACONF as a string',
      ),
      assignedAt: span,
    });
    return unknown('the dynaconf settings object', span);
  }
  const variableFor = (name: string) => (prefix ? `${prefix}_${name}` : name);
  const fromFiles = loadSettingsFiles(call, { environments: true, switcher: 'DJANGO_ENV' });

  const names = new Set([...frame.scope.keys()].filter((name) => /^[A-Z][A-Z0-9_]*$/.test(name)));
  for (const name of fromFiles.keys()) names.add(name);
  if (prefix) {
    for (const variable of environment.given.keys()) {
      if (variable.startsWith(`${prefix}_`)) names.add(variable.slice(prefix.length + 1));
    }
  }
  names.delete(OPAQUE_NAMES);

  for (const name of names) {
    const variable = variableFor(name);
    const given = environment.lookup(variable);
    environment.reads.record(
      variable,
      span,
      given !== undefined,
      fromFiles.get(name)?.value ?? frame.scope.get(name)?.value,
    );
    if (given !== undefined) {
      const read: EnvRead = { variable, state: 'given', given };
      bind(frame, name, dynaconfValue(given, span, read), span);
      continue;
    }
    if (environment.isGuarded(variable)) {
      // The settings refuse to run without it: production sets it, to a value the model cannot see.
      const read: EnvRead = { variable, state: 'required' };
      bind(frame, name, unknown(`read from ${variable}, which production must set`, span, [read]), span);
      continue;
    }
    const fileValue = fromFiles.get(name)?.value;
    const moduleValue = frame.scope.get(name);
    const base = fileValue ?? moduleValue?.value;
    if (!base) continue;
    const read: EnvRead = {
      variable,
      state: 'default',
      defaultSpan: base.span,
      ...(fileValue ? {} : { orElse: `no dynaconf settings file sets ${name}` }),
    };
    bind(
      frame,
      name,
      { ...base, env: [...base.env, read] } as Value,
      fileValue ? fileValue.span : (moduleValue?.assignedAt ?? span),
    );
  }
  // What the module leaves unset is whatever the deployment's variables or settings files say.
  const pattern = prefix ? `${prefix}_<NAME>` : '<NAME>';
  frame.scope.set(OPAQUE_NAMES, {
    value: unknown(
      `what dynaconf loads from ${pattern} variables and settings files`,
      span,
      [],
      `set ${pattern} in the production environment (--env), or commit the dynaconf settings file production reads`,
    ),
    assignedAt: span,
  });
  const files = new Map([...fromFiles].map(([name, setting]) => [name, setting.value]));
  return make('object', { object: { type: 'dynaconf-settings', prefix, files } }, span);
}

type DynaconfObject = Extract<PyObject, { type: 'dynaconf-settings' }>;

/**
 * `settings = Dynaconf(envvar_prefix="MYAPP", settings_files=[...])` (or dynaconf's own `settings`, prefix
 * DYNACONF): an object whose names come from PREFIX_NAME variables and settings files.
 */
export function applyDynaconf(call: HelperCall): Value {
  const prefix = textOption(call, ['ENVVAR_PREFIX_FOR_DYNACONF', 'envvar_prefix'], 'DYNACONF');
  if (prefix === undefined) return unknown('a dynaconf settings object with a prefix the model cannot read', call.span);
  const files = new Map<string, Value>();
  for (const [name, setting] of loadSettingsFiles(call, { environments: false, switcher: 'ENV_FOR_DYNACONF' })) {
    files.set(name, setting.value);
  }
  return make('object', { object: { type: 'dynaconf-settings', prefix, files } }, call.span);
}

/** `settings.NAME`, `settings.get("NAME", default)` on a dynaconf settings object. */
export function dynaconfRead(
  object: DynaconfObject,
  name: string,
  fallback: Value | undefined,
  span: SourceSpan,
  environment: ProductionEnvironment,
): Value {
  const key = name.toUpperCase();
  const variable = object.prefix ? `${object.prefix}_${key}` : key;
  const given = environment.lookup(variable);
  environment.reads.record(variable, span, given !== undefined, object.files.get(key) ?? fallback);
  if (given !== undefined) {
    const read: EnvRead = { variable, state: 'given', given };
    return dynaconfValue(given, span, read);
  }
  const fromFile = object.files.get(key);
  const base = fromFile ?? fallback;
  if (!base) {
    return unknown(
      `${key} as dynaconf loads it`,
      span,
      [],
      `set ${variable} in the production environment (--env), or commit the dynaconf settings file production reads`,
    );
  }
  const read: EnvRead = {
    variable,
    state: 'default',
    defaultSpan: base.span,
    ...(fromFile ? {} : { orElse: `no dynaconf settings file sets ${key}` }),
  };
  return { ...base, ...(fromFile ? {} : { span }), env: [...base.env, read] } as Value;
}
