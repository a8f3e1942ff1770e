import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import {
  INSECURE_SETTINGS,
  SECURE_SETTINGS,
  brief,
  cli,
  managePy,
  scanJson,
  writeRepo,
  wsgiPy,
} from './support/cli-harness.js';
import { writeTree } from './support/settings-harness.js';

const debugAt = (file: string, line = 1) => ({ ruleId: 'debug-enabled', file, line, level: 'error' });

describe('discovery: projects and paths', () => {
  it('scans a single project at the repository root', async () => {
    const root = writeRepo({
      'manage.py': managePy('config.settings'),
      'config/__init__.py': '',
      'config/settings.py': INSECURE_SETTINGS,
    });
    const { code, report } = await scanJson(root);
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([debugAt('config/settings.py')]);
  });

  it('gives paths relative to the repository root when manage.py sits in a subfolder', async () => {
    const files = {
      'README.md': '# repo\n',
      'backend/manage.py': managePy('config.settings'),
      'backend/config/__init__.py': '',
      'backend/config/settings.py': INSECURE_SETTINGS,
    };
    const root = writeRepo(files);
    const fromRoot = await scanJson(root);
    expect(fromRoot.code).toBe(1);
    expect(brief(fromRoot.report.findings)).toEqual([debugAt('backend/config/settings.py')]);

    // PATH pointing at the subfolder: the repository root is still the folder holding .git.
    const fromSubfolder = await scanJson(join(root, 'backend'));
    expect(fromSubfolder.code).toBe(1);
    expect(brief(fromSubfolder.report.findings)).toEqual([debugAt('backend/config/settings.py')]);
  });

  it('without a .git folder, gives paths relative to PATH', async () => {
    const root = writeTree({
      'backend/manage.py': managePy('config.settings'),
      'backend/config/__init__.py': '',
      'backend/config/settings.py': INSECURE_SETTINGS,
    });
    const { code, report } = await scanJson(join(root, 'backend'));
    expect(code).toBe(1);
    expect(brief(report.findings.filter((f) => f.ruleId === 'debug-enabled'))).toEqual([debugAt('config/settings.py')]);
    expect(report.findings.every((f) => f.file === 'config/settings.py')).toBe(true);
  });

  it('scans every manage.py project of a monorepo', async () => {
    const root = writeRepo({
      'services/shop/manage.py': managePy('shop.settings'),
      'services/shop/shop/__init__.py': '',
      'services/shop/shop/settings.py': INSECURE_SETTINGS,
      'services/blog/manage.py': managePy('blog.settings'),
      'services/blog/blog/__init__.py': '',
      'services/blog/blog/settings.py': `import os\nSECRET_KEY = os.environ["K"]\nALLOWED_HOSTS = ["*"]\n`,
    });
    const { code, report } = await scanJson(root);
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([
      { ruleId: 'allowed-hosts-wildcard', file: 'services/blog/blog/settings.py', line: 3, level: 'warning' },
      debugAt('services/shop/shop/settings.py'),
    ]);
  });
});

