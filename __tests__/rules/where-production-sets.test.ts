// Fix wording by where production sets a value: an environment variable ("set NAME in production's
// environment"), a name in the deploy-time configuration module (netbox's getattr(configuration, "NAME",
// default): "set NAME in netbox.configuration (the deploy-time configuration module)"), or dynaconf's
// PREFIX_NAME variable and settings file. One table, every settings rule whose fix names where to set it.
import { describe, expect, it } from '@jest/globals';
import { allowedHostsMissing } from '../../src/rules/allowed-hosts.js';
import { csrfCookieInsecure, sessionCookieInsecure } from '../../src/rules/cookies.js';
import { credentialHardcoded } from '../../src/rules/credential-hardcoded.js';
import { debugEnabled } from '../../src/rules/debug-enabled.js';
import { hstsMissing } from '../../src/rules/hsts.js';
import { hstsTooShort } from '../../src/rules/hsts-too-short.js';
import type { SettingsRule } from '../../src/rules/rule.js';
import { secretKeyHardcoded, secretKeyWeak } from '../../src/rules/secret-key.js';
import { sslRedirectDisabled } from '../../src/rules/ssl-redirect.js';
import { runRule } from '../support/rule-tester.js';

const MIDDLEWARE = `INSTALLED_APPS = ["django.contrib.sessions"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]
`;
const FROM_MODULE = `import importlib
configuration = importlib.import_module("netbox.configuration")
${MIDDLEWARE}`;
const FROM_ENV = `import os
${MIDDLEWARE}`;
const FROM_DYNACONF = `from dynaconf import Dynaconf
settings = Dynaconf(envvar_prefix="PULP")
${MIDDLEWARE}`;
/** netbox.configuration is a module of the netbox package that each deployment writes. */
const NETBOX_PACKAGE = { 'netbox/__init__.py': '' };
const KEY = 'k3y-' + 'q'.repeat(10) + 'w'.repeat(10) + 'e'.repeat(10) + 'r'.repeat(10) + 't'.repeat(10);
const MODULE_PLACE = 'in netbox.configuration (the deploy-time configuration module)';

interface Row {
  rule: SettingsRule;
  code: string;
  /** Text the fix (or, where said, the message) must contain. */
  fix: string;
  message?: string;
}

const moduleRows: Row[] = [
  {
    rule: hstsTooShort,
    code: `SECURE_HSTS_SECONDS = getattr(configuration, "SECURE_HSTS_SECONDS", 3600)`,
    fix: `or set SECURE_HSTS_SECONDS = 31536000 ${MODULE_PLACE}`,
  },
  {
    rule: credentialHardcoded,
    code: `EMAIL_HOST_PASSWORD = getattr(configuration, "EMAIL_HOST_PASSWORD", "s3cr3t-mail-pass")`,
    fix: `Drop the committed default and set EMAIL_HOST_PASSWORD ${MODULE_PLACE}`,
  },
  {
    rule: secretKeyHardcoded,
    code: `SECRET_KEY = getattr(configuration, "SECRET_KEY", "${KEY}")`,
    fix: `Drop the committed default and set SECRET_KEY ${MODULE_PLACE}`,
    message: 'a deployment that leaves it out of its configuration module',
  },
  {
    rule: secretKeyWeak,
    code: `SECRET_KEY = getattr(configuration, "SECRET_KEY", "")`,
    fix: `Set SECRET_KEY ${MODULE_PLACE} (50+ random characters)`,
    message: `so production must set SECRET_KEY ${MODULE_PLACE}`,
  },
  {
    rule: sessionCookieInsecure,
    code: `SESSION_COOKIE_SECURE = getattr(configuration, "SESSION_COOKIE_SECURE", False)`,
    fix: `SESSION_COOKIE_SECURE = True ${MODULE_PLACE}`,
  },
  {
    rule: csrfCookieInsecure,
    code: `CSRF_COOKIE_SECURE = getattr(configuration, "CSRF_COOKIE_SECURE", False)`,
    fix: `CSRF_COOKIE_SECURE = True ${MODULE_PLACE}`,
  },
  {
    rule: sslRedirectDisabled,
    code: `SECURE_SSL_REDIRECT = getattr(configuration, "SECURE_SSL_REDIRECT", False)`,
    fix: `SECURE_SSL_REDIRECT = True ${MODULE_PLACE}`,
  },
  {
    rule: hstsMissing,
    code: `SECURE_HSTS_SECONDS = getattr(configuration, "SECURE_HSTS_SECONDS", 0)`,
    fix: `SECURE_HSTS_SECONDS = 31536000 ${MODULE_PLACE}`,
  },
  {
    rule: debugEnabled,
    code: `DEBUG = getattr(configuration, "DEBUG", True)`,
    fix: `DEBUG = False ${MODULE_PLACE}`,
  },
  {
    rule: allowedHostsMissing,
    code: `ALLOWED_HOSTS = getattr(configuration, "ALLOWED_HOSTS", [])`,
    fix: `Set ALLOWED_HOSTS = ["example.com", "www.example.com"] ${MODULE_PLACE}`,
  },
];

