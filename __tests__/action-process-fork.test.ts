// The README's workflow on a pull request from a fork, which gets no secrets: the bundle built from src/, run as
// the runner runs it with Django 5.2. check --deploy must run with a throwaway random key for the variable
// SECRET_KEY is read from, while the static rules still judge the key the code falls back to; other required
// variables still fail the check by name; the runner's own variables are named where they change an answer.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction, type ActionRun } from './support/action-runner.js';
import { requireDjangoInstall, type DjangoInstall } from './support/django-versions.js';
import { FORK, pullRequestEvent } from './support/github-events.js';
import { writeTree } from './support/settings-harness.js';

const COMMITTED_KEY = 'django-insecure-7f#kq2!committed-fallback-key-0123456789abcdefgh';

const MANAGE_PY = `import os, sys
if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
`;

/** Settings that write the key they were given to `dumpFile`, so the test sees what check --deploy got. */
function settings(dumpFile: string, secretKeyRead: string, extra = ''): string {
  return `import os
SECRET_KEY = ${secretKeyRead}
with open(${JSON.stringify(dumpFile)}, "w") as dump:
    dump.write(SECRET_KEY)
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = [os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost")]
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "shop.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
${extra}`;
}

interface ForkRun {
  run: ActionRun;
  /** The SECRET_KEY the settings had under check --deploy ('' when they never got that far). */
  childKey: string;
  sarif: string;
}

let install: DjangoInstall;

function forkRun(
  secretKeyRead: string,
  env: string,
  options: { extra?: string; runner?: Record<string, string> } = {},
): ForkRun {
  const dumpFile = join(mkdtempSync(join(tmpdir(), 'dsg-fork-key-')), 'key');
  const workspace = writeTree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.django-security.yml': 'rules:\n  csp-missing: off\n',
    'manage.py': MANAGE_PY,
    'shop/__init__.py': '',
    'shop/urls.py': 'urlpatterns = []\n',
    'shop/settings.py': settings(dumpFile, secretKeyRead, options.extra),
  });
  const run = runAction(
    workspace,
    { python: install.python, env, annotations: 'workflow' },
    pullRequestEvent('pull_request', FORK),
    { env: { PYTHONPATH: install.pythonpath, PYTHONNOUSERSITE: '1', ...options.runner } },
  );
  let childKey = '';
  try {
    childKey = readFileSync(dumpFile, 'utf8');
  } catch {
    // The settings never ran: the test says what it expected.
  }
  return { run, childKey, sarif: readFileSync(join(workspace, 'django-security.sarif'), 'utf8') };
}

let noSecret: ForkRun;
let emptySecret: ForkRun;
let missingDatabase: ForkRun;
let runnerDebug: ForkRun;

beforeAll(() => {
  install = requireDjangoInstall('5.2');
  // The README's workflow: no secret at all.
  noSecret = forkRun(
    `os.environ.get("DJANGO_SECRET_KEY", ${JSON.stringify(COMMITTED_KEY)})`,
    'DJANGO_ALLOWED_HOSTS=shop.example.com',
  );
  // The old README's workflow on a fork: `DJANGO_SECRET_KEY=${{ secrets.CHECK_SECRET_KEY }}` comes out empty.
  emptySecret = forkRun('os.environ["DJANGO_SECRET_KEY"]', 'DJANGO_SECRET_KEY=\nDJANGO_ALLOWED_HOSTS=shop.example.com');
  missingDatabase = forkRun('os.environ["DJANGO_SECRET_KEY"]', 'DJANGO_ALLOWED_HOSTS=shop.example.com', {
    extra: 'DATABASES["default"]["NAME"] = os.environ["DJANGO_DB_NAME"]\n',
  });
  // An earlier step of the job exported DJANGO_DEBUG=1: check --deploy sees it, the static checks do not.
  runnerDebug = forkRun(
    `os.environ.get("DJANGO_SECRET_KEY", ${JSON.stringify(COMMITTED_KEY)})`,
    'DJANGO_ALLOWED_HOSTS=shop.example.com',
    {
      runner: { DJANGO_DEBUG: '1' },
    },
  );
});