describe('discovery: which settings module', () => {
  const tree = () =>
    writeRepo({
      'manage.py': managePy('config.settings'),
      'config/__init__.py': '',
      'config/settings.py': SECURE_SETTINGS,
      'config/staging.py': INSECURE_SETTINGS,
      'config/production.py': `import os\nSECRET_KEY = os.environ["K"]\nALLOWED_HOSTS = ["*"]\n`,
    });

  it("uses manage.py's os.environ.setdefault by default", async () => {
    const { code, report } = await scanJson(tree());
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
  });

  it('uses --settings over everything else', async () => {
    const root = tree();
    const { code, report } = await scanJson(
      root,
      ['--settings', 'config.staging', '--env', 'DJANGO_SETTINGS_MODULE=config.production'],
      { DJANGO_SETTINGS_MODULE: 'config.production' },
    );
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([debugAt('config/staging.py')]);
  });

  it('uses DJANGO_SETTINGS_MODULE given with --env, before the process environment', async () => {
    const root = tree();
    const { code, report } = await scanJson(root, ['--env', 'DJANGO_SETTINGS_MODULE=config.staging'], {
      DJANGO_SETTINGS_MODULE: 'config.production',
    });
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([debugAt('config/staging.py')]);
  });

  it('uses DJANGO_SETTINGS_MODULE from the process environment over manage.py', async () => {
    const { code, report } = await scanJson(tree(), [], { DJANGO_SETTINGS_MODULE: 'config.production' });
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([
      { ruleId: 'allowed-hosts-wildcard', file: 'config/production.py', line: 3, level: 'warning' },
    ]);
  });

  it('uses wsgi.py when there is no manage.py', async () => {
    const root = writeRepo({
      'config/__init__.py': '',
      'config/wsgi.py': wsgiPy('config.settings'),
      'config/settings.py': INSECURE_SETTINGS,
    });
    const { code, report } = await scanJson(root);
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([debugAt('config/settings.py')]);
  });

  it('follows a settings package whose __init__ star-imports production', async () => {
    const root = writeRepo({
      'manage.py': managePy('config.settings'),
      'config/__init__.py': '',
      'config/settings/__init__.py': 'from .production import *  # noqa\n',
      'config/settings/base.py':
        'import os\nSECRET_KEY = os.environ["K"]\nALLOWED_HOSTS = ["example.com"]\nDEBUG = False\n',
      'config/settings/production.py': 'from .base import *  # noqa\n\nDEBUG = True\n',
      'config/settings/test.py': 'from .base import *\nALLOWED_HOSTS = ["*"]\n',
    });
    const { code, report } = await scanJson(root);
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([debugAt('config/settings/production.py', 3)]);
  });
});

