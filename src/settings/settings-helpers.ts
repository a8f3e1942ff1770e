import type { SourceSpan } from '../finding.js';
import { performRead } from './env-readers.js';
import { OPAQUE_NAMES, type Frame, type FunctionDefinition } from './frame.js';
import { keysHelperMayWrite } from './namespace-helper-writes.js';
import { applyDjangoDynaconf, applyDynaconf, dynaconfRead } from './dynaconf.js';
import { databaseFromUrl } from './library-calls.js';
import { make, outcomes, pyEquals, truthy, unknown, type Value } from './value.js';

/**
 * Well-known helpers that set settings in the module that calls them, with what each really does. The
 * effects follow the helpers' source, at the versions named in each entry; a helper not listed here that is
 * handed the module's namespace (`locals()`, `globals()`, `vars()`) leaves every setting it could have set
 * unknown, with the call as the cause.
 */

export interface HelperCall {
  frame: Frame;
  positional: Value[];
  keywords: Map<string, Value>;
  span: SourceSpan;
}

interface SettingsHelper {
  /** The release whose source the effects were read from. */
  source: string;
  apply(call: HelperCall): Value;
}

const WHITENOISE = 'whitenoise.middleware.WhiteNoiseMiddleware';
const SECURITY_MIDDLEWARE = 'django.middleware.security.SecurityMiddleware';

function bind(call: HelperCall, name: string, value: Value): void {
  call.frame.scope.set(name, { value, assignedAt: call.span });
  if (call.frame.depth === 0) call.frame.interpreter.modulesAssigningSettings.add(call.frame.absPath);
}

/** A keyword-only switch of the helper: its value when known, else the helper's own default. */
function flag(call: HelperCall, name: string, fallback: boolean): boolean {
  const given = call.keywords.get(name);
  return (given && truthy(given)) ?? fallback;
}

/** Applies `change` to each outcome of an undecided value, so `either` branches keep their own answers. */
function eachOutcome(value: Value, change: (option: Value) => Value): Value {
  if (value.kind !== 'either') return change(value);
  return { ...value, options: value.options.map((option) => eachOutcome(option, change)) };
}

function sequenceItems(value: Value): Value[] | undefined {
  return value.kind === 'list' || value.kind === 'tuple' ? value.items : undefined;
}

/**
 * `django_heroku.settings(locals())` (django-heroku 0.3.1, django_heroku/core.py) and its maintained fork
 * `django_on_heroku.settings(locals())` (django-on-heroku 1.1.2, django_on_heroku/core.py). Both: DATABASES
 * from DATABASE_URL when it is set; STATIC_ROOT, STATIC_URL, WhiteNoise and its storage; ALLOWED_HOSTS =
 * ['*']; LOGGING; SECRET_KEY from SECRET_KEY when it is set. django-heroku puts WhiteNoise first;
 * django-on-heroku right after SecurityMiddleware. Each part can be switched off by a keyword.
 */
function herokuSettings(fork: 'django-heroku' | 'django-on-heroku'): (call: HelperCall) => Value {
  return (call) => {
    const { frame, span } = call;
    const environment = frame.interpreter.host.environment;
    const current = (name: string) => frame.scope.get(name)?.value;
    const text = (value: string) => make('str', { value }, span);
    const given = (variable: string) =>
      performRead({ variable: text(variable), requiredWithoutDefault: false, span }, environment);

    if (flag(call, 'databases', true)) {
      let databases =
        current('DATABASES') ?? make('dict', { entries: [[text('default'), make('none', {}, span)]] }, span);
      const url = given('DATABASE_URL');
      if (url.state === 'given') {
        const parsed = databaseFromUrl(make('str', { value: url.text }, span, [url.read]), span);
        databases = eachOutcome(databases, (option) =>
          option.kind === 'dict'
            ? {
                ...option,
                entries: [
                  ...option.entries.filter(([k]) => pyEquals(k, text('default')) !== true),
                  [text('default'), parsed],
                ],
              }
            : unknown('DATABASES changed by a Heroku helper', span, option.env),
        );
      }
      bind(call, 'DATABASES', databases);
    }
    if (flag(call, 'test_runner', true) && given('CI').state === 'given') {
      bind(
        call,
        'TEST_RUNNER',
        text(fork === 'django-heroku' ? 'django_heroku.HerokuDiscoverRunner' : 'django_on_heroku.HerokuDiscoverRunner'),
      );
    }
    if (flag(call, 'staticfiles', true)) {
      const base = current('BASE_DIR');
      bind(
        call,
        'STATIC_ROOT',
        base?.kind === 'str'
          ? text(`${base.value.replace(/\/$/, '')}/staticfiles`)
          : unknown('BASE_DIR/staticfiles', span),
      );
      bind(call, 'STATIC_URL', text('/static/'));
      const key = current('MIDDLEWARE_CLASSES') ? 'MIDDLEWARE_CLASSES' : 'MIDDLEWARE';
      const middleware = current(key);
      if (middleware) {
        bind(
          call,
          key,
          eachOutcome(middleware, (option) => {
            const items = sequenceItems(option);
            if (!items) return unknown(`${key} with WhiteNoise inserted`, span, option.env);
            const whitenoise = text(WHITENOISE);
            const security = items.findIndex((item) => item.kind === 'str' && item.value === SECURITY_MIDDLEWARE);
            const at = fork === 'django-heroku' ? 0 : security + 1;
            const inserted = [...items.slice(0, at), whitenoise, ...items.slice(at)];
            // Still the list the settings wrote, so findings about its members stay where it is written.
            const open = option.kind === 'list' || option.kind === 'tuple' ? { open: option.open } : {};
            return make('tuple', { items: inserted, ...open }, option.span, option.env);
          }),
        );
      }
      bind(call, 'STATICFILES_STORAGE', text('whitenoise.storage.CompressedManifestStaticFilesStorage'));
    }
    if (flag(call, 'allowed_hosts', true)) bind(call, 'ALLOWED_HOSTS', make('list', { items: [text('*')] }, span));
    if (flag(call, 'logging', true)) {
      bind(
        call,
        'LOGGING',
        make(
          'dict',
          {
            entries: [
              [text('version'), make('int', { value: 1 }, span)],
              [text('disable_existing_loggers'), make('bool', { value: false }, span)],
            ],
            open: { why: `the formatters, handlers and loggers ${fork} configures`, span },
          },
          span,
        ),
      );
    }
    if (flag(call, 'secret_key', true)) {
      const secret = given('SECRET_KEY');
      if (secret.state === 'given') bind(call, 'SECRET_KEY', make('str', { value: secret.text }, span, [secret.read]));
    }
    return make('none', {}, span);
  };
}

