// A deterministic matrix of Django settings modules for the conformance test (__tests__/conformance.test.ts),
// which runs each one through real Django's deploy checks and through the static rules.
//
// The matrix is built from a clean baseline (settings on which no deploy check fires) in five groups:
//   one/      every value of every dimension, alone on the baseline;
//   pairwise/ the dimensions crossed so that every pair of values of two dimensions appears together at
//             least once (a greedy covering array, deterministic);
//   cross/    full crosses where a check depends on three things at once (session app x middleware x
//             cookie flag, CSRF middleware x CSRF_USE_SESSIONS x cookie flag, SecurityMiddleware x HSTS
//             seconds x subdomains/preload, the middleware flags, SECRET_KEY x fallbacks);
//   env/      values read from the environment with defaults, written as real projects write them;
//   project/  startproject-like and split (base + production) settings packages.
// Identical modules are generated once. No randomness: the same code gives the same matrix.
//
// Environment variables read by the settings are all named DSG_CONF_*; the conformance test runs Django
// with none of them set and the static model with an empty production environment, so both use defaults.

/** One settings configuration: a module (and the files it lives in), with what to expect of Django's loader. */
export interface SettingsConfiguration {
  /** Readable and unique, e.g. `one/SECURE_HSTS_SECONDS=-1` or `pairwise/017`. */
  id: string;
  /** Dotted module name Django loads, e.g. `cfg_0042` or `cfg_0500.production`. */
  module: string;
  /** Relative path -> source of every file of the configuration (module names are unique per configuration). */
  files: Record<string, string>;
  /** The source of the module itself, for diff tables. */
  source: string;
  /** What differs from the clean baseline, in one line (`SECURE_HSTS_SECONDS=-1; DEBUG="False"`). */
  summary: string;
  /** A load error Django raises from some release on (`django.conf.Settings` validation), if any. */
  loadError?: ExpectedLoadError;
  /** Python modules the settings import besides os (`environ`, `decouple`). */
  requires: string[];
}

export interface ExpectedLoadError {
  /** First release (major, minor) whose loader rejects the settings. */
  since: readonly [number, number];
  message: string;
}

/** The load error Django `major.minor` raises for the configuration, or undefined when it loads. */
export function expectedLoadError(config: SettingsConfiguration, major: number, minor: number): string | undefined {
  const error = config.loadError;
  if (!error) return undefined;
  const [sinceMajor, sinceMinor] = error.since;
  return major > sinceMajor || (major === sinceMajor && minor >= sinceMinor) ? error.message : undefined;
}

/** Prefix of every environment variable the generated settings read. */
export const ENV_PREFIX = 'DSG_CONF_';

// ---------------------------------------------------------------------------------------------------------
// Values

const py = (text: string): string => JSON.stringify(text); // a JSON string is a valid Python str literal

/** 50 characters, 50 distinct: passes Django's SECRET_KEY test. */
export const STRONG_KEY = 'Xq7#vL2!pR9@mK4$tW8^zN3&bF6*hJ1(cD5)gS0-aE_=+yU%iO';
const STRONG_KEY_2 = 'p4W!xZ8@rT2#nM6$kQ0^vB3&hG7*jL1(sD5)fA9-cE_=+yU%iO';
const KEY_49 = STRONG_KEY.slice(0, 49);
const INSECURE_KEY = 'django-insecure-' + STRONG_KEY_2;

const UNSET = null;
type Expr = string | typeof UNSET;

// No django.contrib.auth or admin: on Django 3.2 their import reads SECRET_KEY during setup, so an empty key
// crashes `manage.py check` there, which the one-process driver (apps loaded once) would not reproduce.
// Without them every configuration behaves the same under the driver and under manage.py.
const APPS_BASE = ['django.contrib.contenttypes', 'django.contrib.messages', 'django.contrib.staticfiles'];
const SESSIONS_APP = 'django.contrib.sessions';

const SECURITY_MW = 'django.middleware.security.SecurityMiddleware';
const SESSION_MW = 'django.contrib.sessions.middleware.SessionMiddleware';
const COMMON_MW = 'django.middleware.common.CommonMiddleware';
const CSRF_MW = 'django.middleware.csrf.CsrfViewMiddleware';
const MESSAGE_MW = 'django.contrib.messages.middleware.MessageMiddleware';
const XFO_MW = 'django.middleware.clickjacking.XFrameOptionsMiddleware';

const ALLOWED_HOSTS_LOAD_ERROR: ExpectedLoadError = {
  since: [4, 0],
  message: 'The ALLOWED_HOSTS setting must be a list or a tuple.',
};

// ---------------------------------------------------------------------------------------------------------
// Dimensions

interface Variant {
  /** For ids and summaries, e.g. `SECURE_HSTS_SECONDS=-1`. */
  label: string;
  /** Statements for this setting, or null to leave it unset. */
  code: string | null;
  loadError?: ExpectedLoadError;
  /** Kept out of the pairwise crossing (a load error there would hide the other values it carries). */
  alone?: boolean;
}

interface Dimension {
  name: string;
  /** Index of the clean variant (the baseline's value). */
  clean: number;
  variants: Variant[];
}

interface ValueExtra {
  /** How the value is shown in ids and summaries, when its Python text is too long (keys). */
  shown?: string;
  loadError?: ExpectedLoadError;
  alone?: boolean;
}

