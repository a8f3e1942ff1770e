// Deployment evidence from platform files, Kubernetes manifests and Helm values.
import { describe } from '@jest/globals';
import { runCases } from './evidence-cases.js';

describe('platform files', () => {
  runCases([
    {
      name: 'Procfile web and release lines',
      files: {
        Procfile: [
          'release: python manage.py migrate --settings=blog.settings.production',
          'web: DJANGO_SETTINGS_MODULE=blog.settings.production gunicorn blog.wsgi',
          'worker: newrelic-admin run-program celery -A blog worker --env DJANGO_SETTINGS_MODULE=blog.settings.production',
        ].join('\n'),
      },
      expected: [
        'Procfile:1 blog.settings.production Procfile production',
        'Procfile:2 blog.settings.production Procfile production',
        'Procfile:3 blog.settings.production Procfile production',
      ],
    },
    {
      name: 'a Procfile for development',
      files: { 'Procfile.dev': 'web: python manage.py runserver --settings blog.settings.dev\n' },
      expected: ['Procfile.dev:1 blog.settings.dev Procfile development'],
    },
    {
      name: 'app.json: a value and a {value:} object; Heroku CI test environment',
      files: {
        'app.json': JSON.stringify(
          {
            name: 'blog',
            env: {
              DJANGO_SETTINGS_MODULE: { description: 'settings', value: 'blog.settings.heroku' },
              SECRET_KEY: { generator: 'secret' },
            },
            environments: { test: { env: { DJANGO_SETTINGS_MODULE: 'blog.settings.test' } } },
          },
          null,
          2,
        ),
      },
      expected: ['app.json:6 blog.settings.heroku platform production', 'app.json:15 blog.settings.test platform test'],
    },
    {
      name: 'Google App Engine app.yaml env_variables',
      files: {
        'app.yaml':
          'runtime: python312\nentrypoint: gunicorn -b :$PORT mysite.wsgi\nenv_variables:\n  DJANGO_SETTINGS_MODULE: "mysite.settings.gae"\n',
      },
      expected: ['app.yaml:4 mysite.settings.gae platform production'],
    },
    {
      name: 'fly.toml [env]',
      files: { 'fly.toml': 'app = "blog"\n\n[env]\n  PORT = "8000"\n  DJANGO_SETTINGS_MODULE = "blog.settings.fly"\n' },
      expected: ['fly.toml:5 blog.settings.fly platform production'],
    },
    {
      name: 'render.yaml envVars key/value',
      files: {
        'render.yaml': [
          'services:',
          '  - type: web',
          '    name: blog',
          '    envVars:',
          '      - key: DJANGO_SETTINGS_MODULE',
          '        value: blog.settings.render',
        ].join('\n'),
      },
      expected: ['render.yaml:6 blog.settings.render platform production'],
    },
    {
      name: 'heroku.yml run command',
      files: {
        'heroku.yml':
          'build:\n  docker:\n    web: Dockerfile\nrun:\n  web: gunicorn blog.wsgi --env DJANGO_SETTINGS_MODULE=blog.settings.heroku\n',
      },
      expected: ['heroku.yml:5 blog.settings.heroku platform production'],
    },
  ]);
});

