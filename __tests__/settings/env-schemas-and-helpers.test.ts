// Environment schemas built with `**spread`, django-environ's FileAwareEnv, helpers imported from other
// project modules (including the Docker-secrets `NAME_FILE` pattern) and `or None` / `or ""` fall-throughs:
// each evaluated as Python would, with its "default when X is unset" story.
import { describe, expect, it } from '@jest/globals';
import { secretKeyHardcoded, secretKeyWeak } from '../../src/rules/secret-key.js';
import type { SettingsRule } from '../../src/rules/rule.js';
import { newestDjango } from '../../src/discover/django-version.js';
import type { SettingsModel } from '../../src/settings/settings-model.js';
import { describe as describeValue, dictGet, repr, type Value } from '../../src/settings/value.js';
import { settingsFrom, settingsOf } from '../support/settings-harness.js';

const unknownOf = (value: Value) => {
  if (value.kind !== 'unknown') throw new Error(`expected an unknown value, got ${repr(value)}`);
  return value;
};

function findingsOf(rule: SettingsRule, settings: SettingsModel) {
  const found: Array<{ level?: string; message: string }> = [];
  rule.check({ settings, django: newestDjango(), deployment: {}, report: (problem) => found.push(problem) });
  return found;
}

describe('django-environ schemas with **spread', () => {
  const sameModule = `import environ

COOKIE_SCHEMA = {
    "DD_SESSION_COOKIE_SECURE": (bool, False),
    "DD_CSRF_COOKIE_SECURE": (bool, False),
}
env = environ.Env(
    DD_DEBUG=(bool, False),
    **COOKIE_SCHEMA,
    DD_SECURE_SSL_REDIRECT=(bool, False),
)
DEBUG = env("DD_DEBUG")
SESSION_COOKIE_SECURE = env("DD_SESSION_COOKIE_SECURE")
CSRF_COOKIE_SECURE = env("DD_CSRF_COOKIE_SECURE")
SECURE_SSL_REDIRECT = env("DD_SECURE_SSL_REDIRECT")
`;

  it('takes defaults from a dict defined in the module and spread into Env()', async () => {
    const settings = await settingsFrom(sameModule);
    expect(settings.get('SESSION_COOKIE_SECURE').describe()).toBe('False when DD_SESSION_COOKIE_SECURE is unset');
    expect(settings.get('SESSION_COOKIE_SECURE').origin).toMatchObject({ file: 'settings.py', line: 4 });
    expect(settings.get('CSRF_COOKIE_SECURE').describe()).toBe('False when DD_CSRF_COOKIE_SECURE is unset');
    // Keywords before and after the spread keep working.
    expect(settings.get('DEBUG').describe()).toBe('False when DD_DEBUG is unset');
    expect(settings.get('SECURE_SSL_REDIRECT').describe()).toBe('False when DD_SECURE_SSL_REDIRECT is unset');
  });

  it('applies the spread entry cast to a given value', async () => {
    const settings = await settingsFrom(sameModule, { DD_SESSION_COOKIE_SECURE: 'on', DD_DEBUG: '0' });
    expect(settings.get('SESSION_COOKIE_SECURE').describe()).toBe(
      "True with DD_SESSION_COOKIE_SECURE='on' from the given environment",
    );
    expect(repr(settings.get('DEBUG').value)).toBe('False');
  });

  it('takes defaults from dicts imported from project modules, absolutely and relatively', async () => {
    const settings = await settingsOf(
      {
        'manage.py': '',
        'proj/__init__.py': '',
        'proj/auditlog/__init__.py': '',
        'proj/auditlog/settings.py': 'ENV_SCHEMA = {\n    "DD_ENABLE_AUDITLOG": (bool, True),\n}\n',
        'proj/schemas.py': 'HSTS = {"DD_SECURE_HSTS_SECONDS": (int, 0)}\n',
        'proj/settings.py': `import environ
from proj.auditlog.settings import ENV_SCHEMA as AUDITLOG_ENV_SCHEMA
from .schemas import HSTS

env = environ.FileAwareEnv(**AUDITLOG_ENV_SCHEMA, **HSTS)
ENABLE_AUDITLOG = env("DD_ENABLE_AUDITLOG")
SECURE_HSTS_SECONDS = env("DD_SECURE_HSTS_SECONDS")
`,
      },
      'proj.settings',
    );
    expect(settings.get('ENABLE_AUDITLOG').describe()).toBe('True when DD_ENABLE_AUDITLOG is unset');
    expect(settings.get('SECURE_HSTS_SECONDS').describe()).toBe('0 when DD_SECURE_HSTS_SECONDS is unset');
    expect(settings.get('SECURE_HSTS_SECONDS').origin).toMatchObject({ file: 'proj/schemas.py', line: 1 });
  });

  it('takes a dict literal spread inline', async () => {
    const settings = await settingsFrom(
      'import environ\nenv = environ.Env(**{"DJANGO_DEBUG": (bool, True)})\nDEBUG = env("DJANGO_DEBUG")\n',
    );
    expect(settings.get('DEBUG').describe()).toBe('True when DJANGO_DEBUG is unset');
  });

  it('keeps what it knows when a spread cannot be seen, and names the spread for the rest', async () => {
    const source = `import environ
from deploy_schemas import EXTRA_SCHEMA

env = environ.Env(DD_DEBUG=(bool, False), **EXTRA_SCHEMA)
DEBUG = env("DD_DEBUG")
SECURE_SSL_REDIRECT = env("DD_SECURE_SSL_REDIRECT")
SESSION_COOKIE_SECURE = env.bool("DD_SESSION_COOKIE_SECURE", default=True)
`;
    const settings = await settingsFrom(source);
    expect(settings.get('DEBUG').describe()).toBe('False when DD_DEBUG is unset');
    expect(settings.get('SESSION_COOKIE_SECURE').describe()).toBe('True when DD_SESSION_COOKIE_SECURE is unset');
    const redirect = unknownOf(settings.get('SECURE_SSL_REDIRECT').value);
    expect(redirect.why).toBe('the default of DD_SECURE_SSL_REDIRECT, which may come from **EXTRA_SCHEMA');
    expect(redirect.hint).toBe('set DD_SECURE_SSL_REDIRECT in the production environment (--env)');
    // The span is the spread itself: the construct that left the default unseen.
    expect(redirect.span).toMatchObject({ file: 'settings.py', line: 4, column: 43, endColumn: 57 });
    // Given a value, the spread no longer matters for a typed reader.
    const given = await settingsFrom(source, { DD_SECURE_SSL_REDIRECT: 'true', DD_SESSION_COOKIE_SECURE: 'no' });
    expect(repr(given.get('SESSION_COOKIE_SECURE').value)).toBe('False');
  });
});

