import { secretKeyWeak } from '../../src/rules/secret-key.js';
import { py, ruleTester } from '../support/rule-tester.js';

// Django's W009 / W025 test: fewer than 5 distinct characters, fewer than 50 characters, or the
// "django-insecure-" prefix (exact, case-sensitive, at position 0). Both thresholds are inclusive.
const STRONG = 'k9#Lm2$Qx7!vR4@pW8&zT1^nB6*cY3(fH5)jD0-sG_eA+uI=oP';
const STARTPROJECT = 'django-insecure-3x@mpl3k3yq9z!w2v#r8t$u1y%i4o&p6a*s7d(f0g)h_j-k+l';
const OTHER = 'Po=Iu+Ae_Gs-0Dj)5Hf(3Yc*6Bn^1Tz&8Wp@4Rv!7xQ$2mL#9k';
const FORTY_NINE = 'abcde'.repeat(9) + 'abcd';
const FOUR_DISTINCT = 'abcd'.repeat(20);

const GUARDED = (debug: string) =>
  py(
    'import os',
    'from django.core.exceptions import ImproperlyConfigured',
    `DEBUG = ${debug}`,
    'SECRET_KEY = os.environ.get("SECRET_KEY", "dev")',
    'if SECRET_KEY == "dev" and not DEBUG:',
    '    raise ImproperlyConfigured("Set SECRET_KEY in production")',
  );

