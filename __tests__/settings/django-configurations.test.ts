// django-configurations: the class DJANGO_CONFIGURATION names is what production runs, with its bases and
// mixins, `values.*Value` readers of DJANGO_<NAME>, setting methods and setup() hooks.
import { describe, expect, it } from '@jest/globals';
import { outcomes, repr } from '../../src/settings/value.js';
import { settingsOf } from '../support/settings-harness.js';
import { scanRepo } from '../support/discovery-harness.js';

const MANAGE = (configuration: string) => `import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
os.environ.setdefault("DJANGO_CONFIGURATION", "${configuration}")
`;

const SETTINGS = `from configurations import Configuration, values


class Base(Configuration):
    DEBUG = values.BooleanValue(False)
    SECRET_KEY = values.SecretValue()
    ALLOWED_HOSTS = values.ListValue([])
    SESSION_COOKIE_SECURE = values.BooleanValue(True)
    SECURE_HSTS_SECONDS = values.IntegerValue(3600)
    MIDDLEWARE = [
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
    ]


class Development(Base):
    DEBUG = values.BooleanValue(True)
    SECRET_KEY = "not a secret"


class Production(Base):
    SECURE_HSTS_SECONDS = values.IntegerValue(31536000)
`;

async function project(files: Record<string, string>, env: Record<string, string> = {}) {
  return settingsOf({ 'project/__init__.py': '', ...files }, 'project.settings', env);
}

