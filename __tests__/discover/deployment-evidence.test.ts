// Deployment evidence from servers, CI, documentation, env files; what is read and how it fails.
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  isDeploymentFile,
  isDocumentationFile,
  moduleLook,
  readSettingsEvidence,
} from '../../src/discover/deployment-evidence.js';
import { IgnoreRules } from '../../src/discover/ignore-rules.js';
import { walkPythonFiles } from '../../src/discover/python-files.js';
import { writeTree } from '../support/settings-harness.js';
import { runCases } from './evidence-cases.js';

describe('servers: systemd, gunicorn, uwsgi, supervisor, Elastic Beanstalk', () => {
  runCases([
    {
      name: 'systemd Environment= plain and quoted with several assignments, ExecStart with --settings',
      files: {
        'deploy/gunicorn.service': [
          '[Service]',
          'Environment=DJANGO_SETTINGS_MODULE=site.settings.production',
          'Environment="LANG=C.UTF-8" "DJANGO_SETTINGS_MODULE=site.settings.production"',
          'ExecStartPre=/srv/venv/bin/python manage.py migrate --settings=site.settings.production',
          '# Environment=DJANGO_SETTINGS_MODULE=site.settings.dev',
        ].join('\n'),
      },
      expected: [
        'deploy/gunicorn.service:2 site.settings.production systemd production',
        'deploy/gunicorn.service:3 site.settings.production systemd production',
        'deploy/gunicorn.service:4 site.settings.production systemd production',
      ],
    },
    {
      name: 'gunicorn.conf.py raw_env and os.environ',
      files: {
        'gunicorn.conf.py': [
          'import os',
          'bind = "0.0.0.0:8000"',
          'raw_env = ["DJANGO_SETTINGS_MODULE=site.settings.production", "LANG=C"]',
          'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings.production")',
          'os.environ["DJANGO_SETTINGS_MODULE"] = "site.settings.production"',
          '# raw_env = ["DJANGO_SETTINGS_MODULE=site.settings.dev"]',
          'DJANGO_SETTINGS_MODULE = settings_module',
          'raw_env = [f"DJANGO_SETTINGS_MODULE={settings_module}"]',
        ].join('\n'),
      },
      expected: [
        'gunicorn.conf.py:3 site.settings.production gunicorn production',
        'gunicorn.conf.py:4 site.settings.production gunicorn production',
        'gunicorn.conf.py:5 site.settings.production gunicorn production',
      ],
    },
    {
      name: 'uwsgi ini env and yaml env',
      files: {
        'uwsgi.ini':
          '[uwsgi]\nmodule = site.wsgi\nenv = DJANGO_SETTINGS_MODULE=site.settings.production\n; env = DJANGO_SETTINGS_MODULE=site.settings.dev\n',
        'conf/uwsgi.yaml': 'uwsgi:\n  env:\n    - DJANGO_SETTINGS_MODULE=site.settings.production\n',
      },
      expected: ['uwsgi.ini:3 site.settings.production uwsgi production'],
    },
    {
      name: 'uwsgi yaml',
      files: { 'conf/uwsgi.yaml': 'uwsgi:\n  env:\n    - DJANGO_SETTINGS_MODULE=site.settings.production\n' },
      expected: ['conf/uwsgi.yaml:3 site.settings.production uwsgi production'],
    },
    {
      name: 'uwsgi xml',
      files: {
        'deploy/uwsgi.xml':
          '<uwsgi>\n  <module>site.wsgi</module>\n  <env>DJANGO_SETTINGS_MODULE=site.settings.production</env>\n</uwsgi>\n',
      },
      expected: ['deploy/uwsgi.xml:3 site.settings.production uwsgi production'],
    },
    {
      name: 'supervisor environment= with several variables',
      files: {
        'etc/supervisor/site.conf':
          '[program:web]\ncommand=/srv/venv/bin/gunicorn site.wsgi\nenvironment=LANG="C",DJANGO_SETTINGS_MODULE="site.settings.production"\n',
      },
      expected: ['etc/supervisor/site.conf:3 site.settings.production supervisor production'],
    },
    {
      name: 'Elastic Beanstalk option_settings as a map and as a list',
      files: {
        '.ebextensions/django.config': [
          'option_settings:',
          '  aws:elasticbeanstalk:application:environment:',
          '    DJANGO_SETTINGS_MODULE: ebdjango.settings.production',
          '  - namespace: aws:elasticbeanstalk:application:environment',
          '    option_name: DJANGO_SETTINGS_MODULE',
          '    value: ebdjango.settings.production',
        ].join('\n'),
      },
      // The file mixes a map and a list (invalid YAML): line reading still finds the map entry and the pair.
      expected: [
        '.ebextensions/django.config:3 ebdjango.settings.production elastic-beanstalk production',
        '.ebextensions/django.config:6 ebdjango.settings.production elastic-beanstalk production',
      ],
    },
    {
      name: 'Elastic Beanstalk option_settings list',
      files: {
        '.ebextensions/01-django.config': [
          'option_settings:',
          '  - namespace: aws:elasticbeanstalk:application:environment',
          '    option_name: DJANGO_SETTINGS_MODULE',
          '    value: ebdjango.settings.production',
        ].join('\n'),
      },
      expected: ['.ebextensions/01-django.config:4 ebdjango.settings.production elastic-beanstalk production'],
    },
    {
      name: 'a .platform hook',
      files: {
        '.platform/hooks/postdeploy/01_migrate.sh':
          '#!/bin/bash\nsource /var/app/venv/*/bin/activate\npython manage.py migrate --settings=ebdjango.settings.production\n',
      },
      expected: [
        '.platform/hooks/postdeploy/01_migrate.sh:3 ebdjango.settings.production elastic-beanstalk production',
      ],
    },
  ]);
});