describe('a fork pull request without any secret', () => {
  it('runs check --deploy with a random key of 50+ characters, never the committed one', () => {
    expect(noSecret.run.stdout).not.toContain('deploy-check-failed');
    expect(noSecret.run.summary).toMatch(/manage\.py check --deploy ran \(Django 5\.2/);
    expect(noSecret.childKey.length).toBeGreaterThanOrEqual(50);
    expect(noSecret.childKey).not.toMatch(/^django-insecure-/);
    expect(noSecret.childKey).not.toBe(COMMITTED_KEY);
  });

  it('still reports the committed fallback key from the static rules', () => {
    expect(noSecret.run.status).toBe(1);
    expect(noSecret.run.stdout).toMatch(/::error title=secret-key-hardcoded,file=shop\/settings\.py,line=2,/);
    expect(noSecret.run.stdout).toContain(
      "Django's check --deploy did not judge the key: it ran with a throwaway random DJANGO_SECRET_KEY.",
    );
  });

  it('says so in the summary and in the transcript, and never shows the key', () => {
    expect(noSecret.run.summary).toContain(
      'manage.py check --deploy ran shop.settings with a throwaway random DJANGO_SECRET_KEY because the environment given does not set DJANGO_SECRET_KEY',
    );
    expect(noSecret.run.summary).toContain('throwaway random value: DJANGO_SECRET_KEY');
    // The one line that names it is the runner's mask command, so the runner hides it everywhere else.
    const log = noSecret.run.stdout.replace(`::add-mask::${noSecret.childKey}\n`, '');
    for (const output of [log, noSecret.run.stderr, noSecret.run.summary, noSecret.sarif])
      expect(output).not.toContain(noSecret.childKey);
    expect(noSecret.run.stdout).toContain(`::add-mask::${noSecret.childKey}`);
  });

  it('names the variables given, names only', () => {
    expect(noSecret.run.summary).toContain('Environment of shop.settings (names only): given: DJANGO_ALLOWED_HOSTS');
    expect(noSecret.run.summary).toContain(
      'given: DJANGO_ALLOWED_HOSTS; inherited from the runner and read by the settings: none',
    );
    expect(noSecret.run.summary).not.toContain('shop.example.com');
  });

  it('names the fallback the env hid from the rules, where it is written', () => {
    expect(noSecret.run.summary).toContain(
      'Fallbacks not judged because the environment given sets their variables: DJANGO_ALLOWED_HOSTS for ALLOWED_HOSTS at shop/settings.py:6.',
    );
  });
});

describe('a fork pull request whose secret came out empty', () => {
  it('gives check --deploy a throwaway key instead of failing on the empty one', () => {
    expect(emptySecret.run.stdout).not.toContain('deploy-check-failed');
    expect(emptySecret.childKey.length).toBeGreaterThanOrEqual(50);
    expect(emptySecret.run.summary).toContain('sets DJANGO_SECRET_KEY empty');
  });
});

describe('a fork pull request missing another required variable', () => {
  it('fails the deploy check naming that variable, with the throwaway key given', () => {
    expect(missingDatabase.childKey.length).toBeGreaterThanOrEqual(50);
    expect(missingDatabase.run.stdout).toMatch(/title=deploy-check-failed,[^:]*::.*KeyError: 'DJANGO_DB_NAME'/);
    expect(missingDatabase.run.stdout).toContain('Provide DJANGO_DB_NAME in the production environment');
  });
});

describe("a variable of the runner's own environment", () => {
  it("is named where Django's answer differs from the static model's", () => {
    expect(runnerDebug.run.stdout).toMatch(
      /title=debug-enabled,[^:]*::Django's check --deploy reports: You should not have DEBUG set to True in deployment\. \(security\.W018\) manage\.py check --deploy ran with DJANGO_DEBUG from the runner's own environment, which the static checks do not see/,
    );
  });

  it('is listed in the summary and the transcript, names only', () => {
    expect(runnerDebug.run.summary).toContain("from the runner's own environment: DJANGO_DEBUG");
    expect(runnerDebug.run.summary).toContain('inherited from the runner and read by the settings: DJANGO_DEBUG');
  });
});
