// When `manage.py check --deploy` runs, Django judges the settings as loaded: the rules that mirror its
// checks are judged even where the static model could not follow the settings, so only the rules beyond
// Django's checks are left unjudged. Runs real Django 5.2 (scripts/provision-django.sh).
import { beforeAll, describe, expect, it } from '@jest/globals';
import { scan, type ScanResult } from '../src/scan.js';
import { requireDjangoInstall } from './support/django-versions.js';
import { py } from './support/rule-tester.js';
import { writeTree } from './support/settings-harness.js';

const MANAGE = py(
  'import os, sys',
  'if __name__ == "__main__":',
  '    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings")',
  '    from django.core.management import execute_from_command_line',
  '    execute_from_command_line(sys.argv)',
);

/** Hardened settings, but DEBUG and the HSTS time come from hashlib, which the static model does not run. */
const SETTINGS = py(
  'import hashlib',
  'SECRET_KEY = "Xq7#vL2!pR9@mK4$tW8^zN3&bF6*hJ1(cD5)gS0-aE_=+yU%iOp"[::-1] * 2',
  'DEBUG = hashlib.sha256(b"x").hexdigest() == "0"',
  'ALLOWED_HOSTS = ["example.com"]',
  'INSTALLED_APPS = ["django.contrib.sessions"]',
  'MIDDLEWARE = [',
  '    "django.middleware.security.SecurityMiddleware",',
  '    "django.contrib.sessions.middleware.SessionMiddleware",',
  '    "django.middleware.csrf.CsrfViewMiddleware",',
  '    "django.middleware.clickjacking.XFrameOptionsMiddleware",',
  ']',
  'SECURE_SSL_REDIRECT = True',
  'SECURE_HSTS_SECONDS = len(hashlib.sha256(b"x").hexdigest()) * 1000000',
  'SECURE_HSTS_INCLUDE_SUBDOMAINS = True',
  'SECURE_HSTS_PRELOAD = True',
  'SESSION_COOKIE_SECURE = True',
  'CSRF_COOKIE_SECURE = True',
  'CSRF_COOKIE_HTTPONLY = True',
  'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}',
);

function scanWith(deployCheck: boolean): Promise<ScanResult> {
  const install = requireDjangoInstall('5.2');
  const root = writeTree({
    'manage.py': MANAGE,
    'site_config/__init__.py': '',
    'site_config/settings.py': SETTINGS,
    '.django-security.yml': py('rules:', '  csp-missing: off', '  csp-unsafe-source: off'),
  });
  return scan({
    path: root,
    repoRoot: root,
    environment: new Map(),
    processEnvironment: { PATH: process.env.PATH, PYTHONPATH: install.pythonpath },
    deployCheck,
    python: install.python,
  });
}

const notes = (result: ScanResult) =>
  result.findings.filter((finding) => finding.ruleId === 'settings-incomplete').map((note) => note.message);

describe('settings left unjudged, with and without the deploy check', () => {
  let staticOnly: ScanResult;
  let withDjango: ScanResult;
  beforeAll(async () => {
    staticOnly = await scanWith(false);
    withDjango = await scanWith(true);
  }, 120_000);

  it('statically, DEBUG and SECURE_HSTS_SECONDS are unjudged, each named at its line', () => {
    expect(staticOnly.projects[0]!.unjudged).toEqual(['DEBUG', 'SECURE_HSTS_SECONDS']);
    expect(notes(staticOnly)).toEqual([
      expect.stringMatching(/DEBUG \(debug-enabled\)/),
      expect.stringMatching(
        /SECURE_HSTS_SECONDS \(hsts-missing, hsts-preload-missing, hsts-subdomains-missing, hsts-too-short\)/,
      ),
    ]);
  });

  it("with Django's checks run, only the rule beyond them is left unjudged", () => {
    expect(withDjango.deployChecks.map((run) => run.outcome)).toEqual(['ran']);
    expect(withDjango.projects[0]!.unjudged).toEqual(['SECURE_HSTS_SECONDS']);
    expect(notes(withDjango)).toEqual([
      expect.stringMatching(/1 setting could not be judged: SECURE_HSTS_SECONDS \(hsts-too-short\)\.$/),
    ]);
  });
});