describe('django-configurations: which class is judged', () => {
  it('judges the class the production environment names', async () => {
    const settings = await project(
      { 'manage.py': MANAGE('Development'), 'project/settings.py': SETTINGS },
      { DJANGO_CONFIGURATION: 'Production' },
    );
    expect(repr(settings.get('DEBUG').value)).toBe('False');
    expect(settings.get('DEBUG').describe()).toBe('False when DJANGO_DEBUG is unset');
    expect(repr(settings.get('SECURE_HSTS_SECONDS').value)).toBe('31536000');
    expect(settings.get('SECURE_HSTS_SECONDS').origin).toMatchObject({ file: 'project/settings.py', line: 22 });
  });

  it("prefers wsgi.py's default, which the server runs, over manage.py's", async () => {
    const settings = await project({
      'manage.py': MANAGE('Development'),
      'project/wsgi.py': MANAGE('Production'),
      'project/settings.py': SETTINGS,
    });
    expect(repr(settings.get('DEBUG').value)).toBe('False');
    expect(repr(settings.get('SECURE_HSTS_SECONDS').value)).toBe('31536000');
    // The class holds only while production leaves DJANGO_CONFIGURATION unset: the messages say so.
    expect(settings.get('DEBUG').describe()).toBe(
      'False when DJANGO_DEBUG is unset and when DJANGO_CONFIGURATION is unset (default at project/wsgi.py:3)',
    );
    // So does a setting no class assigns: Django's default applies to that class.
    expect(settings.get('SECURE_SSL_REDIRECT').describe()).toBe(
      "not set when DJANGO_CONFIGURATION is unset (default at project/wsgi.py:3), so Django's default False applies",
    );
  });

  it('reads DJANGO_CONFIGURATION from the Dockerfile the image runs with, not from a build step', async () => {
    const settings = await project({
      'manage.py': MANAGE('Development'),
      'project/settings.py': SETTINGS,
      Dockerfile: `FROM python:3.12
RUN DJANGO_CONFIGURATION=Development python ./manage.py collectstatic --no-input
ENV DJANGO_SETTINGS_MODULE=project.settings \\
    DJANGO_CONFIGURATION=Production \\
    PORT=8000
CMD gunicorn project.wsgi:application
`,
    });
    expect(repr(settings.get('SECURE_HSTS_SECONDS').value)).toBe('31536000');
  });

  it('reads DJANGO_CONFIGURATION from a Procfile, and skips a compose file written for development', async () => {
    const settings = await project({
      'manage.py': MANAGE('Development'),
      'project/settings.py': SETTINGS,
      'docker-compose.dev.yml': 'services:\n  web:\n    environment:\n      - DJANGO_CONFIGURATION=Development\n',
      Procfile: 'web: DJANGO_CONFIGURATION=Production gunicorn project.wsgi\n',
    });
    expect(repr(settings.get('SECURE_HSTS_SECONDS').value)).toBe('31536000');
    // A deployment file is what production runs with, not a default: no condition is added.
    expect(settings.get('SECURE_HSTS_SECONDS').describe()).toBe('31536000 when DJANGO_SECURE_HSTS_SECONDS is unset');
  });

  it('judges the Production class beside a development default when nothing else names a class', async () => {
    const settings = await project({ 'manage.py': MANAGE('Development'), 'project/settings.py': SETTINGS });
    expect(repr(settings.get('DEBUG').value)).toBe('False');
    expect(repr(settings.get('SECURE_HSTS_SECONDS').value)).toBe('31536000');
  });

  it("falls back to manage.py's development default when no class says production", async () => {
    const settings = await project({
      'manage.py': MANAGE('Development'),
      'project/settings.py': SETTINGS.replace('class Production(Base)', 'class Server(Base)'),
    });
    expect(repr(settings.get('DEBUG').value)).toBe('True');
    expect(repr(settings.get('SECRET_KEY').value)).toBe("'not a secret'");
  });

  it('leaves the settings unknown, with a note saying what to set, when no class is named', async () => {
    const settings = await project({ 'manage.py': '', 'project/settings.py': SETTINGS });
    const debug = settings.get('DEBUG').value;
    expect(debug.kind).toBe('unknown');
    if (debug.kind === 'unknown') expect(debug.hint).toMatch(/DJANGO_CONFIGURATION/);
    expect(settings.diagnostics.map((d) => d.message).join('\n')).toMatch(/DJANGO_CONFIGURATION/);
  });

  it('says so when the named class is not in the settings module', async () => {
    const settings = await project(
      { 'manage.py': '', 'project/settings.py': SETTINGS },
      { DJANGO_CONFIGURATION: 'Staging' },
    );
    expect(settings.get('DEBUG').value.kind).toBe('unknown');
    expect(settings.diagnostics.map((d) => d.message).join('\n')).toMatch(/Staging/);
  });

  it('finds classes imported into a settings package, and keeps module-level names', async () => {
    const settings = await project({
      'manage.py': MANAGE('Local'),
      'project/wsgi.py': MANAGE('Production'),
      'project/settings/__init__.py': 'from .local import Local  # noqa\nfrom .production import Production  # noqa\n',
      'project/settings/common.py': `import os
from configurations import Configuration
TIME_ZONE = "UTC"


class Common(Configuration):
    INSTALLED_APPS = ("django.contrib.sessions",)
    ALLOWED_HOSTS = ["*"]
    DEBUG = os.getenv("DJANGO_DEBUG", "no").lower() in ("true", "1", "yes")
`,
      'project/settings/local.py': 'from .common import Common\n\n\nclass Local(Common):\n    DEBUG = True\n',
      'project/settings/production.py': `from .common import Common


class Production(Common):
    INSTALLED_APPS = Common.INSTALLED_APPS
    INSTALLED_APPS += ("gunicorn",)
`,
    });
    expect(repr(settings.get('DEBUG').value)).toBe('False');
    expect(repr(settings.get('INSTALLED_APPS').value)).toBe("('django.contrib.sessions', 'gunicorn')");
    expect(repr(settings.get('ALLOWED_HOSTS').value)).toBe("['*']");
    expect(settings.get('ALLOWED_HOSTS').origin).toMatchObject({ file: 'project/settings/common.py', line: 8 });
  });
});

