import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { readSettingsEvidence } from '../../src/discover/deployment-evidence.js';
import { writeTree } from '../support/settings-harness.js';
import { runCases } from './evidence-cases.js';

describe('Dockerfiles and Containerfiles', () => {
  runCases([
    {
      name: "kuma's production image: a multi-variable ENV with a continuation line",
      files: {
        'docker/images/kuma/Dockerfile': [
          'FROM mdnwebdocs/kuma_base:latest',
          '',
          'ARG REVISION_HASH',
          '# Make the git commit hash permanently available within this image.',
          'ENV REVISION_HASH=$REVISION_HASH \\',
          '    DJANGO_SETTINGS_MODULE=kuma.settings.prod',
          '',
          'COPY --chown=kuma:kuma . /app',
        ].join('\n'),
      },
      expected: ['docker/images/kuma/Dockerfile:6 kuma.settings.prod Dockerfile production'],
    },
    {
      name: 'bakerydemo: ENV with two variables on one line',
      files: {
        Dockerfile:
          'FROM python:3.12-slim\nENV DJANGO_SETTINGS_MODULE=bakerydemo.settings.production DJANGO_DEBUG=off\n',
      },
      expected: ['Dockerfile:2 bakerydemo.settings.production Dockerfile production'],
    },
    {
      name: 'the legacy space form ENV KEY value',
      files: { Containerfile: 'FROM python\nENV DJANGO_SETTINGS_MODULE mysite.settings.prod\n' },
      expected: ['Containerfile:2 mysite.settings.prod Dockerfile production'],
    },
    {
      name: 'quoted values, and a comment line between continuation lines',
      files: {
        'deploy/Dockerfile.prod': [
          'FROM python:3.12',
          'ENV PYTHONUNBUFFERED=1 \\',
          '    # the settings production runs',
          '    DJANGO_SETTINGS_MODULE="shop.settings.production" \\',
          '    PORT=8000',
        ].join('\n'),
      },
      expected: ['deploy/Dockerfile.prod:4 shop.settings.production Dockerfile production'],
    },
    {
      name: 'a stage named dev looks like development, the final stage like production',
      files: {
        Dockerfile: [
          'FROM python:3.12 AS base',
          'RUN pip install -r requirements.txt',
          'FROM base AS dev',
          'ENV DJANGO_SETTINGS_MODULE=app.settings.dev',
          'FROM base AS test',
          'CMD ["pytest", "--ds=app.settings.test"]',
          'FROM base',
          'ENV DJANGO_SETTINGS_MODULE=app.settings.prod',
          'CMD ["gunicorn", "app.wsgi"]',
        ].join('\n'),
      },
      expected: [
        'Dockerfile:4 app.settings.dev Dockerfile development',
        'Dockerfile:6 app.settings.test Dockerfile test',
        'Dockerfile:8 app.settings.prod Dockerfile production',
      ],
    },
    {
      name: 'an ENV in a base stage that the final stage inherits looks like production',
      files: {
        'prod.Dockerfile': [
          'FROM python:3.12 AS base',
          'ENV DJANGO_SETTINGS_MODULE=app.settings',
          'FROM base AS builder',
          'RUN python manage.py collectstatic --noinput',
          'FROM base AS runtime',
          'CMD gunicorn app.wsgi',
        ].join('\n'),
      },
      expected: ['prod.Dockerfile:2 app.settings Dockerfile production'],
    },
    {
      name: 'a stage named production is production even when it is not the last',
      files: {
        'docker/django/Dockerfile': [
          'FROM python AS production',
          'ENV DJANGO_SETTINGS_MODULE=config.settings.production',
          'FROM python AS development',
          'ENV DJANGO_SETTINGS_MODULE=config.settings.local',
        ].join('\n'),
      },
      expected: [
        'docker/django/Dockerfile:2 config.settings.production Dockerfile production',
        'docker/django/Dockerfile:4 config.settings.local Dockerfile development',
      ],
    },
    {
      name: 'CMD, ENTRYPOINT and RUN with --settings and an environment prefix',
      files: {
        Dockerfile: [
          'FROM python:3.12',
          'ENTRYPOINT ["python", "manage.py", "--settings", "site.settings.live"]',
          'CMD python manage.py runserver --settings=site.settings.live',
          'CMD DJANGO_SETTINGS_MODULE=site.settings.live gunicorn site.wsgi',
        ].join('\n'),
      },
      expected: [
        'Dockerfile:2 site.settings.live Dockerfile production',
        'Dockerfile:3 site.settings.live Dockerfile production',
        'Dockerfile:4 site.settings.live Dockerfile production',
      ],
    },
    {
      name: "a RUN step's module serves the build (cookiecutter-django's compilemessages), not production",
      files: {
        'compose/production/django/Dockerfile': [
          'FROM python:3.12 AS python-run-stage',
          'RUN DATABASE_URL="postgres://dummy" \\',
          '  DJANGO_SETTINGS_MODULE="config.settings.test" \\',
          '  python manage.py compilemessages',
          'ENTRYPOINT ["/entrypoint"]',
        ].join('\n'),
      },
      expected: ['compose/production/django/Dockerfile:3 config.settings.test Dockerfile neutral build-only'],
    },
    {
      name: 'an ARG that ENV passes on is what the container runs',
      files: {
        Dockerfile: [
          'FROM python:3.12',
          'ARG DJANGO_SETTINGS_MODULE=portal.settings.production',
          'ENV DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE}',
        ].join('\n'),
      },
      expected: ['Dockerfile:2 portal.settings.production Dockerfile production'],
    },
    {
      name: 'a bare ARG is a build argument',
      files: { 'Dockerfile.build': 'FROM python:3.12\nARG DJANGO_SETTINGS_MODULE=portal.settings.build\nRUN make\n' },
      expected: ['Dockerfile.build:2 portal.settings.build Dockerfile neutral build-only'],
    },
    {
      name: 'a heredoc RUN script: its body lines keep their own line numbers; a later instruction is read again',
      files: {
        Dockerfile: [
          'FROM python:3.12',
          'RUN <<EOF',
          'pip install -r requirements.txt',
          'python manage.py collectstatic --noinput --settings=shop.settings.build',
          'EOF',
          'ENV DJANGO_SETTINGS_MODULE=shop.settings.production',
        ].join('\n'),
      },
      expected: [
        'Dockerfile:4 shop.settings.build Dockerfile neutral build-only',
        'Dockerfile:6 shop.settings.production Dockerfile production',
      ],
    },
    {
      name: "an example's Dockerfile: the final stage deploys nothing",
      files: { 'examples/blog/Dockerfile': 'FROM python\nENV DJANGO_SETTINGS_MODULE=blog.settings\n' },
      expected: ['examples/blog/Dockerfile:2 blog.settings Dockerfile neutral'],
    },
    {
      name: 'a Dockerfile whose name says development looks like development in every stage',
      files: { 'Dockerfile.dev': 'FROM python\nENV DJANGO_SETTINGS_MODULE=app.settings.docker\n' },
      expected: ['Dockerfile.dev:2 app.settings.docker Dockerfile development'],
    },
    {
      name: 'must not flag: a comment, a variable reference, a template value, a pass-through',
      files: {
        Dockerfile: [
          'FROM python',
          '# ENV DJANGO_SETTINGS_MODULE=app.settings.prod',
          'ENV DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE}',
          'ENV DJANGO_SETTINGS_MODULE=$SETTINGS',
          'ENV DJANGO_SETTINGS_MODULE={{ settings_module }}',
          'ENV DJANGO_SETTINGS_MODULE=app.settings.${ENVIRONMENT}',
          'RUN echo "$DJANGO_SETTINGS_MODULE" && test -n "${DJANGO_SETTINGS_MODULE:-app.settings}"',
          'LABEL description="sets DJANGO_SETTINGS_MODULE=app.settings.label"',
        ].join('\n'),
      },
      expected: [],
    },
  ]);
});

