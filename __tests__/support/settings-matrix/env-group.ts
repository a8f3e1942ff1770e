// The env/ group: settings read from the environment with defaults, as real projects write them.
import { ENV_PREFIX } from './configuration.js';
import { type Entry } from './dimension-groups.js';
import {
  COMMON_MW,
  CSRF_MW,
  INSECURE_KEY,
  list,
  MESSAGE_MW,
  py,
  SECURITY_MW,
  SESSION_MW,
  STRONG_KEY,
  STRONG_KEY_2,
  XFO_MW,
} from './dimensions.js';
import { BASELINE } from './rendering.js';

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
export function envGroup(): Entry[] {
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