describe('django-configurations: values readers', () => {
  const reader = async (declaration: string, env: Record<string, string> = {}) => {
    const settings = await project(
      {
        'manage.py': '',
        'project/settings.py': `from configurations import Configuration, values\n\n\nclass Production(Configuration):\n    ${declaration}\n`,
      },
      { DJANGO_CONFIGURATION: 'Production', ...env },
    );
    return settings.get(declaration.split(' ')[0]!);
  };

  it.each([
    ['DEBUG = values.BooleanValue(False)', {}, 'False'],
    ['DEBUG = values.BooleanValue(False)', { DJANGO_DEBUG: ' Yes ' }, 'True'],
    ['DEBUG = values.BooleanValue(True)', { DJANGO_DEBUG: '' }, 'False'],
    ['DEBUG = values.BooleanValue(default=True)', { DJANGO_DEBUG: 'n' }, 'False'],
    ['SECURE_HSTS_SECONDS = values.IntegerValue(60)', { DJANGO_SECURE_HSTS_SECONDS: '31536000' }, '31536000'],
    ['ALLOWED_HOSTS = values.ListValue(["*"])', {}, "['*']"],
    ['ALLOWED_HOSTS = values.ListValue([])', { DJANGO_ALLOWED_HOSTS: ' a.com, b.com,, ' }, "['a.com', 'b.com']"],
    ['ALLOWED_HOSTS = values.TupleValue(separator=";")', { DJANGO_ALLOWED_HOSTS: 'a.com;b.com' }, "('a.com', 'b.com')"],
    ['SECRET_KEY = values.Value("dev-key")', {}, "'dev-key'"],
    ['SECRET_KEY = values.SecretValue()', { DJANGO_SECRET_KEY: 'x' }, "'x'"],
    ['SECRET_KEY = values.Value("dev", environ_prefix="MYAPP")', { MYAPP_SECRET_KEY: 'given' }, "'given'"],
    ['SECRET_KEY = values.Value("dev", environ_prefix="")', { SECRET_KEY: 'given' }, "'given'"],
    ['SECRET_KEY = values.Value("dev", environ_name="KEY")', { DJANGO_KEY: 'given' }, "'given'"],
    ['SECRET_KEY = values.Value("dev", environ=False)', { DJANGO_SECRET_KEY: 'given' }, "'dev'"],
    ['SESSION_COOKIE_SECURE = values.Value(False)', {}, 'False'],
    ['EMAIL_PORT = values.IntegerValue()', {}, 'None'],
  ])('%s under %j is %s', async (declaration, env, expected) => {
    expect(repr((await reader(declaration, env)).value)).toBe(expected);
  });

  it('describes a default as what applies when DJANGO_<NAME> is unset', async () => {
    const debug = await reader('DEBUG = values.BooleanValue(True)');
    expect(debug.describe()).toBe('True when DJANGO_DEBUG is unset');
    expect(debug.origin).toMatchObject({ file: 'project/settings.py', line: 5 });
  });

  it('requires a SecretValue from production', async () => {
    const secret = (await reader('SECRET_KEY = values.SecretValue()')).value;
    expect(secret.kind).toBe('unknown');
    expect(secret.env).toEqual([{ variable: 'DJANGO_SECRET_KEY', state: 'required' }]);
  });

  it('does not guess at a boolean django-configurations refuses', async () => {
    expect((await reader('DEBUG = values.BooleanValue(False)', { DJANGO_DEBUG: 'maybe' })).value.kind).toBe('unknown');
  });

  it('reads DATABASE_URL, without the prefix, into DATABASES', async () => {
    const databases = await reader('DATABASES = values.DatabaseURLValue("postgres://app:hunter2@db:5432/app")');
    expect(repr(databases.value)).toBe(
      "{'default': {'NAME': 'app', 'USER': 'app', 'PASSWORD': 'hunter2', 'HOST': 'db', 'PORT': '5432'}}",
    );
    expect(databases.value.env).toEqual([expect.objectContaining({ variable: 'DATABASE_URL', state: 'default' })]);
  });

  it('reads a Value shared by two names under each name', async () => {
    const settings = await project(
      {
        'manage.py': '',
        'project/settings.py': `from configurations import Configuration, values


class Production(Configuration):
    DEBUG = values.BooleanValue(False)
    TEMPLATE_DEBUG = DEBUG
`,
      },
      { DJANGO_CONFIGURATION: 'Production', DJANGO_DEBUG: 'true' },
    );
    expect(repr(settings.get('DEBUG').value)).toBe('True');
    expect(repr(settings.get('TEMPLATE_DEBUG').value)).toBe('False');
  });
});

