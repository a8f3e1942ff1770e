// Which settings module is judged: the evidence for the one production runs, strongest first, and the one
// remark naming the evidence that disagrees.
import { describe, expect, it } from '@jest/globals';
import { settingsDeclaration } from '../../src/discover/entry-points.js';
import {
  INSECURE_SETTINGS,
  SECURE_SETTINGS,
  judged,
  lineOf,
  managePy,
  scanRepo,
  settingsPackage,
  wsgiPy,
} from '../support/discovery-harness.js';

const debugFiles = (result: Awaited<ReturnType<typeof scanRepo>>['result']) =>
  result.findings.filter((f) => f.ruleId === 'debug-enabled').map((f) => f.file);

/** manage.py selects a neutral `base`; deployment files select `server`, the only module with DEBUG on. */
const project = {
  'manage.py': managePy('config.settings.base'),
  ...settingsPackage('config', { base: SECURE_SETTINGS, server: INSECURE_SETTINGS }),
};

const DEPLOYMENT_FILES: Array<[kind: string, path: string, text: string]> = [
  [
    'a Dockerfile',
    'Dockerfile',
    'FROM python:3.12\nENV DJANGO_SETTINGS_MODULE=config.settings.server\nCMD ["gunicorn", "config.wsgi"]\n',
  ],
  [
    'a Dockerfile in a subfolder',
    'docker/images/web/Dockerfile',
    'FROM python:3.12\nWORKDIR /app\nENV DJANGO_SETTINGS_MODULE config.settings.server\n',
  ],
  ['a Containerfile', 'Containerfile', 'FROM python:3.12\nENV DJANGO_SETTINGS_MODULE=config.settings.server\n'],
  [
    'a compose file',
    'docker-compose.yml',
    'services:\n  web:\n    build: .\n    environment:\n      DJANGO_SETTINGS_MODULE: config.settings.server\n',
  ],
  ['a Procfile', 'Procfile', 'web: DJANGO_SETTINGS_MODULE=config.settings.server gunicorn config.wsgi\n'],
  [
    'app.json',
    'app.json',
    '{\n  "env": {\n    "DJANGO_SETTINGS_MODULE": {\n      "value": "config.settings.server"\n    }\n  }\n}\n',
  ],
  ['app.yaml', 'app.yaml', 'runtime: python312\nenv_variables:\n  DJANGO_SETTINGS_MODULE: config.settings.server\n'],
  ['fly.toml', 'fly.toml', 'app = "site"\n\n[env]\n  DJANGO_SETTINGS_MODULE = "config.settings.server"\n'],
  [
    'render.yaml',
    'render.yaml',
    'services:\n  - type: web\n    name: site\n    envVars:\n      - key: DJANGO_SETTINGS_MODULE\n        value: config.settings.server\n',
  ],
  [
    'a Kubernetes manifest',
    'k8s/deployment.yaml',
    'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          env:\n            - name: DJANGO_SETTINGS_MODULE\n              value: config.settings.server\n',
  ],
  ['Helm values', 'charts/site/values.yaml', 'env:\n  DJANGO_SETTINGS_MODULE: config.settings.server\n'],
  [
    'a systemd unit',
    'deploy/site.service',
    '[Service]\nEnvironment=DJANGO_SETTINGS_MODULE=config.settings.server\nExecStart=/srv/venv/bin/gunicorn config.wsgi\n',
  ],
  [
    'a uwsgi config',
    'uwsgi.ini',
    '[uwsgi]\nmodule = config.wsgi\nenv = DJANGO_SETTINGS_MODULE=config.settings.server\n',
  ],
  [
    'an Elastic Beanstalk config',
    '.ebextensions/django.config',
    'option_settings:\n  aws:elasticbeanstalk:application:environment:\n    DJANGO_SETTINGS_MODULE: config.settings.server\n',
  ],
];

