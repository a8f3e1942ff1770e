import { allowedHostsWildcard } from '../../src/rules/allowed-hosts.js';
import { py, ruleTester } from '../support/rule-tester.js';

const BY_ENV = py(
  'import os',
  'if os.getenv("ENV") == "production":',
  '    ALLOWED_HOSTS = ["example.com"]',
  'else:',
  '    ALLOWED_HOSTS = ["*"]',
);

// Django's check (W020) passes ["*"]; this rule is where a wildcard is caught.
ruleTester(allowedHostsWildcard, {
  flag: [
    // Regressions from review.
    {
      code: 'import os\nALLOWED_HOSTS = ["example.com", os.environ.get("EXTRA_HOST", "*")]',
      message: /when EXTRA_HOST is unset/,
    },

    // Literals, wherever the "*" sits.
    { code: 'ALLOWED_HOSTS = ["*"]', line: 1, level: 'warning', message: /Host header/ },
    { code: 'ALLOWED_HOSTS = ("*",)', level: 'warning' },
    'ALLOWED_HOSTS = ["example.com", "*"]',
    { code: 'ALLOWED_HOSTS = [\n    "example.com",\n    "*",\n]', line: 3 },
    { code: 'ALLOWED_HOSTS = ["localhost"]\nALLOWED_HOSTS += ["*"]', line: 2 },
    { code: 'ALLOWED_HOSTS = ["example.com"]\nALLOWED_HOSTS.append("*")', line: 2 },
    { code: 'ALLOWED_HOSTS = ["example.com"]\nALLOWED_HOSTS.insert(0, "*")', line: 2 },

    // A "*" default of an environment read, reported with its condition.
    {
      code: 'import os\nALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "*").split(",")',
      message: /when ALLOWED_HOSTS is unset/,
    },
    {
      code: 'import os\nALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "localhost,*").split(",")',
      message: /when ALLOWED_HOSTS is unset/,
    },
    'import os\nALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "a.com, *").split(",")]',
    {
      code: 'import environ\nenv = environ.Env(ALLOWED_HOSTS=(list, ["*"]))\nALLOWED_HOSTS = env("ALLOWED_HOSTS")',
      message: /when ALLOWED_HOSTS is unset/,
    },
    { code: 'import environ\nenv = environ.Env()\nALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])', line: 3 },
    {
      code: 'from decouple import config, Csv\nALLOWED_HOSTS = config("ALLOWED_HOSTS", default="*", cast=Csv())',
      message: /when ALLOWED_HOSTS is unset/,
    },
    'from decouple import config, Csv\nALLOWED_HOSTS = config("ALLOWED_HOSTS", default="localhost, *", cast=Csv())',

    // The given environment holds the wildcard.
    {
      code: 'import os\nALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "").split(",")',
      env: { ALLOWED_HOSTS: '*' },
      message: /given environment/,
    },
    {
      code: 'import os\nALLOWED_HOSTS = os.environ["ALLOWED_HOSTS"].split(",")',
      env: { ALLOWED_HOSTS: 'example.com,*' },
    },
    {
      code: 'import environ\nenv = environ.Env(ALLOWED_HOSTS=(list, []))\nALLOWED_HOSTS = env("ALLOWED_HOSTS")',
      env: { ALLOWED_HOSTS: '*' },
    },
    {
      code: 'from decouple import config, Csv\nALLOWED_HOSTS = config("ALLOWED_HOSTS", default="example.com", cast=Csv())',
      env: { ALLOWED_HOSTS: 'a.com, *' },
    },

    // if / else on the environment.
    { code: BY_ENV, line: 5, message: /when ENV is unset/ },
    { code: BY_ENV, env: { ENV: 'staging' }, line: 5 },

    // Star imports: inherited, or added to in the production module.
    { code: 'from base import *\n', files: { 'base.py': 'ALLOWED_HOSTS = ["*"]\n' }, file: 'base.py', line: 1 },
    {
      code: 'from base import *\nALLOWED_HOSTS += ["*"]',
      files: { 'base.py': 'ALLOWED_HOSTS = ["example.com"]\n' },
      file: 'settings.py',
      line: 2,
    },
  ],
  pass: [
    // Regressions from review.
    'ALLOWED_HOSTS = ["example.com", " *"]',
    'import sys\nif "test" in sys.argv:\n    ALLOWED_HOSTS = ["*"]\nelse:\n    ALLOWED_HOSTS = ["example.com"]',

    'ALLOWED_HOSTS = ["example.com"]',
    'ALLOWED_HOSTS = [".example.com"]',
    // Django matches "*" only as a whole pattern: "*.example.com" is a literal name that matches nothing.
    'ALLOWED_HOSTS = ["*.example.com"]',
    'ALLOWED_HOSTS = []',
    'ALLOWED_HOSTS = [""]',
    'SECRET_KEY = "x"',
    'ALLOWED_HOSTS = ["*", "example.com"]\nALLOWED_HOSTS.remove("*")',
    'ALLOWED_HOSTS = ["*"]\nALLOWED_HOSTS = ["example.com"]',
    'ALLOWED_HOSTS = ["*"] if False else ["example.com"]',

    // Reads without a wildcard.
    'import os\nALLOWED_HOSTS = os.environ["ALLOWED_HOSTS"].split(",")',
    'import os\nALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "example.com").split(",")',
    'import environ\nenv = environ.Env()\nALLOWED_HOSTS = env.list("ALLOWED_HOSTS")',
    'from decouple import config, Csv\nALLOWED_HOSTS = config("ALLOWED_HOSTS", cast=Csv())',

    // The given environment overrides a "*" default.
    {
      code: 'import environ\nenv = environ.Env()\nALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])',
      env: { ALLOWED_HOSTS: 'example.com' },
    },
    {
      code: 'import environ\nenv = environ.Env(ALLOWED_HOSTS=(list, ["*"]))\nALLOWED_HOSTS = env("ALLOWED_HOSTS")',
      env: { ALLOWED_HOSTS: 'a.com,b.com' },
    },
    {
      code: 'from decouple import config, Csv\nALLOWED_HOSTS = config("ALLOWED_HOSTS", default="*", cast=Csv())',
      env: { ALLOWED_HOSTS: 'a.com, b.com' },
    },
    {
      code: 'import os\nALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "*").split(",")',
      env: { ALLOWED_HOSTS: 'example.com' },
    },

    // if / else decided by the environment.
    { code: BY_ENV, env: { ENV: 'production' } },
    'DEBUG = False\nif DEBUG:\n    ALLOWED_HOSTS = ["*"]\nelse:\n    ALLOWED_HOSTS = ["example.com"]',

    // A guard that refuses to start with the wildcard default.
    py(
      'import environ',
      'env = environ.Env()',
      'ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])',
      'if "*" in ALLOWED_HOSTS:',
      '    raise RuntimeError("set ALLOWED_HOSTS")',
    ),

    // Star imports overridden.
    { code: 'from base import *\nALLOWED_HOSTS = ["example.com"]', files: { 'base.py': 'ALLOWED_HOSTS = ["*"]\n' } },
    {
      code: 'from base import *\nALLOWED_HOSTS.remove("*")',
      files: { 'base.py': 'ALLOWED_HOSTS = ["example.com", "*"]\n' },
    },
  ],
});
