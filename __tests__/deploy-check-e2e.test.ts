// End to end on real Django 3.2, 4.2, 5.2 and 6.1 (scripts/provision-django.sh): the built CLI (dist/cli.js)
// as a process, running `manage.py check --deploy` with the series' interpreter and site-packages
// (PYTHONPATH in the CLI's own environment, which the child inherits). Every process runs once, in
// beforeAll; the tests only read what it printed. The examples need no PostgreSQL driver once
// DATABASE_ENGINE names SQLite.
//
// Also measured (printed once, not asserted): the median wall time of the whole CLI process on the insecure
// example with and without --no-deploy-check, 5 runs each per series.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Finding } from '../src/finding.js';
import { requireDjangoInstall, type DjangoInstall } from './support/django-versions.js';

const SERIES = ['3.2', '4.2', '5.2', '6.1'] as const;
type Series = (typeof SERIES)[number];

interface Report {
  findings: Finding[];
  summary: { error: number; warning: number; note: number; passed: boolean };
}

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

const SQLITE = 'DATABASE_ENGINE=django.db.backends.sqlite3';
// A fresh key of 64 URL-safe characters: strong for Django, and nothing anybody uses.
const KEY = randomBytes(48).toString('base64url');

/** `node dist/cli.js ...args` with only PATH, the series' PYTHONPATH (unless `install` is undefined) and `env`. */
function cli(args: readonly string[], install: DjangoInstall | undefined, env: Record<string, string> = {}): CliRun {
  const started = performance.now();
  const result = spawnSync(process.execPath, [join('dist', 'cli.js'), ...args], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      PYTHONNOUSERSITE: '1',
      ...(install ? { PYTHONPATH: install.pythonpath } : {}),
      ...env,
    },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ms: performance.now() - started };
}