describe('compose files', () => {
  runCases([
    {
      name: 'environment as a list (djangoproject.com)',
      files: {
        'docker-compose.yml': [
          'services:',
          '    web:',
          '        command: python manage.py runserver 0.0.0.0:8000',
          '        environment:',
          '            - SECRET_KEY=foo',
          '            - DJANGO_SETTINGS_MODULE=djangoproject.settings.docker',
        ].join('\n'),
      },
      expected: ['docker-compose.yml:6 djangoproject.settings.docker compose neutral'],
    },
    {
      name: 'environment as a map (bakerydemo)',
      files: {
        'docker-compose.yml': [
          'services:',
          '  app:',
          '    environment:',
          '      DATABASE_URL: postgres://app_user:changeme@db/app_db',
          '      DJANGO_SETTINGS_MODULE: bakerydemo.settings.dev',
        ].join('\n'),
      },
      expected: ['docker-compose.yml:5 bakerydemo.settings.dev compose neutral'],
    },
    {
      name: 'the file name and the service name decide the look',
      files: {
        'docker-compose.dev.yml': [
          'services:',
          '  web:',
          '    environment:',
          '      DJANGO_SETTINGS_MODULE: shop.settings',
          '  test:',
          '    command: pytest --ds=shop.settings_test',
        ].join('\n'),
      },
      expected: [
        'docker-compose.dev.yml:4 shop.settings compose development',
        'docker-compose.dev.yml:6 shop.settings_test compose test',
      ],
    },
    {
      name: "a production compose file (cookiecutter's production.yml) and a command with --settings",
      files: {
        'production.yml': [
          "version: '3'",
          'services:',
          '  django:',
          '    command: /start --settings=config.settings.production',
        ].join('\n'),
      },
      expected: ['production.yml:4 config.settings.production compose production'],
    },
    {
      name: 'a block merged into services is found at its anchor, once per service look',
      files: {
        'compose.yaml': [
          'x-django: &django',
          '  environment:',
          '    DJANGO_SETTINGS_MODULE: site.settings.docker',
          'services:',
          '  web:',
          '    <<: *django',
          '  ci:',
          '    <<: *django',
        ].join('\n'),
      },
      expected: [
        'compose.yaml:3 site.settings.docker compose neutral',
        'compose.yaml:3 site.settings.docker compose test',
      ],
    },
    {
      name: "env_file pointing at a committed env file (cookiecutter's .envs/.production/.django)",
      files: {
        'docker-compose.production.yml': [
          'services:',
          '  django:',
          '    build: .',
          '    env_file:',
          '      - ./.envs/.production/.django',
          '      - ./.envs/.production/.postgres',
          '      - ./.envs/.production/missing',
        ].join('\n'),
        '.envs/.production/.django': [
          '# General',
          '# DJANGO_SETTINGS_MODULE=config.settings.local',
          'DJANGO_SETTINGS_MODULE=config.settings.production',
        ].join('\n'),
        '.envs/.production/.postgres': 'POSTGRES_HOST=postgres\n',
      },
      expected: ['.envs/.production/.django:3 config.settings.production compose production'],
    },
    {
      name: 'env_file as a string and as {path:}; the env file path decides when the rest says nothing',
      files: {
        'docker-compose.yml': [
          'services:',
          '  web:',
          '    env_file: envs/production.env',
          '  worker:',
          '    env_file:',
          '      - path: envs/local.env',
          '        required: false',
        ].join('\n'),
        'envs/production.env': 'DJANGO_SETTINGS_MODULE=app.settings.prod\n',
        'envs/local.env': 'export DJANGO_SETTINGS_MODULE="app.settings.local"\n',
      },
      expected: [
        'envs/local.env:1 app.settings.local compose development',
        'envs/production.env:1 app.settings.prod compose production',
      ],
    },
    {
      name: "a service's build target and profiles say development or tests",
      files: {
        'docker-compose.yml': [
          'services:',
          '  web:',
          '    build:',
          '      context: .',
          '      target: development',
          '    environment:',
          '      DJANGO_SETTINGS_MODULE: shop.settings',
          '  browser:',
          '    profiles: [testing]',
          '    environment:',
          '      - DJANGO_SETTINGS_MODULE=shop.settings',
          '  app:',
          '    build:',
          '      context: .',
          '      target: runtime',
          '    environment:',
          '      DJANGO_SETTINGS_MODULE: shop.settings',
        ].join('\n'),
      },
      expected: [
        'docker-compose.yml:7 shop.settings compose development',
        'docker-compose.yml:11 shop.settings compose test',
        'docker-compose.yml:17 shop.settings compose neutral',
      ],
    },
    {
      name: 'a command written as a list puts --settings and its value in two items',
      files: {
        'docker-compose.prod.yml': [
          'services:',
          '  migrate:',
          '    command: ["python", "manage.py", "migrate", "--settings", "shop.settings.production"]',
          '  web:',
          '    command:',
          '      - python',
          '      - manage.py',
          '      - runserver',
          '      - --settings',
          '      - shop.settings.production',
          '  worker:',
          '    command: ["celery", "--settings=shop.settings.production"]',
        ].join('\n'),
      },
      expected: [
        'docker-compose.prod.yml:3 shop.settings.production compose production',
        'docker-compose.prod.yml:10 shop.settings.production compose production',
        'docker-compose.prod.yml:12 shop.settings.production compose production',
      ],
    },
    {
      name: 'broken YAML falls back to line reading',
      files: {
        'docker-compose.yml':
          'services:\n  web:\n    environment:\n      - DJANGO_SETTINGS_MODULE=app.settings\n   bad: [indent\n',
      },
      expected: ['docker-compose.yml:4 app.settings compose neutral'],
    },
    {
      name: 'must not flag: pass-through variables, defaults from the shell, other variables (valid YAML)',
      files: {
        'docker-compose.yml': [
          'services:',
          '  web:',
          '    environment:',
          '      DJANGO_SETTINGS_MODULE:',
          '      SETTINGS: ${DJANGO_SETTINGS_MODULE:-app.settings.dev}',
          '  worker:',
          '    environment:',
          '      - DJANGO_SETTINGS_MODULE',
          '      - OTHER_DJANGO_SETTINGS_MODULE=app.settings.other',
          '      - DJANGO_SETTINGS_MODULE=${SETTINGS}',
          '    command: celery --settings=${SETTINGS}',
        ].join('\n'),
      },
      expected: [],
    },
    {
      name: 'must not flag: variable defaults, comments, other variables',
      files: {
        'docker-compose.yml': [
          'services:',
          '  web:',
          '    environment:',
          '      # DJANGO_SETTINGS_MODULE: app.settings.prod',
          '      DJANGO_SETTINGS_MODULE: ${DJANGO_SETTINGS_MODULE:-app.settings.dev}',
          '      - OTHER_DJANGO_SETTINGS_MODULE=app.settings.other',
        ].join('\n'),
      },
      expected: [],
    },
  ]);
});