describe('settings choice: deployment files anywhere in the repository', () => {
  for (const [kind, path, text] of DEPLOYMENT_FILES) {
    it(`judges the module ${kind} sets over manage.py's`, async () => {
      const { result } = await scanRepo({ ...project, [path]: text });
      const line = lineOf(text, 'config.settings.server');
      expect(judged(result)).toEqual([
        { root: '', module: 'config.settings.server', chosenBy: `${path}:${line}`, judged: true },
      ]);
      expect(debugFiles(result)).toEqual(['config/settings/server.py']);
      // manage.py disagrees: one remark names it with its line.
      expect(result.remarks.filter((r) => r.includes('config.settings.base (manage.py:7)'))).toHaveLength(1);
    });
  }

  it("reads a compose env_file only when it ships: a developer's git-ignored env file is not evidence", async () => {
    const compose = 'services:\n  web:\n    build: .\n    env_file:\n      - .envs/web.env\n';
    const envFile = 'DJANGO_SETTINGS_MODULE=config.settings.server\n';
    const shipped = await scanRepo({ ...project, 'docker-compose.yml': compose, '.envs/web.env': envFile });
    expect(judged(shipped.result)[0]!.chosenBy).toBe('.envs/web.env:1');
    const ignored = await scanRepo({
      ...project,
      '.git/HEAD': '',
      '.gitignore': '.envs/\n',
      'docker-compose.yml': compose,
      '.envs/web.env': envFile,
    });
    expect(judged(ignored.result)).toEqual([
      { root: '', module: 'config.settings.base', chosenBy: 'manage.py:7', judged: true },
    ]);
  });

  it('judges production (kuma): a Dockerfile deep in docker/ over a manage.py that sets the development module', async () => {
    const dockerfile = [
      'FROM python:3.8-slim',
      'ARG UID=1000',
      'ENV PYTHONUNBUFFERED=1 \\',
      '    DJANGO_SETTINGS_MODULE=kuma.settings.prod',
      'WORKDIR /app',
      '',
    ].join('\n');
    const { result } = await scanRepo({
      'manage.py': managePy('kuma.settings.local'),
      'kuma/__init__.py': '',
      'kuma/settings/__init__.py': '',
      'kuma/settings/common.py': SECURE_SETTINGS,
      'kuma/settings/local.py': 'from .common import *\nDEBUG = True\n',
      'kuma/settings/prod.py': 'from .common import *\nALLOWED_HOSTS = ["*"]\n',
      'docker/images/kuma/Dockerfile': dockerfile,
    });
    expect(judged(result)).toEqual([
      { root: '', module: 'kuma.settings.prod', chosenBy: 'docker/images/kuma/Dockerfile:4', judged: true },
    ]);
    expect(result.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual([
      'allowed-hosts-wildcard kuma/settings/prod.py',
    ]);
  });

  it('judges a module the checkout lacks when the Dockerfile naming it copies it into the settings package', async () => {
    const dockerfile = [
      'FROM python:3.12',
      'WORKDIR /app',
      'COPY . /app',
      'COPY docker/prod.py /app/config/settings/prod.py',
      'ENV DJANGO_SETTINGS_MODULE=config.settings.prod',
      '',
    ].join('\n');
    const { result } = await scanRepo({
      'manage.py': managePy('config.settings.base'),
      ...settingsPackage('config', { base: SECURE_SETTINGS }),
      'docker/prod.py': 'from .base import *\nALLOWED_HOSTS = ["*"]\n',
      Dockerfile: dockerfile,
    });
    expect(judged(result)).toEqual([
      { root: '', module: 'config.settings.prod', chosenBy: 'Dockerfile:5', judged: true },
    ]);
    expect(result.projects[0]!.settingsFile).toBe('docker/prod.py');
    expect(result.findings.map((f) => `${f.ruleId} ${f.file}`)).toContain('allowed-hosts-wildcard docker/prod.py');
  });

  it('prefers a production-looking deployment file over a neutral one found first', async () => {
    const { result } = await scanRepo({
      'manage.py': managePy('config.settings.base'),
      ...settingsPackage('config', { base: SECURE_SETTINGS, server: SECURE_SETTINGS, cluster: INSECURE_SETTINGS }),
      'bin/start.sh': '#!/bin/sh\nexport DJANGO_SETTINGS_MODULE=config.settings.server\nexec gunicorn config.wsgi\n',
      'k8s/web.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - env:\n            - name: DJANGO_SETTINGS_MODULE\n              value: config.settings.cluster\n',
    });
    expect(judged(result)).toEqual([
      { root: '', module: 'config.settings.cluster', chosenBy: 'k8s/web.yaml:9', judged: true },
    ]);
    const [remark] = result.remarks;
    expect(remark).toContain('config.settings.server (bin/start.sh:2)');
    expect(remark).toContain('config.settings.base (manage.py:7)');
    expect(result.remarks).toHaveLength(1);
  });

  it('does not take development or test deployment files for production', async () => {
    const { result } = await scanRepo({
      'manage.py': managePy('config.settings.base'),
      ...settingsPackage('config', { base: INSECURE_SETTINGS, dev: SECURE_SETTINGS, ci: SECURE_SETTINGS }),
      'docker-compose.dev.yml':
        'services:\n  web:\n    environment:\n      - DJANGO_SETTINGS_MODULE=config.settings.dev\n',
      '.github/workflows/test.yml':
        'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      DJANGO_SETTINGS_MODULE: config.settings.ci\n    steps:\n      - run: pytest\n',
    });
    expect(judged(result)).toEqual([
      { root: '', module: 'config.settings.base', chosenBy: 'manage.py:7', judged: true },
    ]);
    expect(result.remarks).toHaveLength(1);
    expect(result.remarks[0]).toContain('config.settings.dev (docker-compose.dev.yml:4, development)');
    expect(result.remarks[0]).toContain('config.settings.ci (.github/workflows/test.yml:6, tests)');
  });

  it('does not take a module only a build step gets for what production runs', async () => {
    const dockerfile = [
      'FROM python:3.12',
      'COPY . /app',
      'RUN DJANGO_SETTINGS_MODULE=config.settings.server python manage.py collectstatic --noinput',
      'CMD ["gunicorn", "config.wsgi"]',
      '',
    ].join('\n');
    const { result } = await scanRepo({ ...project, Dockerfile: dockerfile });
    expect(judged(result)).toEqual([
      { root: '', module: 'config.settings.base', chosenBy: 'manage.py:7', judged: true },
    ]);
    expect(result.remarks).toHaveLength(1);
    expect(result.remarks[0]).toContain('config.settings.server (Dockerfile:3, a build step)');
  });

  it('reads a docker-named module that star-imports the development one as development (djangoproject.com)', async () => {
    const { result } = await scanRepo({
      'manage.py': managePy('djangoproject.settings.dev'),
      'djangoproject/__init__.py': '',
      'djangoproject/settings/__init__.py': '',
      'djangoproject/settings/common.py': SECURE_SETTINGS,
      'djangoproject/settings/dev.py': 'from .common import *  # noqa\nDEBUG = True\n',
      'djangoproject/settings/docker.py': 'from .dev import *  # noqa\nDATABASES = {}\n',
      'djangoproject/settings/prod.py': 'from .common import *  # noqa\nALLOWED_HOSTS = ["*"]\n',
      'docker-compose.yml':
        'services:\n  web:\n    build: .\n    environment:\n      - DJANGO_SETTINGS_MODULE=djangoproject.settings.docker\n',
    });
    expect(judged(result)).toEqual([
      { root: '', module: 'djangoproject.settings.prod', chosenBy: 'production sibling of manage.py:7', judged: true },
    ]);
    expect(result.remarks).toHaveLength(1);
    expect(result.remarks[0]).toContain(
      'the scan judges djangoproject.settings.prod, the production module beside the development default djangoproject.settings.dev',
    );
    expect(result.remarks[0]).toContain('djangoproject.settings.docker (docker-compose.yml:5, development)');
    expect(result.remarks[0]).toContain('djangoproject.settings.dev (manage.py:7, development)');
  });

  it('applies a deployment file only to the project whose sys.path resolves its module', async () => {
    const { result } = await scanRepo({
      'shop/manage.py': managePy('shop.settings.base'),
      ...settingsPackage('shop/shop', { base: SECURE_SETTINGS, prod: INSECURE_SETTINGS }),
      'blog/manage.py': managePy('blog.settings'),
      'blog/blog/__init__.py': '',
      'blog/blog/settings.py': SECURE_SETTINGS,
      'docker-compose.yml': 'services:\n  shop:\n    environment:\n      DJANGO_SETTINGS_MODULE: shop.settings.prod\n',
    });
    expect(judged(result)).toEqual([
      { root: 'blog', module: 'blog.settings', chosenBy: 'blog/manage.py:7', judged: true },
      { root: 'shop', module: 'shop.settings.prod', chosenBy: 'docker-compose.yml:4', judged: true },
    ]);
  });

  const dockerfileIn = (folder: string) => ({
    [`${folder}/Dockerfile`]: 'FROM python:3.12\nENV DJANGO_SETTINGS_MODULE=config.settings.prod\n',
  });

  it("does not apply a deployment file inside one project's folder to another project", async () => {
    const both = (name: string) => ({
      [`${name}/manage.py`]: managePy('config.settings.base'),
      ...settingsPackage(`${name}/config`, { base: SECURE_SETTINGS, prod: INSECURE_SETTINGS }),
    });
    const { result } = await scanRepo({
      ...both('shop'),
      ...both('blog'),
      ...dockerfileIn('shop'),
    });
    expect(judged(result)).toEqual([
      { root: 'blog', module: 'config.settings.base', chosenBy: 'blog/manage.py:7', judged: true },
      { root: 'shop', module: 'config.settings.prod', chosenBy: 'shop/Dockerfile:2', judged: true },
    ]);
    // Scanning one project's folder, the other project's deployment files are still read, and still its own.
    const blogOnly = await scanRepo({ ...both('shop'), ...both('blog'), ...dockerfileIn('shop') }, { path: 'blog' });
    expect(judged(blogOnly.result)).toEqual([
      { root: 'blog', module: 'config.settings.base', chosenBy: 'blog/manage.py:7', judged: true },
    ]);
  });

  it('reads deployment files anywhere in the repository when a subfolder is scanned', async () => {
    const { result } = await scanRepo(
      {
        'backend/manage.py': managePy('config.settings.base'),
        ...settingsPackage('backend/config', { base: SECURE_SETTINGS, prod: INSECURE_SETTINGS }),
        'docker/web/Dockerfile': 'FROM python:3.12\nENV DJANGO_SETTINGS_MODULE=config.settings.prod\n',
      },
      { path: 'backend' },
    );
    expect(judged(result)).toEqual([
      { root: 'backend', module: 'config.settings.prod', chosenBy: 'docker/web/Dockerfile:2', judged: true },
    ]);
  });
});

describe('settings choice: beside the development default', () => {
  it('judges settings/production.py beside the settings/dev.py manage.py sets', async () => {
    const { result } = await scanRepo({
      'manage.py': managePy('config.settings.dev'),
      ...settingsPackage('config', { dev: SECURE_SETTINGS, production: INSECURE_SETTINGS, test: SECURE_SETTINGS }),
    });
    expect(judged(result)).toEqual([
      { root: '', module: 'config.settings.production', chosenBy: 'production sibling of manage.py:7', judged: true },
    ]);
    expect(debugFiles(result)).toEqual(['config/settings/production.py']);
  });

  it('judges settings_prod beside settings_local', async () => {
    const { result } = await scanRepo({
      'manage.py': managePy('site.settings_local'),
      'site/__init__.py': '',
      'site/settings_local.py': SECURE_SETTINGS,
      'site/settings_prod.py': INSECURE_SETTINGS,
    });
    expect(judged(result)[0]).toMatchObject({ module: 'site.settings_prod' });
  });

  it('does not take a production-named module outside a settings package for settings', async () => {
    const { result } = await scanRepo({
      'manage.py': managePy('site.settings_dev'),
      'site/__init__.py': '',
      'site/settings_dev.py': SECURE_SETTINGS,
      'site/deploy.py': 'def deploy():\n    pass\n',
    });
    expect(judged(result)).toEqual([{ root: '', module: 'site.settings_dev', chosenBy: 'manage.py:7', judged: true }]);
  });

  it('keeps a default whose name does not say development, even with a production module beside it', async () => {
    const { result } = await scanRepo({
      'manage.py': managePy('config.settings.base'),
      ...settingsPackage('config', { base: SECURE_SETTINGS, production: INSECURE_SETTINGS }),
    });
    expect(judged(result)).toEqual([
      { root: '', module: 'config.settings.base', chosenBy: 'manage.py:7', judged: true },
    ]);
    expect(result.remarks).toEqual([]);
  });
});

describe('settings choice: entry points and documentation', () => {
  it.each<[string, string, { module: string; line: number } | undefined]>([
    ['setdefault', managePy('config.settings.dev'), { module: 'config.settings.dev', line: 7 }],
    [
      'setdefault over several lines',
      'import os\n\nos.environ.setdefault(\n    "DJANGO_SETTINGS_MODULE",\n    "config.settings.server",\n)\n',
      { module: 'config.settings.server', line: 5 },
    ],
    [
      'an assignment to os.environ, after a commented-out one',
      'import os\n# os.environ.setdefault("DJANGO_SETTINGS_MODULE", "old.settings")\nos.environ["DJANGO_SETTINGS_MODULE"] = \'site.settings\'\n',
      { module: 'site.settings', line: 3 },
    ],
    [
      'a template placeholder, kept as written',
      'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "{{ project_name }}.settings")\n',
      { module: '{{ project_name }}.settings', line: 2 },
    ],
    ['nothing', 'import sys\n', undefined],
  ])('reads the module an entry point declares: %s', (_, text, expected) => {
    expect(settingsDeclaration(text)).toEqual(expected);
  });

  it("judges wsgi.py's module over manage.py's development one", async () => {
    const { result } = await scanRepo({
      'manage.py': managePy('config.settings.dev'),
      'config/wsgi.py': wsgiPy('config.settings.server'),
      ...settingsPackage('config', { dev: SECURE_SETTINGS, server: INSECURE_SETTINGS }),
    });
    expect(judged(result)).toEqual([
      { root: '', module: 'config.settings.server', chosenBy: 'config/wsgi.py:5', judged: true },
    ]);
    expect(result.remarks).toHaveLength(1);
    expect(result.remarks[0]).toContain('config.settings.dev (manage.py:7, development)');
  });

  it('passes over a settings name manage.py builds at run time', async () => {
    const { result } = await scanRepo({
      'manage.py':
        'import os\nPROJECT = "config"\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "%s.settings.server" % PROJECT)\n',
      'config/wsgi.py': wsgiPy('config.settings.server'),
      ...settingsPackage('config', { server: INSECURE_SETTINGS }),
    });
    expect(judged(result)).toEqual([
      { root: '', module: 'config.settings.server', chosenBy: 'config/wsgi.py:5', judged: true },
    ]);
    expect(result.remarks).toEqual([]);
  });

  it("keeps manage.py's module when wsgi.py's is the development one", async () => {
    const { result } = await scanRepo({
      'manage.py': managePy('config.settings.server'),
      'config/wsgi.py': wsgiPy('config.settings.local'),
      ...settingsPackage('config', { local: SECURE_SETTINGS, server: INSECURE_SETTINGS }),
    });
    expect(judged(result)[0]).toMatchObject({ module: 'config.settings.server', chosenBy: 'manage.py:7' });
  });

  it("judges wsgi.py's module when manage.py's is not there, and says so", async () => {
    const { result } = await scanRepo({
      'manage.py': managePy('config.settings.gone'),
      'config/wsgi.py': wsgiPy('config.settings.server'),
      ...settingsPackage('config', { server: INSECURE_SETTINGS }),
    });
    expect(judged(result)).toEqual([
      { root: '', module: 'config.settings.server', chosenBy: 'config/wsgi.py:5', judged: true },
    ]);
    expect(result.remarks).toHaveLength(1);
    expect(result.remarks[0]).toContain('config.settings.gone (manage.py:7, not found)');
  });

  const undeclared = {
    'manage.py':
      'import sys\nfrom django.core.management import execute_from_command_line\nexecute_from_command_line(sys.argv)\n',
    ...settingsPackage('config', { base: SECURE_SETTINGS, production: INSECURE_SETTINGS }),
  };
  const readme = '# Site\n\nIn production:\n\n    export DJANGO_SETTINGS_MODULE=config.settings.production\n';

  it('reads the module from the documentation when no entry point sets one', async () => {
    const { result } = await scanRepo({ ...undeclared, 'README.md': readme });
    expect(judged(result)).toEqual([
      { root: '', module: 'config.settings.production', chosenBy: 'README.md:5', judged: true },
    ]);
  });

  it('does not let the documentation outrank an entry point', async () => {
    const { result } = await scanRepo({ ...project, 'README.md': readme.replace('production', 'server') });
    expect(judged(result)[0]).toMatchObject({ module: 'config.settings.base', chosenBy: 'manage.py:7' });
  });
});

describe('settings choice: what the user gives', () => {
  const withDockerfile = {
    ...project,
    'config/settings/given.py': SECURE_SETTINGS,
    Dockerfile: 'FROM python:3.12\nENV DJANGO_SETTINGS_MODULE=config.settings.server\n',
  };

  it('says --settings, the settings-module input or the config file, whichever gave the module', async () => {
    const cli = await scanRepo(withDockerfile, { settingsModule: 'config.settings.given' });
    expect(judged(cli.result)[0]).toMatchObject({ module: 'config.settings.given', chosenBy: '--settings' });
    const action = await scanRepo(withDockerfile, {
      settingsModule: 'config.settings.given',
      settingsModuleFrom: 'the settings-module input',
    });
    expect(judged(action.result)[0]).toMatchObject({ chosenBy: 'the settings-module input' });
    const config = await scanRepo({
      ...withDockerfile,
      '.django-security.yml': 'settings: config.settings.given\n',
    });
    expect(judged(config.result)[0]).toMatchObject({
      module: 'config.settings.given',
      chosenBy: 'the config file .django-security.yml',
    });
    expect(cli.result.remarks).toEqual([]);
  });

  it("does not take the scanner's environment for production's when it names a test or development module", async () => {
    const { result } = await scanRepo(
      { ...withDockerfile, 'config/settings/test.py': SECURE_SETTINGS },
      { processEnvironment: { DJANGO_SETTINGS_MODULE: 'config.settings.test' } },
    );
    expect(judged(result)[0]).toMatchObject({ module: 'config.settings.server', chosenBy: 'Dockerfile:2' });
    expect(result.remarks[0]).toContain('config.settings.test (DJANGO_SETTINGS_MODULE in the environment, tests)');
  });

  it('takes DJANGO_SETTINGS_MODULE of the given environment, then of the process, over deployment files', async () => {
    const given = await scanRepo(withDockerfile, {
      environment: new Map([['DJANGO_SETTINGS_MODULE', 'config.settings.given']]),
      processEnvironment: { DJANGO_SETTINGS_MODULE: 'config.settings.base' },
    });
    expect(judged(given.result)[0]).toMatchObject({
      module: 'config.settings.given',
      chosenBy: 'DJANGO_SETTINGS_MODULE in the given environment',
    });
    const processOnly = await scanRepo(withDockerfile, {
      processEnvironment: { DJANGO_SETTINGS_MODULE: 'config.settings.given' },
    });
    expect(judged(processOnly.result)[0]).toMatchObject({
      module: 'config.settings.given',
      chosenBy: 'DJANGO_SETTINGS_MODULE in the environment',
    });
  });
});