describe('CI configuration', () => {
  runCases([
    {
      name: 'GitHub workflow job env (bakerydemo)',
      files: {
        '.github/workflows/ci.yml': [
          'on: [push]',
          'jobs:',
          '  test:',
          '    runs-on: ubuntu-latest',
          '    env:',
          '      DJANGO_SETTINGS_MODULE: bakerydemo.settings.test',
          '    steps:',
          '      - run: python manage.py check --deploy --settings=bakerydemo.settings.production',
        ].join('\n'),
      },
      expected: [
        '.github/workflows/ci.yml:6 bakerydemo.settings.test ci test',
        '.github/workflows/ci.yml:8 bakerydemo.settings.production ci test',
      ],
    },
    {
      name: 'a block scalar run step: each command keeps its own line',
      files: {
        '.github/workflows/deploy-check.yml': [
          'on: push',
          'jobs:',
          '  check:',
          '    steps:',
          '      - run: |',
          '          pip install -r requirements.txt',
          '          python manage.py check --deploy --settings=shop.settings.production',
          '          DJANGO_SETTINGS_MODULE=shop.settings.production python manage.py collectstatic',
        ].join('\n'),
      },
      expected: [
        '.github/workflows/deploy-check.yml:7 shop.settings.production ci test',
        '.github/workflows/deploy-check.yml:8 shop.settings.production ci test',
      ],
    },
    {
      name: '.gitlab-ci.yml variables',
      files: {
        '.gitlab-ci.yml': 'test:\n  variables:\n    DJANGO_SETTINGS_MODULE: "app.settings.ci"\n  script: pytest\n',
      },
      expected: ['.gitlab-ci.yml:3 app.settings.ci ci test'],
    },
    {
      name: 'tox.ini setenv',
      files: { 'tox.ini': '[testenv]\nsetenv =\n    DJANGO_SETTINGS_MODULE = app.settings.test\ncommands = pytest\n' },
      expected: ['tox.ini:3 app.settings.test ci test'],
    },
    {
      name: 'pytest.ini (kuma)',
      files: { 'pytest.ini': '[pytest]\naddopts = -rsxX\nDJANGO_SETTINGS_MODULE = kuma.settings.pytest\n' },
      expected: ['pytest.ini:3 kuma.settings.pytest ci test'],
    },
    {
      name: 'setup.cfg [tool:pytest] with --ds',
      files: { 'setup.cfg': '[metadata]\nname = app\n\n[tool:pytest]\naddopts = --ds=app.settings.test --reuse-db\n' },
      expected: ['setup.cfg:5 app.settings.test ci test'],
    },
    {
      name: 'pyproject [tool.pytest.ini_options] (paperless-ngx)',
      files: {
        'pyproject.toml':
          '[project]\nname = "paperless"\n\n[tool.pytest.ini_options]\nDJANGO_SETTINGS_MODULE = "paperless.settings"\n',
      },
      expected: ['pyproject.toml:5 paperless.settings ci test'],
    },
  ]);
});

