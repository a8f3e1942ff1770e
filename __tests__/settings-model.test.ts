import { describe, expect, it } from '@jest/globals';
import { repr } from '../src/settings/value.js';
import { settingsFrom, settingsOf } from './support/settings-harness.js';

const valueOf = async (source: string, name: string, env: Record<string, string> = {}) =>
  repr((await settingsFrom(source, env)).get(name).value);

describe('settings model: a single file', () => {
  it('evaluates literals and keeps the location of the expression', async () => {
    const settings = await settingsFrom('DEBUG = True\nALLOWED_HOSTS = ["a.com", "b.com"]\n');
    expect(settings.get('DEBUG').truthy()).toBe(true);
    expect(repr(settings.get('ALLOWED_HOSTS').value)).toBe("['a.com', 'b.com']");
    expect(settings.get('DEBUG').origin).toMatchObject({ file: 'settings.py', line: 1, column: 9, endColumn: 13 });
  });

  it('falls back to Django defaults for settings never assigned, placed at the module', async () => {
    const settings = await settingsFrom('X = 1\n');
    const debug = settings.get('DEBUG');
    expect(debug.isAssigned).toBe(false);
    expect(debug.truthy()).toBe(false);
    expect(debug.describe()).toBe("not set (Django's default is False)");
    expect(debug.origin).toMatchObject({ file: 'settings.py', line: 1 });
  });

  it.each([
    ['X = 60 * 60 * 24 * 365', '31536000'],
    ['X = 1_000 + 0x10', '1016'],
    ['X = "a" "b" \'c\'', "'abc'"],
    ['X = r"\\d+" + "\\n"', "'\\\\d+\\n'"],
    ['A = "x"\nX = f"{A}-y"', "'x-y'"],
    ['X = ("a",) + ("b",)', "('a', 'b')"],
    ['X = [h.strip() for h in " a , b ".split(",") if h.strip()]', "['a', 'b']"],
    ['X = {"a": 1, **{"b": 2}}', "{'a': 1, 'b': 2}"],
    ['X = None or "fallback"', "'fallback'"],
    ['X = "on" if 1 > 2 else "off"', "'off'"],
    ['X = not ""', 'True'],
    ['X = "%s-%d" % ("a", 3)', "'a-3'"],
    ['X = "{}.{}".format("a", "b")', "'a.b'"],
    ['X = ", ".join(["a", "b"])', "'a, b'"],
    ['X = -5', '-5'],
    ['X = len([1, 2, 3])', '3'],
  ])('evaluates %s', async (source, expected) => {
    expect(await valueOf(source, 'X')).toBe(expected);
  });

  it('follows +=, append, insert, extend and remove on lists', async () => {
    const source = `
MIDDLEWARE = ["a", "b"]
MIDDLEWARE += ["c"]
MIDDLEWARE.append("d")
MIDDLEWARE.insert(0, "first")
MIDDLEWARE.extend(("e", "f"))
MIDDLEWARE.remove("b")
INSTALLED_APPS = ("x",)
INSTALLED_APPS += ("y",)
`;
    expect(await valueOf(source, 'MIDDLEWARE')).toBe("['first', 'a', 'c', 'd', 'e', 'f']");
    expect(await valueOf(source, 'INSTALLED_APPS')).toBe("('x', 'y')");
  });

  it('updates nested dicts through subscripts and update()', async () => {
    const source = `
DATABASES = {"default": {"ENGINE": "sqlite"}}
DATABASES["default"]["PASSWORD"] = "pw"
DATABASES["default"].update({"HOST": "db"})
CACHES = {}
CACHES.update({"default": {"BACKEND": "locmem"}})
`;
    expect(await valueOf(source, 'DATABASES')).toBe(
      "{'default': {'ENGINE': 'sqlite', 'PASSWORD': 'pw', 'HOST': 'db'}}",
    );
    expect(await valueOf(source, 'CACHES')).toBe("{'default': {'BACKEND': 'locmem'}}");
  });
});

