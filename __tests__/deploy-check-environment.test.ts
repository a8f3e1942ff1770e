// What project code imported by `manage.py check --deploy` can reach when the action runs it: the built
// bundle (index.js, built from src/) run as the runner runs it, with the runner's credentials and command files in its
// environment, and a settings module that prints its whole environment (and writes it to a file) and prints
// workflow commands of its own. The child must see the production environment of the `env` input and what
// the job gives every step, and nothing that reaches the action's token or the runner's command files.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction, type ActionRun } from './support/action-runner.js';
import { requireDjangoInstall, type DjangoInstall } from './support/django-versions.js';
import { writeTree } from './support/settings-harness.js';

const TOKEN = `ghs_${randomBytes(18).toString('hex')}`;
const RUNTIME_TOKEN = `runtime-${randomBytes(18).toString('hex')}`;
const ID_TOKEN = `idtoken-${randomBytes(18).toString('hex')}`;
const KEY = randomBytes(48).toString('base64url');
const HOSTS = 'shop.example.com';

const MANAGE_PY = `import os, sys
if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
`;

function settings(dumpFile: string): string {
  return `import json
import os
import sys

# What project code can see: everything, on stderr and in a file for the test.
sys.stderr.write("CHILD-ENVIRONMENT " + json.dumps(dict(os.environ), sort_keys=True) + "\\n")
with open(${JSON.stringify(dumpFile)}, "w") as dump:
    json.dump(dict(os.environ), dump)
# Workflow commands a project could print, hoping the runner executes them.
print("::warning file=mysite/settings.py,line=1::printed by the settings")
print("::stop-commands::settings-token")
sys.stderr.write("::error::settings on stderr\\n")

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = [os.environ["DJANGO_ALLOWED_HOSTS"]]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "mysite.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
`;
}

interface Scenario {
  workspace: string;
  dumpFile: string;
  run: ActionRun;
}

let install: DjangoInstall;

/** A workspace whose settings dump their environment, and one action run on it. */
function scenario(event: { name: string; payload: object }, inputs: Record<string, string> = {}): Scenario {
  const dumpDir = mkdtempSync(join(tmpdir(), 'dsg-env-dump-'));
  const dumpFile = join(dumpDir, 'child-environment.json');
  const workspace = writeTree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.django-security.yml': 'rules:\n  csp-missing: off\n',
    'manage.py': MANAGE_PY,
    'mysite/__init__.py': '',
    'mysite/urls.py': 'urlpatterns = []\n',
    'mysite/settings.py': settings(dumpFile),
  });
  const commandFiles = mkdtempSync(join(tmpdir(), 'dsg-runner-files-'));
  const run = runAction(
    workspace,
    {
      python: install.python,
      env: `DJANGO_SECRET_KEY=${KEY}\nDJANGO_ALLOWED_HOSTS=${HOSTS}`,
      token: TOKEN,
      annotations: 'workflow',
      ...inputs,
    },
    event,
    {
      env: {
        // What the job gives every step: the interpreter's packages and a variable of its own.
        PYTHONPATH: install.pythonpath,
        PYTHONNOUSERSITE: '1',
        SHOP_REGION: 'eu-west',
        // What the runner gives an action: credentials and command files.
        GITHUB_TOKEN: TOKEN,
        GH_TOKEN: TOKEN,
        ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN,
        ACTIONS_RUNTIME_URL: 'https://pipelines.actions.githubusercontent.com/abc/',
        ACTIONS_RESULTS_URL: 'https://results-receiver.actions.githubusercontent.com/',
        ACTIONS_CACHE_URL: 'https://artifactcache.actions.githubusercontent.com/abc/',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: ID_TOKEN,
        ACTIONS_ID_TOKEN_REQUEST_URL: 'https://pipelines.actions.githubusercontent.com/abc/idtoken',
        GITHUB_ENV: join(commandFiles, 'set_env'),
        GITHUB_PATH: join(commandFiles, 'add_path'),
        GITHUB_STATE: join(commandFiles, 'save_state'),
      },
    },
  );
  return { workspace, dumpFile, run };
}

function childEnvironment(s: Scenario): Record<string, string> {
  return JSON.parse(readFileSync(s.dumpFile, 'utf8')) as Record<string, string>;
}

const PULL_REQUEST_TARGET = {
  name: 'pull_request_target',
  payload: {
    repository: { full_name: 'acme/shop' },
    pull_request: { head: { sha: 'c'.repeat(40), repo: { full_name: 'stranger/shop' } } },
  },
};

let push: Scenario;
let prTarget: Scenario;
let prTargetAllowed: Scenario;

beforeAll(() => {
  install = requireDjangoInstall('5.2');
  push = scenario({ name: 'push', payload: {} });
  prTarget = scenario(PULL_REQUEST_TARGET);
  prTargetAllowed = scenario(PULL_REQUEST_TARGET, { 'allow-pull-request-target': 'true' });
});