describe('documentation and templates', () => {
  runCases([
    {
      name: 'a deployment section of a README: export in a code block',
      files: {
        'README.md': [
          '# Blog',
          '## Development',
          '```sh',
          'export DJANGO_SETTINGS_MODULE=blog.settings.dev',
          '```',
          '## Deploying to production',
          '```sh',
          'export DJANGO_SETTINGS_MODULE=blog.settings.production',
          'gunicorn blog.wsgi',
          '```',
        ].join('\n'),
      },
      expected: [
        'README.md:4 blog.settings.dev documentation development',
        'README.md:8 blog.settings.production documentation production',
      ],
    },
    {
      name: 'reStructuredText: an indented literal block under an underlined heading (cookiecutter-django docs)',
      files: {
        'docs/3-deployment/deployment-on-heroku.rst': [
          'Deployment on Heroku',
          '====================',
          '',
          'Run these commands::',
          '',
          '    heroku config:set DJANGO_SETTINGS_MODULE=config.settings.production',
        ].join('\n'),
      },
      expected: ['docs/3-deployment/deployment-on-heroku.rst:6 config.settings.production documentation production'],
    },
    {
      name: 'reStructuredText: a code-block directive indented by three spaces, then prose again',
      files: {
        'docs/deploying.rst': [
          'Production server',
          '-----------------',
          '',
          '.. code-block:: python',
          '',
          '   os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings.production")',
          '',
          'Then DJANGO_SETTINGS_MODULE: mysite is read from "DJANGO_SETTINGS_MODULE", "a.b" as prose.',
        ].join('\n'),
      },
      expected: ['docs/deploying.rst:6 mysite.settings.production documentation production'],
    },
    {
      name: 'prose: only a tight assignment or a Django command with --settings counts',
      files: {
        'docs/configure.md': [
          'For dynaconf, set `DJANGO_SETTINGS_MODULE` to the settings module location.',
          'E.g, `export DJANGO_SETTINGS_MODULE=pulpcore.app.settings`.',
          'DJANGO_SETTINGS_MODULE: the module Django loads.',
          'Run `python manage.py migrate --settings=pulpcore.app.settings`.',
          'The editor takes `--settings config.json`.',
        ].join('\n'),
      },
      expected: [
        'docs/configure.md:2 pulpcore.app.settings documentation neutral',
        'docs/configure.md:4 pulpcore.app.settings documentation neutral',
      ],
    },
    {
      name: 'an env template (.env.example) and a folder of templates (lasuite-docs env.d/production.dist)',
      files: {
        '.env.example': '# copy to .env\nDJANGO_SETTINGS_MODULE=shop.settings.local\n',
      },
      expected: ['.env.example:2 shop.settings.local documentation neutral'],
    },
    {
      name: 'a folder of templates for production',
      files: {
        'env.d/production.dist/backend':
          'DJANGO_ALLOWED_HOSTS=${DOCS_HOST}\nDJANGO_SECRET_KEY=<generate a random key>\nDJANGO_SETTINGS_MODULE=impress.settings\n',
      },
      expected: ['env.d/production.dist/backend:3 impress.settings documentation production'],
    },
    {
      name: 'must not flag: placeholders and shell references',
      files: {
        'docs/install.md': [
          '```',
          'export DJANGO_SETTINGS_MODULE=<your project>.settings',
          'export DJANGO_SETTINGS_MODULE=$PROJECT.settings',
          'echo $DJANGO_SETTINGS_MODULE',
          'os.environ["DJANGO_SETTINGS_MODULE"] = settings_module',
          'os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_module)',
          'DJANGO_SETTINGS_MODULE=%(project)s.settings',
          '```',
        ].join('\n'),
      },
      expected: [],
    },
  ]);
});

