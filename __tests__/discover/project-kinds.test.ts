// Which projects are judged: templates are skipped, a library's test project is scanned but not judged,
// a settings module reached from several manage.py files is judged once, and a run from inside a project's
// subfolder scans the project above it.
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { cli, writeRepo } from '../support/cli-harness.js';
import { writeTree } from '../support/settings-harness.js';
import { INSECURE_SETTINGS, SECURE_SETTINGS, judged, managePy, scanRepo } from '../support/discovery-harness.js';

const site = {
  'manage.py': managePy('site.settings'),
  'site/__init__.py': '',
  'site/settings.py': SECURE_SETTINGS,
};

/** A view that passes request data into raw SQL: a code-rule finding wherever it sits. */
const injectableView = [
  'from django.db import connection',
  '',
  '',
  'def search(request):',
  '    with connection.cursor() as cursor:',
  '        cursor.execute(f"SELECT id FROM t WHERE note = \'{request.GET["q"]}\'")',
  '',
].join('\n');

describe('template projects', () => {
  it("skips Django's project template with a remark and scans the real project", async () => {
    const { result } = await scanRepo({
      ...site,
      'mylib/project_template/manage.py': managePy('{{ project_name }}.settings.dev'),
      'mylib/project_template/project_name/__init__.py': '',
      'mylib/project_template/project_name/settings/__init__.py': '',
      'mylib/project_template/project_name/settings/dev.py': INSECURE_SETTINGS,
    });
    expect(judged(result)).toEqual([{ root: '', module: 'site.settings', chosenBy: 'manage.py:7', judged: true }]);
    expect(result.remarks).toEqual([
      'Skipped the project template in mylib/project_template: mylib/project_template/manage.py:7 names {{ project_name }}.settings.dev, a placeholder a project generator fills in.',
    ]);
    expect(result.findings).toEqual([]);
  });

  it('skips a cookiecutter folder, and when only templates are found, exits by the code rules', async () => {
    const root = writeRepo({
      '{{cookiecutter.project_slug}}/manage.py': managePy('config.settings.local'),
      '{{cookiecutter.project_slug}}/config/__init__.py': '',
      '{{cookiecutter.project_slug}}/config/settings/__init__.py': '',
      '{{cookiecutter.project_slug}}/config/settings/local.py': INSECURE_SETTINGS,
    });
    const clean = await cli([root, '--format', 'json', '--no-deploy-check']);
    expect(clean.code).toBe(0);
    const report = JSON.parse(clean.stdout) as { remarks: string[]; findings: unknown[] };
    expect(report.findings).toEqual([]);
    expect(report.remarks).toEqual([
      'Skipped the project template in {{cookiecutter.project_slug}}: its folder {{cookiecutter.project_slug}} is named with template syntax.',
    ]);
  });
});