describe('django-configurations: inheritance, methods and setup hooks', () => {
  const NORMANDY = `from configurations import Configuration, values


class Core(Configuration):
    MIDDLEWARE = [
        "corsheaders.middleware.CorsMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ]


class CORS:
    CORS_ORIGIN_ALLOW_ALL = values.BooleanValue(True)


class Security:
    SESSION_COOKIE_SECURE = values.BooleanValue(True)
    CSRF_COOKIE_SECURE = values.BooleanValue(True)


class Base(Core, CORS):
    USE_OIDC = values.BooleanValue(False)
    SESSION_COOKIE_SECURE = values.BooleanValue(False)
    EXTRA_MIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware"]

    def MIDDLEWARE(self):
        middleware = Core.MIDDLEWARE + self.EXTRA_MIDDLEWARE
        if self.USE_OIDC:
            middleware.append("normandy.base.middleware.ConfigurableRemoteUserMiddleware")
        return middleware


class Production(Security, Base):
    CORS_ORIGIN_ALLOW_ALL = False


class ProductionReadOnly(Production):
    EXTRA_MIDDLEWARE = []
`;

  const normandy = (env: Record<string, string> = {}) =>
    project({ 'manage.py': '', 'project/settings.py': NORMANDY }, { DJANGO_CONFIGURATION: 'Production', ...env });

  it('takes each setting from the first class of the method resolution order', async () => {
    const settings = await normandy();
    // Security comes before Base in Production's MRO, so its True wins over Base's False.
    expect(repr(settings.get('SESSION_COOKIE_SECURE').value)).toBe('True');
    expect(settings.get('SESSION_COOKIE_SECURE').origin).toMatchObject({ line: 16 });
    expect(repr(settings.get('CORS_ORIGIN_ALLOW_ALL').value)).toBe('False');
  });

  it('calls setting methods with the configured instance', async () => {
    expect(repr((await normandy()).get('MIDDLEWARE').value)).toBe(
      "['corsheaders.middleware.CorsMiddleware', 'django.middleware.clickjacking.XFrameOptionsMiddleware', 'django.contrib.sessions.middleware.SessionMiddleware']",
    );
    expect(repr((await normandy({ DJANGO_USE_OIDC: 'yes' })).get('MIDDLEWARE').value)).toContain(
      'ConfigurableRemoteUserMiddleware',
    );
  });

  it('judges only the named class', async () => {
    const readOnly = await project(
      { 'manage.py': '', 'project/settings.py': NORMANDY },
      { DJANGO_CONFIGURATION: 'ProductionReadOnly' },
    );
    expect(repr(readOnly.get('MIDDLEWARE').value)).not.toContain('SessionMiddleware');
  });

  it('applies what setup() and pre_setup() assign to cls, not what post_setup() does', async () => {
    const settings = await project(
      {
        'manage.py': '',
        'project/settings.py': `from configurations import Configuration, values


class Production(Configuration):
    SECURE_SSL_REDIRECT = values.BooleanValue(True)
    DEBUG = False
    X_FRAME_OPTIONS = "DENY"

    @classmethod
    def pre_setup(cls):
        super().pre_setup()
        cls.X_FRAME_OPTIONS = "SAMEORIGIN"

    @classmethod
    def setup(cls):
        super(Production, cls).setup()
        cls.SECURE_SSL_REDIRECT = False

    @classmethod
    def post_setup(cls):
        super().post_setup()
        cls.DEBUG = True
`,
      },
      { DJANGO_CONFIGURATION: 'Production' },
    );
    expect(repr(settings.get('SECURE_SSL_REDIRECT').value)).toBe('False');
    expect(settings.get('SECURE_SSL_REDIRECT').origin).toMatchObject({ line: 17 });
    expect(repr(settings.get('X_FRAME_OPTIONS').value)).toBe("'SAMEORIGIN'");
    expect(repr(settings.get('DEBUG').value)).toBe('False');
  });

  it('evaluates a property it can follow and names the one it cannot', async () => {
    const settings = await project(
      {
        'manage.py': '',
        'project/settings.py': `import subprocess
from configurations import Configuration, values


class Production(Configuration):
    HOSTNAME = values.Value("example.com")

    @property
    def ALLOWED_HOSTS(self):
        return [self.HOSTNAME]

    @property
    def VERSION(self):
        output = subprocess.check_output(["git", "describe"])
        return output.decode().strip()
`,
      },
      { DJANGO_CONFIGURATION: 'Production' },
    );
    expect(repr(settings.get('ALLOWED_HOSTS').value)).toBe("['example.com']");
    const version = settings.get('VERSION').value;
    expect(version.kind).toBe('unknown');
    expect(version.span.line).toBe(13);
  });

  it('resolves a reader on each branch of an undecided condition in a class body', async () => {
    const settings = await project(
      {
        'manage.py': '',
        'project/settings.py': `import os
from configurations import Configuration, values


class Production(Configuration):
    if os.environ["FEATURE"] == "on":
        SESSION_COOKIE_SECURE = values.BooleanValue(True)
    else:
        SESSION_COOKIE_SECURE = True
`,
      },
      { DJANGO_CONFIGURATION: 'Production' },
    );
    // The reader's default and the literal agree, so the question is answered although the branch is not.
    expect(outcomes(settings.get('SESSION_COOKIE_SECURE').value).map(repr)).toEqual(['True']);
    expect(settings.get('SESSION_COOKIE_SECURE').isTrue()).toBe(true);
  });
});