describe('environs, with keyword arguments spread from a dict', () => {
  const source = `from environs import Env

env = Env(eager=True)
env.read_env()
FLAGS = {"default": False}
HOSTS = {"default": ["*"]}
DEBUG = env.bool("DJANGO_DEBUG", **FLAGS)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", **HOSTS)
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", "3600")
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
`;

  it('reads each variable with the default the spread supplies', async () => {
    const settings = await settingsFrom(source);
    expect(settings.get('DEBUG').describe()).toBe('False when DJANGO_DEBUG is unset');
    expect(settings.get('ALLOWED_HOSTS').describe()).toBe("['*'] when DJANGO_ALLOWED_HOSTS is unset");
    // A default is where it is written: the finding goes to the dict that supplies it.
    expect(settings.get('ALLOWED_HOSTS').origin).toMatchObject({ file: 'settings.py', line: 6 });
    // environs parses a string default like a given value.
    expect(repr(settings.get('SECURE_HSTS_SECONDS').value)).toBe('3600');
    expect(settings.get('SECRET_KEY').value.env).toEqual([{ variable: 'DJANGO_SECRET_KEY', state: 'required' }]);
  });

  it("parses given values with the reader's type", async () => {
    const settings = await settingsFrom(source, {
      DJANGO_DEBUG: 'true',
      DJANGO_ALLOWED_HOSTS: 'a.example.com,b.example.com',
    });
    expect(repr(settings.get('DEBUG').value)).toBe('True');
    expect(repr(settings.get('ALLOWED_HOSTS').value)).toBe("['a.example.com', 'b.example.com']");
  });
});