describe('more platforms: ECS, Zappa, nginx unit, Apache, Passenger, Ansible, Swarm', () => {
  runCases([
    {
      name: 'an ECS task definition',
      files: {
        'deploy/task-definition.json': JSON.stringify(
          {
            family: 'web',
            containerDefinitions: [
              { name: 'web', environment: [{ name: 'DJANGO_SETTINGS_MODULE', value: 'shop.settings.ecs' }] },
            ],
          },
          null,
          2,
        ),
      },
      expected: ['deploy/task-definition.json:9 shop.settings.ecs platform production'],
    },
    {
      name: 'Terraform: an ECS container definition in HCL, a Lambda environment map, a Cloud Run env block',
      files: {
        'infra/main.tf': [
          'resource "aws_ecs_task_definition" "web" {',
          '  container_definitions = jsonencode([{',
          '    environment = [',
          '      { name = "DJANGO_SETTINGS_MODULE", value = "shop.settings.ecs" },',
          '      { name = "SECRET_KEY", value = var.secret_key },',
          '    ]',
          '  }])',
          '}',
          'resource "aws_lambda_function" "api" {',
          '  environment {',
          '    variables = {',
          '      DJANGO_SETTINGS_MODULE = "shop.settings.lambda"',
          '      // DJANGO_SETTINGS_MODULE = "shop.settings.dev"',
          '    }',
          '  }',
          '}',
          'resource "google_cloud_run_service" "web" {',
          '  env {',
          '    name  = "DJANGO_SETTINGS_MODULE"',
          '    value = "shop.settings.cloudrun"',
          '  }',
          '  env {',
          '    name  = "DJANGO_SETTINGS_MODULE"',
          '    value = var.settings_module',
          '  }',
          '}',
        ].join('\n'),
      },
      expected: [
        'infra/main.tf:4 shop.settings.ecs terraform production',
        'infra/main.tf:12 shop.settings.lambda terraform production',
        'infra/main.tf:20 shop.settings.cloudrun terraform production',
      ],
    },
    {
      name: 'a broken task definition read line by line: the pair on one line gives its value, not the word value',
      files: {
        'deploy/taskdef.json':
          '{"containerDefinitions": [{"environment": [\n  {"name": "DJANGO_SETTINGS_MODULE", "value": "shop.settings.ecs"},\n',
      },
      expected: ['deploy/taskdef.json:2 shop.settings.ecs platform production'],
    },
    {
      name: "Zappa's stages: the stage name decides the look",
      files: {
        'zappa_settings.json': JSON.stringify(
          {
            dev: { django_settings: 'shop.settings.dev_lambda' },
            production: { django_settings: 'shop.settings.lambda' },
          },
          null,
          2,
        ),
      },
      expected: [
        'zappa_settings.json:3 shop.settings.dev_lambda platform development',
        'zappa_settings.json:6 shop.settings.lambda platform production',
      ],
    },
    {
      name: 'Platform.sh variables',
      files: {
        '.platform.app.yaml': 'name: app\nvariables:\n  env:\n    DJANGO_SETTINGS_MODULE: shop.settings.platformsh\n',
      },
      expected: ['.platform.app.yaml:4 shop.settings.platformsh platform production'],
    },
    {
      name: 'a Railway start command',
      files: {
        'railway.toml':
          '[deploy]\nstartCommand = "python manage.py migrate --settings=shop.settings.railway && gunicorn shop.wsgi"\n',
      },
      expected: ['railway.toml:2 shop.settings.railway platform production'],
    },
    {
      name: 'an nginx unit configuration',
      files: {
        'unit/config.json': JSON.stringify(
          {
            applications: { django: { type: 'python', environment: { DJANGO_SETTINGS_MODULE: 'shop.settings.prod' } } },
          },
          null,
          2,
        ),
      },
      expected: ['unit/config.json:6 shop.settings.prod nginx-unit production'],
    },
    {
      name: 'Apache SetEnv, nginx uwsgi_param and Passenger passenger_env_var',
      files: {
        'deploy/site.conf': [
          '<VirtualHost *:80>',
          '  SetEnv DJANGO_SETTINGS_MODULE shop.settings.production',
          '  # SetEnv DJANGO_SETTINGS_MODULE shop.settings.dev',
          '</VirtualHost>',
          'location / { uwsgi_param DJANGO_SETTINGS_MODULE shop.settings.production; }',
          'passenger_env_var DJANGO_SETTINGS_MODULE "shop.settings.production";',
        ].join('\n'),
      },
      expected: [
        'deploy/site.conf:2 shop.settings.production deployment production',
        'deploy/site.conf:5 shop.settings.production deployment production',
        'deploy/site.conf:6 shop.settings.production deployment production',
      ],
    },
    {
      name: 'Ansible: a Jinja template of a unit file and a vars file (the variable as a lowercase key)',
      files: {
        'ansible/roles/web/templates/gunicorn.service.j2': [
          '[Service]',
          'Environment=DJANGO_SETTINGS_MODULE={{ django_settings_module }}',
          'Environment=DJANGO_SETTINGS_MODULE=shop.settings.production',
        ].join('\n'),
      },
      expected: ['ansible/roles/web/templates/gunicorn.service.j2:3 shop.settings.production systemd production'],
    },
    {
      name: 'Ansible group vars',
      files: { 'ansible/group_vars/staging.yml': 'django_settings_module: shop.settings.production\n' },
      expected: ['ansible/group_vars/staging.yml:1 shop.settings.production deployment production'],
    },
    {
      name: 'a Docker Swarm stack file is deployed',
      files: {
        'docker-stack.yml':
          'services:\n  web:\n    image: shop\n    environment:\n      DJANGO_SETTINGS_MODULE: shop.settings\n',
      },
      expected: ['docker-stack.yml:5 shop.settings compose production'],
    },
    {
      name: 'a copy-me Dockerfile template is documentation',
      files: { 'Dockerfile.example': 'FROM python\nENV DJANGO_SETTINGS_MODULE=shop.settings.production\n' },
      expected: ['Dockerfile.example:2 shop.settings.production documentation neutral'],
    },
  ]);
});

