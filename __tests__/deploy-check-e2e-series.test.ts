// End to end on real Django 3.2, 4.2, 5.2 and 6.1 (scripts/provision-django.sh): the CLI built from src/ (cli.js)
// as a process, running `manage.py check --deploy` with the series' interpreter and site-packages
// (PYTHONPATH in the CLI's own environment, which the child inherits). Every process runs once, in
// beforeAll; the tests only read what it printed. The examples need no PostgreSQL driver once
// DATABASE_ENGINE names SQLite.
//
// Also measured (printed once, not asserted): the median wall time of the whole CLI process on the insecure
// example with and without --no-deploy-check, 5 runs each per series.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireDjangoInstall, type DjangoInstall } from './support/django-versions.js';
import {
  type CliRun,
  KEY,
  type Report,
  SERIES,
  SQLITE,
  type Series,
  cli,
  json,
  median,
  removeRepos,
  repo,
} from './support/deploy-check-cli.js';
import { BASE, ENVIRON_RAISES, HARDENED, INSECURE, MIXED, PRODUCTION } from './support/deploy-check-projects.js';

afterAll(removeRepos);

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
      ['secret-key-weak', 'warning', BASE, 16, 50, 'SECRET_KEY', 'security.W009', 'static'],
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
    const version = install.version.replace(/[.]/g, '\\.');
    expect(lines[0]).toMatch(
      new RegExp(
        `^in ${HARDENED}/: judging config\\.settings\\.production \\(${HARDENED}/manage\\.py(:\\d+)?\\), Django ${series.replace('.', '\\.')} \\(the interpreter's Django ${version}\\)$`,
      ),
    );
    // What the settings were judged with: the names given, never their values.
    expect(lines[1]).toBe('· Environment of config.settings.production (names only): given: DJANGO_SECRET_KEY.');
    expect(lines[2]).toMatch(
      new RegExp(
        `^· \`${install.python.replace(/[.]/g, '\\.')} manage\\.py check --deploy\` in ${HARDENED} ran \\(Django ${version}, \\d+\\.\\d s\\)$`,
      ),
    );
    expect(lines.slice(3)).toEqual([
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
    // The key gets a throwaway value for check --deploy; the next required variable is the user's to give.
    const { environRaises } = get();
    expect(environRaises.findings.map((f) => [f.ruleId, f.level, f.file, f.line, f.column, f.source])).toEqual([
      ['deploy-check-failed', 'error', 'mysite/settings.py', 5, 1, 'deploy-check'],
    ]);
    const [finding] = environRaises.findings;
    expect(finding!.message).toBe(
      `\`${get().install.python} manage.py check --deploy\` could not run its checks: django.core.exceptions.ImproperlyConfigured: Set the SMTP_PASSWORD environment variable`,
    );
    expect(finding!.fix).toBe(
      'Provide SMTP_PASSWORD in the production environment the check runs with (--env SMTP_PASSWORD=... on the command line, or the env input of the action)',
    );
    expect(environRaises.summary).toEqual({ error: 1, warning: 0, note: 0, passed: false });
  });

  it('passes the hardened example without its key: check --deploy runs with a throwaway key, and says so', () => {
    const { noKey } = get();
    expect(noKey.findings).toEqual([]);
    expect(noKey.summary.passed).toBe(true);
    expect((noKey as Report & { remarks: string[] }).remarks).toContain(
      "manage.py check --deploy ran config.settings.production with a throwaway random DJANGO_SECRET_KEY because the environment given does not set DJANGO_SECRET_KEY (SECRET_KEY is read from it at examples/hardened-project/config/settings/production.py:14). The static checks judged the code's own value, not this key; no secret is needed.",
    );
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
