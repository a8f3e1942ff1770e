import { allowedHostsMissing } from '../../src/rules/allowed-hosts.js';
import { py, ruleTester } from '../support/rule-tester.js';

const BY_STAGE = py(
  'import os',
  'ENV = os.getenv("ENV", "dev")',
  'if ENV == "prod":',
  '    ALLOWED_HOSTS = ["example.com"]',
  'elif ENV == "staging":',
  '    ALLOWED_HOSTS = ["staging.example.com"]',
  'else:',
  '    ALLOWED_HOSTS = []',
);

// security.W020 is "not truthy(ALLOWED_HOSTS)": [] and () fire, ["*"] and [""] do not. An empty host name
// matches no request either, so [""] is reported as a note of this rule, not as W020.
ruleTester(allowedHostsMissing, {
  flag: [
    // Literals and Django's default.
    { code: 'ALLOWED_HOSTS = []', line: 1, level: 'warning', message: /400/ },
    { code: 'ALLOWED_HOSTS = ()', level: 'warning' },
    { code: 'SECRET_KEY = "x"', level: 'warning', line: 1, message: /not set/ },
    { code: 'DEBUG = False\nALLOWED_HOSTS = ["a.com"]\nALLOWED_HOSTS.remove("a.com")', level: 'warning' },
    { code: 'ALLOWED_HOSTS = ["a.com"]\nALLOWED_HOSTS = []', line: 2 },
    // A package whose source cannot be found is assumed to set no security setting (and a note says so).
    { code: 'from somewhere import *\n', level: 'warning', line: 1, message: /not set/ },

    // Empty host names: Django's check passes them, but no request matches.
    { code: 'ALLOWED_HOSTS = [""]', level: 'note', message: /empty host name/ },
    { code: 'ALLOWED_HOSTS = [" "]', level: 'note' },

    // An unset variable's empty default fails closed: a note.
    {
      code: 'import os\nALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "").split(",")',
      level: 'note',
      line: 2,
      message: /when ALLOWED_HOSTS is unset/,
    },
    {
      code: 'import os\nALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]',
      level: 'note',
      message: /when ALLOWED_HOSTS is unset/,
    },
    { code: 'import os\nALLOWED_HOSTS = os.getenv("ALLOWED_HOSTS", "").split()', level: 'note' },
    {
      code: 'import os\nALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS")',
      level: 'note',
      message: /when ALLOWED_HOSTS is unset/,
    },
    {
      code: 'import os\nALLOWED_HOSTS = os.getenv("ALLOWED_HOSTS", "").split(",") if os.getenv("ALLOWED_HOSTS") else []',
      level: 'note',
    },
    {
      code: 'import environ\nenv = environ.Env(ALLOWED_HOSTS=(list, []))\nALLOWED_HOSTS = env("ALLOWED_HOSTS")',
      level: 'note',
      message: /when ALLOWED_HOSTS is unset/,
    },
    {
      code: 'import environ\nenv = environ.Env()\nALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])',
      level: 'note',
      line: 3,
    },
    {
      code: 'from decouple import config, Csv\nALLOWED_HOSTS = config("ALLOWED_HOSTS", default="", cast=Csv())',
      level: 'note',
    },

    // The given environment: an empty value is a real misconfiguration, not a default.
    {
      code: 'import environ\nenv = environ.Env()\nALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["a.com"])',
      env: { ALLOWED_HOSTS: '' },
      level: 'warning',
      message: /given environment/,
    },
    {
      code: 'import os\nALLOWED_HOSTS = os.environ["ALLOWED_HOSTS"].split(",")',
      env: { ALLOWED_HOSTS: '' },
      level: 'note',
    },

    // if / elif / else on the environment.
    { code: BY_STAGE, line: 8, level: 'note', message: /when ENV is unset/ },
    { code: BY_STAGE, env: { ENV: 'dev' }, line: 8 },

    // Star imports.
    { code: 'from base import *\n', files: { 'base.py': 'ALLOWED_HOSTS = []\n' }, file: 'base.py', level: 'warning' },
    {
      code: 'from base import *\nALLOWED_HOSTS = []',
      files: { 'base.py': 'ALLOWED_HOSTS = ["a.com"]\n' },
      file: 'settings.py',
      line: 2,
    },
  ],
  pass: [
    'ALLOWED_HOSTS = ["example.com"]',
    'ALLOWED_HOSTS = [".example.com"]',
    'ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]',
    'ALLOWED_HOSTS = ["", "example.com"]',
    'ALLOWED_HOSTS = []\nALLOWED_HOSTS.append("example.com")',
    'ALLOWED_HOSTS = []\nALLOWED_HOSTS += ["example.com"]',
    // W020 does not object to "*" (allowed-hosts-wildcard does).
    'ALLOWED_HOSTS = ["*"]',

    // Reads with no default (required) or a non-empty default.
    'import os\nALLOWED_HOSTS = os.environ["ALLOWED_HOSTS"].split(",")',
    'import os\nALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "example.com").split(",")',
    'import environ\nenv = environ.Env()\nALLOWED_HOSTS = env.list("ALLOWED_HOSTS")',
    'import environ\nenv = environ.Env()\nALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["example.com"])',
    'from decouple import config, Csv\nALLOWED_HOSTS = config("ALLOWED_HOSTS", cast=Csv())',
    'from decouple import config, Csv\nALLOWED_HOSTS = config("ALLOWED_HOSTS", default="example.com", cast=Csv())',

    // The given environment overrides an empty default.
    {
      code: 'import os\nALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "").split(",")',
      env: { ALLOWED_HOSTS: 'a.com,b.com' },
    },
    {
      code: 'import os\nALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]',
      env: { ALLOWED_HOSTS: 'a.com, b.com' },
    },
    {
      code: 'import environ\nenv = environ.Env(ALLOWED_HOSTS=(list, []))\nALLOWED_HOSTS = env("ALLOWED_HOSTS")',
      env: { ALLOWED_HOSTS: 'a.com' },
    },
    {
      code: 'import environ\nenv = environ.Env()\nALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])',
      env: { ALLOWED_HOSTS: 'a.com' },
    },
    {
      code: 'from decouple import config, Csv\nALLOWED_HOSTS = config("ALLOWED_HOSTS", default="", cast=Csv())',
      env: { ALLOWED_HOSTS: 'a.com' },
    },

    // if / elif / else decided by the environment, or not decidable.
    { code: BY_STAGE, env: { ENV: 'staging' } },
    { code: BY_STAGE, env: { ENV: 'prod' } },
    'import sys\nif "test" in sys.argv:\n    ALLOWED_HOSTS = []\nelse:\n    ALLOWED_HOSTS = ["example.com"]',

    // Guards that refuse to start with the variable unset.
    py(
      'import environ',
      'env = environ.Env()',
      'ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])',
      'if not ALLOWED_HOSTS:',
      '    raise RuntimeError("ALLOWED_HOSTS")',
    ),
    py(
      'import os',
      'ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "").split(",")',
      'if not ALLOWED_HOSTS[0]:',
      '    raise RuntimeError("ALLOWED_HOSTS")',
    ),

    // Star imports that are overridden.
    { code: 'from base import *\nALLOWED_HOSTS = ["example.com"]', files: { 'base.py': 'ALLOWED_HOSTS = []\n' } },
    { code: 'from base import *\nALLOWED_HOSTS += ["example.com"]', files: { 'base.py': 'ALLOWED_HOSTS = []\n' } },
  ],
});