describe('Kubernetes manifests and Helm values', () => {
  runCases([
    {
      name: 'a Deployment env name/value pair',
      files: {
        'k8s/web.yaml': [
          'apiVersion: apps/v1',
          'kind: Deployment',
          'spec:',
          '  template:',
          '    spec:',
          '      containers:',
          '        - name: web',
          '          env:',
          '            - name: DJANGO_SETTINGS_MODULE',
          '              value: "shop.settings.production"',
        ].join('\n'),
      },
      expected: ['k8s/web.yaml:10 shop.settings.production kubernetes production'],
    },
    {
      name: 'a ConfigMap data key, anywhere in the repository, in a multi-document file',
      files: {
        'ops/configmap.yml': [
          'apiVersion: v1',
          'kind: Namespace',
          'metadata:',
          '  name: shop',
          '---',
          'apiVersion: v1',
          'kind: ConfigMap',
          'data:',
          '  DJANGO_SETTINGS_MODULE: shop.settings.k8s',
        ].join('\n'),
      },
      expected: ['ops/configmap.yml:9 shop.settings.k8s kubernetes production'],
    },
    {
      name: 'Helm values: the variable and a camelCase key; a dev folder looks like development',
      files: {
        'helm/values.yaml':
          'backend:\n  envVars:\n    DJANGO_SETTINGS_MODULE: impress.settings\n  djangoSettingsModule: impress.settings.prod\n',
      },
      expected: [
        'helm/values.yaml:3 impress.settings helm production',
        'helm/values.yaml:4 impress.settings.prod helm production',
      ],
    },
    {
      name: 'a helmfile values template of a dev environment (lasuite-docs)',
      files: {
        'src/helm/env.d/dev/values.impress.yaml.gotmpl': [
          'djangoSecretKey: &djangoSecretKey "x"',
          'backend:',
          '  envVars:',
          '    DJANGO_SECRET_KEY: *djangoSecretKey',
          '    DJANGO_SETTINGS_MODULE: impress.settings',
          '  image: {{ .Values.image }}',
        ].join('\n'),
      },
      expected: ['src/helm/env.d/dev/values.impress.yaml.gotmpl:5 impress.settings helm development'],
    },
    {
      name: 'a templated chart is read line by line; a literal value counts, a template value does not',
      files: {
        'charts/shop/templates/deployment.yaml': [
          'apiVersion: apps/v1',
          'kind: Deployment',
          '{{- if .Values.web.enabled }}',
          'spec:',
          '  env:',
          '    - name: DJANGO_SETTINGS_MODULE',
          '      value: {{ .Values.settingsModule | quote }}',
          '    - name: "DJANGO_SETTINGS_MODULE"',
          '      value: "shop.settings.production"',
          '{{- end }}',
        ].join('\n'),
      },
      expected: ['charts/shop/templates/deployment.yaml:9 shop.settings.production helm production'],
    },
    {
      name: "a chart's named template (_helpers.tpl) with a literal value",
      files: {
        'helm/web/templates/_helpers.tpl': [
          '{{- define "web.env" }}',
          '- name: DJANGO_SETTINGS_MODULE',
          '  value: {{ .Values.env.DJANGO_SETTINGS_MODULE }}',
          '- name: DJANGO_SETTINGS_MODULE',
          '  value: "web.settings.production"',
          '{{- end }}',
        ].join('\n'),
      },
      expected: ['helm/web/templates/_helpers.tpl:5 web.settings.production helm production'],
    },
    {
      name: 'a manifest rendered by Terraform templatefile (${ } placeholders stay plain YAML)',
      files: {
        'infra/k8s/django.yaml': [
          'apiVersion: apps/v1',
          'kind: Deployment',
          'spec:',
          '  template:',
          '    spec:',
          '      containers:',
          '      - name: django',
          '        image: ${ django_image }',
          '        env:',
          '        - name: DJANGO_SETTINGS_MODULE',
          '          value: "project.settings.production"',
          '        - name: SECRET_KEY',
          '          value: ${ django_secret }',
        ].join('\n'),
      },
      expected: ['infra/k8s/django.yaml:11 project.settings.production kubernetes production'],
    },
    {
      name: 'must not flag: a module name Python cannot import (a hyphen)',
      files: { 'k8s/web.yaml': 'env:\n  - name: DJANGO_SETTINGS_MODULE\n    value: "kube-web.settings"\n' },
      expected: [],
    },
    {
      name: 'Helm values among documentation examples deploy nothing (lasuite-docs documentation/examples/helm)',
      files: {
        'documentation/examples/helm/impress.values.yaml':
          'backend:\n  envVars:\n    DJANGO_SETTINGS_MODULE: impress.settings\n',
      },
      expected: ['documentation/examples/helm/impress.values.yaml:3 impress.settings helm neutral'],
    },
    {
      name: 'staging counts as production-like',
      files: {
        'deploy/staging/web.yaml':
          'kind: Deployment\napiVersion: v1\nenv:\n  - name: DJANGO_SETTINGS_MODULE\n    value: shop.settings.staging\n',
      },
      expected: ['deploy/staging/web.yaml:5 shop.settings.staging kubernetes production'],
    },
    {
      name: 'must not flag: a value from a secret, a template value',
      files: {
        'k8s/web.yaml': [
          'apiVersion: apps/v1',
          'kind: Deployment',
          'env:',
          '  - name: DJANGO_SETTINGS_MODULE',
          '    valueFrom:',
          '      configMapKeyRef: { name: web, key: DJANGO_SETTINGS_MODULE }',
          '  - name: DJANGO_SETTINGS_MODULE',
          '    value: "{{ settings }}"',
        ].join('\n'),
      },
      expected: [],
    },
  ]);
});
