import { debugEnabled } from '../../src/rules/debug-enabled.js';
import { py, ruleTester } from '../support/rule-tester.js';

const ENVIRON = py('import environ', 'env = environ.Env(DEBUG=(bool, False))');
const STR2BOOL = py('import os', 'def str2bool(v):', '    return str(v).lower() in ("yes", "true", "t", "1")');
const ENV_BOOL = py(
  'import os',
  'def env_bool(name, default=False):',
  '    value = os.environ.get(name)',
  '    if value is None:',
  '        return default',
  '    return value.lower() in ("1", "true", "yes")',
);
const BY_STAGE = py(
  'import os',
  'ENV = os.getenv("ENV", "dev")',
  'if ENV == "prod":',
  '    DEBUG = False',
  'elif ENV == "staging":',
  '    DEBUG = False',
  'else:',
  '    DEBUG = True',
);

ruleTester(debugEnabled, {
  flag: [
    // Regressions from review.
    { code: 'import environ\nenv = environ.Env()\nDEBUG = env("DEBUG", bool, True)', message: /when DEBUG is unset/ },
    { code: 'import os\nDEBUG = os.environ.get("DEBUG", False)', message: /uncast/ },
    { code: 'import os\nDEBUG = bool(os.getenv("DEBUG"))', message: /uncast/ },
    { code: 'from decouple import config\nDEBUG = config("DEBUG", default=False)', message: /uncast/ },
    { code: 'import os\nDEBUG = os.environ["DJANGO_DEBUG"]', message: /DJANGO_DEBUG=False runs with DEBUG on/ },

    // Literals, judged by Python truthiness (security.W018 tests truthiness too).
    { code: 'DEBUG = True', line: 1, level: 'error', message: /DEBUG is True/ },
    { code: 'DEBUG = 1', level: 'error' },
    { code: 'DEBUG = "False"', message: /non-empty string/ },
    { code: 'DEBUG = "0"', message: /non-empty string/ },
    'DEBUG = not False',
    { code: 'DEBUG = False\nDEBUG = True', line: 2 },

    // os.environ / os.getenv: a truthy default applies when the variable is unset.
    { code: 'import os\nDEBUG = os.environ.get("DEBUG", "False")', message: /non-empty string/ },
    { code: 'import os\nDEBUG = os.environ.get("DEBUG", "1") == "1"', message: /when DEBUG is unset/ },
    { code: 'import os\nDEBUG = os.getenv("DEBUG", "True") == "True"', line: 2, message: /when DEBUG is unset/ },
    'import os\nDEBUG = os.getenv("DJANGO_DEBUG", True) == 1',
    'import os\nDEBUG = int(os.getenv("DEBUG", 1))',
    'from os import getenv\nDEBUG = getenv("DEBUG", "True") == "True"',
    'from os import environ as e\nDEBUG = e.get("DEBUG", "1") == "1"',
    { code: 'import os\nDEBUG = os.environ.get("DJANGO_ENV", "development") != "production"', message: /DJANGO_ENV/ },
    py('import os', 'ENVIRONMENT = os.environ.get("ENVIRONMENT", "local")', 'DEBUG = ENVIRONMENT in ("local", "dev")'),

    // Presence tests: True whenever production leaves the variable unset.
    { code: 'import os\nDEBUG = "PRODUCTION" not in os.environ', message: /when PRODUCTION is unset/ },

    // Hand casts with a true default.
    'import os\nDEBUG = os.getenv("DEBUG", "True").lower() in ("1", "true", "yes")',
    'import os\nDEBUG = bool(int(os.getenv("DEBUG", "1")))',
    'from distutils.util import strtobool\nimport os\nDEBUG = bool(strtobool(os.getenv("DEBUG", "yes")))',
    { code: `${STR2BOOL}DEBUG = str2bool(os.getenv("DEBUG", "True"))`, line: 4 },
    'import os\nfrom myproject.utils import str2bool\nDEBUG = str2bool(os.getenv("DEBUG", "true"))',
    { code: `${ENV_BOOL}DEBUG = env_bool("DEBUG", True)`, line: 7 },

    // django-environ: schemes, typed readers, explicit casts.
    { code: 'import environ\nenv = environ.Env(DEBUG=(bool, True))\nDEBUG = env("DEBUG")', line: 2 },
    'import environ\nenv = environ.Env()\nDEBUG = env.bool("DEBUG", default=True)',
    'import environ\nenv = environ.Env()\nDEBUG = env.bool("DEBUG", True)',
    'import environ\nenv = environ.Env()\nDEBUG = env("DEBUG", cast=bool, default=True)',

    // python-decouple: the default goes through the cast.
    'from decouple import config\nDEBUG = config("DEBUG", default=True, cast=bool)',
    'from decouple import config\nDEBUG = config("DEBUG", default="True", cast=bool)',
    'from decouple import config\nDEBUG = config("DEBUG", default="yes", cast=bool)',

    // The given production environment decides.
    { code: 'import os\nDEBUG = os.environ["DEBUG"]', env: { DEBUG: 'False' }, message: /non-empty string/ },
    { code: 'import os\nDEBUG = os.environ.get("DEBUG")', env: { DEBUG: '0' } },
    { code: 'import os\nDEBUG = os.environ.get("DEBUG", False)', env: { DEBUG: 'False' } },
    { code: 'import os\nDEBUG = bool(os.getenv("DEBUG"))', env: { DEBUG: 'False' } },
    {
      code: 'import os\nDEBUG = os.getenv("DEBUG") == "True"',
      env: { DEBUG: 'True' },
      message: /from the given environment/,
    },
    { code: 'import os\nDEBUG = os.getenv("DEBUG", "false").lower() in ("1", "true", "yes")', env: { DEBUG: 'YES' } },
    { code: 'import os\nDEBUG = os.environ.get("DEBUG", "false").lower() == "true"', env: { DEBUG: 'TRUE' } },
    { code: 'import os\nDEBUG = bool(int(os.getenv("DEBUG", "0")))', env: { DEBUG: '1' } },
    { code: 'import os\nDEBUG = os.environ.get("DEBUG", "0") != "0"', env: { DEBUG: 'false' } },
    { code: 'import os\nDEBUG = os.getenv("DEBUG", "False") in ["True", "true"]', env: { DEBUG: 'true' } },
    { code: `${ENVIRON}DEBUG = env("DEBUG")`, env: { DEBUG: 'on' } },
    { code: 'import environ\nenv = environ.Env()\nDEBUG = env.bool("DEBUG", default=False)', env: { DEBUG: 'yes' } },
    // env("X") with neither cast nor default returns the raw string.
    {
      code: 'import environ\nenv = environ.Env()\nDEBUG = env("DEBUG")',
      env: { DEBUG: 'False' },
      message: /non-empty string/,
    },
    {
      code: 'from decouple import config\nDEBUG = config("DEBUG", default=False)',
      env: { DEBUG: 'False' },
      message: /non-empty string/,
    },
    { code: 'from decouple import config\nDEBUG = config("DEBUG", default=False, cast=bool)', env: { DEBUG: 'on' } },
    {
      code: 'import os\nfrom helpers import str2bool\nDEBUG = str2bool(os.getenv("DEBUG", "True"))',
      env: { DEBUG: 'on' },
    },

    // Any value at all turns a presence test on, "0" included.
    { code: 'import os\nDEBUG = "DJANGO_DEBUG" in os.environ', env: { DJANGO_DEBUG: '0' } },

    // if / elif / else on environment values.
    { code: BY_STAGE, line: 8, message: /when ENV is unset/ },
    {
      code: 'import os\nif os.getenv("ENV") == "production":\n    DEBUG = False\nelse:\n    DEBUG = True',
      env: { ENV: 'staging' },
      line: 5,
    },
    'import os\nDEBUG = os.getenv("DEBUG", "True") == "True"\nif os.getenv("ENV") == "prod":\n    DEBUG = False',

    // Star imports: inherited and not overridden, or overridden badly.
    { code: 'from base import *\nSECRET_KEY = "x"', files: { 'base.py': 'DEBUG = True\n' }, file: 'base.py', line: 1 },
    {
      code: 'from base import *\n',
      files: { 'base.py': 'import os\nDEBUG = os.getenv("DEBUG", "1") == "1"\n' },
      file: 'base.py',
      line: 2,
      message: /when DEBUG is unset/,
    },
    { code: 'from base import *\nDEBUG = True', files: { 'base.py': 'DEBUG = False\n' }, file: 'settings.py', line: 2 },
    {
      code: 'from base import *\nfrom extra import *',
      files: { 'base.py': 'DEBUG = False\n', 'extra.py': 'DEBUG = True\n' },
      file: 'extra.py',
    },
    // An optional local settings file that is committed may turn DEBUG on.
    {
      code: 'DEBUG = False\ntry:\n    from local_settings import *\nexcept ImportError:\n    pass',
      files: { 'local_settings.py': 'DEBUG = True\n' },
    },
  ],
  pass: [
    // Regressions from review.
    { code: 'import os\nDEBUG = os.environ.get("DEBUG", False)', env: { DEBUG: '' } },
    'from decouple import config\nDEBUG = config("DEBUG", default=False, cast=bool)',

    // Literals and Django's default.
    'DEBUG = False',
    'DEBUG = 0',
    'DEBUG = ""',
    'DEBUG = None',
    'SECRET_KEY = "x"',
    'DEBUG = True\nDEBUG = False',

    // Reads with a false default, or none.
    'import os\nDEBUG = os.environ["DEBUG"] == "1"',
    'import os\nDEBUG = os.environ.get("DEBUG", "1") == "0"',
    'import os\nDEBUG = os.getenv("DEBUG") == "True"',
    'import os\nDEBUG = os.environ.get("DEBUG", "False") == "True"',
    'import os\nDEBUG = os.environ.get("DEBUG", "") != ""',
    'import os\nDEBUG = os.environ.get("DEBUG", "0") != "0"',
    'import os\nDEBUG = os.getenv("DEBUG", "false").lower() in ("1", "true", "yes")',
    'import os\nDEBUG = bool(int(os.getenv("DEBUG", "0")))',
    'import os\nDEBUG = os.getenv("DEBUG", "off") == "on" or False',
    'import os\nDEBUG = os.environ.get("DJANGO_ENV", "production") == "development"',
    'from distutils.util import strtobool\nimport os\nDEBUG = bool(strtobool(os.getenv("DEBUG", "no")))',
    'import os\nDEBUG = "DJANGO_DEBUG" in os.environ',
    `${STR2BOOL}DEBUG = str2bool(os.getenv("DEBUG", "False"))`,
    'import os\nfrom myproject.utils import str2bool\nDEBUG = str2bool(os.getenv("DEBUG", "false"))',
    `${ENV_BOOL}DEBUG = env_bool("DEBUG")`,

    // django-environ.
    `${ENVIRON}DEBUG = env("DEBUG")`,
    'import environ\nenv = environ.Env()\nDEBUG = env.bool("DEBUG", default=False)',
    'import environ\nenv = environ.Env()\nDEBUG = env.bool("DJANGO_DEBUG", False)',
    'import environ\nenv = environ.Env()\nDEBUG = env.bool("DEBUG")',
    'import environ\nenv = environ.Env()\nDEBUG = env("DEBUG")',

    // python-decouple.
    'from decouple import config\nDEBUG = config("DEBUG", default=False, cast=bool)',
    'from decouple import config\nDEBUG = config("DEBUG", False, cast=bool)',
    'from decouple import config\nDEBUG = config("DEBUG", default="0", cast=bool)',
    'from decouple import config\nDEBUG = config("DEBUG", cast=bool)',

    // The given environment overrides a true default.
    { code: 'import os\nDEBUG = os.environ.get("DEBUG", "1") == "1"', env: { DEBUG: '0' } },
    { code: 'import os\nDEBUG = os.getenv("DEBUG") == "True"', env: { DEBUG: 'true' } },
    { code: 'import os\nDEBUG = bool(int(os.getenv("DEBUG", "0")))', env: { DEBUG: '00' } },
    { code: 'import os\nDEBUG = os.getenv("DJANGO_DEBUG", True) == 1', env: { DJANGO_DEBUG: '1' } },
    { code: 'import os\nDEBUG = os.environ.get("DEBUG", "0") != "0"', env: { DEBUG: '0' } },
    {
      code: 'import os\nDEBUG = os.environ.get("DJANGO_ENV", "development") != "production"',
      env: { DJANGO_ENV: 'production' },
    },
    { code: `${ENVIRON}DEBUG = env("DEBUG")`, env: { DEBUG: 'False' } },
    { code: 'import environ\nenv = environ.Env(DEBUG=(bool, True))\nDEBUG = env("DEBUG")', env: { DEBUG: 'no' } },
    { code: 'import environ\nenv = environ.Env()\nDEBUG = env.bool("DEBUG", default=True)', env: { DEBUG: '0' } },
    { code: 'import environ\nenv = environ.Env()\nDEBUG = env("DEBUG", default=False)', env: { DEBUG: 'False' } },
    { code: 'from decouple import config\nDEBUG = config("DEBUG", default=True, cast=bool)', env: { DEBUG: 'off' } },
    {
      code: 'import os\nfrom helpers import str2bool\nDEBUG = str2bool(os.getenv("DEBUG", "True"))',
      env: { DEBUG: 'False' },
    },
    { code: `${ENV_BOOL}DEBUG = env_bool("DEBUG", True)`, env: { DEBUG: 'no' } },
    { code: 'import os\nDEBUG = "PRODUCTION" not in os.environ', env: { PRODUCTION: '1' } },

    // if / elif / else decided by the environment, or not decidable.
    {
      code: 'import os\nif os.getenv("ENV") == "production":\n    DEBUG = False\nelse:\n    DEBUG = True',
      env: { ENV: 'production' },
    },
    { code: BY_STAGE, env: { ENV: 'staging' } },
    { code: BY_STAGE, env: { ENV: 'prod' } },
    {
      code: 'import os\nDEBUG = os.getenv("DEBUG", "True") == "True"\nif os.getenv("ENV") == "prod":\n    DEBUG = False',
      env: { ENV: 'prod' },
    },
    'import sys\nif "runserver" in sys.argv:\n    DEBUG = True\nelse:\n    DEBUG = False',

    // Star imports overridden by the production module.
    { code: 'from base import *\nDEBUG = False', files: { 'base.py': 'DEBUG = True\n' } },
    {
      code: 'from base import *\nimport os\nDEBUG = os.getenv("DEBUG", "0") == "1"',
      files: { 'base.py': 'DEBUG = True\n' },
    },
    {
      code: 'from base import *\n',
      files: { 'base.py': 'import os\nDEBUG = os.getenv("DEBUG", "1") == "1"\n' },
      env: { DEBUG: '0' },
    },
    'DEBUG = False\ntry:\n    from local_settings import *\nexcept ImportError:\n    pass',

    // A guard that refuses to start without the variable: its default never reaches production.
    py(
      'import os',
      'if os.environ.get("DJANGO_DEBUG") is None:',
      '    raise RuntimeError("set DJANGO_DEBUG")',
      'DEBUG = os.getenv("DJANGO_DEBUG", "1") == "1"',
    ),
  ],
});
