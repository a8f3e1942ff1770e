import type { SourceSpan } from '../finding.js';
import { READER_NAMES, READER_PREFIX } from './configuration-values.js';
import { MODULE_CONSTANTS } from './library-constants.js';
import { make, type PyObject, type Value } from './value.js';

/**
 * The library objects settings files use to read configuration, by module and attribute. Anything not
 * listed here is unknown to the model, which is the honest answer.
 */
const MODULE_ATTRIBUTES: Record<string, Record<string, PyObject>> = {
  os: {
    environ: { type: 'os.environ' },
    getenv: { type: 'callable', name: 'os.getenv' },
    path: { type: 'module', name: 'os.path' },
  },
  environ: {
    Env: { type: 'callable', name: 'environ.Env' },
    FileAwareEnv: { type: 'callable', name: 'environ.FileAwareEnv' },
  },
  environs: {
    Env: { type: 'callable', name: 'environs.Env' },
  },
  decouple: {
    config: { type: 'callable', name: 'decouple.config' },
    Csv: { type: 'callable', name: 'decouple.Csv' },
    AutoConfig: { type: 'callable', name: 'decouple.AutoConfig' },
  },
  'django.core.management.utils': {
    get_random_secret_key: { type: 'callable', name: 'get_random_secret_key' },
  },
  'django.utils.crypto': {
    get_random_string: { type: 'callable', name: 'get_random_string' },
  },
  secrets: {
    token_urlsafe: { type: 'callable', name: 'secrets.token_urlsafe' },
    token_hex: { type: 'callable', name: 'secrets.token_hex' },
  },
  'distutils.util': {
    strtobool: { type: 'callable', name: 'strtobool' },
  },
  'setuptools._distutils.util': {
    strtobool: { type: 'callable', name: 'strtobool' },
  },
  'split_settings.tools': {
    include: { type: 'callable', name: 'split_settings.include' },
    optional: { type: 'callable', name: 'split_settings.optional' },
  },
  configurations: {
    Configuration: { type: 'callable', name: 'configurations.Configuration' },
  },
  'configurations.values': Object.fromEntries(
    READER_NAMES.map((name): [string, PyObject] => [name, { type: 'callable', name: `${READER_PREFIX}${name}` }]),
  ),
  dj_database_url: {
    config: { type: 'callable', name: 'dj_database_url.config' },
    parse: { type: 'callable', name: 'dj_database_url.parse' },
  },
  importlib: {
    import_module: { type: 'callable', name: 'importlib.import_module' },
  },
  // Settings helpers whose effects settings-helpers.ts knows.
  django_heroku: { settings: { type: 'callable', name: 'django_heroku.settings' } },
  'django_heroku.core': { settings: { type: 'callable', name: 'django_heroku.settings' } },
  django_on_heroku: { settings: { type: 'callable', name: 'django_on_heroku.settings' } },
  'django_on_heroku.core': { settings: { type: 'callable', name: 'django_on_heroku.settings' } },
  dynaconf: {
    DjangoDynaconf: { type: 'callable', name: 'dynaconf.DjangoDynaconf' },
    Dynaconf: { type: 'callable', name: 'dynaconf.Dynaconf' },
    LazySettings: { type: 'callable', name: 'dynaconf.Dynaconf' },
    settings: { type: 'dynaconf-settings', prefix: 'DYNACONF', files: new Map() },
  },
  pathlib: {
    Path: { type: 'callable', name: 'pathlib.Path' },
  },
  'django.utils.csp': {
    CSP: { type: 'callable', name: 'django.utils.csp.CSP' },
  },
};

const OS_ENVIRON_METHODS: Record<string, string> = {
  get: 'os.environ.get',
  setdefault: 'os.environ.setdefault',
};

const CALLABLE_ATTRIBUTES: Record<string, Record<string, PyObject>> = {
  'environ.Env': { read_env: { type: 'callable', name: 'noop' } },
  'environ.FileAwareEnv': { read_env: { type: 'callable', name: 'noop' } },
};

/** String constants read as attributes of a known class: Django 6's `CSP` is a StrEnum, so `CSP.SELF == "'self'"`. */
const STRING_ATTRIBUTES: Record<string, Record<string, string>> = {
  'django.utils.csp.CSP': {
    HEADER_ENFORCE: 'Content-Security-Policy',
    HEADER_REPORT_ONLY: 'Content-Security-Policy-Report-Only',
    NONE: "'none'",
    REPORT_SAMPLE: "'report-sample'",
    SELF: "'self'",
    STRICT_DYNAMIC: "'strict-dynamic'",
    UNSAFE_EVAL: "'unsafe-eval'",
    UNSAFE_HASHES: "'unsafe-hashes'",
    UNSAFE_INLINE: "'unsafe-inline'",
    WASM_UNSAFE_EVAL: "'wasm-unsafe-eval'",
    NONCE: '<CSP_NONCE_SENTINEL>',
  },
};

export function knownImport(module: string, name: string, span: SourceSpan): Value | undefined {
  const object = MODULE_ATTRIBUTES[module]?.[name];
  if (object) return make('object', { object }, span);
  const constant = MODULE_CONSTANTS[module]?.[name];
  if (typeof constant === 'string') return make('str', { value: constant }, span);
  if (constant) return make('object', { object: constant }, span);
  const submodule = `${module}.${name}`;
  if (MODULE_ATTRIBUTES[submodule] || MODULE_CONSTANTS[submodule]) {
    return make('object', { object: { type: 'module', name: submodule } }, span);
  }
  return undefined;
}

/** Whether `from module import name` binds one of the library constants of library-constants.ts. */
export function isLibraryConstant(module: string, name: string): boolean {
  return MODULE_CONSTANTS[module]?.[name] !== undefined;
}

export function knownModuleAttribute(object: PyObject, attribute: string, span: SourceSpan): Value | undefined {
  if (object.type === 'module') return knownImport(object.name, attribute, span);
  if (object.type === 'os.environ') {
    const method = OS_ENVIRON_METHODS[attribute];
    return method ? make('object', { object: { type: 'callable', name: method } }, span) : undefined;
  }
  if (object.type === 'callable') {
    const constant = STRING_ATTRIBUTES[object.name]?.[attribute];
    if (constant !== undefined) return make('str', { value: constant }, span);
    const found = CALLABLE_ATTRIBUTES[object.name]?.[attribute];
    return found ? make('object', { object: found }, span) : undefined;
  }
  return undefined;
}