describe('settings model: environment reads', () => {
  it.each([
    ['import os\nX = os.environ.get("V", "d")', "'d'"],
    ['import os\nX = os.getenv("V")', 'None'],
    ['import os\nX = os.environ.setdefault("V", "d")', "'d'"],
    ['from os import environ, getenv\nX = getenv("V", environ.get("W", "w"))', "'w'"],
    ['import os\nX = os.environ.get("V", "False")', "'False'"],
    ['import os\nX = os.environ.get("V", "True") == "True"', 'True'],
    ['import os\nX = os.environ.get("V", "false").lower() in ("true", "1", "yes")', 'False'],
    ['import os\nX = bool(int(os.getenv("V", "0")))', 'False'],
    ['import os\nX = os.getenv("V", True) == 1', 'True'],
    ['import os\nX = os.environ.get("V", "a,b").split(",")', "['a', 'b']"],
    ['import os\nX = os.environ.get("V", "").split(",")', "['']"],
    ['import os\nX = int(os.environ.get("V", 3600))', '3600'],
  ])('reads %s as its default when the variable is unset', async (source, expected) => {
    expect(await valueOf(source, 'X')).toBe(expected);
  });

  it.each([
    ['import os\nX = os.environ.get("V", "d")', { V: 'given' }, "'given'"],
    ['import os\nX = os.environ["V"]', { V: 'v' }, "'v'"],
    ['import os\nX = os.environ.get("V", "True") == "True"', { V: 'False' }, 'False'],
    ['import os\nX = os.environ.get("V", "1").lower() in ("1", "true")', { V: 'TRUE' }, 'True'],
  ])('reads %s from the given environment', async (source, env, expected) => {
    expect(await valueOf(source, 'X', env)).toBe(expected);
  });

  it('treats a read without a default as required, and unknown', async () => {
    const settings = await settingsFrom('import os\nSECRET_KEY = os.environ["SECRET_KEY"]\n');
    const secret = settings.get('SECRET_KEY');
    expect(secret.value.kind).toBe('unknown');
    expect(secret.truthy()).toBeUndefined();
    expect(secret.value.env).toEqual([{ variable: 'SECRET_KEY', state: 'required' }]);
  });

  it('says how a value came to be, with the default location', async () => {
    const settings = await settingsFrom('import os\n\nDEBUG = os.environ.get(\n    "DJANGO_DEBUG", "1"\n) == "1"\n');
    expect(settings.get('DEBUG').describe()).toBe('True when DJANGO_DEBUG is unset (default at settings.py:4)');
    const sameLine = await settingsFrom('import os\nDEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"\n');
    expect(sameLine.get('DEBUG').describe()).toBe('True when DJANGO_DEBUG is unset');
    const given = await settingsFrom('import os\nDEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"\n', {
      DJANGO_DEBUG: '1',
    });
    expect(given.get('DEBUG').describe()).toBe("True with DJANGO_DEBUG='1' from the given environment");
  });

  describe('django-environ', () => {
    const header = 'import environ\nenv = environ.Env(DEBUG=(bool, True), HOSTS=(list, ["*"]), PORT=(int, 80))\n';
    it.each([
      ['X = env("DEBUG")', {}, 'True'],
      ['X = env("DEBUG")', { DEBUG: 'off' }, 'False'],
      ['X = env("DEBUG")', { DEBUG: '0' }, 'False'],
      ['X = env("HOSTS")', {}, "['*']"],
      ['X = env("HOSTS")', { HOSTS: 'a.com,b.com' }, "['a.com', 'b.com']"],
      ['X = env("PORT")', { PORT: '8080' }, '8080'],
      ['X = env.bool("OTHER", default=False)', {}, 'False'],
      ['X = env.bool("OTHER", True)', {}, 'True'],
      ['X = env.bool("OTHER", default=False)', { OTHER: 'yes' }, 'True'],
      ['X = env.str("OTHER", default="d")', {}, "'d'"],
      ['X = env("OTHER", default="d")', {}, "'d'"],
      ['X = env.int("OTHER", default=5)', { OTHER: '7' }, '7'],
      ['X = env.list("OTHER", default=["a"])', {}, "['a']"],
      ['X = env.list("OTHER", default=[])', { OTHER: 'x,,y' }, "['x', 'y']"],
      ['X = env("OTHER", default=False)', { OTHER: 'true' }, 'True'],
    ])('%s with %j', async (line, env, expected) => {
      expect(await valueOf(header + line, 'X', env)).toBe(expected);
    });

    it('builds DATABASES entries from env.db() URLs', async () => {
      const source = `${header}DATABASES = {"default": env.db("DATABASE_URL", default="postgres://shop:s3cret@db:5432/shop")}\n`;
      expect(await valueOf(source, 'DATABASES')).toBe(
        "{'default': {'NAME': 'shop', 'USER': 'shop', 'PASSWORD': 's3cret', 'HOST': 'db', 'PORT': '5432'}}",
      );
    });

    it('treats env() without a default as required', async () => {
      const settings = await settingsFrom(`${header}SECRET_KEY = env("SECRET_KEY")\n`);
      expect(settings.get('SECRET_KEY').value.kind).toBe('unknown');
    });
  });

  describe('python-decouple', () => {
    const header = 'from decouple import config, Csv\n';
    it.each([
      ['X = config("DEBUG", default=False, cast=bool)', {}, 'False'],
      ['X = config("DEBUG", default="True", cast=bool)', {}, 'True'],
      ['X = config("DEBUG", default=False, cast=bool)', { DEBUG: 'on' }, 'True'],
      ['X = config("DEBUG", default=False)', { DEBUG: 'False' }, "'False'"],
      ['X = config("HOSTS", default="*", cast=Csv())', {}, "['*']"],
      ['X = config("HOSTS", default="a.com, b.com", cast=Csv())', {}, "['a.com', 'b.com']"],
      ['X = config("HOSTS", default="", cast=Csv())', {}, '[]'],
      ['X = config("PORT", default=5432, cast=int)', { PORT: '6543' }, '6543'],
    ])('%s with %j', async (line, env, expected) => {
      expect(await valueOf(header + line, 'X', env)).toBe(expected);
    });

    it('treats config() without a default as required', async () => {
      const settings = await settingsFrom(`${header}SECRET_KEY = config("SECRET_KEY")\n`);
      expect(settings.get('SECRET_KEY').value.kind).toBe('unknown');
    });
  });

  it('runs helpers defined in the settings, and treats str2bool-style helpers as boolean casts', async () => {
    const source = `
import os
from myproject.utils import str2bool

def env_flag(name, default="false"):
    return os.environ.get(name, default).lower() in ("1", "true", "yes")

A = env_flag("A")
B = env_flag("B", "true")
C = str2bool(os.environ.get("C", "yes"))
D = str2bool(os.environ.get("D", "no"))
`;
    const settings = await settingsFrom(source);
    expect(repr(settings.get('A').value)).toBe('False');
    expect(repr(settings.get('B').value)).toBe('True');
    expect(repr(settings.get('C').value)).toBe('True');
    expect(repr(settings.get('D').value)).toBe('False');
    const given = await settingsFrom(source, { A: 'TRUE' });
    expect(repr(given.get('A').value)).toBe('True');
  });
});