describe('env files and scripts', () => {
  runCases([
    {
      name: 'a committed env file',
      files: { 'env.d/development/common': '# dev\nDJANGO_SETTINGS_MODULE=impress.settings\n' },
      expected: ['env.d/development/common:2 impress.settings env-file development'],
    },
    {
      name: 'an entrypoint script',
      files: {
        'docker/entrypoint.sh':
          '#!/bin/sh\n# export DJANGO_SETTINGS_MODULE=x.dev\nexport DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-shop.settings.docker}"\nexec gunicorn --env DJANGO_SETTINGS_MODULE=shop.settings.docker shop.wsgi\n',
      },
      expected: ['docker/entrypoint.sh:4 shop.settings.docker script neutral'],
    },
  ]);
});

describe('another variable: DJANGO_CONFIGURATION (django-configurations)', () => {
  runCases([
    {
      name: 'a Dockerfile ENV and a Procfile --configuration option',
      variable: 'DJANGO_CONFIGURATION',
      files: {
        Dockerfile: 'FROM python\nENV DJANGO_SETTINGS_MODULE=impress.settings DJANGO_CONFIGURATION=Production\n',
      },
      expected: ['Dockerfile:2 Production Dockerfile production'],
    },
    {
      name: 'a Procfile --configuration option',
      variable: 'DJANGO_CONFIGURATION',
      files: { Procfile: 'release: python manage.py migrate --configuration=Production\n' },
      expected: ['Procfile:1 Production Procfile production'],
    },
    {
      name: "a Helm values key and a compose map (lasuite-docs' shapes)",
      variable: 'DJANGO_CONFIGURATION',
      files: {
        'src/helm/values.yaml':
          'backend:\n  envVars:\n    DJANGO_CONFIGURATION: Feature\n    DJANGO_SETTINGS_MODULE: impress.settings\n',
      },
      expected: ['src/helm/values.yaml:3 Feature helm production'],
    },
    {
      name: 'must not flag: the settings module when the configuration is asked for',
      variable: 'DJANGO_CONFIGURATION',
      files: {
        'docker-compose.yml': 'services:\n  web:\n    command: manage.py runserver --settings=impress.settings\n',
      },
      expected: [],
    },
  ]);
});