const environmentRows: Row[] = [
  {
    rule: hstsTooShort,
    code: `SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS", "3600"))`,
    fix: "or set DJANGO_HSTS=31536000 in production's environment",
  },
  {
    rule: credentialHardcoded,
    code: `EMAIL_HOST_PASSWORD = os.environ.get("MAIL_PASSWORD", "s3cr3t-mail-pass")`,
    fix: 'os.environ["MAIL_PASSWORD"]',
  },
  {
    rule: secretKeyHardcoded,
    code: `SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "${KEY}")`,
    fix: 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
    message: 'a deployment that forgets the variable',
  },
  {
    rule: secretKeyWeak,
    code: `SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")`,
    fix: 'Set DJANGO_SECRET_KEY in production',
    message: 'so production must set DJANGO_SECRET_KEY.',
  },
  {
    rule: sessionCookieInsecure,
    code: `SESSION_COOKIE_SECURE = os.environ.get("SECURE_COOKIES", "") == "1"`,
    fix: 'SESSION_COOKIE_SECURE = True',
  },
  {
    rule: csrfCookieInsecure,
    code: `CSRF_COOKIE_SECURE = os.environ.get("SECURE_COOKIES", "") == "1"`,
    fix: 'CSRF_COOKIE_SECURE = True',
  },
  {
    rule: sslRedirectDisabled,
    code: `SECURE_SSL_REDIRECT = os.environ.get("SSL_REDIRECT", "") == "1"`,
    fix: 'SECURE_SSL_REDIRECT = True (behind',
  },
  {
    rule: hstsMissing,
    code: `SECURE_HSTS_SECONDS = int(os.environ.get("HSTS", "0"))`,
    fix: 'SECURE_HSTS_SECONDS = 31536000 (start lower',
  },
  {
    rule: debugEnabled,
    code: `DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"`,
    fix: 'DEBUG = False, or read it as a boolean',
  },
  {
    rule: allowedHostsMissing,
    code: `ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]`,
    fix: "Set the variable in production's environment",
  },
];

const dynaconfRows: Row[] = [
  {
    rule: hstsTooShort,
    code: `SECURE_HSTS_SECONDS = settings.get("SECURE_HSTS_SECONDS", 3600)`,
    fix: "or set PULP_SECURE_HSTS_SECONDS=31536000 in production's environment, or SECURE_HSTS_SECONDS in the dynaconf settings file production reads",
  },
];

async function check(row: Row, prelude: string, files: Record<string, string> = {}) {
  const problems = await runRule(row.rule, { code: `${prelude}${row.code}\n`, files });
  expect(problems.length).toBeGreaterThan(0);
  const [first] = problems;
  expect(first!.fix).toContain(row.fix);
  if (row.message) expect(first!.message).toContain(row.message);
  return first!;
}

describe('fixes for a deploy-time module attribute name the module, not the environment', () => {
  it.each(moduleRows.map((row) => [row.rule.id, row] as const))('%s', async (_id, row) => {
    const problem = await check(row, FROM_MODULE, NETBOX_PACKAGE);
    expect(`${problem.message} ${problem.fix}`).not.toMatch(/production's environment|production environment/);
  });
});

describe('a module chosen by a condition the scanner cannot decide', () => {
  it('names the deploy-time module in the fix (netbox load_configuration with install_mode undecided)', async () => {
    const prelude = `import importlib
from netbox.settings_utils import load_from_path
configuration = importlib.import_module("netbox.configuration") if WHEEL_INSTALL else load_from_path()
${MIDDLEWARE}`;
    const row = {
      rule: sessionCookieInsecure,
      code: `SESSION_COOKIE_SECURE = getattr(configuration, "SESSION_COOKIE_SECURE", False)`,
      fix: `SESSION_COOKIE_SECURE = True ${MODULE_PLACE}`,
    };
    await check(row, prelude, {
      ...NETBOX_PACKAGE,
      'netbox/settings_utils.py': 'def load_from_path():\n    return load()\n',
    });
  });
});

describe('fixes for an environment read name the variable', () => {
  it.each(environmentRows.map((row) => [row.rule.id, row] as const))('%s', async (_id, row) => {
    const problem = await check(row, FROM_ENV);
    expect(problem.fix).not.toContain('deploy-time configuration module');
  });
});

describe('fixes for a dynaconf read name the PREFIX_NAME variable and the settings file', () => {
  it.each(dynaconfRows.map((row) => [row.rule.id, row] as const))('%s', async (_id, row) => {
    await check(row, FROM_DYNACONF);
  });
});