describe('settings model: control flow', () => {
  it('evaluates if/elif/else on environment values', async () => {
    const source = `
import os
ENVIRONMENT = os.environ.get("ENVIRONMENT", "development")
if ENVIRONMENT == "production":
    DEBUG = False
elif ENVIRONMENT == "staging":
    DEBUG = False
else:
    DEBUG = True
`;
    expect(await valueOf(source, 'DEBUG')).toBe('True');
    expect(await valueOf(source, 'DEBUG', { ENVIRONMENT: 'production' })).toBe('False');
    expect(await valueOf(source, 'DEBUG', { ENVIRONMENT: 'staging' })).toBe('False');
  });

  it('keeps both branches of a condition it cannot decide', async () => {
    const source = `
import sys
DEBUG = False
if "test" in sys.argv:
    DEBUG = True
HOSTS = ["a"]
`;
    const settings = await settingsFrom(source);
    expect(settings.get('DEBUG').value.kind).toBe('either');
    expect(settings.get('DEBUG').truthy()).toBeUndefined();
    expect(repr(settings.get('HOSTS').value)).toBe("['a']");
  });

  it('drops a branch that raises: a guard makes a variable required', async () => {
    const source = `
import os
from django.core.exceptions import ImproperlyConfigured
DEBUG = os.environ.get("DEBUG", "") == "1"
SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-dev-key")
if not DEBUG and SECRET_KEY == "insecure-dev-key":
    raise ImproperlyConfigured("Set SECRET_KEY in production")
`;
    const settings = await settingsFrom(source);
    expect(settings.get('SECRET_KEY').value.kind).toBe('unknown');
    expect(settings.environment.guarded.has('SECRET_KEY')).toBe(true);
  });

  it('requires a variable whose absence makes the settings raise', async () => {
    const source = `
import os
SECRET_KEY = os.environ.get("SECRET_KEY")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY missing")
`;
    const settings = await settingsFrom(source);
    expect(settings.get('SECRET_KEY').value.kind).toBe('unknown');
    expect(settings.diagnostics).toEqual([]);
  });

  it('unrolls loops over known lists', async () => {
    const source = `
APPS = []
for name in ["a", "b"]:
    APPS.append("app." + name)
`;
    expect(await valueOf(source, 'APPS')).toBe("['app.a', 'app.b']");
  });
});