function scalar(setting: string, values: Expr[], clean: Expr, extra: Record<string, ValueExtra> = {}): Dimension {
  const variants = values.map((expr): Variant => {
    if (expr === UNSET) return { label: `${setting} unset`, code: null };
    const { shown, ...rest } = extra[expr] ?? {};
    return { label: `${setting}=${shown ?? expr}`, code: `${setting} = ${expr}`, ...rest };
  });
  const index = values.indexOf(clean);
  if (index < 0) throw new Error(`${setting}: clean value ${clean} is not among the values`);
  return { name: setting, clean: index, variants };
}

function list(items: string[], tuple = false): string {
  if (items.length === 0) return tuple ? '()' : '[]';
  const body = items.map((item) => `    ${py(item)},\n`).join('');
  return tuple ? `(\n${body})` : `[\n${body}]`;
}

/** How the MIDDLEWARE setting is written. */
const MIDDLEWARE_FORMS = ['list', 'tuple', 'plus', 'tuple-plus', 'append', 'insert', 'remove'] as const;
type MiddlewareForm = (typeof MIDDLEWARE_FORMS)[number];

interface MiddlewareShape {
  security: boolean;
  session: boolean;
  csrf: boolean;
  xfo: boolean;
  form: MiddlewareForm;
}

function middlewareCode(shape: MiddlewareShape): string {
  const all = [SECURITY_MW, SESSION_MW, COMMON_MW, CSRF_MW, MESSAGE_MW, XFO_MW];
  const present = new Set([COMMON_MW, MESSAGE_MW]);
  if (shape.security) present.add(SECURITY_MW);
  if (shape.session) present.add(SESSION_MW);
  if (shape.csrf) present.add(CSRF_MW);
  if (shape.xfo) present.add(XFO_MW);
  const chosen = all.filter((item) => present.has(item));
  const rest = chosen.filter((item) => item !== COMMON_MW);
  switch (shape.form) {
    case 'list':
      return `MIDDLEWARE = ${list(chosen)}`;
    case 'tuple':
      return `MIDDLEWARE = ${list(chosen, true)}`;
    case 'plus':
      return `MIDDLEWARE = [${py(COMMON_MW)}]\nMIDDLEWARE += ${list(rest)}`;
    case 'tuple-plus':
      return `MIDDLEWARE = (${py(COMMON_MW)},)\nMIDDLEWARE += ${list(rest, true)}`;
    case 'append':
      return [`MIDDLEWARE = [${py(COMMON_MW)}]`, ...rest.map((item) => `MIDDLEWARE.append(${py(item)})`)].join('\n');
    case 'insert': {
      const first = [COMMON_MW, MESSAGE_MW];
      const inserted = rest.filter((item) => item !== MESSAGE_MW).reverse();
      return [`MIDDLEWARE = ${list(first)}`, ...inserted.map((item) => `MIDDLEWARE.insert(0, ${py(item)})`)].join('\n');
    }
    case 'remove':
      return [
        `MIDDLEWARE = ${list(all)}`,
        ...all.filter((item) => !present.has(item)).map((item) => `MIDDLEWARE.remove(${py(item)})`),
      ].join('\n');
  }
}

const flag = (name: string, what: string): Dimension => ({
  name,
  clean: 0,
  variants: [
    { label: `${what} in MIDDLEWARE`, code: null },
    { label: `no ${what}`, code: null },
  ],
});

const MIDDLEWARE_DIMENSIONS: Dimension[] = [
  flag('MW_SECURITY', 'SecurityMiddleware'),
  flag('MW_SESSION', 'SessionMiddleware'),
  flag('MW_CSRF', 'CsrfViewMiddleware'),
  flag('MW_XFO', 'XFrameOptionsMiddleware'),
  {
    name: 'MW_FORM',
    clean: 0,
    variants: MIDDLEWARE_FORMS.map((form) => ({ label: `MIDDLEWARE as ${form}`, code: null })),
  },
];

const APPS_VARIANTS: Variant[] = [
  { label: 'INSTALLED_APPS list with sessions', code: `INSTALLED_APPS = ${list([...APPS_BASE, SESSIONS_APP])}` },
  { label: 'INSTALLED_APPS list without sessions', code: `INSTALLED_APPS = ${list(APPS_BASE)}` },
  {
    label: 'INSTALLED_APPS tuple with sessions',
    code: `INSTALLED_APPS = ${list([...APPS_BASE, SESSIONS_APP], true)}`,
  },
  { label: 'INSTALLED_APPS tuple without sessions', code: `INSTALLED_APPS = ${list(APPS_BASE, true)}` },
  {
    label: 'INSTALLED_APPS += sessions',
    code: `INSTALLED_APPS = ${list(APPS_BASE)}\nINSTALLED_APPS += [${py(SESSIONS_APP)}]`,
  },
  {
    label: 'INSTALLED_APPS.append(sessions)',
    code: `INSTALLED_APPS = ${list(APPS_BASE)}\nINSTALLED_APPS.append(${py(SESSIONS_APP)})`,
  },
  {
    // Django's checks test the exact string "django.contrib.sessions": an AppConfig path does not count.
    label: 'INSTALLED_APPS with SessionsConfig',
    code: `INSTALLED_APPS = ${list([...APPS_BASE, 'django.contrib.sessions.apps.SessionsConfig'])}`,
  },
];
const APPS_WITH_SESSIONS = 0;
const APPS_WITHOUT_SESSIONS = 1;

const KEY_LABELS: Record<string, ValueExtra> = {
  [py(STRONG_KEY)]: { shown: '<strong: 50 chars, 50 distinct>' },
  [py(KEY_49)]: { shown: '<49 chars>' },
  [py(INSECURE_KEY)]: { shown: '"django-insecure-" + 50 chars' },
};