describe('robustness', () => {
  it('reads nothing from binary, oversized, missing or unreadable files, and never throws', () => {
    const root = writeTree({
      Dockerfile: 'FROM python\nENV DJANGO_SETTINGS_MODULE=a.b\n\u0000\u0001',
      'docker-compose.yml': `services:\n  web:\n    environment:\n      DJANGO_SETTINGS_MODULE: a.b\n${'#'.repeat(1024 * 1024)}\n`,
      'app.json': '{"env": {"DJANGO_SETTINGS_MODULE": ',
      'fly.toml': '[env\nDJANGO_SETTINGS_MODULE = "a.b"\n',
    });
    mkdirSync(join(root, 'k8s.yaml'));
    expect(readSettingsEvidence(join(root, 'Dockerfile'), root)).toEqual([]);
    expect(readSettingsEvidence(join(root, 'docker-compose.yml'), root)).toEqual([]);
    expect(readSettingsEvidence(join(root, 'missing/Dockerfile'), root)).toEqual([]);
    expect(readSettingsEvidence(join(root, 'k8s.yaml'), root)).toEqual([]);
    // Broken JSON and TOML are still read line by line.
    expect(readSettingsEvidence(join(root, 'app.json'), root)).toEqual([]);
    expect(readSettingsEvidence(join(root, 'fly.toml'), root).map((item) => item.module)).toEqual(['a.b']);
  });

  it('never throws on garbage in any file shape, and finds only dotted names in it', () => {
    // A fixed pseudo-random sequence: the same garbage on every run.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const alphabet = 'DJANGO_SETTINGS_MODULE=:-"\'{}[]$%<>\\\n\t #;,.ab--settings ';
    const garbage = () => Array.from({ length: 400 }, () => alphabet[next() % alphabet.length]).join('');
    const paths = [
      'Dockerfile',
      'docker-compose.yml',
      'Procfile',
      'app.json',
      'fly.toml',
      'k8s/web.yaml',
      'charts/x/templates/_helpers.tpl',
      'deploy/x.service',
      'gunicorn.conf.py',
      'uwsgi.ini',
      'supervisor.conf',
      '.ebextensions/x.config',
      '.github/workflows/ci.yml',
      'tox.ini',
      'pyproject.toml',
      'README.md',
      'docs/x.rst',
      '.env.example',
      '.envs/.production/.django',
      'entrypoint.sh',
    ];
    for (let round = 0; round < 5; round++) {
      const root = writeTree(Object.fromEntries(paths.map((path) => [path, garbage()])));
      for (const path of paths) {
        const evidence = readSettingsEvidence(join(root, path), root);
        expect(evidence).toBeInstanceOf(Array);
        for (const item of evidence) expect(item.module).toMatch(/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/);
      }
    }
  });

  it('reads odd encodings without throwing (a UTF-8 BOM, Latin-1 bytes, CRLF line endings)', () => {
    const root = writeTree({});
    const text = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('FROM python AS dev\r\n# caf\xe9\r\nENV DJANGO_SETTINGS_MODULE=a.dev\r\n', 'latin1'),
      Buffer.from('FROM python\r\nENV DJANGO_SETTINGS_MODULE=a.prod\r\n'),
    ]);
    writeFileSync(join(root, 'Dockerfile'), text);
    expect(
      readSettingsEvidence(join(root, 'Dockerfile'), root).map((item) => `${item.line} ${item.module} ${item.look}`),
    ).toEqual(['3 a.dev development', '5 a.prod production']);
  });
});

describe('which paths are read', () => {
  const deployment: [string, boolean][] = [
    ['Dockerfile', true],
    ['docker/images/kuma/Dockerfile', true],
    ['Dockerfile.prod', true],
    ['prod.Dockerfile', true],
    ['Containerfile', true],
    ['docker-compose.yml', true],
    ['compose.override.yaml', true],
    ['production.yml', true],
    ['Procfile', true],
    ['app.json', true],
    ['app.yaml', true],
    ['fly.toml', true],
    ['render.yaml', true],
    ['k8s/base/deployment.yaml', true],
    ['charts/web/values.yaml', true],
    ['deploy/site.service', true],
    ['gunicorn.conf.py', true],
    ['config/gunicorn_conf.py', true],
    ['uwsgi.ini', true],
    ['supervisor/web.conf', true],
    ['.ebextensions/django.config', true],
    ['.platform/hooks/prebuild/01.sh', true],
    ['.github/workflows/test.yml', true],
    ['.gitlab-ci.yml', true],
    ['tox.ini', true],
    ['pytest.ini', true],
    ['setup.cfg', true],
    ['pyproject.toml', true],
    ['.envs/.production/.django', true],
    ['compose/production/django/start', true],
    ['deploy/task-definition.json', true],
    ['zappa_settings.json', true],
    ['infra/main.tf', true],
    ['envs/prod.tfvars', true],
    ['serverless.yml', true],
    ['railway.toml', true],
    ['vercel.json', true],
    ['.platform.app.yaml', true],
    ['unit/config.json', true],
    ['deploy/nginx-unit.json', true],
    ['frontend/community.json', false],
    ['ansible/roles/web/templates/gunicorn.service.j2', true],
    ['k8s/secrets.yaml.tpl', true],
    ['Dockerfile.example', false],
    ['.env.example', false],
    ['manage.py', false],
    ['app/settings.py', false],
    ['package.json', false],
    ['unittests/vcr/jira/cassette.yaml', false],
    ['app/fixtures/initial.yaml', false],
    ['README.md', false],
  ];
  it.each(deployment)('isDeploymentFile(%s) is %s', (path, expected) => {
    expect(isDeploymentFile(path)).toBe(expected);
  });

  const documentation: [string, boolean][] = [
    ['README.md', true],
    ['README', true],
    ['docs/deployment.rst', true],
    ['docs/install.txt', true],
    ['.env.example', true],
    ['env.example', true],
    ['config/settings.py.template', true],
    ['env.d/production.dist/backend', true],
    ['Dockerfile.example', true],
    ['CHANGES.md', false],
    ['docs/content/releases/os_upgrading/2.55.2.md', false],
    ['requirements.txt', false],
    ['Dockerfile', false],
  ];
  it.each(documentation)('isDocumentationFile(%s) is %s', (path, expected) => {
    expect(isDocumentationFile(path)).toBe(expected);
  });
});