describe('settings model: split settings', () => {
  const base = `
import os
DEBUG = True
SECRET_KEY = "base-key"
ALLOWED_HOSTS = []
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]
`;

  it('follows relative star imports and later overrides', async () => {
    const settings = await settingsOf(
      {
        'project/__init__.py': '',
        'project/settings/__init__.py': '',
        'project/settings/base.py': base,
        'project/settings/production.py':
          'from .base import *\nDEBUG = False\nALLOWED_HOSTS = ["example.com"]\nMIDDLEWARE += ["csp.middleware.CSPMiddleware"]\n',
      },
      'project.settings.production',
    );
    expect(repr(settings.get('DEBUG').value)).toBe('False');
    expect(settings.get('DEBUG').origin).toMatchObject({ file: 'project/settings/production.py', line: 2 });
    expect(repr(settings.get('SECRET_KEY').value)).toBe("'base-key'");
    expect(settings.get('SECRET_KEY').origin).toMatchObject({ file: 'project/settings/base.py', line: 4 });
    expect(repr(settings.get('MIDDLEWARE').value)).toBe(
      "['django.middleware.security.SecurityMiddleware', 'csp.middleware.CSPMiddleware']",
    );
    expect(settings.files).toEqual(['project/settings/production.py', 'project/settings/base.py']);
  });

  it('follows absolute star imports (cookiecutter-django layout)', async () => {
    const settings = await settingsOf(
      {
        'config/__init__.py': '',
        'config/settings/__init__.py': '',
        'config/settings/base.py': base,
        'config/settings/production.py': 'from config.settings.base import *  # noqa\nDEBUG = False\n',
      },
      'config.settings.production',
    );
    expect(repr(settings.get('DEBUG').value)).toBe('False');
    expect(repr(settings.get('SECRET_KEY').value)).toBe("'base-key'");
  });

  it('reads a settings package whose __init__ picks a module by environment', async () => {
    const files = {
      'site/__init__.py': '',
      'site/settings/__init__.py':
        'import os\nif os.environ.get("DJANGO_ENV") == "production":\n    from .production import *\nelse:\n    from .development import *\n',
      'site/settings/base.py': base,
      'site/settings/production.py': 'from .base import *\nDEBUG = False\n',
      'site/settings/development.py': 'from .base import *\nDEBUG = True\n',
    };
    expect(repr((await settingsOf(files, 'site.settings')).get('DEBUG').value)).toBe('True');
    expect(repr((await settingsOf(files, 'site.settings', { DJANGO_ENV: 'production' })).get('DEBUG').value)).toBe(
      'False',
    );
  });

  it('applies a committed local.py behind try/except ImportError, and skips a git-ignored one', async () => {
    const files = {
      'app/__init__.py': '',
      'app/settings/__init__.py': '',
      'app/settings/base.py': base,
      'app/settings/production.py':
        'from .base import *\nDEBUG = False\ntry:\n    from .local import *\nexcept ImportError:\n    pass\n',
      'app/settings/local.py': 'DEBUG = True\n',
    };
    const committed = await settingsOf(files, 'app.settings.production');
    expect(repr(committed.get('DEBUG').value)).toBe('True');
    expect(committed.get('DEBUG').origin.file).toBe('app/settings/local.py');
    const ignored = await settingsOf(files, 'app.settings.production', {}, (path) => !path.endsWith('local.py'));
    expect(repr(ignored.get('DEBUG').value)).toBe('False');
    expect(ignored.diagnostics).toEqual([]);
  });

  it('runs the except branch when the optional module is missing', async () => {
    const settings = await settingsOf(
      {
        'settings.py':
          'DEBUG = False\ntry:\n    from local_settings import *\nexcept ImportError:\n    ALLOWED_HOSTS = ["fallback.example"]\n',
      },
      'settings',
    );
    expect(repr(settings.get('ALLOWED_HOSTS').value)).toBe("['fallback.example']");
  });

  it('honours __all__ in star imports and skips private names', async () => {
    const settings = await settingsOf(
      {
        'pkg/__init__.py': '',
        'pkg/base.py': '__all__ = ["DEBUG"]\nDEBUG = True\nSECRET_KEY = "x"\n',
        'pkg/prod.py': 'from .base import *\n',
      },
      'pkg.prod',
    );
    expect(settings.has('DEBUG')).toBe(true);
    expect(settings.has('SECRET_KEY')).toBe(false);
  });

  it('treats settings behind an unresolvable star import as unknown, with a note', async () => {
    const settings = await settingsOf(
      { 'proj/__init__.py': '', 'proj/settings.py': 'from .secrets import *\nDEBUG = False\n' },
      'proj.settings',
    );
    expect(settings.get('SECRET_KEY').value.kind).toBe('unknown');
    expect(settings.diagnostics).toHaveLength(1);
    expect(settings.diagnostics[0]!.message).toMatch(/not in the repository/);
  });

  it('survives import cycles', async () => {
    const settings = await settingsOf(
      { 'a.py': 'from b import *\nDEBUG = True\n', 'b.py': 'from a import *\nX = 1\n' },
      'a',
    );
    expect(repr(settings.get('DEBUG').value)).toBe('True');
  });
});

