import { credentialHardcoded } from '../../src/rules/credential-hardcoded.js';
import { py, ruleTester } from '../support/rule-tester.js';

const database = (password: string) =>
  py(
    'import os',
    'DATABASES = {',
    '    "default": {',
    '        "ENGINE": "django.db.backends.postgresql",',
    '        "NAME": "shop",',
    '        "USER": "shop",',
    `        "PASSWORD": ${password},`,
    '    }',
    '}',
  );

const BY_ENV = py(
  'import os',
  'if os.getenv("ENV") == "production":',
  '    EMAIL_HOST_PASSWORD = os.environ["EMAIL_HOST_PASSWORD"]',
  'else:',
  '    EMAIL_HOST_PASSWORD = "devpass-1"',
);

ruleTester(credentialHardcoded, {
  flag: [
    // Regressions from review.
    {
      code: 'import environ\nenv = environ.Env()\nDATABASES = {"default": env.db(default="postgres://u:p4ssw0rd@db.example.com/db")}',
      level: 'warning',
      secret: 'p4ssw0rd',
    },
    { code: 'ANYMAIL = {"MAILGUN_API_KEY": "key-1234567890abcdef"}', level: 'error', secret: 'key-1234567890abcdef' },
    { code: 'ANYMAIL = {"POSTMARK_SERVER_TOKEN": "pm-token-123456"}', level: 'error' },
    {
      code: 'import sys\nif "test" in sys.argv:\n    EMAIL_HOST_PASSWORD = ""\nelse:\n    EMAIL_HOST_PASSWORD = "mailpass123"',
      level: 'error',
      line: 5,
    },

    // Literals: errors, at the value, never shown in full.
    {
      code: database('"s3cr3t-pa55word"'),
      line: 7,
      level: 'error',
      message: /DATABASES\["default"\]\["PASSWORD"\]/,
      secret: 's3cr3t-pa55word',
    },
    { code: 'EMAIL_HOST_PASSWORD = "mailpass123"', line: 1, level: 'error', secret: 'mailpass123' },
    {
      code: 'EMAIL_HOST_USER = "apikey"\nEMAIL_HOST_PASSWORD = "SG.abcdefghijklmnopqrstuvwxyz"',
      line: 2,
      count: 1,
      secret: 'SG.abcdefghijklmnopqrstuvwxyz',
    },
    { code: 'STRIPE_API_KEY = "sk_live_51Habcdefghijklmnop"', level: 'error', secret: 'sk_live_51Habcdefghijklmnop' },
    { code: 'STRIPE_SECRET = "whsec_abcdefgh12345678"', secret: 'whsec_abcdefgh12345678' },
    {
      code: 'GITHUB_TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"',
      secret: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    },
    {
      code: 'AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
      secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    },
    { code: 'AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"', secret: 'AKIAIOSFODNN7EXAMPLE' },
    { code: 'OAUTH_CLIENT_SECRET = "abcd1234secret"', secret: 'abcd1234secret' },
    'AUTH_LDAP_BIND_PASSWORD = "ldap-pass-1"',
    'API_KEY = "changeme"',
    // Dicts are walked: cache options, provider configs, every database alias.
    { code: 'CACHES = {"default": {"BACKEND": "x", "OPTIONS": {"PASSWORD": "redispass"}}}', secret: 'redispass' },
    {
      code: 'SOCIALACCOUNT_PROVIDERS = {"google": {"APP": {"client_id": "123", "secret": "gsecret-value-1", "key": ""}}}',
      count: 1,
      secret: 'gsecret-value-1',
    },
    {
      code: py(
        'DATABASES = {',
        '    "default": {"ENGINE": "django.db.backends.postgresql", "PASSWORD": "pw-one-111"},',
        '    "replica": {"ENGINE": "django.db.backends.postgresql", "PASSWORD": "pw-two-222"},',
        '}',
      ),
      count: 2,
      line: 2,
    },
    // Passwords inside connection URLs.
    {
      code: 'CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://:hunter22@redis:6379/0"}}',
      secret: 'hunter22',
    },
    { code: 'REDIS_URL = "redis://:hunter22@redis:6379/0"', level: 'error', secret: 'hunter22' },
    { code: 'DATABASE_URL = "postgres://u:p4ssw0rd@h/db"', secret: 'p4ssw0rd' },
    { code: 'CELERY_BROKER_URL = "amqp://guest:guest@localhost:5672//"', level: 'error' },
    // A DSN with a secret part: Sentry's old `key:secret@` form, a database DSN with a password.
    {
      code: 'SENTRY_DSN = "https://0123456789abcdef0123456789abcdef:fedcba9876543210fedcba9876543210@o123.ingest.sentry.io/456"',
      level: 'error',
      message: /the URL in SENTRY_DSN/,
      secret: 'fedcba9876543210fedcba9876543210',
    },
    {
      code: 'import os\nDATABASE_DSN = os.environ.get("DATABASE_DSN", "postgresql://shop:dbpass-77@db.internal/shop")',
      level: 'warning',
      secret: 'dbpass-77',
    },
    // A DSN that is not a URL is judged by its name, as before.
    { code: 'PAYMENT_DSN = "host=db user=shop password=dbpass-77"', level: 'error' },

    // Defaults of environment reads: warnings, with the condition.
    {
      code: database('os.environ.get("DB_PASSWORD", "postgres")'),
      line: 7,
      level: 'warning',
      message: /when DB_PASSWORD is unset/,
      secret: 'postgres',
    },
    { code: database('os.getenv("DB_PASSWORD", "hunter2")'), level: 'warning' },
    {
      code: 'import os\nDB_PASSWORD = os.environ.get("DB_PASSWORD", "hunter2")\nDATABASES = {"default": {"PASSWORD": DB_PASSWORD}}',
      count: 2,
      level: 'warning',
      secret: 'hunter2',
    },
    {
      code: 'import os\n_pw = os.environ.get("DB_PASSWORD", "hunter2")\nDATABASES = {"default": {"PASSWORD": _pw}}',
      count: 1,
      level: 'warning',
    },
    {
      code: 'from decouple import config\nEMAIL_HOST_PASSWORD = config("EMAIL_HOST_PASSWORD", default="devpass")',
      level: 'warning',
      message: /EMAIL_HOST_PASSWORD is unset/,
    },
    {
      code: 'import environ\nenv = environ.Env(EMAIL_HOST_PASSWORD=(str, "schemepass"))\nEMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")',
      level: 'warning',
      line: 2,
      secret: 'schemepass',
    },
    {
      code: 'import environ\nenv = environ.Env()\nDATABASES = {"default": env.db("DATABASE_URL", default="postgres://u:p4ssw0rd@h/db")}',
      level: 'warning',
      message: /DATABASE_URL is unset/,
      secret: 'p4ssw0rd',
    },
    {
      code: 'import environ\nenv = environ.Env()\nDATABASES = {"default": env.db_url("DATABASE_URL", "postgres://u:p4ssw0rd@h/db")}',
      level: 'warning',
    },
    {
      code: 'import dj_database_url\nDATABASES = {"default": dj_database_url.config(default="postgres://app:apppass1@db.internal/app")}',
      level: 'warning',
      secret: 'apppass1',
    },

    // A guard that does not fire in production does not protect.
    {
      code: py(
        'import os',
        'EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "devpass")',
        'DEBUG = os.getenv("DEBUG", "0") == "1"',
        'if not DEBUG and EMAIL_HOST_PASSWORD == "devpass":',
        '    raise RuntimeError("EMAIL_HOST_PASSWORD")',
      ),
      env: { DEBUG: '1' },
      level: 'warning',
    },

    // if / else on the environment.
    { code: BY_ENV, line: 5, level: 'warning', message: /when ENV is unset/, secret: 'devpass-1' },
    { code: BY_ENV, env: { ENV: 'staging' }, line: 5, secret: 'devpass-1' },

    // Star imports: inherited and not replaced, or changed in the production module.
    {
      code: 'from base import *\n',
      files: { 'base.py': 'EMAIL_HOST_PASSWORD = "basepass123"\n' },
      file: 'base.py',
      level: 'error',
    },
    {
      code: 'from base import *\nDATABASES["default"]["PASSWORD"] = "overridden1"',
      files: { 'base.py': database('"basepass"') },
      file: 'settings.py',
      line: 2,
      count: 1,
    },
  ],
  pass: [
    // Regressions from review.
    'CELERY_BROKER_URL = "amqp://user:%s@rabbit//"',
    'import environ\nenv = environ.Env()\nCELERY_BROKER_URL = env("BROKER_URL", default="amqp://guest:guest@localhost:5672//")',
    'ANYMAIL = {"MAILGUN_API_KEY_FILE": "/run/secrets/mailgun"}',

    // Reads with no default.
    database('os.environ["DB_PASSWORD"]'),
    database('os.environ.get("DB_PASSWORD")'),
    'from decouple import config\nEMAIL_HOST_PASSWORD = config("EMAIL_HOST_PASSWORD")',
    'import environ\nenv = environ.Env()\nDATABASES = {"default": env.db("DATABASE_URL")}',
    'import dj_database_url\nDATABASES = {"default": dj_database_url.config(conn_max_age=600)}',
    'import environ\nenv = environ.Env()\nDATABASES = {"default": env.db("DATABASE_URL", default="postgres://localhost/db")}',
    'import environ\nenv = environ.Env()\nDATABASES = {"default": env.db("DATABASE_URL", default="sqlite:///db.sqlite3")}',

    // Empty values and placeholders.
    database('""'),
    database('os.environ.get("DB_PASSWORD", "")'),
    database('"<password>"'),
    database('"${DB_PASSWORD}"'),
    'EMAIL_HOST_PASSWORD = ""',
    'DB_PASSWORD = None',
    'DB_PASSWORD = "xxxx"',
    'DB_PASSWORD = "***"',
    'from decouple import config\nEMAIL_HOST_PASSWORD = config("EMAIL_HOST_PASSWORD", default="")',

    // Names that mention a credential but hold something else; URLs without a password.
    'PASSWORD_RESET_TIMEOUT = 3600',
    'TOKEN_URL = "https://example.com/token"',
    'PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]',
    'AUTH_PASSWORD_VALIDATORS = [{"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}]',
    'CSRF_COOKIE_NAME = "csrftoken"\nCSRF_HEADER_NAME = "HTTP_X_CSRFTOKEN"',
    'JWT_AUTH_HEADER_PREFIX = "Bearer"\nAPI_KEY_HEADER = "X-Api-Key"\nTOKEN_EXPIRY = 3600\nACCESS_TOKEN_LIFETIME = 300',
    'AWS_ACCESS_KEY_ID = "minio-local"',
    'AWS_STORAGE_BUCKET_NAME = "bucket"',
    'CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://redis:6379/0"}}',
    // A Sentry DSN names a public client key, published in every page the browser SDK serves.
    'SENTRY_DSN = "https://0123456789abcdef0123456789abcdef@o123.ingest.sentry.io/456"',
    'import os\nSENTRY_DSN = os.environ.get("SENTRY_DSN", "https://0123456789abcdef0123456789abcdef@o123.ingest.sentry.io/456")',
    'RAVEN_CONFIG = {"dsn": "https://0123456789abcdef0123456789abcdef@o123.ingest.sentry.io/456"}',
    'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}',
    // SECRET_KEY has its own rules; lower-case names are not settings.
    'SECRET_KEY = "abc"',
    'client_secret = "lowercase-not-a-setting"',

    // The given environment supplies the value, so the default never applies.
    { code: database('os.environ.get("DB_PASSWORD", "postgres")'), env: { DB_PASSWORD: 'real-prod-pass' } },
    { code: 'import os\nAPI_TOKEN = os.environ.get("API_TOKEN", "tok-123456")', env: { API_TOKEN: 'real' } },
    {
      code: 'import environ\nenv = environ.Env()\nDATABASES = {"default": env.db("DATABASE_URL", default="postgres://u:p4ssw0rd@h/db")}',
      env: { DATABASE_URL: 'postgres://u:prodpass@db/prod' },
    },
    {
      code: 'import dj_database_url\nDATABASES = {"default": dj_database_url.config(default="postgres://app:apppass1@db.internal/app")}',
      env: { DATABASE_URL: 'postgres://u:prodpass@db/prod' },
    },

    // Guards that refuse to start without the variable.
    py(
      'import os',
      'EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "devpass")',
      'if EMAIL_HOST_PASSWORD == "devpass":',
      '    raise RuntimeError("set EMAIL_HOST_PASSWORD")',
    ),
    py(
      'import os',
      'DATABASES = {"default": {"PASSWORD": os.environ.get("DB_PASSWORD", "hunter2")}}',
      'if not os.environ.get("DB_PASSWORD"):',
      '    raise Exception("DB_PASSWORD")',
    ),
    py(
      'import os',
      'EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "devpass")',
      'DEBUG = os.getenv("DEBUG", "0") == "1"',
      'if not DEBUG and EMAIL_HOST_PASSWORD == "devpass":',
      '    raise RuntimeError("EMAIL_HOST_PASSWORD")',
    ),

    py(
      'import os',
      'if "DB_PASSWORD" not in os.environ:',
      '    raise RuntimeError("DB_PASSWORD")',
      'DATABASES = {"default": {"PASSWORD": os.environ.get("DB_PASSWORD", "hunter2")}}',
    ),

    // if / else decided by the environment.
    { code: BY_ENV, env: { ENV: 'production' } },

    // Star imports: the committed value is replaced by an environment read.
    {
      code: 'from base import *\nimport os\nEMAIL_HOST_PASSWORD = os.environ["EMAIL_HOST_PASSWORD"]',
      files: { 'base.py': 'EMAIL_HOST_PASSWORD = "basepass123"\n' },
    },
    {
      code: 'from base import *\nDATABASES["default"]["PASSWORD"] = os.environ["DB_PASSWORD"]',
      files: { 'base.py': database('"basepass"') },
    },
    'import environ\nimport os\nenv = environ.Env()\nDATABASES = {"default": env.db("DATABASE_URL", default="postgres://u:p4ssw0rd@h/db")}\nDATABASES["default"]["PASSWORD"] = os.environ["DB_PASSWORD"]',
  ],
});