describe('the environment of manage.py, run by the action', () => {
  it('ran, and Django found nothing', () => {
    expect(push.run.status).toBe(0);
    expect(push.run.outputs).toMatchObject({ passed: 'true', errors: '0', warnings: '0', notes: '0' });
    expect(existsSync(push.dumpFile)).toBe(true);
  });

  it('holds no INPUT_* variable, no ACTIONS_* variable, no token and no runner command file', () => {
    const names = Object.keys(childEnvironment(push));
    expect(names.filter((name) => /^INPUT_/i.test(name))).toEqual([]);
    expect(names.filter((name) => /^ACTIONS_/i.test(name))).toEqual([]);
    for (const name of [
      'GITHUB_TOKEN',
      'GH_TOKEN',
      'GITHUB_ENV',
      'GITHUB_OUTPUT',
      'GITHUB_PATH',
      'GITHUB_STATE',
      'GITHUB_STEP_SUMMARY',
    ]) {
      expect(names).not.toContain(name);
    }
    const values = Object.values(childEnvironment(push)).join('\n');
    for (const secret of [TOKEN, RUNTIME_TOKEN, ID_TOKEN]) expect(values).not.toContain(secret);
  });

  it('holds the env input, the settings module, and what the job gives every step', () => {
    const env = childEnvironment(push);
    expect({
      DJANGO_SECRET_KEY: env.DJANGO_SECRET_KEY,
      DJANGO_ALLOWED_HOSTS: env.DJANGO_ALLOWED_HOSTS,
      DJANGO_SETTINGS_MODULE: env.DJANGO_SETTINGS_MODULE,
      PYTHONPATH: env.PYTHONPATH,
      SHOP_REGION: env.SHOP_REGION,
      PATH: env.PATH,
    }).toEqual({
      DJANGO_SECRET_KEY: KEY,
      DJANGO_ALLOWED_HOSTS: HOSTS,
      DJANGO_SETTINGS_MODULE: 'mysite.settings',
      PYTHONPATH: install.pythonpath,
      SHOP_REGION: 'eu-west',
      PATH: process.env.PATH ?? '',
    });
  });

  it('holds exactly the runner environment minus the scrubbed names, plus the production environment', () => {
    expect(Object.keys(childEnvironment(push)).sort()).toEqual([
      'DJANGO_ALLOWED_HOSTS',
      'DJANGO_SECRET_KEY',
      'DJANGO_SETTINGS_MODULE',
      'GITHUB_ACTIONS',
      'GITHUB_API_URL',
      'GITHUB_EVENT_NAME',
      'GITHUB_EVENT_PATH',
      'GITHUB_REPOSITORY',
      'GITHUB_SERVER_URL',
      'GITHUB_SHA',
      'GITHUB_WORKSPACE',
      'HOME',
      // Python's own locale coercion (PEP 538): the runner environment here sets no LANG or LC_*.
      'LC_CTYPE',
      'PATH',
      'PYTHONIOENCODING',
      'PYTHONNOUSERSITE',
      'PYTHONPATH',
      'PYTHONUNBUFFERED',
      'RUNNER_TEMP',
      'SHOP_REGION',
    ]);
    expect(childEnvironment(push).LC_CTYPE).toBe('C.UTF-8');
  });

  it('masks every value of the env input in the log', () => {
    const masks = push.run.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
    expect(masks).toEqual([`::add-mask::${KEY}`, `::add-mask::${HOSTS}`]);
  });

  it("keeps the project's output out of the log, so its workflow commands are never executed", () => {
    const log = push.run.stdout + push.run.stderr;
    for (const text of ['CHILD-ENVIRONMENT', 'printed by the settings', 'stop-commands', 'settings on stderr']) {
      expect(log).not.toContain(text);
    }
  });

  it('shows the transcript in the job summary, inside a code block and with the env values masked', () => {
    const { summary } = push.run;
    expect(summary).toContain('::warning file=mysite/settings.py,line=1::printed by the settings');
    expect(summary).toContain('::error::settings on stderr');
    expect(summary).toContain('"DJANGO_SECRET_KEY": "***"');
    expect(summary).toContain('"DJANGO_ALLOWED_HOSTS": "***"');
    expect(summary).not.toContain(KEY);
    const block = /```text\n([\s\S]*?)\n```/.exec(summary)?.[1] ?? '';
    expect(block).toContain('printed by the settings');
    expect(block).toContain('System check identified no issues (0 silenced).');
  });
});

describe('under pull_request_target', () => {
  it('does not run manage.py, so the settings never run, and says why', () => {
    expect(existsSync(prTarget.dumpFile)).toBe(false);
    expect(prTarget.run.stdout).toContain(
      "manage.py was not run: this is a pull_request_target event, where the pull request's code would run with a write token and secrets. The static checks ran; set allow-pull-request-target: true only if the checked-out code is trusted.",
    );
    expect(prTarget.run.summary).toContain('manage.py was not run: this is a pull_request_target event');
    // The static checks still ran and passed.
    expect(prTarget.run.outputs).toMatchObject({ passed: 'true', errors: '0' });
  });

  it('runs it when allow-pull-request-target is true, with the same scrubbed environment', () => {
    expect(existsSync(prTargetAllowed.dumpFile)).toBe(true);
    expect(prTargetAllowed.run.stdout).not.toContain('manage.py was not run');
    const env = childEnvironment(prTargetAllowed);
    expect(env.GITHUB_EVENT_NAME).toBe('pull_request_target');
    expect(Object.keys(env).filter((name) => /^(INPUT_|ACTIONS_)|^(GITHUB_TOKEN|GH_TOKEN)$/i.test(name))).toEqual([]);
  });
});