describe('reads the model cannot judge say what would make them judgeable', () => {
  it.each([
    ['import os\nNAME = "X" if os.getpid() else "Y"\nSECRET_KEY = os.environ.get(NAME, "dev")', {}, /string literal/],
    [
      'import environ\nenv = environ.Env()\nSECURE_HSTS_SECONDS = env.int("HSTS", 0)',
      { HSTS: '1y' },
      /would not import/,
    ],
    [
      'from decouple import config\nDEBUG = config("DEBUG", default=False, cast=bool)',
      { DEBUG: 'maybe' },
      /would not import/,
    ],
  ])('%s with %j', async (source, env, hint) => {
    const settings = await settingsFrom(source, env);
    const name = source.split('\n').at(-1)!.split(' =')[0]!;
    expect(unknownOf(settings.get(name).value).hint).toMatch(hint);
  });
});

describe("django-environ's FileAwareEnv and NAME_FILE", () => {
  const source = `import environ
env = environ.FileAwareEnv(DD_SECRET_KEY=(str, ""), DD_DEBUG=(bool, False))
SECRET_KEY = env("DD_SECRET_KEY")
DEBUG = env("DD_DEBUG")
`;

  it('reads the value from a file at deploy time when NAME_FILE is given', async () => {
    const settings = await settingsFrom(source, { DD_SECRET_KEY_FILE: '/run/secrets/dd_secret_key' });
    const secret = unknownOf(settings.get('SECRET_KEY').value);
    expect(secret.why).toBe('read at deploy time from the file DD_SECRET_KEY_FILE names');
    expect(secret.hint).toBe(
      'give DD_SECRET_KEY instead of DD_SECRET_KEY_FILE in the production environment (--env) to judge it; the scan does not read the file',
    );
    expect(secret.span).toMatchObject({ file: 'settings.py', line: 3 });
    expect(findingsOf(secretKeyWeak, settings)).toEqual([]);
    expect(findingsOf(secretKeyHardcoded, settings)).toEqual([]);
    // Variables without a _FILE variable are read as usual.
    expect(settings.get('DEBUG').describe()).toBe('False when DD_DEBUG is unset');
  });

  it('falls back to the variable, then the default, when NAME_FILE is unset or empty', async () => {
    expect((await settingsFrom(source)).get('SECRET_KEY').describe()).toBe("'' when DD_SECRET_KEY is unset");
    expect((await settingsFrom(source, { DD_SECRET_KEY_FILE: '' })).get('SECRET_KEY').describe()).toBe(
      "'' when DD_SECRET_KEY is unset",
    );
    const given = await settingsFrom(source, { DD_DEBUG_FILE: '', DD_DEBUG: 'true' });
    expect(repr(given.get('DEBUG').value)).toBe('True');
  });

  it('leaves NAME_FILE alone for the plain Env', async () => {
    const plain = source.replace('FileAwareEnv', 'Env');
    const settings = await settingsFrom(plain, { DD_SECRET_KEY_FILE: '/run/secrets/dd_secret_key' });
    expect(settings.get('SECRET_KEY').describe()).toBe("'' when DD_SECRET_KEY is unset");
  });
});