export const SETTINGS_HELPERS: Record<string, SettingsHelper> = {
  'django_heroku.settings': { source: 'django-heroku 0.3.1', apply: herokuSettings('django-heroku') },
  'django_on_heroku.settings': { source: 'django-on-heroku 1.1.2', apply: herokuSettings('django-on-heroku') },
  'dynaconf.DjangoDynaconf': { source: 'dynaconf 3.3 (contrib/django_dynaconf_v2.py)', apply: applyDjangoDynaconf },
  'dynaconf.Dynaconf': { source: 'dynaconf 3.3 (base.py LazySettings)', apply: applyDynaconf },
};

/** `settings.get("NAME", default)` on a dynaconf settings object. */
function dynaconfGet(callee: Value, positional: Value[], span: SourceSpan, frame: Frame): Value | undefined {
  if (callee.kind !== 'object' || callee.object.type !== 'method' || callee.object.name !== 'get') return undefined;
  const receiver = callee.object.receiver;
  if (receiver.kind !== 'object' || receiver.object.type !== 'dynaconf-settings') return undefined;
  const [name, fallback] = positional;
  if (name?.kind !== 'str') return unknown('a dynaconf setting whose name is not known', span);
  return dynaconfRead(
    receiver.object,
    name.value,
    fallback ?? make('none', {}, span),
    span,
    frame.interpreter.host.environment,
  );
}

function isNamespace(value: Value): boolean {
  return outcomes(value).some((option) => option.kind === 'object' && option.object.type === 'namespace');
}

/**
 * A call to a settings helper: a known one applies its effects to the calling module; an unknown one handed
 * the module's namespace may set any setting, so every setting not assigned after it is unknown because of
 * it. Undefined for any other call.
 */
export function callSettingsHelper(
  calleeText: string,
  callee: Value,
  args: { positional: Value[]; keywords: Map<string, Value> },
  span: SourceSpan,
  frame: Frame,
): Value | undefined {
  const read = dynaconfGet(callee, args.positional, span, frame);
  if (read) return read;
  const name = callee.kind === 'object' && callee.object.type === 'callable' ? callee.object.name : undefined;
  const helper = name ? SETTINGS_HELPERS[name] : undefined;
  if (helper) return helper.apply({ frame, positional: args.positional, keywords: args.keywords, span });
  if (![...args.positional, ...args.keywords.values()].some(isNamespace)) return undefined;
  // A helper is a function named by a dotted name (`platformconfig.apply`); a method of a value the model
  // knows, or of a call's result (`Template(text).substitute(locals())`), only reads the names.
  const method = callee.kind === 'object' && callee.object.type === 'method' ? callee.object : undefined;
  if (!/^[A-Za-z_][\w.]*$/.test(calleeText) || (method && method.receiver.kind !== 'unknown')) return undefined;
  if (callee.kind === 'object' && callee.object.type === 'function') {
    // A project function the model could not run: the settings its source writes by name are unknown.
    const keys = keysHelperMayWrite(callee.object.definition as FunctionDefinition, args.positional, args.keywords);
    if (keys) {
      for (const key of keys) {
        const value = unknown(
          `the value ${calleeText}() may give ${key}`,
          span,
          [],
          `assign ${key} by name after ${calleeText}(), or write ${calleeText}() so the scan can follow it`,
        );
        (frame.globals ?? frame.scope).set(key, { value, assignedAt: span });
      }
      return unknown(`the result of ${calleeText}()`, span);
    }
  }
  frame.scope.set(OPAQUE_NAMES, {
    value: unknown(
      `the settings ${calleeText}() may set in the namespace it is handed`,
      span,
      [],
      `assign the settings ${calleeText}() sets explicitly after the call`,
    ),
    assignedAt: span,
  });
  return unknown(`the result of ${calleeText}()`, span);
}