describe('discovery: errors', () => {
  it('exits 2 with a one-line reason when there is no Django project', async () => {
    const root = writeRepo({ 'lib/util.py': 'def f():\n    return 1\n', 'README.md': 'hello\n' });
    const run = await cli([root, '--format', 'json', '--no-deploy-check']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/no Django project found/);
    expect(run.stderr).toMatch(/manage\.py/);
    expect(run.stderr).toMatch(/wsgi\.py/);
  });

  it('exits 2 naming the module and the files looked for when the settings module does not exist', async () => {
    const root = writeRepo({ 'manage.py': managePy('config.settings'), 'config/__init__.py': '' });
    const run = await cli([root, '--format', 'json', '--no-deploy-check']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('config.settings');
    expect(run.stderr).toContain(join(root, 'config', 'settings.py'));
    expect(run.stderr).toContain(join(root, 'config', 'settings', '__init__.py'));
  });

  it('exits 2 when --settings names a module that does not exist', async () => {
    const root = writeRepo({
      'manage.py': managePy('config.settings'),
      'config/__init__.py': '',
      'config/settings.py': SECURE_SETTINGS,
    });
    const run = await cli([root, '--format', 'json', '--no-deploy-check', '--settings', 'config.nope']);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('config.nope');
    expect(run.stderr).toContain('--settings');
  });

  it('exits 2 when PATH is not a folder', async () => {
    const root = writeRepo({});
    const run = await cli([join(root, 'missing'), '--format', 'json', '--no-deploy-check']);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('is not a folder');
  });
});

describe('discovery: what is not scanned', () => {
  const insecureProject = (prefix: string) => ({
    [`${prefix}/manage.py`]: managePy('bad.settings'),
    [`${prefix}/bad/__init__.py`]: '',
    [`${prefix}/bad/settings.py`]: INSECURE_SETTINGS,
  });

  it('skips virtualenvs, node_modules and git-ignored folders', async () => {
    const root = writeRepo({
      'manage.py': managePy('config.settings'),
      'config/__init__.py': '',
      'config/settings.py': SECURE_SETTINGS,
      '.gitignore': 'legacy/\n*.bak.d/\n',
      ...insecureProject('.venv/lib/python3.12/site-packages/demo'),
      ...insecureProject('venv'),
      'pyenv-here/pyvenv.cfg': 'home = /usr/bin\n',
      ...insecureProject('pyenv-here/lib/app'),
      ...insecureProject('node_modules/pkg'),
      ...insecureProject('legacy'),
      ...insecureProject('old.bak.d'),
    });
    const { code, report } = await scanJson(root);
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
  });

  it('honours a .gitignore in a subfolder, relative to that folder', async () => {
    const root = writeRepo({
      'manage.py': managePy('config.settings'),
      'config/__init__.py': '',
      'config/settings.py': SECURE_SETTINGS,
      'apps/.gitignore': 'scratch/\n',
      ...insecureProject('apps/scratch'),
      ...insecureProject('apps/real'),
    });
    const { code, report } = await scanJson(root);
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([debugAt('apps/real/bad/settings.py')]);
  });

  it('finds no project when the only manage.py is in a virtualenv', async () => {
    const root = writeRepo({ ...insecureProject('.venv/src') });
    const run = await cli([root, '--format', 'json', '--no-deploy-check']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no Django project found/);
  });

  const withLocal = (gitignore: string) =>
    writeRepo({
      '.gitignore': gitignore,
      'manage.py': managePy('config.settings.production'),
      'config/__init__.py': '',
      'config/settings/__init__.py': '',
      'config/settings/production.py': [
        'import os',
        'DEBUG = False',
        'ALLOWED_HOSTS = ["example.com"]',
        'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
        '',
        'try:',
        '    from .local import *  # noqa',
        'except ImportError:',
        '    pass',
        '',
      ].join('\n'),
      'config/settings/local.py': 'DEBUG = True\nALLOWED_HOSTS = ["*"]\n',
    });

  it('ignores a git-ignored local.py imported behind try/except ImportError', async () => {
    const { code, report } = await scanJson(withLocal('config/settings/local.py\n'));
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
  });

  it('applies a committed local.py imported behind try/except ImportError', async () => {
    const { code, report } = await scanJson(withLocal('*.pyc\n'));
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([
      debugAt('config/settings/local.py', 1),
      { ruleId: 'allowed-hosts-wildcard', file: 'config/settings/local.py', line: 2, level: 'warning' },
    ]);
  });

  it('finds a wsgi.py-only project in a subfolder, resolving modules from above its package', async () => {
    const root = writeRepo({
      'backend/config/__init__.py': '',
      'backend/config/wsgi.py': wsgiPy('config.settings'),
      'backend/config/settings.py': 'DEBUG = True\n',
    });
    const { report } = await scanJson(root);
    expect(report.findings.filter((f) => f.ruleId === 'debug-enabled').map((f) => f.file)).toEqual([
      'backend/config/settings.py',
    ]);
  });

  it('scans a wsgi.py-only project beside a manage.py project in a monorepo', async () => {
    const root = writeRepo({
      'api/manage.py': managePy('api.settings'),
      'api/api/__init__.py': '',
      'api/api/settings.py': 'DEBUG = True\n',
      'worker/config/__init__.py': '',
      'worker/config/wsgi.py': wsgiPy('config.settings'),
      'worker/config/settings.py': 'DEBUG = True\n',
    });
    const { report } = await scanJson(root);
    expect(report.findings.filter((f) => f.ruleId === 'debug-enabled').map((f) => f.file)).toEqual([
      'api/api/settings.py',
      'worker/config/settings.py',
    ]);
  });

  it('does not take a sibling folder with a longer name for a subfolder', async () => {
    const root = writeRepo({
      'app/manage.py': 'import sys\n',
      'app/config/__init__.py': '',
      'app/config/settings.py': 'DEBUG = True\n',
      'app2/config/__init__.py': '',
      'app2/config/wsgi.py': wsgiPy('config.nothing_here'),
    });
    const run = await cli([root, '--no-deploy-check']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no settings module for the project in app:');
  });
});