describe('helpers defined in another module of the project', () => {
  const utils = `import os


def env_bool(name, default="false"):
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    elif value in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"{name}={value} is not a boolean")


def get_env(name, default=None, *, required=False):
    value = os.environ.get(name)
    if required and value is None and default is None:
        raise RuntimeError(f"{name} is required")
    if value:
        return value
    elif default is not None:
        return default
    else:
        return ""
`;
  const tree = (settings: string) => ({
    'manage.py': '',
    'myproj/__init__.py': '',
    'myproj/conf.py': utils,
    'myproj/settings/__init__.py': '',
    'myproj/settings/utils.py': utils,
    'myproj/settings/production.py': settings,
  });
  const settingsSource = `from .utils import env_bool
from myproj.conf import get_env

DEBUG = env_bool("DJANGO_DEBUG", "true")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE")
ALLOWED_HOSTS = get_env("ALLOWED_HOSTS", "*").split(",")
SECRET_KEY = get_env("SECRET_KEY", required=True)
`;

  it('runs them on the arguments of each call, relative or absolute imports alike', async () => {
    const settings = await settingsOf(tree(settingsSource), 'myproj.settings.production');
    expect(settings.get('DEBUG').describe()).toBe('True when DJANGO_DEBUG is unset');
    expect(settings.get('SESSION_COOKIE_SECURE').describe()).toBe(
      'False when SESSION_COOKIE_SECURE is unset (default at myproj/settings/utils.py:4)',
    );
    expect(settings.get('ALLOWED_HOSTS').describe()).toBe("['*'] when ALLOWED_HOSTS is unset");
    // get_env(..., required=True) raises when the variable is unset: production must set it.
    expect(settings.environment.guarded.has('SECRET_KEY')).toBe(true);
  });

  it('uses the given environment inside the helper', async () => {
    const settings = await settingsOf(tree(settingsSource), 'myproj.settings.production', {
      DJANGO_DEBUG: 'Off',
      ALLOWED_HOSTS: 'shop.example.com,api.example.com',
      SECRET_KEY: 'k',
    });
    expect(repr(settings.get('DEBUG').value)).toBe('False');
    expect(repr(settings.get('ALLOWED_HOSTS').value)).toBe("['shop.example.com', 'api.example.com']");
    expect(repr(settings.get('SECRET_KEY').value)).toBe("'k'");
  });

  it('leaves a value the helper would refuse as unknown, naming the call', async () => {
    const settings = await settingsOf(tree(settingsSource), 'myproj.settings.production', {
      DJANGO_DEBUG: 'maybe',
    });
    const debug = unknownOf(settings.get('DEBUG').value);
    expect(debug.why).toBe('env_bool() raises ValueError');
    expect(debug.span).toMatchObject({ file: 'myproj/settings/production.py', line: 4 });
  });

  it('says which part of a helper it cannot follow', async () => {
    const settings = await settingsOf(
      {
        ...tree(settingsSource),
        'myproj/settings/production.py': `from myproj.conf import load

SECRET_KEY = load("SECRET_KEY")
`,
        'myproj/conf.py': `import os


def load(name):
    while True:
        return os.environ.get(name, "dev")
`,
      },
      'myproj.settings.production',
    );
    const secret = unknownOf(settings.get('SECRET_KEY').value);
    expect(secret.why).toBe(
      'the result of load(), which has a while statement (myproj/conf.py:5) the scanner does not follow',
    );
    expect(secret.span).toMatchObject({ file: 'myproj/settings/production.py', line: 3 });
  });

  it('follows a match statement on an environment value (paperless-ngx parse_db_settings)', async () => {
    const custom = `import os


def parse_db_settings(data_dir):
    engine = os.environ.get("PAPERLESS_DBENGINE")
    if engine is None:
        engine = "postgresql" if "PAPERLESS_DBHOST" in os.environ else "sqlite"
    match engine:
        case "sqlite":
            db_config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(data_dir / "db.sqlite3")}
        case "postgresql" | "mariadb":
            db_config = {
                "ENGINE": "django.db.backends.postgresql",
                "HOST": os.getenv("PAPERLESS_DBHOST"),
                "PASSWORD": os.getenv("PAPERLESS_DBPASS", "paperless"),
            }
        case _:
            raise NotImplementedError(engine)
    return {"default": db_config}
`;
    const files = {
      'manage.py': '',
      'paperless/__init__.py': '',
      'paperless/custom.py': custom,
      'paperless/settings.py': `from pathlib import Path
from paperless.custom import parse_db_settings

DATABASES = parse_db_settings(Path("/data"))
`,
    };
    const sqlite = await settingsOf(files, 'paperless.settings');
    expect(repr(dictGet(dictGet(sqlite.get('DATABASES').value, 'default')!, 'ENGINE')!)).toBe(
      "'django.db.backends.sqlite3'",
    );
    const postgres = await settingsOf(files, 'paperless.settings', { PAPERLESS_DBHOST: 'db' });
    const password = dictGet(dictGet(postgres.get('DATABASES').value, 'default')!, 'PASSWORD')!;
    expect(describeValue(password)).toBe("'paperless' when PAPERLESS_DBPASS is unset");
    const undecided = await settingsOf(files, 'paperless.settings', { PAPERLESS_DBENGINE: 'oracle' });
    expect(unknownOf(undecided.get('DATABASES').value).why).toBe('parse_db_settings() raises NotImplementedError');
  });

  it('evaluates paperless-ngx get_list_from_env, imported from paperless.settings.parsers', async () => {
    const parsers = `import os


def get_list_from_env(
    key: str,
    separator: str = ",",
    default: list | None = None,
    *,
    strip_whitespace: bool = True,
    remove_empty: bool = True,
    required: bool = False,
) -> list:
    """Get and parse a list from an environment variable or return a default."""
    env_value = os.environ.get(key)

    if required and env_value is None and default is None:
        raise ValueError(f"Required environment variable '{key}' is not set")

    if env_value:
        items = env_value.split(separator)
        if strip_whitespace:
            items = [item.strip() for item in items]
        if remove_empty:
            items = [item for item in items if item]
        return items
    elif default is not None:
        return default
    else:
        return []
`;
    const files = {
      'manage.py': '',
      'paperless/__init__.py': '',
      'paperless/settings/__init__.py': `from paperless.settings.parsers import get_list_from_env

ALLOWED_HOSTS = get_list_from_env("PAPERLESS_ALLOWED_HOSTS", default=["*"])
if ALLOWED_HOSTS != ["*"]:
    ALLOWED_HOSTS.append("localhost")
CSRF_TRUSTED_ORIGINS = get_list_from_env("PAPERLESS_CSRF_TRUSTED_ORIGINS")
`,
      'paperless/settings/parsers.py': parsers,
    };
    const settings = await settingsOf(files, 'paperless.settings');
    expect(settings.get('ALLOWED_HOSTS').describe()).toBe("['*'] when PAPERLESS_ALLOWED_HOSTS is unset");
    expect(settings.get('ALLOWED_HOSTS').origin).toMatchObject({ file: 'paperless/settings/__init__.py', line: 3 });
    expect(settings.get('CSRF_TRUSTED_ORIGINS').describe()).toBe('[] when PAPERLESS_CSRF_TRUSTED_ORIGINS is unset');
    const given = await settingsOf(files, 'paperless.settings', { PAPERLESS_ALLOWED_HOSTS: ' docs.example.com, ,' });
    expect(repr(given.get('ALLOWED_HOSTS').value)).toBe("['docs.example.com', 'localhost']");
  });
});