describe("a library's test project", () => {
  const library = {
    'mylib/__init__.py': '',
    'mylib/views.py': injectableView,
    'mylib/test/__init__.py': '',
    'mylib/test/manage.py': managePy('mylib.test.settings'),
    'mylib/test/settings.py': INSECURE_SETTINGS,
  };

  it('scans its code but does not judge its settings, and says so', async () => {
    const { result } = await scanRepo(library);
    expect(judged(result)).toEqual([
      { root: 'mylib/test', module: 'mylib.test.settings', chosenBy: 'mylib/test/manage.py:7', judged: false },
    ]);
    expect(result.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(['raw-sql-injection mylib/views.py']);
    expect(result.remarks).toEqual([
      "The project in mylib/test runs a library's tests (its manage.py is in a test folder) and no deployment file names mylib.test.settings: its code is scanned, its settings are not judged as production. Pass --settings mylib.test.settings to judge them.",
    ]);
  });

  it('exits by the code rules when it is the only project', async () => {
    const withoutSql = { ...library, 'mylib/views.py': 'def index(request):\n    return None\n' };
    const passing = await cli([writeRepo(withoutSql), '--no-deploy-check']);
    expect(passing.code).toBe(0);
    const failing = await cli([writeRepo(library), '--no-deploy-check']);
    expect(failing.code).toBe(1);
  });

  it('is judged when named with --settings', async () => {
    const { result } = await scanRepo(library, { settingsModule: 'mylib.test.settings' });
    expect(judged(result)).toEqual([
      { root: 'mylib/test', module: 'mylib.test.settings', chosenBy: '--settings', judged: true },
    ]);
    expect(result.findings.map((f) => `${f.ruleId} ${f.file}`)).toContain('debug-enabled mylib/test/settings.py');
  });

  it('is judged when DJANGO_SETTINGS_MODULE in the environment names it', async () => {
    const { result } = await scanRepo(library, {
      processEnvironment: { DJANGO_SETTINGS_MODULE: 'mylib.test.settings' },
    });
    expect(judged(result)).toEqual([
      {
        root: 'mylib/test',
        module: 'mylib.test.settings',
        chosenBy: 'DJANGO_SETTINGS_MODULE in the environment',
        judged: true,
      },
    ]);
  });

  it('is not judged when its settings sit in a tests folder, even with manage.py at the root', async () => {
    const { result } = await scanRepo({
      'runtests.py': 'import django\n',
      'manage.py': managePy('tests.test_settings'),
      'tests/__init__.py': '',
      'tests/test_settings.py': INSECURE_SETTINGS,
    });
    expect(judged(result)).toEqual([
      { root: '', module: 'tests.test_settings', chosenBy: 'manage.py:7', judged: false },
    ]);
    expect(result.findings).toEqual([]);
  });

  it('is judged, with a remark, when only its module name says tests (an application defaulting to settings.test)', async () => {
    const { result } = await scanRepo({
      'manage.py': managePy('site.settings.test'),
      'site/__init__.py': '',
      'site/settings/__init__.py': '',
      'site/settings/test.py': INSECURE_SETTINGS,
    });
    expect(judged(result)).toEqual([{ root: '', module: 'site.settings.test', chosenBy: 'manage.py:7', judged: true }]);
    expect(result.findings.map((f) => f.ruleId)).toContain('debug-enabled');
    expect(result.remarks.join('\n')).toContain('site.settings.test (manage.py:7) is named for tests');
  });

  it('is judged when a deployment file points at it (an example project that is deployed)', async () => {
    const { result } = await scanRepo({
      'testproject/manage.py': managePy('testproject.settings'),
      'testproject/testproject/__init__.py': '',
      'testproject/testproject/settings.py': INSECURE_SETTINGS,
      'testproject/Dockerfile': 'FROM python:3.12\nENV DJANGO_SETTINGS_MODULE=testproject.settings\n',
    });
    expect(judged(result)).toEqual([
      { root: 'testproject', module: 'testproject.settings', chosenBy: 'testproject/Dockerfile:2', judged: true },
    ]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['debug-enabled']);
  });
});

describe('a settings module reached from several manage.py files', () => {
  it('is judged once, from the outermost project, with no skipped remark (pulpcore)', async () => {
    const { result } = await scanRepo({
      'manage.py': managePy('pulpcore.app.settings'),
      'pulpcore/__init__.py': '',
      'pulpcore/app/__init__.py': '',
      'pulpcore/app/manage.py': managePy('pulpcore.app.settings'),
      'pulpcore/app/settings.py': INSECURE_SETTINGS,
    });
    expect(judged(result)).toEqual([
      { root: '', module: 'pulpcore.app.settings', chosenBy: 'manage.py:7', judged: true },
    ]);
    expect(result.remarks).toEqual([]);
    expect(result.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(['debug-enabled pulpcore/app/settings.py']);
  });
});

describe('a run from inside a project', () => {
  const project = {
    ...site,
    'site/settings.py': INSECURE_SETTINGS,
    'blog/__init__.py': '',
    'blog/views.py': injectableView,
  };

  it('scans the project whose manage.py is above the folder, and says so', async () => {
    const { result } = await scanRepo(project, { path: 'blog' });
    expect(judged(result)).toEqual([{ root: '', module: 'site.settings', chosenBy: 'manage.py:7', judged: true }]);
    expect(result.remarks).toEqual(['No Django project in blog/; scanning the project in . found above it.']);
    expect(result.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual([
      'raw-sql-injection blog/views.py',
      'debug-enabled site/settings.py',
    ]);
  });

  it('looks no higher than the repository root', async () => {
    const outside = writeTree({
      ...project,
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/blog/views.py': 'x = 1\n',
    });
    const run = await cli([join(outside, 'repo', 'blog'), '--no-deploy-check']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no Django project found');
  });
});