function json(run: CliRun): Report {
  if (run.status === 2 || run.status === null) throw new Error(`CLI failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as Report;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const repos: string[] = [];
afterAll(() => {
  for (const root of repos) rmSync(root, { recursive: true, force: true });
});

/** A temporary repository (it holds `.git`) with `files`; removed after the tests. */
function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'dsg-e2e-'));
  repos.push(root);
  mkdirSync(join(root, '.git'));
  writeFileSync(join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const MANAGE_PY = `#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Are you sure it's installed and "
            "available on your PYTHONPATH environment variable? Did you "
            "forget to activate a virtual environment?"
        ) from exc
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
`;

/** What every settings file below has after its first lines: the rest of a deployable configuration. */
const REST = `INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "mysite.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
`;

/** A one-app project; `config` goes in front of the rules the HTTPS and header settings (not its subject) turn off. */
function project(settings: string, config = ''): Record<string, string> {
  const off = [
    'csp-missing',
    'hsts-missing',
    'ssl-redirect-disabled',
    'session-cookie-insecure',
    'csrf-cookie-insecure',
  ];
  return {
    'manage.py': MANAGE_PY,
    'mysite/__init__.py': '',
    'mysite/urls.py': 'urlpatterns = []\n',
    'mysite/settings.py': settings,
    '.django-security.yml': `${config}rules:\n${[...off, 'csrf-cookie-httponly-disabled'].map((id) => `  ${id}: off\n`).join('')}`,
  };
}

/** django-environ's env("X") raises ImproperlyConfigured: Set the X environment variable (line 4). */
const ENVIRON_RAISES = project(`import environ

env = environ.Env()
SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = ["shop.example.com"]
${REST}`);

/** Sleeps at import; the config gives the deploy check one second. */
const SLEEPS = project(
  `import os
import time

time.sleep(600)
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["shop.example.com"]
${REST}`,
  'deploy-check-timeout: 1\n',
);

/**
 * Every path of the merge at once: a silenced W018 the static rule still reports, an invalid referrer
 * policy both sides see (E023), the admin without the messages middleware (admin.E409, an error), a model
 * without a primary key type (models.W042 until 6.0, a note) and a third-party app's own checks at every level.
 */
const MIXED = {
  'manage.py': MANAGE_PY,
  'mysite/__init__.py': '',
  'mysite/urls.py': 'urlpatterns = []\n',
  'mysite/settings.py': `import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = True
ALLOWED_HOSTS = ["shop.example.com"]
SILENCED_SYSTEM_CHECKS = ["security.W018"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "shop",
    "audit",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "mysite.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_TZ = True

SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "no-referer"
`,
  'shop/__init__.py': '',
  'shop/apps.py': `from django.apps import AppConfig


class ShopConfig(AppConfig):
    name = "shop"
`,
  'shop/models.py': `from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=100)
`,
  'audit/__init__.py': '',
  'audit/apps.py': `from django.apps import AppConfig
from django.core import checks


def audit_checks(app_configs, **kwargs):
    return [
        checks.Critical("The audit log is not writable.", id="audit.C001"),
        checks.Warning("Retention is not configured.\\nEntries are kept forever.", obj="audit.Entry"),
        checks.Info("Audit logging is on.", hint="Nothing to do.", id="audit.I001", obj="audit"),
        checks.Debug("Audit checks ran.", id="audit.D001"),
    ]


class AuditConfig(AppConfig):
    name = "audit"

    def ready(self):
        checks.register(audit_checks, deploy=True)
`,
};

const INSECURE = 'examples/insecure-project';
const HARDENED = 'examples/hardened-project';
const BASE = `${INSECURE}/config/settings/base.py`;
const PRODUCTION = `${INSECURE}/config/settings/production.py`;

interface SeriesRuns {
  install: DjangoInstall;
  insecure: Report;
  insecureStatus: number | null;
  hardened: CliRun;
  hardenedDebug: Report;
  insecureDebugEmpty: Report;
  noKey: Report;
  environRaises: Report;
  mixed: Report;
  timing: { deployCheck: number; staticOnly: number };
}

const runs = new Map<Series, SeriesRuns>();

beforeAll(() => {
  const timings: string[] = [];
  const environRoot = repo(ENVIRON_RAISES);
  const mixedRoot = repo(MIXED);
  for (const series of SERIES) {
    const install = requireDjangoInstall(series);
    const python = ['--python', install.python];
    // Timing: 5 whole-process runs each, alternating; the first run with the deploy check is also the scenario.
    const withCheck: CliRun[] = [];
    const staticOnly: CliRun[] = [];
    for (let i = 0; i < 5; i++) {
      withCheck.push(cli([INSECURE, ...python, '--env', SQLITE, '--format', 'json'], install));
      staticOnly.push(cli([INSECURE, '--no-deploy-check', ...python, '--env', SQLITE, '--format', 'json'], install));
    }
    const timing = { deployCheck: median(withCheck.map((r) => r.ms)), staticOnly: median(staticOnly.map((r) => r.ms)) };
    timings.push(
      `Django ${install.version} (Python ${install.pythonVersion}): with check --deploy ${timing.deployCheck.toFixed(0)} ms, --no-deploy-check ${timing.staticOnly.toFixed(0)} ms, difference ${(timing.deployCheck - timing.staticOnly).toFixed(0)} ms`,
    );
    runs.set(series, {
      install,
      insecure: json(withCheck[0]!),
      insecureStatus: withCheck[0]!.status,
      hardened: cli([HARDENED, ...python, '--env', `DJANGO_SECRET_KEY=${KEY}`], install),
      hardenedDebug: json(
        cli(
          [HARDENED, ...python, '--env', `DJANGO_SECRET_KEY=${KEY}`, '--env', 'DJANGO_DEBUG=1', '--format', 'json'],
          install,
        ),
      ),
      insecureDebugEmpty: json(
        cli([INSECURE, ...python, '--env', SQLITE, '--env', 'DJANGO_DEBUG=', '--format', 'json'], install),
      ),
      noKey: json(cli([HARDENED, ...python, '--format', 'json'], install)),
      environRaises: json(cli([environRoot, ...python, '--format', 'json'], install)),
      mixed: json(cli([mixedRoot, ...python, '--env', `DJANGO_SECRET_KEY=${KEY}`, '--format', 'json'], install)),
      timing,
    });
  }
  console.log(
    `Whole CLI process on ${INSECURE}, median of 5 runs each:\n${timings.map((line) => `  ${line}`).join('\n')}`,
  );
}, 120_000);

/** ruleId, level, file, line, column, setting, djangoCheck and source of each finding. */
function rows(report: Report) {
  return report.findings.map((f) => [
    f.ruleId,
    f.level,
    f.file,
    f.line,
    f.column,
    f.setting ?? null,
    f.djangoCheck ?? null,
    f.source,
  ]);
}

describe.each(SERIES)('Django %s', (series) => {
  const get = () => runs.get(series)!;

  it('judges with the Django of the interpreter it ran', () => {
    const { install, insecure } = get();
    expect(insecure.findings.find((f) => f.ruleId === 'csp-missing')!.message).toBe(
      series === '6.1'
        ? "No Content Security Policy is applied: MIDDLEWARE has neither Django's django.middleware.csp.ContentSecurityPolicyMiddleware nor django-csp's CSPMiddleware, so nothing limits where scripts may come from and an injected script runs."
        : `No Content Security Policy is applied: Django ${series} (the interpreter's Django ${install.version}) has no built-in CSP and MIDDLEWARE lacks django-csp's csp.middleware.CSPMiddleware, so nothing limits where scripts may come from and an injected script runs.`,
    );
  });

  it('merges check --deploy into the insecure example: one finding per problem, Django-confirmed ones "both"', () => {
    const { insecure, insecureStatus } = get();
    expect(insecureStatus).toBe(1);
    const fallbacks =
      series === '3.2'
        ? [] // 3.2 has no SECRET_KEY_FALLBACKS: neither the rules nor Django look at it.
        : [
            ['secret-key-hardcoded', 'error', PRODUCTION, 13, 25, 'SECRET_KEY_FALLBACKS', null, 'static'],
            ['secret-key-weak', 'error', PRODUCTION, 13, 25, 'SECRET_KEY_FALLBACKS', 'security.W025', 'both'],
          ];
    expect(rows(insecure)).toEqual([
      ['secret-key-hardcoded', 'error', BASE, 16, 50, 'SECRET_KEY', null, 'static'],
      ['secret-key-weak', 'warning', BASE, 16, 50, 'SECRET_KEY', 'security.W009', 'both'],
      ['debug-enabled', 'error', BASE, 19, 40, 'DEBUG', 'security.W018', 'both'],
      ['allowed-hosts-wildcard', 'warning', BASE, 21, 56, 'ALLOWED_HOSTS', null, 'static'],
      ['csp-missing', 'warning', BASE, 36, 14, 'MIDDLEWARE', null, 'static'],
      ['csrf-cookie-insecure', 'warning', PRODUCTION, 1, 1, 'CSRF_COOKIE_SECURE', 'security.W016', 'both'],
      ['hsts-missing', 'warning', PRODUCTION, 1, 1, 'SECURE_HSTS_SECONDS', 'security.W004', 'both'],
      ['session-cookie-insecure', 'warning', PRODUCTION, 1, 1, 'SESSION_COOKIE_SECURE', 'security.W012', 'both'],
      ['ssl-redirect-disabled', 'warning', PRODUCTION, 1, 1, 'SECURE_SSL_REDIRECT', 'security.W008', 'both'],
      ['csrf-cookie-httponly-disabled', 'note', PRODUCTION, 1, 1, 'CSRF_COOKIE_HTTPONLY', null, 'static'],
      ...fallbacks,
      ['credential-hardcoded', 'error', PRODUCTION, 20, 21, 'DATABASES', null, 'static'],
      ['credential-hardcoded', 'error', PRODUCTION, 33, 23, 'EMAIL_HOST_PASSWORD', null, 'static'],
    ]);
    expect(insecure.summary).toEqual(
      series === '3.2'
        ? { error: 4, warning: 7, note: 1, passed: false }
        : { error: 6, warning: 7, note: 1, passed: false },
    );
    expect(insecure.findings.find((f) => f.ruleId === 'debug-enabled')!.message).toBe(
      `DEBUG is 'False' when DJANGO_DEBUG is unset: error pages would show settings, source code and SQL to any visitor. Environment values are strings, and every non-empty string is true, "False" included. Django's check --deploy confirms it (security.W018).`,
    );
  });

  it('passes the hardened example given a strong key', () => {
    const { hardened, install } = get();
    expect(hardened.status).toBe(0);
    const lines = hardened.stdout.split('\n');
    expect(lines[0]).toMatch(
      new RegExp(
        `^· \`${install.python.replace(/[.]/g, '\\.')} manage\\.py check --deploy\` in ${HARDENED} ran \\(Django ${install.version.replace(/[.]/g, '\\.')}, \\d+\\.\\d s\\)$`,
      ),
    );
    expect(lines.slice(1)).toEqual([
      '',
      expect.stringMatching(/^No findings: passed \(fail-on: warning, \d+ rules\)$/),
      '',
    ]);
  });

  it('changes the verdict with the env input: DJANGO_DEBUG=1 turns DEBUG on for both sides', () => {
    expect(rows(get().hardenedDebug)).toEqual([
      ['debug-enabled', 'error', `${HARDENED}/config/settings/base.py`, 15, 9, 'DEBUG', 'security.W018', 'both'],
    ]);
    expect(get().hardenedDebug.findings[0]!.message).toBe(
      "DEBUG is True with DJANGO_DEBUG='1' from the given environment: error pages would show settings, source code and SQL to any visitor. Django's check --deploy confirms it (security.W018).",
    );
  });

  it("changes the verdict with the env input: DJANGO_DEBUG='' turns DEBUG off for both sides", () => {
    const { insecure, insecureDebugEmpty } = get();
    const without = (report: Report, ruleId: string) => rows(report).filter((row) => row[0] !== ruleId);
    expect(insecureDebugEmpty.findings.map((f) => f.ruleId)).not.toContain('debug-enabled');
    expect(rows(insecureDebugEmpty)).toEqual(without(insecure, 'debug-enabled'));
    expect(insecureDebugEmpty.summary.error).toBe(insecure.summary.error - 1);
  });

  it('reports settings that raise as deploy-check-failed at the line of the raise, with the error and the variable', () => {
    const { environRaises } = get();
    expect(environRaises.findings.map((f) => [f.ruleId, f.level, f.file, f.line, f.column, f.source])).toEqual([
      ['deploy-check-failed', 'error', 'mysite/settings.py', 4, 1, 'deploy-check'],
    ]);
    const [finding] = environRaises.findings;
    expect(finding!.message).toBe(
      `\`${get().install.python} manage.py check --deploy\` could not run its checks: django.core.exceptions.ImproperlyConfigured: Set the DJANGO_SECRET_KEY environment variable`,
    );
    expect(finding!.fix).toBe(
      'Provide DJANGO_SECRET_KEY in the production environment the check runs with (--env DJANGO_SECRET_KEY=... on the command line, or the env input of the action)',
    );
    expect(environRaises.summary).toEqual({ error: 1, warning: 0, note: 0, passed: false });
  });

  it('reports the hardened example without its key as deploy-check-failed with the KeyError and the variable', () => {
    // What and why only. Where is not asserted: the innermost frame of a KeyError from os.environ is Python's
    // "<frozen os>", which the tool takes for a project file (examples/hardened-project/<frozen os>:679, plus a
    // file-skipped note for it) instead of config/settings/production.py:14, the line that raised.
    const failed = get().noKey.findings.filter((f) => f.ruleId === 'deploy-check-failed');
    expect(failed.map((f) => [f.level, f.source, f.message, f.fix])).toEqual([
      [
        'error',
        'deploy-check',
        `\`${get().install.python} manage.py check --deploy\` could not run its checks: KeyError: 'DJANGO_SECRET_KEY'`,
        'Provide DJANGO_SECRET_KEY in the production environment the check runs with (--env DJANGO_SECRET_KEY=... on the command line, or the env input of the action)',
      ],
    ]);
  });

  it('places, levels and merges every kind of message on a project of its own', () => {
    const { mixed } = get();
    const settings = 'mysite/settings.py';
    expect(rows(mixed)).toEqual([
      ['django-check', 'error', settings, 1, 1, null, 'audit.C001', 'deploy-check'],
      ['django-check', 'error', settings, 1, 1, null, 'admin.E409', 'deploy-check'],
      ['django-check', 'note', settings, 1, 1, null, null, 'deploy-check'],
      ...(series === '6.1'
        ? []
        : [['django-check', 'note', settings, 1, 1, 'DEFAULT_AUTO_FIELD', 'models.W042', 'deploy-check']]),
      ['django-check', 'note', settings, 1, 1, null, 'audit.I001', 'deploy-check'],
      ['django-check', 'note', settings, 1, 1, null, 'audit.D001', 'deploy-check'],
      ['debug-enabled', 'error', settings, 4, 9, 'DEBUG', 'security.W018', 'static'],
      ['csp-missing', 'warning', settings, 17, 14, 'MIDDLEWARE', null, 'static'],
      ['referrer-policy-missing', 'error', settings, 49, 26, 'SECURE_REFERRER_POLICY', 'security.E023', 'both'],
    ]);
    const messages = Object.fromEntries(mixed.findings.map((f) => [f.djangoCheck ?? f.ruleId, [f.message, f.fix]]));
    expect(messages['admin.E409']).toEqual([
      "Django's check --deploy reports: 'django.contrib.messages.middleware.MessageMiddleware' must be in MIDDLEWARE in order to use the admin application. (admin.E409)",
      "See Django's system check reference for admin.E409",
    ]);
    expect(messages['django-check']).toEqual([
      "Django's check --deploy reports for audit.Entry: Retention is not configured. Entries are kept forever.",
      "See Django's system check reference for this message",
    ]);
    expect(messages['audit.I001']).toEqual([
      "Django's check --deploy reports for audit: Audit logging is on. (audit.I001)",
      'Nothing to do.',
    ]);
    expect(messages['security.W018']![0]).toBe(
      "DEBUG is True: error pages would show settings, source code and SQL to any visitor. Django's check --deploy is told to ignore security.W018 (SILENCED_SYSTEM_CHECKS); the problem stays.",
    );
    expect(messages['security.E023']![0]).toMatch(/ Django's check --deploy confirms it \(security\.E023\)\.$/);
    if (series !== '6.1') {
      expect(messages['models.W042']).toEqual([
        "Django's check --deploy reports for shop.Product: Auto-created primary key used when not defining a primary key type, by default 'django.db.models.AutoField'. (models.W042)",
        "Configure the DEFAULT_AUTO_FIELD setting or the ShopConfig.default_auto_field attribute to point to a subclass of AutoField, e.g. 'django.db.models.BigAutoField'.",
      ]);
    }
    expect(mixed.summary).toEqual(
      series === '6.1'
        ? { error: 4, warning: 1, note: 3, passed: false }
        : { error: 4, warning: 1, note: 4, passed: false },
    );
  });
});