describe('a project helper handed the module namespace', () => {
  const files = {
    'manage.py': '',
    'dojo/__init__.py': '',
    'dojo/notifications/__init__.py': '',
    'dojo/notifications/settings.py': `NOTIFICATIONS_ENV_DEFAULTS = {
    "DD_SLA_NOTIFY_ACTIVE": (bool, False),
    "DD_SESSION_COOKIE_SECURE": (bool, False),
}

_ENV_TO_SETTING = {
    "DD_SLA_NOTIFY_ACTIVE": "SLA_NOTIFY_ACTIVE",
    "DD_SESSION_COOKIE_SECURE": "SESSION_COOKIE_SECURE",
}


def populate_settings(env, target: dict) -> None:
    for env_var, setting_name in _ENV_TO_SETTING.items():
        if setting_name.startswith("_"):
            continue
        target[setting_name] = env(env_var)
`,
    'dojo/settings.py': `import environ
from dojo.notifications.settings import NOTIFICATIONS_ENV_DEFAULTS
from dojo.notifications.settings import populate_settings as _populate_notifications_settings

env = environ.FileAwareEnv(**NOTIFICATIONS_ENV_DEFAULTS)
X_FRAME_OPTIONS = "DENY"
_populate_notifications_settings(env, globals())
`,
  };

  it('runs it, loop and all, and sets the names it writes in the calling module', async () => {
    const settings = await settingsOf(files, 'dojo.settings');
    expect(settings.get('SESSION_COOKIE_SECURE').describe()).toBe('False when DD_SESSION_COOKIE_SECURE is unset');
    expect(settings.get('SLA_NOTIFY_ACTIVE').describe()).toBe('False when DD_SLA_NOTIFY_ACTIVE is unset');
    // What it does not write stays as the module left it.
    expect(repr(settings.get('X_FRAME_OPTIONS').value)).toBe("'DENY'");
    expect(settings.get('CSRF_COOKIE_SECURE').isAssigned).toBe(false);
    const given = await settingsOf(files, 'dojo.settings', { DD_SESSION_COOKIE_SECURE: 'true' });
    expect(repr(given.get('SESSION_COOKIE_SECURE').value)).toBe('True');
  });
});

