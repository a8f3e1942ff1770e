// The dimensions of the settings matrix: each setting (or middleware, or app) and the values it takes.
import { type ExpectedLoadError } from './configuration.js';

export const py = (text: string): string => JSON.stringify(text); // a JSON string is a valid Python str literal

/** 50 characters, 50 distinct: passes Django's SECRET_KEY test. */
export const STRONG_KEY = 'Xq7#vL2!pR9@mK4$tW8^zN3&bF6*hJ1(cD5)gS0-aE_=+yU%iO';
export const STRONG_KEY_2 = 'p4W!xZ8@rT2#nM6$kQ0^vB3&hG7*jL1(sD5)fA9-cE_=+yU%iO';
const KEY_49 = STRONG_KEY.slice(0, 49);
export const INSECURE_KEY = 'django-insecure-' + STRONG_KEY_2;

export const UNSET = null;
export type Expr = string | typeof UNSET;

// No django.contrib.auth or admin: on Django 3.2 their import reads SECRET_KEY during setup, so an empty key
// crashes `manage.py check` there, which the one-process driver (apps loaded once) would not reproduce.
// Without them every configuration behaves the same under the driver and under manage.py.
export const APPS_BASE = ['django.contrib.contenttypes', 'django.contrib.messages', 'django.contrib.staticfiles'];
export const SESSIONS_APP = 'django.contrib.sessions';

export const SECURITY_MW = 'django.middleware.security.SecurityMiddleware';
export const SESSION_MW = 'django.contrib.sessions.middleware.SessionMiddleware';
export const COMMON_MW = 'django.middleware.common.CommonMiddleware';
export const CSRF_MW = 'django.middleware.csrf.CsrfViewMiddleware';
export const MESSAGE_MW = 'django.contrib.messages.middleware.MessageMiddleware';
export const XFO_MW = 'django.middleware.clickjacking.XFrameOptionsMiddleware';

const ALLOWED_HOSTS_LOAD_ERROR: ExpectedLoadError = {
  since: [4, 0],
  message: 'The ALLOWED_HOSTS setting must be a list or a tuple.',
};

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

export function list(items: string[], tuple = false): string {
  if (items.length === 0) return tuple ? '()' : '[]';
  const body = items.map((item) => `    ${py(item)},\n`).join('');
  return tuple ? `(\n${body})` : `[\n${body}]`;
}

/** How the MIDDLEWARE setting is written. */
export const MIDDLEWARE_FORMS = ['list', 'tuple', 'plus', 'tuple-plus', 'append', 'insert', 'remove'] as const;
type MiddlewareForm = (typeof MIDDLEWARE_FORMS)[number];

interface MiddlewareShape {
  security: boolean;
  session: boolean;
  csrf: boolean;
  xfo: boolean;
  form: MiddlewareForm;
}

export function middlewareCode(shape: MiddlewareShape): string {
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

export const MIDDLEWARE_DIMENSIONS: Dimension[] = [
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
export const APPS_WITH_SESSIONS = 0;
export const APPS_WITHOUT_SESSIONS = 1;

const KEY_LABELS: Record<string, ValueExtra> = {
  [py(STRONG_KEY)]: { shown: '<strong: 50 chars, 50 distinct>' },
  [py(KEY_49)]: { shown: '<49 chars>' },
  [py(INSECURE_KEY)]: { shown: '"django-insecure-" + 50 chars' },
};

export const TRUTHY_FLAGS: Expr[] = [UNSET, 'True', 'False', '1', '"True"'];
export const COOKIE_FLAGS: Expr[] = [UNSET, 'True', 'False', '1', '"1"', '0'];

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

export const DIMENSIONS = SETTING_DIMENSIONS;
export const dimensionIndex = (name: string): number => {
  const index = DIMENSIONS.findIndex((dimension) => dimension.name === name);
  if (index < 0) throw new Error(`no dimension ${name}`);
  return index;
};
export const valueIndex = (setting: string, expr: Expr): number => {
  const code = expr === UNSET ? null : `${setting} = ${expr}`;
  const index = DIMENSIONS[dimensionIndex(setting)]!.variants.findIndex((variant) => variant.code === code);
  if (index < 0) throw new Error(`dimension ${setting} has no value ${expr}`);
  return index;
};