describe('settings model: other layouts', () => {
  it('runs django-split-settings includes in one namespace, in order, with optional files and globs', async () => {
    const settings = await settingsOf(
      {
        'proj/__init__.py': '',
        'proj/settings/__init__.py':
          'from split_settings.tools import include, optional\ninclude("components/*.py", "environments/production.py", optional("local.py"))\n',
        'proj/settings/components/a_base.py': 'DEBUG = True\nMIDDLEWARE = ["a"]\n',
        'proj/settings/components/b_security.py': 'MIDDLEWARE += ["b"]\nSECRET_KEY = "x" * 10\n',
        'proj/settings/environments/production.py': 'DEBUG = False\n',
      },
      'proj.settings',
    );
    expect(repr(settings.get('DEBUG').value)).toBe('False');
    expect(settings.get('DEBUG').origin.file).toBe('proj/settings/environments/production.py');
    expect(repr(settings.get('MIDDLEWARE').value)).toBe("['a', 'b']");
    expect(repr(settings.get('SECRET_KEY').value)).toBe("'xxxxxxxxxx'");
    expect(settings.diagnostics).toEqual([]);
  });

  it('treats django-configurations classes as unknown, and notes a globals().update() it cannot see into', async () => {
    const classes = await settingsFrom(
      'from configurations import Configuration\nclass Prod(Configuration):\n    DEBUG = True\n',
    );
    expect(classes.get('SECRET_KEY').value.kind).toBe('unknown');
    expect(classes.diagnostics[0]!.message).toMatch(/django-configurations/);
    const dynamic = await settingsFrom('DEBUG = False\nglobals().update(load())\n');
    expect(dynamic.get('DEBUG').isTrue()).toBe(false);
    expect(dynamic.diagnostics[0]!.message).toMatch(/globals\(\)\.update/);
  });
});

describe('settings model: membership in os.environ', () => {
  const source = `
import os
if "DJANGO_SECRET_KEY" in os.environ:
    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
else:
    SECRET_KEY = "fallback-key"
`;
  it('is false when the variable is not given, and true when it is', async () => {
    expect(await valueOf(source, 'SECRET_KEY')).toBe("'fallback-key'");
    expect((await settingsFrom(source)).get('SECRET_KEY').describe()).toBe(
      "'fallback-key' when DJANGO_SECRET_KEY is unset",
    );
    expect(await valueOf(source, 'SECRET_KEY', { DJANGO_SECRET_KEY: 'k' })).toBe("'k'");
  });
});

describe('settings model: where unassigned settings belong', () => {
  it('is the selected module when it assigns settings itself', async () => {
    const settings = await settingsOf(
      { 'p/__init__.py': '', 'p/base.py': 'DEBUG = False\n', 'p/production.py': 'from .base import *\nX = 1\n' },
      'p.production',
    );
    expect(settings.get('SECURE_HSTS_SECONDS').origin).toMatchObject({ file: 'p/production.py', line: 1 });
  });

  it('follows a settings package that only picks a module, to the module it picked', async () => {
    const files = {
      'site/__init__.py': '',
      'site/settings/__init__.py':
        'import os\nif os.environ.get("ENV") == "prod":\n    from .production import *\nelse:\n    from .development import *\n',
      'site/settings/base.py': 'DEBUG = False\n',
      'site/settings/production.py': 'from .base import *\nALLOWED_HOSTS = ["a.example"]\n',
      'site/settings/development.py': 'from .base import *\nDEBUG = True\n',
    };
    const production = await settingsOf(files, 'site.settings', { ENV: 'prod' });
    expect(production.get('SECURE_SSL_REDIRECT').origin.file).toBe('site/settings/production.py');
    const development = await settingsOf(files, 'site.settings');
    expect(development.get('SECURE_SSL_REDIRECT').origin.file).toBe('site/settings/development.py');
  });
});