describe('helpers that read NAME_FILE first (Docker secrets)', () => {
  const healthchecks = `import os
from pathlib import Path
from typing import overload

from django.core.exceptions import ImproperlyConfigured


@overload
def envsecret(s: str) -> str | None: ...


@overload
def envsecret(s: str, default: str) -> str: ...


def envsecret(s: str, default: str | None = None) -> str | None:
    """Load a secret from an environment variable or from the filesystem."""

    if secret_path := os.getenv(s + "_FILE"):
        p = Path(secret_path)
        if not p.is_file():
            raise ImproperlyConfigured(f"Error reading {s}_FILE ({secret_path})")
        return p.read_text().strip()

    return os.getenv(s, default)


SECRET_KEY = envsecret("SECRET_KEY", "---")
DB_PASSWORD = envsecret("DB_PASSWORD", "")
`;

  it('gives the fallback when neither variable is set, with both conditions', async () => {
    const settings = await settingsFrom(healthchecks);
    expect(settings.get('SECRET_KEY').describe()).toBe(
      "'---' when SECRET_KEY is unset and when SECRET_KEY_FILE is unset",
    );
    const weak = findingsOf(secretKeyWeak, settings);
    expect(weak).toHaveLength(1);
    expect(weak[0]!.message).toContain('has only 3 characters');
    expect(findingsOf(secretKeyHardcoded, settings)).toHaveLength(1);
  });

  it('says the value is read from a file at deploy time when NAME_FILE is given', async () => {
    const settings = await settingsFrom(healthchecks, { SECRET_KEY_FILE: '/run/secrets/hc_secret_key' });
    const secret = unknownOf(settings.get('SECRET_KEY').value);
    expect(secret.why).toBe('read at deploy time from the file SECRET_KEY_FILE names');
    expect(secret.hint).toBe(
      'give SECRET_KEY instead of SECRET_KEY_FILE in the production environment (--env) to judge it; the scan does not read the file',
    );
    expect(secret.span).toMatchObject({ file: 'settings.py', line: 28 });
    expect(findingsOf(secretKeyWeak, settings)).toEqual([]);
    expect(findingsOf(secretKeyHardcoded, settings)).toEqual([]);
  });

  it('reads the variable itself when it is given and NAME_FILE is not', async () => {
    const settings = await settingsFrom(healthchecks, { SECRET_KEY: 'x'.repeat(10) });
    expect(repr(settings.get('SECRET_KEY').value)).toBe(`'${'x'.repeat(10)}'`);
  });

  it.each([
    [
      'f-string name and open().read()',
      `def secret(name, default=None):
    path = os.environ.get(f"{name}_FILE")
    if path:
        with open(path) as handle:
            return handle.read().strip()
    return os.environ.get(name, default)
`,
    ],
    [
      'membership test and Path.read_text()',
      `def secret(name, default=None):
    if f"{name}_FILE" in os.environ:
        return Path(os.environ[f"{name}_FILE"]).read_text()
    return os.getenv(name, default)
`,
    ],
  ])('understands the %s variant, imported from another module', async (_title, helper) => {
    const files = {
      'manage.py': '',
      'mysite/__init__.py': '',
      'mysite/secrets.py': `import os\nfrom pathlib import Path\n\n\n${helper}`,
      'mysite/settings.py': 'from mysite.secrets import secret\n\nSECRET_KEY = secret("DJANGO_SECRET_KEY", "dev")\n',
    };
    const unset = await settingsOf(files, 'mysite.settings');
    expect(repr(unset.get('SECRET_KEY').value)).toBe("'dev'");
    expect(unset.get('SECRET_KEY').describe()).toContain('when DJANGO_SECRET_KEY is unset');
    const fromFile = await settingsOf(files, 'mysite.settings', { DJANGO_SECRET_KEY_FILE: '/run/secrets/key' });
    expect(unknownOf(fromFile.get('SECRET_KEY').value).why).toBe(
      'read at deploy time from the file DJANGO_SECRET_KEY_FILE names',
    );
  });
});