describe('when check --deploy cannot run', () => {
  let noDjango: Report;
  let missingPython: Report;
  let timedOut: CliRun & { report: Report };
  let timedOutRoot: string;
  let python: string;

  beforeAll(() => {
    const install = requireDjangoInstall('5.2');
    const key = ['--env', `DJANGO_SECRET_KEY=${KEY}`];
    // The interpreter exists but has no Django: no PYTHONPATH.
    noDjango = json(cli([HARDENED, '--python', install.python, ...key, '--format', 'json'], undefined));
    python = install.python;
    missingPython = json(cli([HARDENED, '--python', '/nonexistent/python3', ...key, '--format', 'json'], install));
    timedOutRoot = repo(SLEEPS);
    const run = cli([timedOutRoot, '--python', install.python, ...key, '--format', 'json'], install);
    timedOut = { ...run, report: json(run) };
  });

  it('says that Django is missing for that interpreter, and how to fix it', () => {
    // What and why only: the location is not asserted, as the tool currently puts it at the launcher's
    // "<frozen runpy>" frame (examples/hardened-project/<frozen runpy>:88) instead of the settings module.
    const failed = noDjango.findings.filter((f) => f.ruleId === 'deploy-check-failed');
    expect(failed.map((f) => [f.level, f.source, f.message, f.fix])).toEqual([
      [
        'error',
        'deploy-check',
        `\`${python} manage.py check --deploy\` could not run its checks: ImportError: Couldn't import Django. Are you sure it's installed and available on your PYTHONPATH environment variable? Did you forget to activate a virtual environment?`,
        `Install Django for ${python} (pip install -r requirements.txt), or point --python / the python input at the interpreter that has it`,
      ],
    ]);
    expect(noDjango.summary.passed).toBe(false);
  });

  it('says that the interpreter could not start, at the settings module', () => {
    expect(missingPython.findings.map((f) => [f.ruleId, f.level, f.file, f.line, f.column])).toEqual([
      ['deploy-check-failed', 'error', `${HARDENED}/config/settings/production.py`, 1, 1],
    ]);
    expect(missingPython.findings[0]!.message).toMatch(
      /^`\/nonexistent\/python3 manage\.py check --deploy` could not start: .*\/nonexistent\/python3.*\.$/,
    );
    expect(missingPython.findings[0]!.fix).toBe(
      "Install Python with the project's requirements, or pass --python / the python input with the interpreter to use",
    );
  });

  it('gives up after deploy-check-timeout seconds and says so', () => {
    expect(timedOut.status).toBe(1);
    // The settings sleep ten minutes: finishing well before that shows the timeout ended the check.
    expect(timedOut.ms).toBeLessThan(120_000);
    expect(timedOut.report.findings.map((f) => [f.ruleId, f.level, f.file, f.line, f.message, f.fix])).toEqual([
      [
        'deploy-check-failed',
        'error',
        'mysite/settings.py',
        1,
        `\`${python} manage.py check --deploy\` did not finish within 1 seconds, so its checks did not run.`,
        'Find what blocks at import (a database or network call in the settings), or raise deploy-check-timeout in the config file',
      ],
    ]);
  });
});

