import { secretKeyHardcoded } from '../../src/rules/secret-key.js';
import { py, ruleTester } from '../support/rule-tester.js';

/** A strong key (50 characters, many distinct): Django's W009 is silent, but it is still committed. */
const STRONG = 'k9#Lm2$Qx7!vR4@pW8&zT1^nB6*cY3(fH5)jD0-sG_eA+uI=oP';
const STARTPROJECT = 'django-insecure-3x@mpl3k3yq9z!w2v#r8t$u1y%i4o&p6a*s7d(f0g)h_j-k+l';
const OTHER = 'Po=Iu+Ae_Gs-0Dj)5Hf(3Yc*6Bn^1Tz&8Wp@4Rv!7xQ$2mL#9k';

const GUARDED = (debug: string) =>
  py(
    'import os',
    'from django.core.exceptions import ImproperlyConfigured',
    `DEBUG = ${debug}`,
    'SECRET_KEY = os.environ.get("SECRET_KEY", "dev")',
    'if SECRET_KEY == "dev" and not DEBUG:',
    '    raise ImproperlyConfigured("Set SECRET_KEY in production")',
  );

ruleTester(secretKeyHardcoded, {
  flag: [
    // Regressions from review.
    { code: 'SECRET_KEY_FALLBACKS = ["q8#v)w2m!x@k9z4r7p1t5y3u6i0o-a_s=d+f(g^h&j*l%c2b4n6m8"]', level: 'error' },

    // Literals: an error, whatever their strength; the key is never shown in full.
    { code: `SECRET_KEY = "${STRONG}"`, line: 1, level: 'error', secret: STRONG, message: /50 characters/ },
    { code: `SECRET_KEY = "${STARTPROJECT}"`, level: 'error', secret: STARTPROJECT },
    { code: 'SECRET_KEY = "change-me-please"', level: 'error', secret: 'change-me-please' },
    { code: 'SECRET_KEY = "abc" "def"', level: 'error', secret: 'abcdef' },
    { code: 'SECRET_KEY = "abcde" * 10', level: 'error' },
    { code: `import os\nSECRET_KEY = os.environ["SECRET_KEY"]\nSECRET_KEY = "${STRONG}"`, line: 3, secret: STRONG },

    // A default of an environment read: a warning, an error when it is a startproject key.
    {
      code: 'import os\nSECRET_KEY = os.environ.get("SECRET_KEY", "dev-secret-key")',
      line: 2,
      level: 'warning',
      message: /when SECRET_KEY is unset/,
      secret: 'dev-secret-key',
    },
    {
      code: `import os\nSECRET_KEY = os.getenv("DJANGO_SECRET_KEY", "${STRONG}")`,
      level: 'warning',
      message: /DJANGO_SECRET_KEY/,
      secret: STRONG,
    },
    {
      code: `import os\nSECRET_KEY = os.environ.get("SECRET_KEY", "${STARTPROJECT}")`,
      level: 'error',
      secret: STARTPROJECT,
    },
    {
      code: 'import os\nSECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", default="insecure-dev-key")',
      level: 'warning',
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
      code: `import environ\nenv = environ.Env()\nSECRET_KEY = env.str("SECRET_KEY", default="${STARTPROJECT}")`,
      level: 'error',
      secret: STARTPROJECT,
    },
    {
      code: 'import environ\nenv = environ.Env(SECRET_KEY=(str, "insecure-scheme-default"))\nSECRET_KEY = env("SECRET_KEY")',
      level: 'warning',
      line: 2,
      secret: 'insecure-scheme-default',
    },
    {
      code: 'from decouple import config\nSECRET_KEY = config("SECRET_KEY", default="not-so-secret")',
      level: 'warning',
      secret: 'not-so-secret',
    },

    // A key generated at import time differs per worker.
    {
      code: 'from django.core.management.utils import get_random_secret_key\nSECRET_KEY = get_random_secret_key()',
      level: 'warning',
      line: 2,
      message: /import time/,
    },
    {
      code: 'import os\nfrom django.core.management.utils import get_random_secret_key\nSECRET_KEY = os.environ.get("SECRET_KEY", get_random_secret_key())',
      level: 'warning',
      message: /SECRET_KEY is unset/,
    },

    // Other ways of generating a key at start-up are the same random secret (bakerydemo's SystemRandom join).
    ...[
      'import random, string\nSECRET_KEY = "".join([random.SystemRandom().choice(string.printable) for i in range(50)])',
      'import random, string\nSECRET_KEY = "".join(random.choice(string.ascii_letters) for _ in range(50))',
      'import random, string\nSECRET_KEY = "".join(random.choices(string.ascii_letters, k=50))',
      'from django.utils.crypto import get_random_string\nSECRET_KEY = get_random_string(50)',
      'import secrets\nSECRET_KEY = secrets.token_urlsafe()',
    ].map((code) => ({
      code,
      level: 'warning' as const,
      line: 2,
      message:
        'SECRET_KEY is generated at import time: each process gets a different key, so sessions, password-reset links and signed values break across workers and restarts.',
    })),
    {
      code: 'import os, random, string\nSECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "".join([random.SystemRandom().choice(string.printable) for i in range(50)]))',
      level: 'warning',
      message:
        'SECRET_KEY is generated at import time, when DJANGO_SECRET_KEY is unset: each process gets a different key, so sessions, password-reset links and signed values break across workers and restarts.',
    },

    // A guard that does not fire in production does not protect.
    { code: GUARDED('os.getenv("DEBUG", "0") == "1"'), env: { DEBUG: '1' }, level: 'warning' },
    py(
      'from decouple import config',
      'from django.core.exceptions import ImproperlyConfigured',
      'DEBUG = config("DEBUG", default=True, cast=bool)',
      'SECRET_KEY = config("SECRET_KEY", default="dev-only")',
      'if not DEBUG and SECRET_KEY == "dev-only":',
      '    raise ImproperlyConfigured("SECRET_KEY must be set in production")',
    ),

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
      secret: 'dev-key-123',
    },

    // Star imports: a committed key inherited and not replaced.
    {
      code: 'from base import *\nDEBUG = False',
      files: { 'base.py': `SECRET_KEY = "${STARTPROJECT}"\n` },
      file: 'base.py',
      level: 'error',
      secret: STARTPROJECT,
    },

    // Retired keys still validate signatures.
    {
      code: `import os\nSECRET_KEY = os.environ["SECRET_KEY"]\nSECRET_KEY_FALLBACKS = ["${OTHER}"]`,
      line: 3,
      level: 'error',
      message: /SECRET_KEY_FALLBACKS\[0\]/,
      secret: OTHER,
    },
    {
      code: 'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\nSECRET_KEY_FALLBACKS = [os.environ.get("OLD_SECRET_KEY", "old-key-value")]',
      level: 'warning',
      secret: 'old-key-value',
    },
  ],
  pass: [
    // Regressions from review.
    'import os\nassert os.environ.get("SECRET_KEY"), "set SECRET_KEY"\nSECRET_KEY = os.environ.get("SECRET_KEY", "dev")',

    'DEBUG = False',
    'SECRET_KEY = ""',
    'SECRET_KEY = None',

    // Reads with no default: production must supply the key.
    'import os\nSECRET_KEY = os.environ["SECRET_KEY"]',
    'import os\nSECRET_KEY = os.environ.get("SECRET_KEY")',
    'import os\nSECRET_KEY = os.getenv("SECRET_KEY", "")',
    'import environ\nenv = environ.Env()\nSECRET_KEY = env("SECRET_KEY")',
    'import environ\nenv = environ.Env()\nSECRET_KEY = env.str("SECRET_KEY")',
    'from decouple import config\nSECRET_KEY = config("SECRET_KEY")',
    'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\nSECRET_KEY_FALLBACKS = [os.environ["OLD_SECRET_KEY"]]',
    'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\nSECRET_KEY_FALLBACKS = []',

    // Keys read from files (Docker secrets).
    'with open("/run/secrets/key") as f:\n    SECRET_KEY = f.read().strip()',
    'from pathlib import Path\nSECRET_KEY = Path("/run/secrets/django").read_text()',

    // The given environment supplies the key, so the default never applies.
    { code: 'import os\nSECRET_KEY = os.environ.get("SECRET_KEY", "dev")', env: { SECRET_KEY: STRONG } },
    { code: `import os\nSECRET_KEY = os.environ.get("SECRET_KEY", "${STARTPROJECT}")`, env: { SECRET_KEY: STRONG } },
    {
      code: 'from decouple import config\nSECRET_KEY = config("SECRET_KEY", default="not-so-secret")',
      env: { SECRET_KEY: STRONG },
    },
    {
      code: 'import environ\nenv = environ.Env(SECRET_KEY=(str, "insecure"))\nSECRET_KEY = env("SECRET_KEY")',
      env: { SECRET_KEY: STRONG },
    },
    {
      code: 'import os\nfrom django.core.management.utils import get_random_secret_key\nSECRET_KEY = os.environ.get("SECRET_KEY", get_random_secret_key())',
      env: { SECRET_KEY: STRONG },
    },

    // Guards that refuse to start without the variable: the default never reaches production.
    GUARDED('False'),
    GUARDED('os.getenv("DEBUG", "0") == "1"'),
    py(
      'from decouple import config',
      'from django.core.exceptions import ImproperlyConfigured',
      'DEBUG = config("DEBUG", default=False, cast=bool)',
      'SECRET_KEY = config("SECRET_KEY", default="dev-only")',
      'if not DEBUG and SECRET_KEY == "dev-only":',
      '    raise ImproperlyConfigured("SECRET_KEY must be set in production")',
    ),
    py(
      'import os',
      'SECRET_KEY = os.environ.get("SECRET_KEY", "")',
      'if not SECRET_KEY:',
      '    raise ValueError("SECRET_KEY missing")',
    ),
    py(
      'import os',
      'if not os.environ.get("SECRET_KEY"):',
      '    raise RuntimeError("SECRET_KEY")',
      'SECRET_KEY = os.environ.get("SECRET_KEY", "dev")',
    ),

    py(
      'import os',
      'from django.core.exceptions import ImproperlyConfigured',
      'if "SECRET_KEY" not in os.environ:',
      '    raise ImproperlyConfigured("SECRET_KEY")',
      'SECRET_KEY = os.environ.get("SECRET_KEY", "dev")',
    ),

    // if / else decided by the environment.
    {
      code: 'import os\nif os.getenv("ENV") == "production":\n    SECRET_KEY = os.environ["SECRET_KEY"]\nelse:\n    SECRET_KEY = "dev-key-123"',
      env: { ENV: 'production' },
    },

    // Star imports: the committed key of base.py is replaced by an environment read.
    {
      code: 'from base import *\nimport os\nSECRET_KEY = os.environ["SECRET_KEY"]',
      files: { 'base.py': `SECRET_KEY = "${STARTPROJECT}"\n` },
    },
  ],
});
