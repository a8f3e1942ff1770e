// check --deploy on real Django imports what production's image holds: a settings module a Dockerfile copies
// into the settings package (taiga-back's `cp docker/config.py settings/config.py`) exists only in the image.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { scan, type ScanResult } from '../src/scan.js';
import { requireDjangoInstall } from './support/django-versions.js';
import { writeRepo } from './support/cli-harness.js';

const COMMON = `SECRET_KEY = "x" * 60 + "ab#$%^&*(12"
ALLOWED_HOSTS = ["example.org"]
INSTALLED_APPS = []
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
DEBUG = True
`;

const TAIGA_LIKE = {
  'manage.py': `import os, sys
if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.common")
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
`,
  'settings/__init__.py': '',
  'settings/common.py': COMMON,
  // Production's module: DEBUG off and HSTS on, so Django's own W004/W018 tell which module it imported.
  'docker/config.py': 'from .common import *\nDEBUG = False\nSECURE_HSTS_SECONDS = 31536000\n',
  'docker/Dockerfile': [
    'FROM python:3.12',
    'WORKDIR /taiga-back',
    'COPY . .',
    'RUN cp docker/config.py settings/config.py',
    'ENV DJANGO_SETTINGS_MODULE=settings.config',
    'CMD ["gunicorn", "taiga.wsgi"]',
    '',
  ].join('\n'),
};

describe('check --deploy with a settings module only the image holds', () => {
  let result: ScanResult;

  beforeAll(async () => {
    const install = requireDjangoInstall('4.2');
    result = await scan({
      path: writeRepo(TAIGA_LIKE),
      environment: new Map(),
      processEnvironment: { PATH: process.env.PATH ?? '', PYTHONPATH: install.pythonpath, PYTHONNOUSERSITE: '1' },
      deployCheck: true,
      python: install.python,
    });
  }, 60_000);

  it('imports the copied file as settings.config, so Django judges what production runs', () => {
    expect(result.projects.map((p) => [p.settingsModule, p.settingsFile, p.chosenBy])).toEqual([
      ['settings.config', 'docker/config.py', 'docker/Dockerfile:5'],
    ]);
    expect(result.deployChecks.map((run) => run.outcome)).toEqual(['ran']);
    expect(result.findings.map((f) => f.ruleId)).not.toContain('deploy-check-failed');
    const transcript = result.deployChecks[0]!.transcript;
    expect(transcript).toContain('System check identified');
    // DEBUG off and HSTS set in docker/config.py: Django raised neither W018 nor W004, but still W008.
    expect(transcript).not.toContain('security.W018');
    expect(transcript).not.toContain('security.W004');
    expect(transcript).toContain('security.W008');
  });
});

const LOCAL_BEHIND_TRY = {
  'manage.py': TAIGA_LIKE['manage.py'].replace('settings.common', 'site_settings'),
  'site_settings/__init__.py':
    'from .base import *\ntry:\n    from .local import *\nexcept ImportError:\n    from .production import *\n',
  'site_settings/base.py': COMMON.replace('DEBUG = True\n', ''),
  // A developer's module, in the checkout but kept out of the image by .dockerignore.
  'site_settings/local.py': 'DEBUG = True\n',
  'site_settings/production.py': 'DEBUG = False\nSECURE_HSTS_SECONDS = 31536000\n',
  '.dockerignore': 'site_settings/local.py\n',
  Dockerfile: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nENV DJANGO_SETTINGS_MODULE=site_settings\n',
};

describe('check --deploy with a module the image leaves out', () => {
  let result: ScanResult;

  beforeAll(async () => {
    const install = requireDjangoInstall('4.2');
    result = await scan({
      path: writeRepo(LOCAL_BEHIND_TRY),
      environment: new Map(),
      processEnvironment: { PATH: process.env.PATH ?? '', PYTHONPATH: install.pythonpath, PYTHONNOUSERSITE: '1' },
      deployCheck: true,
      python: install.python,
    });
  }, 60_000);

  it('cannot import it, so try/except ImportError falls back to production as in the image', () => {
    expect(result.deployChecks.map((run) => run.outcome)).toEqual(['ran']);
    const transcript = result.deployChecks[0]!.transcript;
    expect(transcript).not.toContain('security.W018');
    expect(transcript).not.toContain('security.W004');
    expect(result.findings.map((f) => f.ruleId)).not.toContain('debug-enabled');
  });
});