describe('compose env files that do not ship', () => {
  it('skips an env_file the scan does not ship (a git-ignored .env), and reads it when every file counts', () => {
    const root = writeTree({
      'docker-compose.yml': 'services:\n  web:\n    env_file: .env\n',
      '.env': 'DJANGO_SETTINGS_MODULE=shop.settings.local\n',
    });
    const compose = join(root, 'docker-compose.yml');
    const ignored = join(root, '.env');
    expect(readSettingsEvidence(compose, root, { isShipped: (path) => path !== ignored })).toEqual([]);
    expect(readSettingsEvidence(compose, root).map((item) => `${item.line} ${item.module} ${item.kind}`)).toEqual([
      '1 shop.settings.local compose',
    ]);
  });
});

describe('where in the file', () => {
  it('names the Dockerfile stage and the compose service an item comes from', () => {
    const root = writeTree({
      Dockerfile:
        'FROM python AS dev\nENV DJANGO_SETTINGS_MODULE=a.dev\nFROM python\nENV DJANGO_SETTINGS_MODULE=a.prod\n',
      'docker-compose.yml': 'services:\n  web:\n    environment:\n      - DJANGO_SETTINGS_MODULE=a.docker\n',
    });
    const contexts = (file: string) => readSettingsEvidence(join(root, file), root).map((item) => item.context ?? '-');
    expect(contexts('Dockerfile')).toEqual(['dev', '-']);
    expect(contexts('docker-compose.yml')).toEqual(['web']);
  });
});