const TRUTHY_FLAGS: Expr[] = [UNSET, 'True', 'False', '1', '"True"'];
const COOKIE_FLAGS: Expr[] = [UNSET, 'True', 'False', '1', '"1"', '0'];

const SETTING_DIMENSIONS: Dimension[] = [
  scalar(
    'SECRET_KEY',
    [py(STRONG_KEY), py('short-secret-key'), py(KEY_49), py(INSECURE_KEY), '"abcd" * 20', '""', 'None', UNSET],
    py(STRONG_KEY),
    KEY_LABELS,
  ),
  scalar(
    'SECRET_KEY_FALLBACKS',
    [UNSET, '[]', `[${py(STRONG_KEY_2)}]`, `[${py(STRONG_KEY_2)}, "short"]`, `[${py(INSECURE_KEY)}]`],
    UNSET,
    {
      [`[${py(STRONG_KEY_2)}]`]: { shown: '[<strong>]' },
      [`[${py(STRONG_KEY_2)}, "short"]`]: { shown: '[<strong>, "short"]' },
      [`[${py(INSECURE_KEY)}]`]: { shown: '["django-insecure-" + 50 chars]' },
    },
  ),
  scalar('DEBUG', [UNSET, 'True', 'False', '"False"', '0', '""', 'None'], 'False'),
  scalar('ALLOWED_HOSTS', [UNSET, '[]', '["*"]', '[""]', '["example.com"]', '()', 'None'], '["example.com"]', {
    None: { loadError: ALLOWED_HOSTS_LOAD_ERROR, alone: true },
  }),
  { name: 'INSTALLED_APPS', clean: APPS_WITH_SESSIONS, variants: APPS_VARIANTS },
  ...MIDDLEWARE_DIMENSIONS,
  scalar('SECURE_HSTS_SECONDS', [UNSET, '0', 'None', '""', '"0"', '-1', '1', '3600', '31536000'], '31536000'),
  scalar('SECURE_HSTS_INCLUDE_SUBDOMAINS', TRUTHY_FLAGS, 'True'),
  scalar('SECURE_HSTS_PRELOAD', TRUTHY_FLAGS, 'True'),
  scalar('SECURE_CONTENT_TYPE_NOSNIFF', [UNSET, 'True', 'False'], UNSET),
  scalar('SECURE_SSL_REDIRECT', [UNSET, 'True', 'False', '"true"', '1'], 'True'),
  scalar('SESSION_COOKIE_SECURE', COOKIE_FLAGS, 'True'),
  scalar('SESSION_COOKIE_HTTPONLY', COOKIE_FLAGS, UNSET),
  scalar('CSRF_COOKIE_SECURE', COOKIE_FLAGS, 'True'),
  scalar('CSRF_USE_SESSIONS', [UNSET, 'True', '"yes"', 'False'], UNSET),
  scalar('X_FRAME_OPTIONS', [UNSET, '"DENY"', '"SAMEORIGIN"', '"deny"'], UNSET),
  scalar(
    'SECURE_REFERRER_POLICY',
    [
      UNSET,
      'None',
      '"same-origin"',
      '"strict-origin, origin"',
      '["origin"]',
      '("origin", "same-origin")',
      '""',
      '"Same-Origin"',
      '"invalid"',
      '"origin,,same-origin"',
    ],
    UNSET,
  ),
  scalar(
    'SECURE_CROSS_ORIGIN_OPENER_POLICY',
    [UNSET, 'None', '"same-origin"', '"unsafe-none"', '"noopener-allow-popups"'],
    UNSET,
  ),
];

const DIMENSIONS = SETTING_DIMENSIONS;
const dimensionIndex = (name: string): number => {
  const index = DIMENSIONS.findIndex((dimension) => dimension.name === name);
  if (index < 0) throw new Error(`no dimension ${name}`);
  return index;
};
const valueIndex = (setting: string, expr: Expr): number => {
  const code = expr === UNSET ? null : `${setting} = ${expr}`;
  const index = DIMENSIONS[dimensionIndex(setting)]!.variants.findIndex((variant) => variant.code === code);
  if (index < 0) throw new Error(`dimension ${setting} has no value ${expr}`);
  return index;
};

// ---------------------------------------------------------------------------------------------------------
// Rendering

/** A point of the matrix: one variant per dimension, plus settings written by hand (env reads and the like). */
interface Point {
  choice: number[];
  /** Setting -> statements replacing the dimension's (null: leave unset); keys outside the dimensions are appended. */
  overrides?: Record<string, string | null>;
  /** Labels of the overrides, for the summary. */
  notes?: string[];
  imports?: string[];
  requires?: string[];
}

const BASELINE: number[] = DIMENSIONS.map((dimension) => dimension.clean);

function withChoice(changes: Record<string, number>, base: number[] = BASELINE): number[] {
  const choice = [...base];
  for (const [name, index] of Object.entries(changes)) choice[dimensionIndex(name)] = index;
  return choice;
}

const MIDDLEWARE_NAMES = new Set(MIDDLEWARE_DIMENSIONS.map((dimension) => dimension.name));