describe('django-configurations: DJANGO_CONFIGURATION from anywhere in the repository', () => {
  const SERVER_SETTINGS = SETTINGS.replace('class Production(Base)', 'class Server(Base)');
  const debugFindings = (result: Awaited<ReturnType<typeof scanRepo>>['result']) =>
    result.findings.filter((f) => f.ruleId === 'debug-enabled').length;

  it('reads a Kubernetes manifest in a subfolder over the development default of manage.py and wsgi.py', async () => {
    const { result } = await scanRepo({
      'manage.py': MANAGE('Development'),
      'project/__init__.py': '',
      'project/wsgi.py': MANAGE('Development'),
      'project/settings.py': SERVER_SETTINGS,
      'deploy/k8s/web.yaml':
        'kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          env:\n            - name: DJANGO_CONFIGURATION\n              value: Server\n',
    });
    expect(debugFindings(result)).toBe(0);
    expect(result.remarks).toContain(
      'project.settings defines its settings in django-configurations classes; the scan judges Server (deploy/k8s/web.yaml:9). Set DJANGO_CONFIGURATION in --env to judge another class.',
    );
  });

  it("reads a production env template (lasuite-docs' env.d/production.dist) over a development default", async () => {
    const { result } = await scanRepo({
      'manage.py': MANAGE('Development'),
      'project/__init__.py': '',
      'project/settings.py': SERVER_SETTINGS,
      'env.d/production.dist/backend': 'DJANGO_SETTINGS_MODULE=project.settings\nDJANGO_CONFIGURATION=Server\n',
    });
    expect(debugFindings(result)).toBe(0);
  });

  it('takes the class from the file that chose the settings module (lasuite-docs: env.d/production.dist over a feature Helm values file)', async () => {
    const settings = `${SERVER_SETTINGS}

class Feature(Base):
    DEBUG = values.BooleanValue(True)
`;
    const { result } = await scanRepo({
      'manage.py': MANAGE('Development'),
      'project/__init__.py': '',
      'project/settings.py': settings,
      'env.d/production.dist/backend': 'DJANGO_SETTINGS_MODULE=project.settings\nDJANGO_CONFIGURATION=Server\n',
      'src/helm/env.d/feature/values.yaml.gotmpl':
        'backend:\n  envVars:\n    DJANGO_SETTINGS_MODULE: project.settings\n    DJANGO_CONFIGURATION: Feature\n',
    });
    expect(result.projects.map((p) => p.chosenBy)).toEqual(['env.d/production.dist/backend:1']);
    expect(debugFindings(result)).toBe(0);
    expect(result.remarks.join('\n')).toContain('the scan judges Server (env.d/production.dist/backend:2)');
  });

  it('keeps the development default when only development files name another class', async () => {
    const { result } = await scanRepo({
      'manage.py': MANAGE('Development'),
      'project/__init__.py': '',
      'project/settings.py': SERVER_SETTINGS,
      'docker-compose.dev.yml': 'services:\n  web:\n    environment:\n      - DJANGO_CONFIGURATION=Server\n',
    });
    expect(debugFindings(result)).toBe(1);
  });
});
