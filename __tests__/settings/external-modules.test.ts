// What settings import from outside the repository: deploy-time configuration modules read with getattr,
// names written through globals()/vars(), star imports of third-party packages, and the settings helpers
// (django-heroku, django-on-heroku, dynaconf) whose effects are known.
import { describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../src/finding.js';
import { scan } from '../../src/scan.js';
import { repr, type Value } from '../../src/settings/value.js';
import { settingsOf, settingsFrom, writeTree } from '../support/settings-harness.js';

const unknownOf = (value: Value) => {
  if (value.kind !== 'unknown') throw new Error(`expected an unknown value, got ${repr(value)}`);
  return value;
};

const NETBOX_IMPORT = `import importlib
import os

config_path = os.getenv('NETBOX_CONFIGURATION', 'netbox.configuration')
try:
    configuration = importlib.import_module(config_path)
except ModuleNotFoundError as e:
    if getattr(e, 'name') == config_path:
        raise ImproperlyConfigured(f"Specified configuration module ({config_path}) not found.")
    raise
`;

describe('deploy-time modules read with getattr', () => {
  it('takes the default of getattr(module, NAME, default) on a module that is not in the repository, and says so', async () => {
    const settings = await settingsOf(
      {
        'netbox/__init__.py': '',
        'netbox/settings.py': `${NETBOX_IMPORT}
SESSION_COOKIE_SECURE = getattr(configuration, 'SESSION_COOKIE_SECURE', False)
SECURE_HSTS_SECONDS = getattr(configuration, 'SECURE_HSTS_SECONDS', 0)
`,
      },
      'netbox.settings',
    );
    const cookie = settings.get('SESSION_COOKIE_SECURE');
    expect(cookie.isTrue()).toBe(false);
    expect(cookie.describe()).toBe(
      'False unless the deploy-time module netbox.configuration sets SESSION_COOKIE_SECURE',
    );
    expect(cookie.origin).toMatchObject({ file: 'netbox/settings.py', line: 12 });
    expect(repr(settings.get('SECURE_HSTS_SECONDS').value)).toBe('0');
    expect(settings.diagnostics).toEqual([]);
  });

  it('points at the default when it is written on another line', async () => {
    const settings = await settingsOf(
      {
        'netbox/__init__.py': '',
        'netbox/settings.py': `${NETBOX_IMPORT}
DEBUG = getattr(
    configuration,
    'DEBUG',
    True,
)
`,
      },
      'netbox.settings',
    );
    expect(settings.get('DEBUG').describe()).toBe(
      'True unless the deploy-time module netbox.configuration sets DEBUG (default at netbox/settings.py:15)',
    );
  });

  it('leaves getattr without a default unknown, naming the module and what would make it judgeable', async () => {
    const settings = await settingsOf(
      {
        'netbox/__init__.py': '',
        'netbox/settings.py': `${NETBOX_IMPORT}\nSECRET_KEY = getattr(configuration, 'SECRET_KEY')\n`,
      },
      'netbox.settings',
    );
    const key = unknownOf(settings.get('SECRET_KEY').value);
    expect(key.why).toContain('netbox.configuration');
    expect(key.hint).toBe("give netbox.configuration's source, or set SECRET_KEY there");
    expect(key.span).toMatchObject({ file: 'netbox/settings.py', line: 12 });
  });

  it('reads `import configuration` and `configuration.NAME` the same way', async () => {
    const settings = await settingsFrom(`import configuration
DEBUG = getattr(configuration, "DEBUG", True)
SECRET_KEY = configuration.SECRET_KEY
`);
    expect(settings.get('DEBUG').isTrue()).toBe(true);
    expect(settings.get('DEBUG').describe()).toContain('unless the module configuration');
    const key = unknownOf(settings.get('SECRET_KEY').value);
    expect(key.hint).toBe("give configuration's source, or set SECRET_KEY there");
    expect(key.span).toMatchObject({ line: 3 });
  });

  it('reads `from netbox import configuration` when the package is in the repository but the module is not', async () => {
    const settings = await settingsOf(
      {
        'netbox/__init__.py': '',
        'netbox/settings.py': `from netbox import configuration
CSRF_COOKIE_SECURE = getattr(configuration, "CSRF_COOKIE_SECURE", False)
X_FRAME_OPTIONS = "DENY"
`,
      },
      'netbox.settings',
    );
    expect(settings.get('CSRF_COOKIE_SECURE').describe()).toBe(
      'False unless the deploy-time module netbox.configuration sets CSRF_COOKIE_SECURE',
    );
    expect(settings.get('SECURE_SSL_REDIRECT').isAssigned).toBe(false);
    expect(settings.get('SECURE_SSL_REDIRECT').isTrue()).toBe(false);
  });

  it('reads the module itself when it is in the repository, chosen by the environment or not', async () => {
    const files = {
      'app/__init__.py': '',
      'app/configuration.py': 'SESSION_COOKIE_SECURE = True\n',
      'app/testing.py': 'SESSION_COOKIE_SECURE = False\n',
      'app/settings.py': `import importlib, os
configuration = importlib.import_module(os.environ.get("APP_CONFIGURATION", "app.configuration"))
SESSION_COOKIE_SECURE = getattr(configuration, "SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = getattr(configuration, "CSRF_COOKIE_SECURE", True)
`,
    };
    const settings = await settingsOf(files, 'app.settings');
    expect(settings.get('SESSION_COOKIE_SECURE').isTrue()).toBe(true);
    expect(settings.get('SESSION_COOKIE_SECURE').describe()).not.toContain('unless');
    expect(settings.get('CSRF_COOKIE_SECURE').describe()).toBe('True');
    const testing = await settingsOf(files, 'app.settings', { APP_CONFIGURATION: 'app.testing' });
    expect(testing.get('SESSION_COOKIE_SECURE').isTrue()).toBe(false);
  });

  it('answers hasattr() on a deploy-time module as undecided, so a guard that raises keeps the other path', async () => {
    const settings = await settingsFrom(`import configuration
for parameter in ("ALLOWED_HOSTS", "SECRET_KEY"):
    if not hasattr(configuration, parameter):
        raise ImproperlyConfigured(parameter)
SECURE_SSL_REDIRECT = getattr(configuration, "SECURE_SSL_REDIRECT", False)
`);
    expect(settings.get('SECURE_SSL_REDIRECT').isTrue()).toBe(false);
    expect(settings.diagnostics).toEqual([]);
  });

  it('does not blank the settings when a name is imported from a project module that is missing', async () => {
    const settings = await settingsOf(
      {
        'app/__init__.py': '',
        'app/settings.py': `from app.configuration import ALLOWED_HOSTS
DEBUG = False
`,
      },
      'app.settings',
    );
    expect(settings.get('SESSION_COOKIE_SECURE').isTrue()).toBe(false);
    expect(settings.get('SESSION_COOKIE_SECURE').isAssigned).toBe(false);
    const hosts = unknownOf(settings.get('ALLOWED_HOSTS').value);
    expect(hosts.hint).toBe("give app.configuration's source, or set ALLOWED_HOSTS there");
  });
});

describe('names written through globals(), vars() and locals()', () => {
  it('sets literal keys to their values, at the line that writes them', async () => {
    const settings = await settingsFrom(`DEBUG = True
globals()["DEBUG"] = False
globals().update({"SECURE_SSL_REDIRECT": True, "SECURE_HSTS_SECONDS": 3600})
vars().update(SESSION_COOKIE_SECURE=True)
locals()["CSRF_COOKIE_SECURE"] = True
for name in ("SECURE_HSTS_PRELOAD", "SECURE_HSTS_INCLUDE_SUBDOMAINS"):
    globals()[name] = True
`);
    expect(settings.get('DEBUG').isTrue()).toBe(false);
    expect(settings.get('DEBUG').origin).toMatchObject({ line: 2 });
    expect(settings.get('SECURE_SSL_REDIRECT').isTrue()).toBe(true);
    expect(repr(settings.get('SECURE_HSTS_SECONDS').value)).toBe('3600');
    expect(settings.get('SESSION_COOKIE_SECURE').isTrue()).toBe(true);
    expect(settings.get('CSRF_COOKIE_SECURE').isTrue()).toBe(true);
    expect(settings.get('SECURE_HSTS_PRELOAD').isTrue()).toBe(true);
    expect(settings.get('SECURE_HSTS_INCLUDE_SUBDOMAINS').isTrue()).toBe(true);
    expect(settings.diagnostics).toEqual([]);
  });

  it('keeps what it knows of a partly known dict and notes the construct for the rest', async () => {
    const settings = await settingsFrom(`import os
DEBUG = False
globals().update({**load_overrides(), "X_FRAME_OPTIONS": "DENY"})
SECURE_SSL_REDIRECT = True
`);
    expect(repr(settings.get('X_FRAME_OPTIONS').value)).toBe("'DENY'");
    expect(settings.get('DEBUG').isTrue()).toBe(false);
    expect(settings.get('SECURE_SSL_REDIRECT').isTrue()).toBe(true);
    expect(settings.diagnostics).toHaveLength(1);
    expect(settings.diagnostics[0]).toMatchObject({ span: { line: 3 } });
    expect(settings.diagnostics[0]!.message).toContain('globals().update');
  });

  it('notes a name computed at run time once, without making the other settings unknown', async () => {
    const settings = await settingsFrom(`import configuration
SESSION_COOKIE_SECURE = False
for param in PARAMS:
    if hasattr(configuration, param.name):
        globals()[param.name] = getattr(configuration, param.name)
`);
    expect(settings.get('SESSION_COOKIE_SECURE').isTrue()).toBe(false);
    expect(settings.get('SECURE_SSL_REDIRECT').isTrue()).toBe(false);
    expect(settings.diagnostics).toHaveLength(1);
    expect(settings.diagnostics[0]).toMatchObject({ span: { line: 5 } });
    expect(settings.diagnostics[0]!.message).toContain('globals()[param.name]');
  });

  it('makes settings left unassigned unknown after an unknown helper receives locals(), naming the helper', async () => {
    const settings = await settingsFrom(`import platformconfig
SECURE_SSL_REDIRECT = True
platformconfig.apply(locals())
`);
    expect(settings.get('SECURE_SSL_REDIRECT').isTrue()).toBe(true);
    const cookie = unknownOf(settings.get('SESSION_COOKIE_SECURE').value);
    expect(cookie.why).toContain('platformconfig.apply');
    expect(cookie.span).toMatchObject({ line: 3 });
    expect(cookie.hint).toBeDefined();
  });
});

describe('star imports from packages outside the repository', () => {
  it('reads a package vendored in the repository like any module', async () => {
    const settings = await settingsOf(
      {
        'sandbox/manage.py': '',
        'sandbox/settings.py': `SESSION_COOKIE_SECURE = True
from oscar.defaults import *
`,
        'src/oscar/__init__.py': '',
        'src/oscar/defaults.py': 'OSCAR_SHOP_NAME = "Oscar"\nSESSION_COOKIE_SECURE = False\n',
      },
      'sandbox.settings',
    );
    expect(settings.get('SESSION_COOKIE_SECURE').isTrue()).toBe(false);
    expect(settings.get('SESSION_COOKIE_SECURE').origin).toMatchObject({ file: 'src/oscar/defaults.py', line: 2 });
    expect(repr(settings.get('OSCAR_SHOP_NAME').value)).toBe("'Oscar'");
    expect(settings.diagnostics).toEqual([]);
  });

  it('assumes a package it cannot find sets none of the security settings, and says so once per import', async () => {
    const settings = await settingsFrom(`from oscar.defaults import *
from oscar.defaults import *
DEBUG = False
`);
    expect(settings.get('SESSION_COOKIE_SECURE').isAssigned).toBe(false);
    expect(settings.get('SESSION_COOKIE_SECURE').isTrue()).toBe(false);
    expect(settings.diagnostics).toHaveLength(2);
    expect(settings.diagnostics.map((d) => d.span.line)).toEqual([1, 2]);
    expect(settings.diagnostics[0]!.message).toContain('oscar.defaults');
    expect(settings.diagnostics[0]!.message).toContain("none of Django's security settings");
  });

  it('finds an installed package through the given interpreter without importing it', async () => {
    const site = writeTree({ 'thirdparty/defaults.py': 'SECURE_SSL_REDIRECT = True\nTHIRDPARTY_NAME = "x"\n' });
    // Importing the package would leave this marker behind (and fail): locating it must not import it.
    writeFileSync(
      join(site, 'thirdparty', '__init__.py'),
      `open(${JSON.stringify(join(site, 'IMPORTED'))}, "w").write("imported")\nraise SystemExit(3)\n`,
    );
    const bin = writeTree({ python: `#!/bin/sh\nPYTHONPATH="${site}" exec python3 "$@"\n` });
    chmodSync(join(bin, 'python'), 0o755);
    const settings = await settingsOf(
      { 'settings.py': 'from thirdparty.defaults import *\n' },
      'settings',
      {},
      undefined,
      { python: join(bin, 'python') },
    );
    expect(settings.get('SECURE_SSL_REDIRECT').isTrue()).toBe(true);
    // Values from outside the repository are placed at the import that brought them in.
    expect(settings.get('SECURE_SSL_REDIRECT').origin).toMatchObject({ file: 'settings.py', line: 1 });
    expect(settings.diagnostics).toEqual([]);
    expect(existsSync(join(site, 'IMPORTED'))).toBe(false);
  });

  it('falls back to the note when the interpreter does not have the package', async () => {
    const bin = writeTree({ python: '#!/bin/sh\nexec python3 "$@"\n' });
    chmodSync(join(bin, 'python'), 0o755);
    const settings = await settingsOf(
      { 'settings.py': 'from surely_not_installed_pkg.defaults import *\n' },
      'settings',
      {},
      undefined,
      { python: join(bin, 'python') },
    );
    expect(settings.diagnostics).toHaveLength(1);
    expect(settings.diagnostics[0]!.message).toContain('surely_not_installed_pkg.defaults');
  });
});

describe('settings helpers with known effects', () => {
  const HEROKU_BASE = `import os
import django_heroku
BASE_DIR = os.path.dirname(os.path.abspath(__file__))
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "x" * 60)
ALLOWED_HOSTS = ["example.com"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
]
`;

  it("django_heroku.settings(locals()) sets ALLOWED_HOSTS = ['*'] and prepends WhiteNoise", async () => {
    const settings = await settingsFrom(`${HEROKU_BASE}django_heroku.settings(locals())\n`);
    const hosts = settings.get('ALLOWED_HOSTS');
    expect(repr(hosts.value)).toBe("['*']");
    expect(hosts.origin).toMatchObject({ line: 10 });
    expect(repr(settings.get('MIDDLEWARE').value)).toBe(
      "('whitenoise.middleware.WhiteNoiseMiddleware', 'django.middleware.security.SecurityMiddleware', 'django.contrib.sessions.middleware.SessionMiddleware')",
    );
    expect(repr(settings.get('STATIC_URL').value)).toBe("'/static/'");
    expect(settings.get('SECRET_KEY').describe()).toContain('when DJANGO_SECRET_KEY is unset');
    expect(settings.diagnostics).toEqual([]);
  });

  it('takes SECRET_KEY and DATABASE_URL from the environment the way django-heroku does', async () => {
    const settings = await settingsFrom(`${HEROKU_BASE}django_heroku.settings(locals(), allowed_hosts=False)\n`, {
      SECRET_KEY: 'k'.repeat(64),
      DATABASE_URL: 'postgres://user:pw@db:5432/app',
    });
    expect(repr(settings.get('ALLOWED_HOSTS').value)).toBe("['example.com']");
    expect(repr(settings.get('SECRET_KEY').value)).toBe(`'${'k'.repeat(64)}'`);
    expect(repr(settings.get('DATABASES').value)).toContain("'PASSWORD': 'pw'");
  });

  it('django_on_heroku inserts WhiteNoise after SecurityMiddleware', async () => {
    const settings = await settingsFrom(
      `${HEROKU_BASE.replace('import django_heroku', 'import django_on_heroku')}django_on_heroku.settings(locals())\n`,
    );
    expect(repr(settings.get('MIDDLEWARE').value)).toBe(
      "('django.middleware.security.SecurityMiddleware', 'whitenoise.middleware.WhiteNoiseMiddleware', 'django.contrib.sessions.middleware.SessionMiddleware')",
    );
    expect(repr(settings.get('ALLOWED_HOSTS').value)).toBe("['*']");
  });

  it('follows the helper imported by name', async () => {
    const settings = await settingsFrom(
      `${HEROKU_BASE}from django_heroku import settings as heroku_settings\nheroku_settings(locals(), staticfiles=False)\n`,
    );
    expect(repr(settings.get('ALLOWED_HOSTS').value)).toBe("['*']");
    expect(settings.get('STATIC_URL').isAssigned).toBe(false);
  });

  const DYNACONF = `from dynaconf import DjangoDynaconf
DEBUG = False
ALLOWED_HOSTS = ["*"]
settings = DjangoDynaconf(__name__, ENVVAR_PREFIX_FOR_DYNACONF="PULP", load_dotenv=False)
`;

  it('DjangoDynaconf: module values are defaults unless PREFIX_NAME or a settings file sets them', async () => {
    const settings = await settingsFrom(DYNACONF);
    expect(repr(settings.get('ALLOWED_HOSTS').value)).toBe("['*']");
    expect(settings.get('ALLOWED_HOSTS').describe()).toBe(
      "['*'] when PULP_ALLOWED_HOSTS is unset and no dynaconf settings file sets ALLOWED_HOSTS",
    );
    const cookie = unknownOf(settings.get('SESSION_COOKIE_SECURE').value);
    expect(cookie.why).toContain('dynaconf');
    expect(cookie.hint).toContain('PULP_<NAME>');
    expect(cookie.span).toMatchObject({ line: 4 });
  });

  it('DjangoDynaconf: a given PREFIX_NAME is parsed as dynaconf parses it (TOML values)', async () => {
    const settings = await settingsFrom(DYNACONF, {
      PULP_DEBUG: 'true',
      PULP_SESSION_COOKIE_SECURE: 'false',
      PULP_ALLOWED_HOSTS: '["pulp.example.com"]',
      PULP_SECURE_HSTS_SECONDS: '@int 3600',
    });
    expect(settings.get('DEBUG').isTrue()).toBe(true);
    expect(settings.get('SESSION_COOKIE_SECURE').isTrue()).toBe(false);
    expect(repr(settings.get('ALLOWED_HOSTS').value)).toBe("['pulp.example.com']");
    expect(repr(settings.get('SECURE_HSTS_SECONDS').value)).toBe('3600');
  });

  it('DjangoDynaconf: the default prefix is DJANGO, and settings files in the repository are read', async () => {
    const settings = await settingsOf(
      {
        'proj/__init__.py': '',
        'proj/settings.py': 'import dynaconf\nDEBUG = True\nsettings = dynaconf.DjangoDynaconf(__name__)\n',
        'proj/settings.toml': '[default]\nsession_cookie_secure = true\n\n[development]\nDEBUG = false\n',
        'proj/.secrets.yaml': 'default:\n  CSRF_COOKIE_SECURE: true\n',
      },
      'proj.settings',
    );
    expect(settings.get('SESSION_COOKIE_SECURE').isTrue()).toBe(true);
    expect(settings.get('SESSION_COOKIE_SECURE').origin).toMatchObject({ file: 'proj/settings.toml', line: 2 });
    expect(settings.get('DEBUG').isTrue()).toBe(false);
    expect(settings.get('CSRF_COOKIE_SECURE').isTrue()).toBe(true);
    const production = await settingsOf(
      {
        'proj/__init__.py': '',
        'proj/settings.py': 'import dynaconf\nDEBUG = True\nsettings = dynaconf.DjangoDynaconf(__name__)\n',
        'proj/settings.toml': '[development]\nDEBUG = false\n',
      },
      'proj.settings',
      { DJANGO_ENV: 'production' },
    );
    expect(production.get('DEBUG').describe()).toContain('when DJANGO_DEBUG is unset');
    expect(production.get('DEBUG').isTrue()).toBe(true);
  });

  it('DjangoDynaconf: SETTINGS_FILE_FOR_DYNACONF names the files, relative to the settings module', async () => {
    const files = {
      'proj/__init__.py': '',
      'proj/settings.py': `from dynaconf import DjangoDynaconf
settings = DjangoDynaconf(__name__, SETTINGS_FILE_FOR_DYNACONF=["conf/production.yaml"], ENVIRONMENTS_FOR_DYNACONF=False)
`,
      'proj/conf/production.yaml': 'SECURE_SSL_REDIRECT: true\n',
    };
    const settings = await settingsOf(files, 'proj.settings');
    expect(settings.get('SECURE_SSL_REDIRECT').isTrue()).toBe(true);
    expect(settings.get('SECURE_SSL_REDIRECT').origin).toMatchObject({ file: 'proj/conf/production.yaml', line: 1 });
  });
});

describe('getattr with a default on an object the model cannot see', () => {
  it("takes the default unless the object has the name, as netbox's load_configuration() result", async () => {
    const settings = await settingsFrom(`import os
from netbox.settings_utils import load_configuration
configuration = load_configuration(environ=os.environ)
SESSION_COOKIE_SECURE = getattr(configuration, "SESSION_COOKIE_SECURE", False)
SECRET_KEY = getattr(configuration, "SECRET_KEY")
`);
    expect(settings.get('SESSION_COOKIE_SECURE').isTrue()).toBe(false);
    expect(settings.get('SESSION_COOKIE_SECURE').describe()).toMatch(
      /^False unless .*load_configuration.* sets SESSION_COOKIE_SECURE$/,
    );
    expect(settings.get('SECRET_KEY').value.kind).toBe('unknown');
  });
});

describe('netbox 2.x: `from netbox import configuration` inside try', () => {
  it('reads a git-ignored configuration.py as the deploy-time module, not as a failed import', async () => {
    const settings = await settingsOf(
      {
        'netbox/__init__.py': '',
        'netbox/configuration.py': 'SESSION_COOKIE_SECURE = True\n',
        'netbox/settings.py': `try:
    from netbox import configuration
except ModuleNotFoundError as e:
    if getattr(e, 'name') == 'configuration':
        raise ImproperlyConfigured("Configuration file is not present.")
    raise
SESSION_COOKIE_SECURE = getattr(configuration, 'SESSION_COOKIE_SECURE', False)
`,
      },
      'netbox.settings',
      {},
      (absPath) => !absPath.endsWith('configuration.py'),
    );
    expect(settings.get('SESSION_COOKIE_SECURE').describe()).toBe(
      'False unless the deploy-time module netbox.configuration sets SESSION_COOKIE_SECURE',
    );
    expect(settings.diagnostics).toEqual([]);
  });
});

describe('a module chosen by a condition the model cannot decide', () => {
  it('asks getattr of each module, so a default both agree on is judged', async () => {
    const settings = await settingsFrom(`import importlib, os
if os.path.isdir("/opt/netbox/_data"):
    configuration = importlib.import_module("netbox_local_configuration")
else:
    configuration = importlib.import_module("configuration")
SESSION_COOKIE_SECURE = getattr(configuration, "SESSION_COOKIE_SECURE", False)
`);
    expect(settings.get('SESSION_COOKIE_SECURE').isTrue()).toBe(false);
  });
});

describe('DjangoDynaconf under a guard', () => {
  it('treats PREFIX_NAME as one production must set when the settings refuse to run on the module value', async () => {
    const settings = await settingsFrom(`from dynaconf import DjangoDynaconf
SECRET_KEY = ""
settings = DjangoDynaconf(__name__, ENVVAR_PREFIX_FOR_DYNACONF="PULP")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY")
`);
    const key = settings.get('SECRET_KEY').value;
    expect(key.kind).toBe('unknown');
    expect(key.env).toEqual([{ variable: 'PULP_SECRET_KEY', state: 'required' }]);
  });
});

describe('calls that only read the namespace', () => {
  it.each([
    'from string import Template\nBANNER = Template("$SITE").substitute(locals())\n',
    'SITE = "x"\nTEMPLATE = "{SITE}"\nBANNER = TEMPLATE.format(**locals())\n',
    'SITE = "x"\nTEMPLATE = "%(SITE)s"\nBANNER = TEMPLATE % locals()\n',
  ])('are not helpers that set settings: %s', async (source) => {
    const settings = await settingsFrom(source);
    expect(settings.get('SESSION_COOKIE_SECURE').isTrue()).toBe(false);
    expect(settings.get('SESSION_COOKIE_SECURE').isAssigned).toBe(false);
  });
});

describe('the scan hands --python to the settings model', () => {
  it('reads a star-imported package installed for the given interpreter', async () => {
    const site = writeTree({
      'shopdefaults/__init__.py': '',
      'shopdefaults/settings.py': 'SESSION_COOKIE_SECURE = True\n',
    });
    const bin = writeTree({ python: `#!/bin/sh\nPYTHONPATH="${site}" exec python3 "$@"\n` });
    chmodSync(join(bin, 'python'), 0o755);
    const project = writeTree({
      'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n',
      'shop/__init__.py': '',
      'shop/settings.py': [
        'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "django.contrib.sessions.middleware.SessionMiddleware"]',
        'INSTALLED_APPS = ["django.contrib.sessions"]',
        'from shopdefaults.settings import *',
        '',
      ].join('\n'),
    });
    const run = (python?: string) =>
      scan({
        path: project,
        repoRoot: project,
        environment: new Map(),
        processEnvironment: {},
        deployCheck: false,
        python,
      });
    const cookieFindings = (findings: Finding[]) => findings.filter((f) => f.ruleId === 'session-cookie-insecure');
    const withInterpreter = await run(join(bin, 'python'));
    expect(cookieFindings(withInterpreter.findings)).toEqual([]);
    expect(withInterpreter.findings.filter((f) => /star-imports shopdefaults/.test(f.message))).toEqual([]);
    const without = await run();
    expect(cookieFindings(without.findings)).toHaveLength(1);
    expect(without.findings.filter((f) => /star-imports shopdefaults\.settings/.test(f.message))).toHaveLength(1);
  });
});

describe("dynaconf's settings object read in Django settings", () => {
  const SOURCE = `from dynaconf import Dynaconf
config = Dynaconf(envvar_prefix="MYAPP", settings_files=["settings.toml"])
DEBUG = config.get("DEBUG", True)
SESSION_COOKIE_SECURE = config.SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = config.SECURE_SSL_REDIRECT
`;

  it('reads PREFIX_NAME, else the settings file, else the default of get()', async () => {
    const settings = await settingsOf(
      { 'proj/__init__.py': '', 'proj/settings.py': SOURCE, 'proj/settings.toml': 'SECURE_SSL_REDIRECT = true\n' },
      'proj.settings',
    );
    expect(settings.get('DEBUG').describe()).toBe(
      'True when MYAPP_DEBUG is unset and no dynaconf settings file sets DEBUG',
    );
    expect(settings.get('SECURE_SSL_REDIRECT').isTrue()).toBe(true);
    expect(settings.get('SECURE_SSL_REDIRECT').origin).toMatchObject({ file: 'proj/settings.toml', line: 1 });
    const cookie = unknownOf(settings.get('SESSION_COOKIE_SECURE').value);
    expect(cookie.hint).toContain('MYAPP_SESSION_COOKIE_SECURE');
    const given = await settingsOf({ 'proj/__init__.py': '', 'proj/settings.py': SOURCE }, 'proj.settings', {
      MYAPP_DEBUG: 'false',
      MYAPP_SESSION_COOKIE_SECURE: '@bool on',
    });
    expect(given.get('DEBUG').isTrue()).toBe(false);
    expect(given.get('SESSION_COOKIE_SECURE').isTrue()).toBe(true);
  });

  it("reads dynaconf's own settings object with the DYNACONF prefix", async () => {
    const settings = await settingsFrom('from dynaconf import settings\nDEBUG = settings.get("DEBUG", False)\n', {
      DYNACONF_DEBUG: 'true',
    });
    expect(settings.get('DEBUG').isTrue()).toBe(true);
  });
});