function renderBody(point: Point): { body: string; loadError?: ExpectedLoadError; summary: string[] } {
  const overrides = point.overrides ?? {};
  const lines: string[] = [];
  const summary: string[] = [];
  let loadError: ExpectedLoadError | undefined;
  const emit = (code: string | null) => {
    if (code !== null) lines.push(code);
  };
  const done = new Set<string>();
  DIMENSIONS.forEach((dimension, index) => {
    const variant = dimension.variants[point.choice[index]!]!;
    if (point.choice[index] !== dimension.clean) summary.push(variant.label);
    if (MIDDLEWARE_NAMES.has(dimension.name)) {
      if (dimension.name !== 'MW_FORM') return;
      if ('MIDDLEWARE' in overrides) {
        emit(overrides.MIDDLEWARE!);
      } else {
        const on = (name: string) => point.choice[dimensionIndex(name)] === 0;
        emit(
          middlewareCode({
            security: on('MW_SECURITY'),
            session: on('MW_SESSION'),
            csrf: on('MW_CSRF'),
            xfo: on('MW_XFO'),
            form: MIDDLEWARE_FORMS[point.choice[index]!]!,
          }),
        );
      }
      done.add('MIDDLEWARE');
      return;
    }
    done.add(dimension.name);
    if (dimension.name in overrides) {
      emit(overrides[dimension.name]!);
      return;
    }
    if (variant.loadError) loadError = variant.loadError;
    emit(variant.code);
  });
  for (const [setting, code] of Object.entries(overrides)) if (!done.has(setting)) emit(code);
  summary.push(...(point.notes ?? []));
  return { body: lines.join('\n'), loadError, summary };
}

function header(imports: readonly string[] = []): string {
  return ['import os', ...imports].join('\n') + '\n\n';
}

// ---------------------------------------------------------------------------------------------------------
// Pairwise covering array (greedy, deterministic)