describe('the environment check --deploy runs with', () => {
  let inherited: Report;
  let overridden: Report;

  beforeAll(() => {
    const install = requireDjangoInstall('4.2');
    const args = [INSECURE, '--python', install.python, '--env', SQLITE, '--format', 'json'];
    // The CLI's own DJANGO_DEBUG reaches manage.py; the static side judges the production environment (--env).
    inherited = json(cli(args, install, { DJANGO_DEBUG: '' }));
    // --env wins over the inherited value.
    overridden = json(cli([...args, '--env', 'DJANGO_DEBUG='], install, { DJANGO_DEBUG: 'True' }));
  });

  it('inherits the CLI process environment: Django did not see DEBUG on, and the finding says so', () => {
    const debug = inherited.findings.filter((f) => f.ruleId === 'debug-enabled');
    expect(debug.map((f) => [f.line, f.column, f.source, f.message])).toEqual([
      [
        19,
        40,
        'static',
        `DEBUG is 'False' when DJANGO_DEBUG is unset: error pages would show settings, source code and SQL to any visitor. Environment values are strings, and every non-empty string is true, "False" included. Django's check --deploy did not report security.W018 with the environment it ran in.`,
      ],
    ]);
  });

  it('lets --env override an inherited variable', () => {
    expect(overridden.findings.map((f) => f.ruleId)).not.toContain('debug-enabled');
    expect(overridden.findings.filter((f) => f.source === 'both').map((f) => f.djangoCheck)).toEqual([
      'security.W009',
      'security.W016',
      'security.W004',
      'security.W012',
      'security.W008',
      'security.W025',
    ]);
  });
});