ruleTester(secretKeyWeak, {
  flag: [
    // Regressions from review.
    {
      code: 'import os\nSECRET_KEY = os.environ["SECRET_KEY"]',
      env: { SECRET_KEY: 'prod-key-only-40-characters-long-abcdefg' },
      secret: 'prod-key-only-40-characters-long-abcdefg',
      message: /40 characters/,
    },
    {
      code: 'import os\nSECRET_KEY_FALLBACKS = [os.environ["OLD_KEY"]]',
      env: { OLD_KEY: 'old-rotated-production-key-1234' },
      secret: 'old-rotated-production-key-1234',
    },
    { code: `SECRET_KEY = "${'😀😁😂😃😄'.repeat(6)}"`, message: /has only 30 characters/ },

    // Literals production would certainly use: errors.
    { code: 'SECRET_KEY = "change-me"', line: 1, level: 'error', message: /9 characters/, secret: 'change-me' },
    { code: `SECRET_KEY = "${FORTY_NINE}"`, level: 'error', message: /49 characters/, secret: FORTY_NINE },
    { code: `SECRET_KEY = "${FOUR_DISTINCT}"`, level: 'error', message: /4 distinct/, secret: FOUR_DISTINCT },
    { code: 'SECRET_KEY = "a" * 60', level: 'error', message: /1 distinct/ },
    { code: `SECRET_KEY = "${STARTPROJECT}"`, level: 'error', message: /django-insecure-/, secret: STARTPROJECT },
    { code: 'SECRET_KEY = ""', level: 'error', message: /^SECRET_KEY is empty: Django refuses to start/ },
    { code: 'SECRET_KEY = None', level: 'error', message: /^SECRET_KEY is None: Django refuses to start/ },
    { code: 'DEBUG = False', level: 'error', line: 1, message: /not set/ },
    { code: 'SECRET_KEY = "abc" "def"', level: 'error', secret: 'abcdef' },

    // A weak default that applies when the variable is unset: a warning, with the condition.
    {
      code: 'import os\nSECRET_KEY = os.environ.get("SECRET_KEY", "dev-secret-key")',
      line: 2,
      level: 'warning',
      message: /when SECRET_KEY is unset/,
      secret: 'dev-secret-key',
    },
    // An empty or None default is no weak key: Django refuses to start, so production must set the variable.
    {
      code: 'import os\nSECRET_KEY = os.getenv("SECRET_KEY", "")',
      level: 'note',
      message: /^SECRET_KEY is empty when SECRET_KEY is unset: Django then refuses to start/,
    },
    {
      code: 'import os\nSECRET_KEY = os.environ.get("SECRET_KEY")',
      level: 'note',
      message:
        'SECRET_KEY is None when SECRET_KEY is unset: Django then refuses to start ("The SECRET_KEY setting must not be empty"), so production must set SECRET_KEY.',
    },
    {
      code: `import os\nSECRET_KEY = os.environ.get("SECRET_KEY", "${STARTPROJECT}")`,
      level: 'warning',
      secret: STARTPROJECT,
    },
    {
      code: `import os\nSECRET_KEY = os.getenv("SECRET_KEY", "${'x'.repeat(55)}")`,
      level: 'warning',
      message: /distinct/,
    },
    {
      code: 'import os\nSECRET_KEY = os.environ.get("SECRET_KEY") or "fallback-key"',
      level: 'warning',
      secret: 'fallback-key',
    },
    {
      code: 'import environ\nenv = environ.Env()\nSECRET_KEY = env("SECRET_KEY", default="dev-secret")',
      level: 'warning',
      secret: 'dev-secret',
    },
    {
      code: 'import environ\nenv = environ.Env(SECRET_KEY=(str, "insecure-scheme-default"))\nSECRET_KEY = env("SECRET_KEY")',
      level: 'warning',
      secret: 'insecure-scheme-default',
    },
    {
      code: 'from decouple import config\nSECRET_KEY = config("SECRET_KEY", default="not-so-secret")',
      level: 'warning',
      secret: 'not-so-secret',
    },

    // A guard that does not fire in production does not protect.
    { code: GUARDED('os.getenv("DEBUG", "0") == "1"'), env: { DEBUG: '1' }, level: 'warning' },

    // if / else on the environment.
    // Without --env, the dev branch is what an unset ENV selects: a warning with that condition.
    {
      code: 'import os\nif os.getenv("ENV") == "production":\n    SECRET_KEY = os.environ["SECRET_KEY"]\nelse:\n    SECRET_KEY = "dev-key-123"',
      line: 5,
      level: 'warning',
      message: /when ENV is unset/,
    },
    {
      code: 'import os\nif os.getenv("ENV") == "production":\n    SECRET_KEY = os.environ["SECRET_KEY"]\nelse:\n    SECRET_KEY = "dev-key-123"',
      env: { ENV: 'staging' },
      line: 5,
      level: 'error',
    },

    // Star imports: a weak key inherited and not replaced.
    {
      code: 'from base import *\nDEBUG = False',
      files: { 'base.py': `SECRET_KEY = "${STARTPROJECT}"\n` },
      file: 'base.py',
      level: 'error',
      secret: STARTPROJECT,
    },
    {
      code: 'from base import *\nSECRET_KEY = "short-override"',
      files: { 'base.py': `SECRET_KEY = "${STRONG}"\n` },
      file: 'settings.py',
      line: 2,
    },

    // SECRET_KEY_FALLBACKS (security.W025): one finding per weak entry.
    {
      code: `SECRET_KEY = "${STRONG}"\nSECRET_KEY_FALLBACKS = ["old-key"]`,
      line: 2,
      level: 'error',
      message: /SECRET_KEY_FALLBACKS\[0\]/,
      secret: 'old-key',
    },
    {
      code: `SECRET_KEY = "${STRONG}"\nSECRET_KEY_FALLBACKS = ["${OTHER}", "${STARTPROJECT}"]`,
      count: 1,
      message: /SECRET_KEY_FALLBACKS\[1\]/,
      secret: STARTPROJECT,
    },
    {
      code: `SECRET_KEY = "${STRONG}"\nSECRET_KEY_FALLBACKS = ["${OTHER}", "weak", "${'z'.repeat(60)}"]`,
      count: 2,
      message: /\[1\]/,
    },
    {
      code: 'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\nSECRET_KEY_FALLBACKS = [os.environ.get("OLD_SECRET_KEY", "old")]',
      level: 'warning',
      message: /OLD_SECRET_KEY/,
    },
  ],
  pass: [
    // Strong literals (secret-key-hardcoded reports them; Django's W009 does not).
    `SECRET_KEY = "${STRONG}"`,
    'SECRET_KEY = "abcde" * 10',
    // The prefix test is exact and anchored.
    `SECRET_KEY = " ${STARTPROJECT}"`,
    `SECRET_KEY = "${STARTPROJECT.toUpperCase()}"`,
    `SECRET_KEY = "${STRONG}"\nSECRET_KEY_FALLBACKS = ["${OTHER}"]`,
    `SECRET_KEY = "${STRONG}"\nSECRET_KEY_FALLBACKS = []`,

    // Reads with no default: strength is the deployment's business.
    'import os\nSECRET_KEY = os.environ["SECRET_KEY"]',
    'import environ\nenv = environ.Env()\nSECRET_KEY = env("SECRET_KEY")',
    'from decouple import config\nSECRET_KEY = config("SECRET_KEY")',
    'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\nSECRET_KEY_FALLBACKS = [os.environ["OLD_SECRET_KEY"]]',
    'with open("/run/secrets/key") as f:\n    SECRET_KEY = f.read().strip()',
    `import os\nSECRET_KEY = os.environ.get("SECRET_KEY", "${STRONG}")`,
    'from django.core.management.utils import get_random_secret_key\nSECRET_KEY = get_random_secret_key()',

    // The given environment supplies a strong key, overriding a weak default.
    { code: 'import os\nSECRET_KEY = os.environ["SECRET_KEY"]', env: { SECRET_KEY: STRONG } },
    { code: 'import os\nSECRET_KEY = os.environ.get("SECRET_KEY", "dev")', env: { SECRET_KEY: STRONG } },
    { code: `import os\nSECRET_KEY = os.environ.get("SECRET_KEY", "${STARTPROJECT}")`, env: { SECRET_KEY: STRONG } },
    {
      code: 'import environ\nenv = environ.Env(SECRET_KEY=(str, "insecure"))\nSECRET_KEY = env("SECRET_KEY")',
      env: { SECRET_KEY: STRONG },
    },
    {
      code: 'from decouple import config\nSECRET_KEY = config("SECRET_KEY", default="not-so-secret")',
      env: { SECRET_KEY: STRONG },
    },

    // Guards that refuse to start without the variable.
    GUARDED('False'),
    GUARDED('os.getenv("DEBUG", "0") == "1"'),
    py(
      'import os',
      'SECRET_KEY = os.environ.get("SECRET_KEY")',
      'if not SECRET_KEY:',
      '    raise RuntimeError("SECRET_KEY missing")',
    ),
    py(
      'import os',
      'SECRET_KEY = os.environ.get("SECRET_KEY", "")',
      'if not SECRET_KEY:',
      '    raise ValueError("SECRET_KEY missing")',
    ),

    py(
      'import os',
      'from django.core.exceptions import ImproperlyConfigured',
      'if "SECRET_KEY" not in os.environ:',
      '    raise ImproperlyConfigured("SECRET_KEY")',
      'SECRET_KEY = os.environ.get("SECRET_KEY", "dev")',
    ),

    // if / else decided by the environment; star imports overridden.
    {
      code: 'import os\nif os.getenv("ENV") == "production":\n    SECRET_KEY = os.environ["SECRET_KEY"]\nelse:\n    SECRET_KEY = "dev-key-123"',
      env: { ENV: 'production' },
    },
    {
      code: 'from base import *\nimport os\nSECRET_KEY = os.environ["SECRET_KEY"]',
      files: { 'base.py': `SECRET_KEY = "${STARTPROJECT}"\n` },
    },
  ],
});