function pairwise(dimensions: number[][]): number[][] {
  // dimensions[d] = the variant indexes of dimension d that take part
  const k = dimensions.length;
  const key = (d1: number, v1: number, d2: number, v2: number) => `${d1}:${v1}|${d2}:${v2}`;
  const uncovered = new Set<string>();
  for (let d1 = 0; d1 < k; d1++)
    for (let d2 = d1 + 1; d2 < k; d2++)
      for (const v1 of dimensions[d1]!) for (const v2 of dimensions[d2]!) uncovered.add(key(d1, v1, d2, v2));
  const rows: number[][] = [];
  while (uncovered.size > 0) {
    const [first] = uncovered;
    const [, d1, v1, d2, v2] = /^(\d+):(\d+)\|(\d+):(\d+)$/.exec(first!)!.map(Number) as number[];
    const row: number[] = new Array<number>(k).fill(-1);
    row[d1!] = v1!;
    row[d2!] = v2!;
    for (let d = 0; d < k; d++) {
      if (row[d] !== -1) continue;
      const options = dimensions[d]!;
      let best = -1;
      let bestGain = -1;
      // Ties go to a value that rotates with the row number, so filler values spread evenly.
      for (let offset = 0; offset < options.length; offset++) {
        const value = options[(rows.length + d + offset) % options.length]!;
        let gain = 0;
        for (let other = 0; other < k; other++) {
          if (row[other] === -1 || other === d) continue;
          const pair = other < d ? key(other, row[other]!, d, value) : key(d, value, other, row[other]!);
          if (uncovered.has(pair)) gain++;
        }
        if (gain > bestGain) {
          best = value;
          bestGain = gain;
        }
      }
      row[d] = best;
    }
    for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) uncovered.delete(key(a, row[a]!, b, row[b]!));
    rows.push(row);
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// The groups

interface Entry {
  id: string;
  point?: Point;
  /** Hand-written package: relative path (under the configuration's package) -> source, and the module in it. */
  package?: { files: Record<string, string>; module: string; summary: string; requires?: string[] };
}

function oneFactor(): Entry[] {
  const entries: Entry[] = [];
  DIMENSIONS.forEach((dimension, d) => {
    dimension.variants.forEach((variant, v) => {
      if (v === dimension.clean) return;
      const choice = [...BASELINE];
      choice[d] = v;
      entries.push({ id: `one/${variant.label}`, point: { choice } });
    });
  });
  return entries;
}

function pairwiseGroup(): Entry[] {
  const participating = DIMENSIONS.map((dimension) =>
    dimension.variants.flatMap((variant, index) => (variant.alone ? [] : [index])),
  );
  return pairwise(participating).map((choice, index) => ({
    id: `pairwise/${String(index + 1).padStart(3, '0')}`,
    point: { choice },
  }));
}

function crossGroup(): Entry[] {
  const entries: Entry[] = [];
  const add = (id: string, changes: Record<string, number>) =>
    entries.push({ id: `cross/${id}`, point: { choice: withChoice(changes) } });
  const yesNo = [0, 1];

  // W010-W015: session app x session middleware x cookie flag.
  for (const setting of ['SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY'])
    for (const app of [APPS_WITH_SESSIONS, APPS_WITHOUT_SESSIONS])
      for (const mw of yesNo)
        for (const expr of COOKIE_FLAGS)
          add(`sessions/app=${app === APPS_WITH_SESSIONS}/mw=${mw === 0}/${setting}=${expr}`, {
            INSTALLED_APPS: app,
            MW_SESSION: mw,
            [setting]: valueIndex(setting, expr),
          });

  // W016: CSRF middleware x CSRF_USE_SESSIONS x CSRF_COOKIE_SECURE.
  for (const mw of yesNo)
    for (const useSessions of [UNSET, 'True', '"yes"', 'False'])
      for (const expr of COOKIE_FLAGS)
        add(`csrf/mw=${mw === 0}/CSRF_USE_SESSIONS=${useSessions}/CSRF_COOKIE_SECURE=${expr}`, {
          MW_CSRF: mw,
          CSRF_USE_SESSIONS: valueIndex('CSRF_USE_SESSIONS', useSessions),
          CSRF_COOKIE_SECURE: valueIndex('CSRF_COOKIE_SECURE', expr),
        });

  // W004, W005, W021: SecurityMiddleware x HSTS seconds x subdomains / preload.
  const seconds: Expr[] = [UNSET, '0', 'None', '"0"', '-1', '3600'];
  for (const mw of yesNo)
    for (const hsts of seconds)
      for (const setting of ['SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD'])
        for (const expr of TRUTHY_FLAGS)
          if (mw === 0 || expr === UNSET)
            add(`hsts/mw=${mw === 0}/SECURE_HSTS_SECONDS=${hsts}/${setting}=${expr}`, {
              MW_SECURITY: mw,
              SECURE_HSTS_SECONDS: valueIndex('SECURE_HSTS_SECONDS', hsts),
              [setting]: valueIndex(setting, expr),
            });

  // SecurityMiddleware-gated single settings (W006, W008, W022/E023, E024), XFrameOptions-gated W019.
  const gated: Array<[string, string]> = [
    ['MW_SECURITY', 'SECURE_CONTENT_TYPE_NOSNIFF'],
    ['MW_SECURITY', 'SECURE_SSL_REDIRECT'],
    ['MW_SECURITY', 'SECURE_REFERRER_POLICY'],
    ['MW_SECURITY', 'SECURE_CROSS_ORIGIN_OPENER_POLICY'],
    ['MW_XFO', 'X_FRAME_OPTIONS'],
  ];
  for (const [gate, setting] of gated)
    for (const mw of yesNo)
      DIMENSIONS[dimensionIndex(setting)]!.variants.forEach((variant, index) =>
        add(`gated/mw=${mw === 0}/${variant.label}`, { [gate]: mw, [setting]: index }),
      );

  // The middleware flags: all 16 combinations as a list, and again in the other forms.
  for (let bits = 0; bits < 16; bits++)
    for (const form of [0, 1 + (bits % (MIDDLEWARE_FORMS.length - 1))]) {
      const flags = { MW_SECURITY: bits & 1, MW_SESSION: (bits >> 1) & 1, MW_CSRF: (bits >> 2) & 1, MW_XFO: bits >> 3 };
      const label = Object.entries(flags)
        .map(([name, off]) => `${name.slice(3).toLowerCase()}=${off === 0}`)
        .join('/');
      add(`middleware/${MIDDLEWARE_FORMS[form]}/${label}`, { ...flags, MW_FORM: form });
    }

  // W009 x W025.
  const keys = DIMENSIONS[dimensionIndex('SECRET_KEY')]!.variants;
  const fallbacks = DIMENSIONS[dimensionIndex('SECRET_KEY_FALLBACKS')]!.variants;
  keys.forEach((key, k) =>
    fallbacks.forEach((fallback, f) =>
      add(`keys/${key.label}/${fallback.label}`, { SECRET_KEY: k, SECRET_KEY_FALLBACKS: f }),
    ),
  );
  return entries;
}

const ENVIRON = ['import environ', '', 'env = environ.Env()'];
const DECOUPLE = ['from decouple import Csv, config'];

/** Long key literals shortened for ids and summaries. */
function abbreviateKeys(text: string): string {
  return text
    .replaceAll(py(INSECURE_KEY), '"django-insecure-" + <50 chars>')
    .replaceAll(py(STRONG_KEY), '<strong key>')
    .replaceAll(py(STRONG_KEY_2), '<strong key 2>');
}

/** Settings read from the environment, with defaults, as real projects write them. */
function envGroup(): Entry[] {
  const cases: Array<{ overrides: Record<string, string | null>; imports?: string[]; requires?: string[] }> = [
    // DEBUG
    { overrides: { DEBUG: 'DEBUG = os.environ.get("DSG_CONF_DEBUG", "False")' } },
    { overrides: { DEBUG: 'DEBUG = os.environ.get("DSG_CONF_DEBUG", "False") == "True"' } },
    { overrides: { DEBUG: 'DEBUG = os.getenv("DSG_CONF_DEBUG", "0") == "1"' } },
    { overrides: { DEBUG: 'DEBUG = os.getenv("DSG_CONF_DEBUG", "1") == "1"' } },
    { overrides: { DEBUG: 'DEBUG = bool(int(os.environ.get("DSG_CONF_DEBUG", "0")))' } },
    { overrides: { DEBUG: 'DEBUG = os.environ.get("DSG_CONF_DEBUG", "true").lower() in ("1", "true", "yes")' } },
    { overrides: { DEBUG: 'DEBUG = os.environ.get("DSG_CONF_DEBUG", "")' } },
    { overrides: { DEBUG: 'DEBUG = os.environ.get("DSG_CONF_DEBUG", False)' } },
    { overrides: { DEBUG: 'DEBUG = os.getenv("DSG_CONF_DEBUG")' } },
    { overrides: { DEBUG: 'DEBUG = "DSG_CONF_DEBUG" in os.environ' } },
    {
      overrides: {
        DEBUG: [
          'DEBUG = os.environ.get("DSG_CONF_ENV", "production") != "production"',
          'if DEBUG:',
          '    ALLOWED_HOSTS = ["*"]',
          'else:',
          '    ALLOWED_HOSTS = ["example.com"]',
        ].join('\n'),
        ALLOWED_HOSTS: null,
      },
    },
    { overrides: { DEBUG: 'DEBUG = env.bool("DSG_CONF_DEBUG", default=False)' }, imports: ENVIRON },
    { overrides: { DEBUG: 'DEBUG = env("DSG_CONF_DEBUG", default=True)' }, imports: ENVIRON },
    { overrides: { DEBUG: 'DEBUG = config("DSG_CONF_DEBUG", default=True, cast=bool)' }, imports: DECOUPLE },
    { overrides: { DEBUG: 'DEBUG = config("DSG_CONF_DEBUG", default="False", cast=bool)' }, imports: DECOUPLE },
    // ALLOWED_HOSTS
    { overrides: { ALLOWED_HOSTS: 'ALLOWED_HOSTS = os.environ.get("DSG_CONF_HOSTS", "").split(",")' } },
    {
      overrides: {
        ALLOWED_HOSTS: 'ALLOWED_HOSTS = os.environ.get("DSG_CONF_HOSTS", "example.com,www.example.com").split(",")',
      },
    },
    {
      overrides: {
        ALLOWED_HOSTS: 'ALLOWED_HOSTS = [h for h in os.environ.get("DSG_CONF_HOSTS", "").split(",") if h]',
      },
    },
    { overrides: { ALLOWED_HOSTS: 'ALLOWED_HOSTS = env.list("DSG_CONF_HOSTS", default=[])' }, imports: ENVIRON },
    {
      overrides: { ALLOWED_HOSTS: 'ALLOWED_HOSTS = config("DSG_CONF_HOSTS", default="", cast=Csv())' },
      imports: DECOUPLE,
    },
    {
      overrides: { ALLOWED_HOSTS: 'ALLOWED_HOSTS = config("DSG_CONF_HOSTS", default="example.com", cast=Csv())' },
      imports: DECOUPLE,
    },
    // SECRET_KEY and SECRET_KEY_FALLBACKS
    { overrides: { SECRET_KEY: `SECRET_KEY = os.environ.get("DSG_CONF_SECRET_KEY", ${py(INSECURE_KEY)})` } },
    { overrides: { SECRET_KEY: `SECRET_KEY = os.environ.get("DSG_CONF_SECRET_KEY", ${py(STRONG_KEY_2)})` } },
    { overrides: { SECRET_KEY: 'SECRET_KEY = os.getenv("DSG_CONF_SECRET_KEY", "")' } },
    { overrides: { SECRET_KEY: 'SECRET_KEY = os.getenv("DSG_CONF_SECRET_KEY")' } },
    { overrides: { SECRET_KEY: 'SECRET_KEY = env("DSG_CONF_SECRET_KEY", default="change-me")' }, imports: ENVIRON },
    {
      overrides: { SECRET_KEY: 'SECRET_KEY = config("DSG_CONF_SECRET_KEY", default="change-me")' },
      imports: DECOUPLE,
    },
    {
      overrides: {
        SECRET_KEY_FALLBACKS: 'SECRET_KEY_FALLBACKS = os.environ.get("DSG_CONF_OLD_KEYS", "").split(",")',
      },
    },
    {
      overrides: {
        SECRET_KEY_FALLBACKS:
          'SECRET_KEY_FALLBACKS = [k for k in os.environ.get("DSG_CONF_OLD_KEYS", "").split(",") if k]',
      },
    },
    // HSTS
    { overrides: { SECURE_HSTS_SECONDS: 'SECURE_HSTS_SECONDS = int(os.environ.get("DSG_CONF_HSTS", "0"))' } },
    {
      overrides: { SECURE_HSTS_SECONDS: 'SECURE_HSTS_SECONDS = int(os.environ.get("DSG_CONF_HSTS", "31536000"))' },
    },
    {
      overrides: {
        SECURE_HSTS_SECONDS: 'SECURE_HSTS_SECONDS = os.environ.get("DSG_CONF_HSTS", "0")',
        SECURE_HSTS_INCLUDE_SUBDOMAINS: null,
        SECURE_HSTS_PRELOAD: null,
      },
    },
    {
      overrides: { SECURE_HSTS_SECONDS: 'SECURE_HSTS_SECONDS = env.int("DSG_CONF_HSTS", default=0)' },
      imports: ENVIRON,
    },
    {
      overrides: { SECURE_HSTS_SECONDS: 'SECURE_HSTS_SECONDS = config("DSG_CONF_HSTS", default=3600, cast=int)' },
      imports: DECOUPLE,
    },
    {
      overrides: {
        SECURE_HSTS_INCLUDE_SUBDOMAINS:
          'SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("DSG_CONF_HSTS_SUB", "True") == "True"',
      },
    },
    {
      overrides: {
        SECURE_HSTS_INCLUDE_SUBDOMAINS: 'SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("DSG_CONF_HSTS_SUB", "True")',
      },
    },
    {
      overrides: {
        SECURE_HSTS_PRELOAD: 'SECURE_HSTS_PRELOAD = os.getenv("DSG_CONF_HSTS_PRELOAD", "true").lower() == "true"',
      },
    },
    {
      overrides: { SECURE_HSTS_PRELOAD: 'SECURE_HSTS_PRELOAD = bool(os.environ.get("DSG_CONF_HSTS_PRELOAD", ""))' },
    },
    // SSL redirect, nosniff
    {
      overrides: {
        SECURE_SSL_REDIRECT: 'SECURE_SSL_REDIRECT = os.getenv("DSG_CONF_SSL", "True").lower() in ("true", "1")',
      },
    },
    { overrides: { SECURE_SSL_REDIRECT: 'SECURE_SSL_REDIRECT = os.getenv("DSG_CONF_SSL", "True")' } },
    {
      overrides: { SECURE_SSL_REDIRECT: 'SECURE_SSL_REDIRECT = config("DSG_CONF_SSL", default=True, cast=bool)' },
      imports: DECOUPLE,
    },
    {
      overrides: { SECURE_SSL_REDIRECT: 'SECURE_SSL_REDIRECT = env.bool("DSG_CONF_SSL", default=False)' },
      imports: ENVIRON,
    },
    {
      overrides: {
        SECURE_CONTENT_TYPE_NOSNIFF: 'SECURE_CONTENT_TYPE_NOSNIFF = os.environ.get("DSG_CONF_NOSNIFF", "1") == "1"',
      },
    },
    {
      overrides: {
        SECURE_CONTENT_TYPE_NOSNIFF: 'SECURE_CONTENT_TYPE_NOSNIFF = os.environ.get("DSG_CONF_NOSNIFF", "1")',
      },
    },
    // Cookies
    { overrides: { SESSION_COOKIE_SECURE: 'SESSION_COOKIE_SECURE = os.environ.get("DSG_CONF_SCS", "1") == "1"' } },
    { overrides: { SESSION_COOKIE_SECURE: 'SESSION_COOKIE_SECURE = os.environ.get("DSG_CONF_SCS", "1")' } },
    { overrides: { SESSION_COOKIE_SECURE: 'SESSION_COOKIE_SECURE = int(os.environ.get("DSG_CONF_SCS", "1"))' } },
    {
      overrides: { SESSION_COOKIE_SECURE: 'SESSION_COOKIE_SECURE = env.bool("DSG_CONF_SCS", default=True)' },
      imports: ENVIRON,
    },
    {
      overrides: {
        SESSION_COOKIE_HTTPONLY: 'SESSION_COOKIE_HTTPONLY = os.environ.get("DSG_CONF_SCH", "True") == "True"',
      },
    },
    {
      overrides: {
        SESSION_COOKIE_HTTPONLY: 'SESSION_COOKIE_HTTPONLY = os.environ.get("DSG_CONF_SCH", "False") == "True"',
      },
    },
    { overrides: { CSRF_COOKIE_SECURE: 'CSRF_COOKIE_SECURE = bool(os.environ.get("DSG_CONF_CCS", "1"))' } },
    { overrides: { CSRF_COOKIE_SECURE: 'CSRF_COOKIE_SECURE = os.environ.get("DSG_CONF_CCS", "true")' } },
    {
      overrides: { CSRF_COOKIE_SECURE: 'CSRF_COOKIE_SECURE = config("DSG_CONF_CCS", default="true", cast=bool)' },
      imports: DECOUPLE,
    },
    {
      overrides: {
        CSRF_COOKIE_SECURE: 'CSRF_COOKIE_SECURE = False',
        CSRF_USE_SESSIONS: 'CSRF_USE_SESSIONS = os.environ.get("DSG_CONF_CSRF_SESSIONS", "no")',
      },
    },
    // X_FRAME_OPTIONS, referrer policy, COOP
    { overrides: { X_FRAME_OPTIONS: 'X_FRAME_OPTIONS = os.environ.get("DSG_CONF_XFO", "SAMEORIGIN")' } },
    { overrides: { X_FRAME_OPTIONS: 'X_FRAME_OPTIONS = os.environ.get("DSG_CONF_XFO", "deny").upper()' } },
    {
      overrides: {
        SECURE_REFERRER_POLICY: 'SECURE_REFERRER_POLICY = os.environ.get("DSG_CONF_REFERRER", "same-origin")',
      },
    },
    {
      overrides: {
        SECURE_REFERRER_POLICY:
          'SECURE_REFERRER_POLICY = os.environ.get("DSG_CONF_REFERRER", "no-referrer,same-origin ").split(",")',
      },
    },
    { overrides: { SECURE_REFERRER_POLICY: 'SECURE_REFERRER_POLICY = os.environ.get("DSG_CONF_REFERRER")' } },
    {
      overrides: {
        SECURE_CROSS_ORIGIN_OPENER_POLICY:
          'SECURE_CROSS_ORIGIN_OPENER_POLICY = os.environ.get("DSG_CONF_COOP", "same-origin-allow-popups")',
      },
    },
    {
      overrides: {
        SECURE_CROSS_ORIGIN_OPENER_POLICY: 'SECURE_CROSS_ORIGIN_OPENER_POLICY = os.environ.get("DSG_CONF_COOP", "")',
      },
    },
    // MIDDLEWARE decided by an environment read
    {
      overrides: {
        MIDDLEWARE: [
          `MIDDLEWARE = ${list([SESSION_MW, COMMON_MW, CSRF_MW, MESSAGE_MW, XFO_MW])}`,
          'if os.environ.get("DSG_CONF_SECURITY_MW", "on") == "on":',
          `    MIDDLEWARE.insert(0, ${py(SECURITY_MW)})`,
        ].join('\n'),
      },
    },
    {
      overrides: {
        MIDDLEWARE: [
          `MIDDLEWARE = ${list([SECURITY_MW, SESSION_MW, COMMON_MW, CSRF_MW, MESSAGE_MW, XFO_MW])}`,
          'if os.environ.get("DSG_CONF_BEHIND_PROXY", "1") == "1":',
          `    MIDDLEWARE.remove(${py(SECURITY_MW)})`,
        ].join('\n'),
      },
    },
  ];
  return cases.map((entry) => {
    const requires = entry.imports === ENVIRON ? ['environ'] : entry.imports === DECOUPLE ? ['decouple'] : [];
    const notes = Object.entries(entry.overrides).map(([setting, code]) => {
      if (code === null) return `${setting} unset`;
      const line = (code.split('\n').find((text) => text.includes(ENV_PREFIX)) ?? code.split('\n')[0]!).trim();
      return line.startsWith(setting) ? line : `${setting}: ${line}`;
    });
    return {
      id: abbreviateKeys(`env/${notes.find((note) => note.includes(ENV_PREFIX)) ?? notes[0]}`),
      point: {
        choice: BASELINE,
        overrides: entry.overrides,
        notes: notes.map(abbreviateKeys),
        imports: entry.imports,
        requires,
      },
    };
  });
}

const STARTPROJECT_BASE = `import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = ${py(INSECURE_KEY)}

DEBUG = True

ALLOWED_HOSTS = []

INSTALLED_APPS = ${list([...APPS_BASE, SESSIONS_APP])}

MIDDLEWARE = ${list([SECURITY_MW, SESSION_MW, COMMON_MW, CSRF_MW, MESSAGE_MW, XFO_MW])}

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
    }
}

STATIC_URL = "static/"
`;

/** startproject-like settings, single-file and split into base + production. */
function projectGroup(): Entry[] {
  const production = (body: string) => `from .base import *  # noqa: F401,F403\n\n${body}`;
  const split = (id: string, productionBody: string, extra: Record<string, string> = {}): Entry => ({
    id: `project/${id}`,
    package: {
      files: { '__init__.py': '', 'base.py': STARTPROJECT_BASE, 'production.py': production(productionBody), ...extra },
      module: 'production',
      summary: `base.py (startproject) + production.py: ${productionBody.trim().split('\n').join('; ')}`,
    },
  });
  const hardened = `import os

DEBUG = False
SECRET_KEY = os.environ.get("DSG_CONF_SECRET_KEY", ${py(STRONG_KEY)})
ALLOWED_HOSTS = ["example.com"]
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
`;
  return [
    {
      id: 'project/startproject',
      package: { files: { 'settings.py': STARTPROJECT_BASE }, module: 'settings', summary: 'startproject settings' },
    },
    split('split/production-only-debug', 'DEBUG = False\n'),
    split('split/hardened', hardened),
    split(
      'split/hardened-no-security-mw',
      hardened + `MIDDLEWARE.remove(${py(SECURITY_MW)})\nMIDDLEWARE = [m for m in MIDDLEWARE]\n`,
    ),
    split('split/hardened-plus-mw', hardened + `MIDDLEWARE += ["django.middleware.gzip.GZipMiddleware"]\n`),
    split(
      'split/hardened-local-override',
      hardened + 'try:\n    from .local import *  # noqa: F401,F403\nexcept ImportError:\n    pass\n',
      { 'local.py': 'DEBUG = True\nSESSION_COOKIE_SECURE = False\n' },
    ),
    split(
      'split/hardened-missing-local',
      hardened + 'try:\n    from .local import *  # noqa: F401,F403\nexcept ImportError:\n    pass\n',
    ),
    split(
      'split/env-switch',
      `import os\n\nif os.environ.get("DSG_CONF_ENV", "production") == "production":\n    DEBUG = False\n    SESSION_COOKIE_SECURE = True\nelse:\n    ALLOWED_HOSTS = ["*"]\n`,
    ),
  ];
}

// ---------------------------------------------------------------------------------------------------------

let cachedMatrix: SettingsConfiguration[] | undefined;

/** Every configuration of the matrix, in a fixed order; identical modules appear once (the first id wins). */
export function settingsMatrix(): SettingsConfiguration[] {
  if (cachedMatrix) return cachedMatrix;
  const entries = [...oneFactor(), ...pairwiseGroup(), ...crossGroup(), ...envGroup(), ...projectGroup()];
  const seen = new Set<string>();
  const configurations: SettingsConfiguration[] = [];
  for (const entry of entries) {
    const name = `cfg_${String(configurations.length + 1).padStart(4, '0')}`;
    let configuration: SettingsConfiguration;
    if (entry.point) {
      const { body, loadError, summary } = renderBody(entry.point);
      const source = header(entry.point.imports) + body + '\n';
      configuration = {
        id: entry.id,
        module: name,
        files: { [`${name}.py`]: source },
        source,
        summary: summary.join('; ') || 'baseline',
        requires: entry.point.requires ?? [],
        ...(loadError ? { loadError } : {}),
      };
    } else {
      const pkg = entry.package!;
      const files = Object.fromEntries(
        Object.entries(pkg.files).map(([path, text]) => [`${name}/${path}`, text] as const),
      );
      if (!(`${name}/__init__.py` in files)) files[`${name}/__init__.py`] = '';
      configuration = {
        id: entry.id,
        module: `${name}.${pkg.module}`,
        files,
        source: files[`${name}/${pkg.module}.py`]!,
        summary: pkg.summary,
        requires: pkg.requires ?? [],
      };
    }
    const fingerprint = JSON.stringify(
      Object.entries(configuration.files).map(([path, text]) => [path.slice(name.length), text]),
    );
    if (seen.has(fingerprint)) continue;
    seen.add(fingerprint);
    configurations.push(configuration);
  }
  cachedMatrix = configurations;
  return configurations;
}