describe('fall-throughs keep their exact value', () => {
  it.each([
    ['import os\nSECRET_KEY = os.environ.get("SECRET_KEY") or None', {}, 'None when SECRET_KEY is unset'],
    ['import os\nSECRET_KEY = os.getenv("SECRET_KEY") or ""', {}, "'' when SECRET_KEY is unset"],
    ['import os\nSECRET_KEY = os.getenv("SECRET_KEY", "") or None', {}, 'None when SECRET_KEY is unset'],
    [
      'import os\nSECRET_KEY = os.environ.get("SECRET_KEY") or None',
      { SECRET_KEY: 'abc' },
      "'abc' with SECRET_KEY from the given environment",
    ],
    [
      'import os\nSECRET_KEY = os.environ.get("SECRET_KEY", "") or "fallback"',
      { SECRET_KEY: '' },
      "'fallback' with SECRET_KEY from the given environment",
    ],
    [
      'import environ\nenv = environ.Env()\nSECRET_KEY = env.str("SECRET_KEY", default=None) or ""',
      {},
      "'' when SECRET_KEY is unset",
    ],
  ])('%s with %j is %s', async (source, env, expected) => {
    const settings = await settingsFrom(source, env);
    expect(settings.get('SECRET_KEY').describe()).toBe(expected);
  });

  it('calls an empty or None SECRET_KEY what it is: Django refuses to start, not a weak key', async () => {
    const fromDefault = await settingsFrom('import os\nSECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or None\n');
    const [unset] = findingsOf(secretKeyWeak, fromDefault);
    expect(unset).toMatchObject({ level: 'note' });
    expect(unset!.message).toBe(
      'SECRET_KEY is None when DJANGO_SECRET_KEY is unset: Django then refuses to start ("The SECRET_KEY setting must not be empty"), so production must set DJANGO_SECRET_KEY.',
    );
    expect(unset!.message).not.toContain('weak');

    const literal = await settingsFrom('SECRET_KEY = ""\n');
    const [empty] = findingsOf(secretKeyWeak, literal);
    expect(empty).toMatchObject({ level: 'error' });
    expect(empty!.message).toBe(
      'SECRET_KEY is empty: Django refuses to start ("The SECRET_KEY setting must not be empty"), so this deployment cannot run.',
    );
  });
});