describe('moduleLook', () => {
  const cases: [string, string][] = [
    ['kuma.settings.local', 'development'],
    ['djangoproject.settings.dev', 'development'],
    ['config.settings.development', 'development'],
    ['foo.test_settings', 'test'],
    ['foo.settings_test', 'test'],
    ['app.settings.tests', 'test'],
    ['app.settings.testing', 'test'],
    ['app.settings.ci', 'test'],
    ['kuma.settings.pytest', 'test'],
    ['kuma.settings.prod', 'production'],
    ['bakerydemo.settings.production', 'production'],
    ['site.settings.deploy', 'production'],
    ['site.settings.live', 'production'],
    ['site.settings.release', 'production'],
    ['site.prod_settings', 'production'],
    ['site.settings_dev', 'development'],
    ['djangoproject.settings.docker', 'neutral'],
    ['mysite.settings', 'neutral'],
    ['settings', 'neutral'],
    ['site.settings.staging', 'neutral'],
    ['production.settings.base', 'neutral'],
  ];
  it.each(cases)('moduleLook(%s) is %s', (module, expected) => {
    expect(moduleLook(module)).toBe(expected);
  });
});

describe('walkPythonFiles collects deployment files in the same walk', () => {
  it('lists deployment and documentation files, keeps .github and .platform, and applies the same ignore rules', () => {
    const root = writeTree({
      'manage.py': '',
      'site/settings.py': '',
      'gunicorn.conf.py': '',
      Dockerfile: '',
      'README.md': '',
      '.github/workflows/ci.yml': '',
      '.platform/hooks/postdeploy/01.sh': '',
      'deploy/k8s/web.yaml': '',
      'ignored/Dockerfile': '',
      'node_modules/pkg/README.md': '',
      '.venv/pyvenv.cfg': '',
      '.venv/Dockerfile': '',
      'package.json': '{}',
      '.gitignore': 'ignored/\n',
    });
    const walk = walkPythonFiles(root, new IgnoreRules(root));
    const relativeTo = (paths: string[]) => paths.map((path) => relative(root, path)).sort();
    expect(relativeTo(walk.pythonFiles)).toEqual(['gunicorn.conf.py', 'manage.py', 'site/settings.py']);
    expect(relativeTo(walk.manageFiles)).toEqual(['manage.py']);
    expect(relativeTo(walk.deploymentFiles)).toEqual([
      '.github/workflows/ci.yml',
      '.platform/hooks/postdeploy/01.sh',
      'Dockerfile',
      'README.md',
      'deploy/k8s/web.yaml',
      'gunicorn.conf.py',
    ]);
  });
});
