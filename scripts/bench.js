#!/usr/bin/env node
/**
 * Wall-clock benchmark of the whole CLI on a large synthetic Django project.
 *
 *   node scripts/bench.js [--files N] [--runs K] [--keep] [--project DIR] [--json]
 *
 * The project is generated from a fixed seed, so every run of the benchmark scans the same bytes.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const SEED = 20240917;

const USAGE = `Usage: node scripts/bench.js [options]

Generates a synthetic Django project and times the whole CLI process on it.

Options:
  --files N        approximate number of .py files to generate, including those in
                   skipped folders (default 3000)
  --runs K         timed runs after one warm-up run (default 5)
  --keep           keep the generated project and print its path
  --project DIR    benchmark an existing folder instead of generating one
  --json           print the results as JSON
  -h, --help       print this help`;

// ------------------------------------------------------------------ deterministic randomness

/** mulberry32: tiny, fast and good enough to vary file shapes; Math.random would make runs incomparable. */
function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    /** Mostly near `min`, occasionally near `max`: real files are mostly small with a long tail. */
    skewed: (min, max) => min + Math.floor((max - min + 1) * next() ** 3),
    chance: (probability) => next() < probability,
    pick: (items) => items[Math.floor(next() * items.length)],
    sample: (items, count) => {
      const pool = [...items];
      const chosen = [];
      while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(Math.floor(next() * pool.length), 1)[0]);
      return chosen;
    },
    hex: (length) => Array.from({ length }, () => int(0, 15).toString(16)).join(''),
  };
}

// ------------------------------------------------------------------ vocabulary

// prettier-ignore
const DOMAINS = [
  'accounts', 'billing', 'catalog', 'orders', 'shipping', 'payments', 'support', 'crm', 'inventory', 'analytics',
  'marketing', 'notifications', 'reports', 'scheduling', 'learning', 'devices', 'insurance', 'people', 'finance',
  'assets', 'releases', 'integrations', 'audit', 'content', 'search', 'reviews', 'loyalty', 'partners', 'compliance',
  'messaging',
];
const DOMAIN_SUFFIXES = ['core', 'api', 'legacy', 'v2', 'admin', 'tasks', 'sync', 'public', 'internal', 'exports'];
// prettier-ignore
const NOUNS = [
  'account', 'address', 'invoice', 'order', 'product', 'customer', 'shipment', 'payment', 'refund', 'coupon',
  'category', 'review', 'ticket', 'message', 'notification', 'report', 'subscription', 'plan', 'team', 'member',
  'project', 'task', 'comment', 'attachment', 'document', 'vendor', 'warehouse', 'stock', 'price', 'discount',
  'campaign', 'lead', 'contact', 'event', 'booking', 'venue', 'course', 'lesson', 'enrolment', 'certificate', 'device',
  'sensor', 'reading', 'alert', 'policy', 'claim', 'contract', 'employee', 'timesheet', 'expense', 'budget', 'asset',
  'licence', 'release', 'build', 'deployment', 'webhook', 'session',
];
const MODEL_SUFFIXES = ['', '', '', 'Item', 'Line', 'Entry', 'Log', 'Version', 'Setting', 'Rule', 'Snapshot'];
// prettier-ignore
const FIELD_NAMES = [
  'name', 'title', 'code', 'description', 'notes', 'amount', 'total', 'quantity', 'status', 'priority', 'is_active',
  'is_archived', 'starts_at', 'ends_at', 'due_date', 'email', 'website', 'external_id', 'reference', 'metadata',
  'position', 'weight', 'currency', 'country', 'city', 'phone', 'score', 'label', 'colour', 'source', 'channel',
  'version', 'checksum', 'retries', 'last_error', 'published_at', 'expires_on', 'tax_rate', 'balance', 'sku',
];

const pascal = (snake) =>
  snake
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
const snake = (pascalName) => pascalName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const plural = (word) => (word.endsWith('s') ? word : word.endsWith('y') ? `${word.slice(0, -1)}ies` : `${word}s`);

// ------------------------------------------------------------------ the project's shape

function fieldDeclaration(random, name, otherModels) {
  if (name.startsWith('is_')) return `models.BooleanField(default=${random.pick(['True', 'False'])})`;
  if (name.endsWith('_at'))
    return `models.DateTimeField(null=True, blank=True, db_index=${random.pick(['True', 'False'])})`;
  if (name.endsWith('_date') || name.endsWith('_on')) return 'models.DateField(null=True, blank=True)';
  if (name === 'email') return 'models.EmailField(blank=True)';
  if (name === 'website') return 'models.URLField(blank=True)';
  if (name === 'metadata') return 'models.JSONField(default=dict, blank=True)';
  if (['amount', 'total', 'balance', 'tax_rate'].includes(name)) {
    return 'models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))';
  }
  if (['quantity', 'position', 'weight', 'score', 'retries', 'version'].includes(name)) {
    return 'models.PositiveIntegerField(default=0)';
  }
  if (['description', 'notes', 'last_error'].includes(name)) return 'models.TextField(blank=True)';
  if (name === 'status') return 'models.CharField(max_length=32, choices=Status.choices, default=Status.DRAFT)';
  if (otherModels.length > 0 && random.chance(0.15)) {
    return `models.ForeignKey("${random.pick(otherModels)}", on_delete=models.CASCADE, related_name="+")`;
  }
  return `models.CharField(max_length=${random.pick([32, 64, 128, 255])}, blank=True)`;
}

/** Model classes with their fields, shared by models.py, migrations, admin, serializers and tests. */
function planModels(random, app, count) {
  const models = [];
  const used = new Set();
  while (models.length < count) {
    const name = pascal(random.pick(NOUNS)) + random.pick(MODEL_SUFFIXES);
    if (used.has(name)) continue;
    used.add(name);
    const fieldNames = random.sample(FIELD_NAMES, random.skewed(3, 24));
    const earlier = models.map((model) => `${app}.${model.name}`);
    const fields = fieldNames.map((field) => ({ name: field, declaration: fieldDeclaration(random, field, earlier) }));
    fields.push({ name: 'created_at', declaration: 'models.DateTimeField(auto_now_add=True)' });
    fields.push({ name: 'updated_at', declaration: 'models.DateTimeField(auto_now=True)' });
    models.push({ name, table: `${app}_${snake(name)}`, fields, hasStatus: fieldNames.includes('status') });
  }
  return models;
}

function planApps(random, pythonFileBudget) {
  const apps = [];
  let planned = 0;
  for (let index = 0; planned < pythonFileBudget; index++) {
    const name =
      index < DOMAINS.length
        ? DOMAINS[index]
        : `${DOMAINS[index % DOMAINS.length]}_${DOMAIN_SUFFIXES[Math.floor(index / DOMAINS.length) - 1] ?? index}`;
    const models = planModels(random, name, random.skewed(1, 14));
    const app = {
      name,
      models,
      fat: random.chance(0.06),
      serializers: random.chance(0.6),
      forms: random.chance(0.5),
      tasks: random.chance(0.4),
      signals: random.chance(0.3),
      services: random.chance(0.5),
      commands: random.chance(0.2) ? random.int(1, 3) : 0,
      testModules: random.int(1, 4),
      /** Migrations after 0001_initial. */
      migrations: random.skewed(1, 60),
    };
    // __init__, apps, models, views, admin, urls, tests/__init__, migrations/__init__ and 0001_initial.
    const optional = [app.serializers, app.forms, app.tasks, app.signals, app.services].filter(Boolean).length;
    const fixedFiles = 9 + optional;
    const otherFiles = fixedFiles + app.testModules + (app.commands > 0 ? app.commands + 2 : 0);
    // The last app gets fewer migrations so the total lands near the budget rather than one app over it.
    app.migrations = Math.max(0, Math.min(app.migrations, pythonFileBudget - planned - otherFiles));
    planned += otherFiles + app.migrations;
    apps.push(app);
  }
  return apps;
}

// ------------------------------------------------------------------ file writer

function createWriter(root) {
  const madeFolders = new Set();
  return function write(relativePath, text) {
    const path = join(root, relativePath);
    const folder = dirname(path);
    if (!madeFolders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      madeFolders.add(folder);
    }
    writeFileSync(path, text);
  };
}

// ------------------------------------------------------------------ config/ and the project root

function manageFile() {
  return `#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""
import os
import sys


def main():
    """Run administrative tasks."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Are you sure it's installed and "
            "available on your PYTHONPATH environment variable? Did you "
            "forget to activate a virtual environment?"
        ) from exc
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
`;
}

function baseSettings(random, apps) {
  const loggedApps = apps.filter(() => random.chance(0.4));
  const scheduled = apps.filter((app) => app.tasks);
  return `"""
Base settings shared by every environment.

For the full list of settings and their values, see
https://docs.djangoproject.com/en/5.0/ref/settings/
"""
import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
APPS_DIR = BASE_DIR / "apps"

# SECURITY WARNING: keep the secret key used in production secret!
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "django-insecure-${random.hex(40)}")

DEBUG = os.environ.get("DJANGO_DEBUG", "false").lower() == "true"

ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")

# Applications
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "corsheaders",
    "drf_spectacular",
    "django_celery_beat",
    "storages",
]
LOCAL_APPS = [
${apps.map((app) => `    "apps.${app.name}",`).join('\n')}
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.media",
                "django.template.context_processors.static",
                "django.template.context_processors.tz",
            ],
        },
    },
]

# Database
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("POSTGRES_DB", "app"),
        "USER": os.environ.get("POSTGRES_USER", "app"),
        "PASSWORD": os.environ.get("POSTGRES_PASSWORD", ""),
        "HOST": os.environ.get("POSTGRES_HOST", "localhost"),
        "PORT": os.environ.get("POSTGRES_PORT", "5432"),
        "CONN_MAX_AGE": int(os.environ.get("CONN_MAX_AGE", "60")),
        "ATOMIC_REQUESTS": True,
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", "redis://localhost:6379/0"),
        "TIMEOUT": 300,
        "KEY_PREFIX": "app",
    }
}

# Passwords
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"

# Internationalisation
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
LANGUAGES = [
    ("en", "English"),
    ("de", "German"),
    ("fr", "French"),
    ("es", "Spanish"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]

# Static and media files
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# Email
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = True
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = "Example <noreply@example.com>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Operations", "ops@example.com")]
MANAGERS = ADMINS

# Security defaults that hold in every environment
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Logging
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "verbose": {"format": "%(levelname)s %(asctime)s %(module)s %(process)d %(thread)d %(message)s"},
        "simple": {"format": "%(levelname)s %(message)s"},
    },
    "handlers": {
        "console": {"level": "DEBUG", "class": "logging.StreamHandler", "formatter": "verbose"},
        "mail_admins": {"level": "ERROR", "class": "django.utils.log.AdminEmailHandler"},
    },
    "root": {"level": "INFO", "handlers": ["console"]},
    "loggers": {
        "django.request": {"handlers": ["mail_admins"], "level": "ERROR", "propagate": True},
        "django.security.DisallowedHost": {"level": "ERROR", "handlers": ["console", "mail_admins"], "propagate": True},
${loggedApps
  .map(
    (app) => `        "apps.${app.name}": {
            "handlers": ["console"],
            "level": os.environ.get("${app.name.toUpperCase()}_LOG_LEVEL", "INFO"),
            "propagate": False,
        },`,
  )
  .join('\n')}
    },
}

# Django REST framework
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": (
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ),
    "DEFAULT_PERMISSION_CLASSES": ("rest_framework.permissions.IsAuthenticated",),
    "DEFAULT_FILTER_BACKENDS": ("django_filters.rest_framework.DjangoFilterBackend",),
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"anon": "100/hour", "user": "2000/hour"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Example API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOWED_ORIGINS = [origin for origin in os.environ.get("CORS_ALLOWED_ORIGINS", "").split(",") if origin]

# Celery
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://localhost:6379/1")
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
CELERY_TIMEZONE = TIME_ZONE
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
${scheduled
  .map(
    (app) => `    "${app.name}-nightly": {
        "task": "apps.${app.name}.tasks.nightly_maintenance",
        "schedule": timedelta(hours=${random.int(1, 24)}),
    },`,
  )
  .join('\n')}
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=15),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=7),
    "ROTATE_REFRESH_TOKENS": True,
}

FEATURE_FLAGS = {
${apps
  .filter(() => random.chance(0.3))
  .map(
    (app) =>
      `    "${app.name.toUpperCase()}_NEW_UI": os.environ.get("FEATURE_${app.name.toUpperCase()}_NEW_UI") == "1",`,
  )
  .join('\n')}
}
`;
}

function productionSettings(random) {
  return `"""Production settings: everything here must hold on the live servers."""
import os

from .base import *  # noqa: F401,F403
from .base import DATABASES, LOGGING

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = os.environ["DJANGO_ALLOWED_HOSTS"].split(",")

DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "600"))

# Security
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "true").lower() == "true"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
CSRF_TRUSTED_ORIGINS = ["https://" + host for host in ALLOWED_HOSTS]

# Storage
STORAGES = {
    "default": {"BACKEND": "storages.backends.s3.S3Storage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "example-media")
AWS_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID")
# A deliberate, realistic slip so the benchmark's report is not empty.
AWS_SECRET_ACCESS_KEY = "${random.hex(8)}/K7MDENG/bPxRfiCY${random.hex(12)}"
AWS_S3_REGION_NAME = "eu-west-2"
AWS_DEFAULT_ACL = None

# Email
EMAIL_BACKEND = "anymail.backends.mailgun.EmailBackend"
ANYMAIL = {
    "MAILGUN_API_KEY": os.environ.get("MAILGUN_API_KEY"),
    "MAILGUN_SENDER_DOMAIN": os.environ.get("MAILGUN_DOMAIN"),
}

LOGGING["root"] = {"level": "WARNING", "handlers": ["console"]}

SENTRY_DSN = os.environ.get("SENTRY_DSN")
if SENTRY_DSN:
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration

        sentry_sdk.init(dsn=SENTRY_DSN, integrations=[DjangoIntegration()], traces_sample_rate=0.05)
    except ImportError:
        pass
`;
}

function localSettings() {
  return `"""Settings for a developer's machine."""
from .base import *  # noqa: F401,F403
from .base import INSTALLED_APPS, MIDDLEWARE

DEBUG = True
SECRET_KEY = "django-insecure-local-development-only"
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS += ["debug_toolbar", "django_extensions"]
MIDDLEWARE += ["debug_toolbar.middleware.DebugToolbarMiddleware"]
INTERNAL_IPS = ["127.0.0.1", "10.0.2.2"]

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True
`;
}

function rootUrls(apps) {
  return `from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
${apps.map((app) => `    path("${app.name.replace(/_/g, '-')}/", include("apps.${app.name}.urls")),`).join('\n')}
]

if settings.DEBUG:
    import debug_toolbar

    urlpatterns = [path("__debug__/", include(debug_toolbar.urls))] + urlpatterns
`;
}

function writeConfigPackage(write, random, apps) {
  write('manage.py', manageFile());
  write('config/__init__.py', 'from .celery import app as celery_app\n\n__all__ = ("celery_app",)\n');
  write('config/settings/__init__.py', '');
  write('config/settings/base.py', baseSettings(random, apps));
  write('config/settings/production.py', productionSettings(random));
  write('config/settings/local.py', localSettings());
  write(
    'config/settings/test.py',
    'from .base import *  # noqa\n\nPASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]\n',
  );
  write('config/urls.py', rootUrls(apps));
  for (const kind of ['wsgi', 'asgi']) {
    const upper = kind.toUpperCase();
    write(
      `config/${kind}.py`,
      `"""${upper} config: exposes the ${upper} callable as a module-level variable named \`\`application\`\`."""
import os

from django.core.${kind} import get_${kind}_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_${kind}_application()
`,
    );
  }
  write(
    'config/celery.py',
    `import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
`,
  );
}

// ------------------------------------------------------------------ one Django app

function modelsModule(random, app) {
  const out = [
    'import uuid',
    'from decimal import Decimal',
    '',
    'from django.conf import settings',
    'from django.db import models',
    'from django.urls import reverse',
    'from django.utils import timezone',
    'from django.utils.translation import gettext_lazy as _',
    '',
  ];
  for (const model of app.models) {
    out.push(
      '',
      `class ${model.name}(models.Model):`,
      `    """A ${snake(model.name).replace(/_/g, ' ')} of the ${app.name} app."""`,
      '',
    );
    if (model.hasStatus) {
      out.push(
        '    class Status(models.TextChoices):',
        '        DRAFT = "draft", _("Draft")',
        '        ACTIVE = "active", _("Active")',
        '        CLOSED = "closed", _("Closed")',
        '',
      );
    }
    out.push('    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)');
    if (random.chance(0.5)) {
      out.push('    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")');
    }
    for (const field of model.fields) out.push(`    ${field.name} = ${field.declaration}`);
    out.push(
      '',
      '    class Meta:',
      `        ordering = ["-created_at"]`,
      `        verbose_name = _("${snake(model.name).replace(/_/g, ' ')}")`,
      `        indexes = [models.Index(fields=["created_at"], name="${model.table.slice(0, 20)}_created_idx")]`,
      '',
      '    def __str__(self):',
      `        return f"${model.name} {self.pk}"`,
      '',
      '    def get_absolute_url(self):',
      `        return reverse("${app.name}:${snake(model.name)}-detail", kwargs={"pk": self.pk})`,
    );
    for (let i = random.int(0, 4); i > 0; i--) {
      out.push(
        '',
        `    def ${random.pick(['refresh', 'recalculate', 'archive', 'mark', 'sync', 'touch'])}_${random.pick(FIELD_NAMES)}_${i}(self, commit=True):`,
        `        if self.updated_at and self.updated_at > timezone.now():`,
        '            return False',
        `        self.updated_at = timezone.now()`,
        '        if commit:',
        `            self.save(update_fields=["updated_at"])`,
        '        return True',
      );
    }
  }
  return `${out.join('\n')}\n`;
}

/** SQL in views, in the shapes code rules look for: parameterised and interpolated, via cursor, raw and extra. */
function sqlView(random, model, index) {
  const variable = random.pick(['term', 'status', 'start', 'code']);
  const shapes = [
    () => [
      `def ${snake(model.name)}_report_${index}(request):`,
      `    ${variable} = request.GET.get("${variable}", "")`,
      '    with connection.cursor() as cursor:',
      '        cursor.execute(',
      `            "SELECT id, created_at FROM ${model.table} WHERE ${variable} = %s ORDER BY id",`,
      `            [${variable}],`,
      '        )',
      '        rows = cursor.fetchall()',
      '    return JsonResponse({"rows": rows})',
    ],
    () => [
      `def ${snake(model.name)}_search_${index}(request):`,
      `    ${variable} = request.GET.get("q", "")`,
      '    with connection.cursor() as cursor:',
      `        cursor.execute(f"SELECT id FROM ${model.table} WHERE ${variable} LIKE '%{${variable}}%'")`,
      '        ids = [row[0] for row in cursor.fetchall()]',
      '    return JsonResponse({"ids": ids})',
    ],
    () => [
      `def ${snake(model.name)}_raw_${index}(request):`,
      `    ${variable} = request.GET.get("${variable}")`,
      `    items = ${model.name}.objects.raw("SELECT * FROM ${model.table} WHERE ${variable} = %s", [${variable}])`,
      '    return render(request, "list.html", {"items": items})',
    ],
    () => [
      `def ${snake(model.name)}_raw_unsafe_${index}(request):`,
      `    ${variable} = request.GET.get("${variable}")`,
      `    items = ${model.name}.objects.raw(f"SELECT * FROM ${model.table} WHERE ${variable} = '{${variable}}'")`,
      '    return render(request, "list.html", {"items": items})',
    ],
    () => [
      `def ${snake(model.name)}_extra_${index}(request):`,
      `    ${variable} = request.GET.get("${variable}")`,
      `    items = ${model.name}.objects.extra(where=["${variable} = %s"], params=[${variable}])`,
      '    return render(request, "list.html", {"items": items})',
    ],
    () => [
      `def ${snake(model.name)}_extra_unsafe_${index}(request):`,
      `    ${variable} = request.GET.get("${variable}")`,
      `    items = ${model.name}.objects.extra(where=[f"${variable} = '{${variable}}'"])`,
      '    return render(request, "list.html", {"items": items})',
    ],
  ];
  return random.pick(shapes)();
}

function functionView(model, index) {
  const name = snake(model.name);
  return [
    '@login_required',
    `def ${name}_detail_${index}(request, pk):`,
    `    obj = get_object_or_404(${model.name}, pk=pk)`,
    '    if not request.user.has_perm("view", obj):',
    `        logger.warning("User %s may not see ${model.name} %s", request.user.pk, pk)`,
    '        return redirect("home")',
    '    if request.method == "POST":',
    '        changed = [key for key in request.POST if hasattr(obj, key)]',
    '        for key in changed:',
    '            setattr(obj, key, request.POST[key])',
    '        obj.full_clean()',
    '        obj.save(update_fields=changed or None)',
    `        messages.success(request, _("${model.name} saved."))`,
    '        return redirect(obj.get_absolute_url())',
    `    return render(request, "${name}/detail.html", {"object": obj})`,
  ];
}

function classViews(model, index) {
  const name = snake(model.name);
  return [
    `class ${model.name}ListView${index}(LoginRequiredMixin, ListView):`,
    `    model = ${model.name}`,
    '    paginate_by = 25',
    `    template_name = "${name}/list.html"`,
    '',
    '    def get_queryset(self):',
    '        queryset = super().get_queryset()',
    '        search = self.request.GET.get("q")',
    '        if search:',
    '            queryset = queryset.filter(pk__icontains=search)',
    '        return queryset.select_related()',
    '',
    '',
    `class ${model.name}ViewSet${index}(viewsets.ModelViewSet):`,
    `    queryset = ${model.name}.objects.all()`,
    '    permission_classes = [permissions.IsAuthenticated]',
    '',
    '    @action(detail=True, methods=["post"])',
    '    def archive(self, request, pk=None):',
    '        obj = self.get_object()',
    '        obj.is_archived = True',
    '        obj.save(update_fields=["is_archived"])',
    '        return Response({"status": "archived"})',
  ];
}

function viewsModule(random, app) {
  const out = [
    'import logging',
    '',
    'from django.contrib import messages',
    'from django.contrib.auth.decorators import login_required',
    'from django.contrib.auth.mixins import LoginRequiredMixin',
    'from django.db import connection',
    'from django.http import JsonResponse',
    'from django.shortcuts import get_object_or_404, redirect, render',
    'from django.utils.translation import gettext as _',
    'from django.views.generic import ListView',
    'from rest_framework import permissions, viewsets',
    'from rest_framework.decorators import action',
    'from rest_framework.response import Response',
    '',
    `from .models import ${app.models.map((model) => model.name).join(', ')}`,
    '',
    'logger = logging.getLogger(__name__)',
  ];
  const viewCount = app.fat ? random.int(70, 100) : random.skewed(app.models.length, app.models.length * 6);
  const withSql = random.chance(0.35);
  for (let index = 0; index < viewCount; index++) {
    const model = random.pick(app.models);
    const roll = random.next();
    const view =
      withSql && roll < 0.25
        ? sqlView(random, model, index)
        : roll < 0.6
          ? functionView(model, index)
          : classViews(model, index);
    out.push('', '', ...view);
  }
  return `${out.join('\n')}\n`;
}

function serializersModule(app) {
  const out = [
    'from rest_framework import serializers',
    '',
    `from .models import ${app.models.map((m) => m.name).join(', ')}`,
  ];
  for (const model of app.models) {
    out.push(
      '',
      '',
      `class ${model.name}Serializer(serializers.ModelSerializer):`,
      '    class Meta:',
      `        model = ${model.name}`,
      `        fields = [${['id', ...model.fields.map((f) => f.name)].map((f) => `"${f}"`).join(', ')}]`,
      '        read_only_fields = ["id", "created_at", "updated_at"]',
    );
  }
  return `${out.join('\n')}\n`;
}

function formsModule(app) {
  const out = [
    'from django import forms',
    'from django.core.exceptions import ValidationError',
    '',
    `from .models import ${app.models.map((m) => m.name).join(', ')}`,
  ];
  for (const model of app.models) {
    const first = model.fields[0].name;
    out.push(
      '',
      '',
      `class ${model.name}Form(forms.ModelForm):`,
      '    class Meta:',
      `        model = ${model.name}`,
      `        exclude = ["created_at", "updated_at"]`,
      '',
      `    def clean_${first}(self):`,
      `        value = self.cleaned_data["${first}"]`,
      '        if value in (None, ""):',
      `            raise ValidationError("${first} is required")`,
      '        return value',
    );
  }
  return `${out.join('\n')}\n`;
}

function adminModule(app) {
  const out = [
    'from django.contrib import admin',
    '',
    `from .models import ${app.models.map((m) => m.name).join(', ')}`,
  ];
  for (const model of app.models) {
    const shown = model.fields.slice(0, 4).map((f) => `"${f.name}"`);
    out.push(
      '',
      '',
      `@admin.register(${model.name})`,
      `class ${model.name}Admin(admin.ModelAdmin):`,
      `    list_display = [${shown.join(', ')}]`,
      '    list_filter = ["created_at"]',
      '    search_fields = ["uuid"]',
      '    date_hierarchy = "created_at"',
      '    readonly_fields = ["uuid", "created_at", "updated_at"]',
    );
  }
  return `${out.join('\n')}\n`;
}

function urlsModule(app) {
  const out = [
    'from django.urls import path',
    '',
    'from . import views',
    '',
    `app_name = "${app.name}"`,
    '',
    'urlpatterns = [',
  ];
  for (const model of app.models) {
    const name = snake(model.name);
    out.push(`    path("${plural(name)}/<int:pk>/", views.${name}_detail_0, name="${name}-detail"),`);
  }
  out.push(']');
  return `${out.join('\n')}\n`;
}

function testModule(random, app, kind) {
  const out = [
    'import pytest',
    'from django.test import TestCase',
    'from django.contrib.auth import get_user_model',
    'from django.urls import reverse',
    '',
    `from apps.${app.name}.models import ${app.models.map((m) => m.name).join(', ')}`,
    '',
    'User = get_user_model()',
  ];
  for (const model of app.models) {
    out.push(
      '',
      '',
      `class ${model.name}${pascal(kind)}Tests(TestCase):`,
      '    @classmethod',
      '    def setUpTestData(cls):',
      `        cls.user = User.objects.create_user("tester", "tester@example.com", "not-a-real-password")`,
      `        cls.obj = ${model.name}.objects.create()`,
      '',
      '    def setUp(self):',
      '        self.client.force_login(self.user)',
      '',
    );
    for (let i = random.int(2, 10); i > 0; i--) {
      out.push(
        `    def test_${kind}_${snake(model.name)}_${i}(self):`,
        `        response = self.client.get(reverse("${app.name}:${snake(model.name)}-detail", kwargs={"pk": self.obj.pk}))`,
        '        self.assertEqual(response.status_code, 200)',
        `        self.assertContains(response, "${model.name}")`,
        `        obj = ${model.name}.objects.get(pk=self.obj.pk)`,
        '        self.assertIsNotNone(obj.pk)',
        `        self.assertIn("${model.name}", str(obj))`,
        '',
      );
    }
  }
  return `${out.join('\n')}\n`;
}

function migrationTimestamp(random) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${random.int(2019, 2024)}${pad(random.int(1, 12))}${pad(random.int(1, 28))}_${pad(random.int(0, 23))}${pad(random.int(0, 59))}`;
}

/** A field as makemigrations writes it: choices inlined, since migrations cannot see the model's classes. */
function migrationField(field) {
  return field.declaration
    .replace('choices=Status.choices', 'choices=[("draft", "Draft"), ("active", "Active"), ("closed", "Closed")]')
    .replace('default=Status.DRAFT', 'default="draft"');
}

function initialMigration(app) {
  const out = [
    `# Generated by Django 4.2.7 on 2021-03-04 12:00`,
    '',
    'import uuid',
    'from decimal import Decimal',
    '',
    'import django.db.models.deletion',
    'from django.conf import settings',
    'from django.db import migrations, models',
    '',
    '',
    'class Migration(migrations.Migration):',
    '',
    '    initial = True',
    '',
    '    dependencies = [',
    '        migrations.swappable_dependency(settings.AUTH_USER_MODEL),',
    '    ]',
    '',
    '    operations = [',
  ];
  for (const model of app.models) {
    out.push(
      '        migrations.CreateModel(',
      `            name="${model.name}",`,
      '            fields=[',
      '                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),',
      '                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),',
      ...model.fields.map((field) => `                ("${field.name}", ${migrationField(field)}),`),
      '            ],',
      '            options={',
      `                "verbose_name": "${snake(model.name).replace(/_/g, ' ')}",`,
      '                "ordering": ["-created_at"],',
      '            },',
      '        ),',
    );
  }
  out.push('    ]');
  return `${out.join('\n')}\n`;
}

function laterMigration(random, app, previous) {
  const out = ['# Generated by Django 4.2.7', '', 'from django.db import migrations, models', ''];
  const dataMigration = random.chance(0.1);
  if (dataMigration) {
    const model = random.pick(app.models);
    out.push(
      '',
      'def forwards(apps, schema_editor):',
      `    ${model.name} = apps.get_model("${app.name}", "${model.name}")`,
      `    for obj in ${model.name}.objects.filter(updated_at__isnull=True).iterator():`,
      '        obj.updated_at = obj.created_at',
      '        obj.save(update_fields=["updated_at"])',
      '',
    );
  }
  out.push(
    '',
    'class Migration(migrations.Migration):',
    '',
    '    dependencies = [',
    `        ("${app.name}", "${previous}"),`,
    '    ]',
    '',
    '    operations = [',
  );
  if (dataMigration) out.push('        migrations.RunPython(forwards, migrations.RunPython.noop),');
  for (let i = random.skewed(1, 8); i > 0; i--) {
    const model = random.pick(app.models);
    const field = random.pick(model.fields);
    const operation = random.pick(['AddField', 'AlterField', 'AlterField', 'AddIndex']);
    if (operation === 'AddIndex') {
      out.push(
        '        migrations.AddIndex(',
        `            model_name="${model.name.toLowerCase()}",`,
        `            index=models.Index(fields=["${field.name}"], name="${model.table.slice(0, 16)}_${random.hex(6)}"),`,
        '        ),',
      );
    } else {
      out.push(
        `        migrations.${operation}(`,
        `            model_name="${model.name.toLowerCase()}",`,
        `            name="${field.name}",`,
        `            field=${migrationField(field).replace('default=Decimal("0.00")', 'default=0')},`,
        '        ),',
      );
    }
  }
  out.push('    ]');
  return `${out.join('\n')}\n`;
}

function writeMigrations(write, random, app) {
  write(`apps/${app.name}/migrations/__init__.py`, '');
  let previous = '0001_initial';
  write(`apps/${app.name}/migrations/${previous}.py`, initialMigration(app));
  for (let number = 2; number <= app.migrations + 1; number++) {
    const model = random.pick(app.models);
    const slug = random.chance(0.5)
      ? `auto_${migrationTimestamp(random)}`
      : `${random.pick(['add', 'alter', 'remove'])}_${model.name.toLowerCase()}_${random.pick(model.fields).name}`;
    const name = `${String(number).padStart(4, '0')}_${slug}`;
    write(`apps/${app.name}/migrations/${name}.py`, laterMigration(random, app, previous));
    previous = name;
  }
}

function servicesModule(random, app) {
  const out = [
    'import logging',
    'from decimal import Decimal',
    '',
    'from django.db import transaction',
    'from django.utils import timezone',
    '',
    `from .models import ${app.models.map((m) => m.name).join(', ')}`,
    '',
    'logger = logging.getLogger(__name__)',
  ];
  for (let i = random.skewed(2, 90); i > 0; i--) {
    const model = random.pick(app.models);
    const field = random.pick(model.fields).name;
    out.push(
      '',
      '',
      '@transaction.atomic',
      `def update_${snake(model.name)}_${field}_${i}(obj_id, value, *, actor=None):`,
      `    obj = ${model.name}.objects.select_for_update().get(pk=obj_id)`,
      `    previous = getattr(obj, "${field}")`,
      '    if previous == value:',
      '        return obj',
      `    setattr(obj, "${field}", value)`,
      '    obj.updated_at = timezone.now()',
      '    obj.save()',
      `    logger.info("${model.name} %s: ${field} %r -> %r by %s", obj.pk, previous, value, actor)`,
      '    return obj',
    );
  }
  return `${out.join('\n')}\n`;
}

function tasksModule(app) {
  const model = app.models[0];
  return `import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .models import ${model.name}

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=3)
def nightly_maintenance(self):
    cutoff = timezone.now() - timedelta(days=90)
    stale = ${model.name}.objects.filter(updated_at__lt=cutoff)
    count = stale.count()
    logger.info("Archiving %d stale ${model.name} rows", count)
    stale.update(updated_at=timezone.now())
    return count
`;
}

function signalsModule(app) {
  const model = app.models[0];
  return `from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import ${model.name}


@receiver(post_save, sender=${model.name})
def ${snake(model.name)}_saved(sender, instance, created, **kwargs):
    if created:
        instance.refresh_from_db()
`;
}

function commandModule(app, index) {
  return `from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = "Maintenance command ${index} for ${app.name}"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM ${app.models[0].table}")
            (count,) = cursor.fetchone()
        self.stdout.write(self.style.SUCCESS(f"{count} rows"))
`;
}

function writeApp(write, random, app) {
  const base = `apps/${app.name}`;
  write(`${base}/__init__.py`, '');
  write(
    `${base}/apps.py`,
    `from django.apps import AppConfig


class ${pascal(app.name)}Config(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.${app.name}"
${app.signals ? '\n    def ready(self):\n        from . import signals  # noqa: F401\n' : ''}`,
  );
  write(`${base}/models.py`, modelsModule(random, app));
  write(`${base}/views.py`, viewsModule(random, app));
  write(`${base}/admin.py`, adminModule(app));
  write(`${base}/urls.py`, urlsModule(app));
  if (app.serializers) write(`${base}/serializers.py`, serializersModule(app));
  if (app.forms) write(`${base}/forms.py`, formsModule(app));
  if (app.tasks) write(`${base}/tasks.py`, tasksModule(app));
  if (app.signals) write(`${base}/signals.py`, signalsModule(app));
  if (app.services) write(`${base}/services.py`, servicesModule(random, app));
  write(`${base}/tests/__init__.py`, '');
  for (const kind of ['models', 'views', 'api', 'forms'].slice(0, app.testModules)) {
    write(`${base}/tests/test_${kind}.py`, testModule(random, app, kind));
  }
  if (app.commands > 0) {
    write(`${base}/management/__init__.py`, '');
    write(`${base}/management/commands/__init__.py`, '');
    for (let i = 1; i <= app.commands; i++)
      write(`${base}/management/commands/${app.name}_job_${i}.py`, commandModule(app, i));
  }
  writeMigrations(write, random, app);
  // Byte-compiled leftovers, as in any working copy; the tool must not mistake them for source.
  write(`${base}/__pycache__/models.cpython-312.pyc`, Buffer.from(random.hex(512), 'hex'));
  for (const model of app.models.slice(0, 3)) {
    const name = snake(model.name);
    write(
      `${base}/templates/${name}/list.html`,
      `{% extends "base.html" %}\n{% block content %}\n<ul>{% for o in object_list %}<li>{{ o }}</li>{% endfor %}</ul>\n{% endblock %}\n`,
    );
    write(
      `${base}/static/${app.name}/js/${name}.js`,
      `document.querySelectorAll("[data-${name}]").forEach((el) => el.addEventListener("click", () => el.classList.toggle("open")));\n`.repeat(
        random.skewed(1, 60),
      ),
    );
  }
}

// ------------------------------------------------------------------ large generated modules

/** A ~300 KB data module, as checked in by people who load reference data from Python. */
function postcodeTable(random, targetBytes) {
  const out = ['# Generated from the postcode register; do not edit by hand.', '', 'POSTCODES = {'];
  let size = 0;
  while (size < targetBytes) {
    const line = `    "${random.int(10000, 99999)}-${random.hex(3)}": ("${pascal(random.pick(NOUNS))}ton", ${(random.next() * 180 - 90).toFixed(5)}, ${(random.next() * 360 - 180).toFixed(5)}),`;
    out.push(line);
    size += line.length + 1;
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

/** A protobuf-style module: one long line of escaped bytes, the shape that trips up naive line-based tools. */
function protobufModule(random, targetBytes) {
  const escaped = Array.from({ length: Math.floor(targetBytes / 4) }, () => `\\x${random.hex(2)}`).join('');
  return `# -*- coding: utf-8 -*-
# Generated by the protocol buffer compiler.  DO NOT EDIT!
"""Generated protocol buffer code."""
from google.protobuf import descriptor_pool as _descriptor_pool
from google.protobuf.internal import builder as _builder

DESCRIPTOR = _descriptor_pool.Default().AddSerializedFile(b'${escaped}')

_globals = globals()
_builder.BuildMessageAndEnumDescriptors(DESCRIPTOR, _globals)
`;
}

function writeLargeModules(write, random, apps) {
  write(`apps/${apps[0].name}/data/__init__.py`, '');
  write(`apps/${apps[0].name}/data/postcodes.py`, postcodeTable(random, 300 * 1024));
  write(`apps/${apps[apps.length - 1].name}/proto/__init__.py`, '');
  write(`apps/${apps[apps.length - 1].name}/proto/events_pb2.py`, protobufModule(random, 120 * 1024));
}

// ------------------------------------------------------------------ folders the tool must skip

function libraryModule(random, packageName, index) {
  const out = [`"""${packageName} internals, part ${index}."""`, 'import functools', ''];
  for (let i = random.skewed(2, 30); i > 0; i--) {
    out.push(
      '',
      `def helper_${index}_${i}(cursor, sql, params=None):`,
      '    # Library code talks SQL too: a scan that wanders into site-packages would report it.',
      '    if params is None:',
      '        return cursor.execute(sql)',
      '    return cursor.execute(sql % params)',
      '',
    );
  }
  return `${out.join('\n')}\n`;
}

function writeSkippedFolders(write, random, pythonFileBudget) {
  const venvFiles = Math.round(pythonFileBudget * 0.85);
  const direnvFiles = Math.round(pythonFileBudget * 0.05);
  const nodeGypFiles = pythonFileBudget - venvFiles - direnvFiles;

  write('.venv/pyvenv.cfg', 'home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.12.4\n');
  write('.venv/bin/activate', '# This file must be used with "source bin/activate"\n');
  const packages = ['django', 'rest_framework', 'celery', 'kombu', 'requests', 'urllib3', 'psycopg', 'redis', 'boto3'];
  for (let i = 0; i < venvFiles; i++) {
    const packageName = packages[i % packages.length];
    write(`.venv/lib/python3.12/site-packages/${packageName}/module_${i}.py`, libraryModule(random, packageName, i));
  }
  // direnv's layout puts a virtualenv under a name the tool cannot know: only pyvenv.cfg marks it.
  write('.direnv/python-3.12.4/pyvenv.cfg', 'home = /usr/bin\nversion = 3.12.4\n');
  for (let i = 0; i < direnvFiles; i++) {
    write(`.direnv/python-3.12.4/lib/python3.12/site-packages/six/module_${i}.py`, libraryModule(random, 'six', i));
  }
  for (let i = 0; i < nodeGypFiles; i++) {
    write(`node_modules/node-gyp/gyp/pylib/gyp/generator/module_${i}.py`, libraryModule(random, 'gyp', i));
  }
  for (const packageName of ['react', 'react-dom', 'lodash', 'htmx.org', 'esbuild', 'chart.js']) {
    write(
      `node_modules/${packageName}/package.json`,
      `{"name": "${packageName}", "version": "1.0.0", "main": "index.js"}\n`,
    );
    write(
      `node_modules/${packageName}/index.js`,
      `module.exports = function ${packageName.replace(/\W/g, '')}() {};\n`.repeat(random.skewed(10, 2000)),
    );
  }
}

// ------------------------------------------------------------------ whole project

function writeRepositoryFiles(write) {
  // A .git folder makes the project its own repository root, as in CI, instead of whatever /tmp sits in.
  write('.git/HEAD', 'ref: refs/heads/main\n');
  write('.git/info/exclude', '# git ls-files --others --exclude-from=.git/info/exclude\n');
  // .direnv/ is left out on purpose: only its pyvenv.cfg should keep the scanner out of it.
  write('.gitignore', '*.pyc\n__pycache__/\n.env\n/media/\n/staticfiles/\nnode_modules/\n.venv/\n');
  write('requirements.txt', 'Django==4.2.7\ndjangorestframework==3.14.0\ncelery==5.3.4\npsycopg[binary]==3.1.12\n');
  write('README.md', '# Synthetic project\n\nGenerated by scripts/bench.js in django-security-gate.\n');
  write('templates/base.html', '<!doctype html>\n<html><body>{% block content %}{% endblock %}</body></html>\n');
  write('static/js/app.js', 'import "./htmx.js";\nconsole.log("ready");\n');
  write('package.json', '{"private": true, "dependencies": {"htmx.org": "^1.9.0"}}\n');
}

function generateProject(root, pythonFileTarget) {
  const random = createRandom(SEED);
  const write = createWriter(root);
  const skippedBudget = Math.round(pythonFileTarget * 0.1);
  const fixedFiles = 16; // manage.py, config/ (10), apps/__init__.py and the two large modules with their packages
  const apps = planApps(random, Math.max(1, pythonFileTarget - skippedBudget - fixedFiles));
  writeRepositoryFiles(write);
  writeConfigPackage(write, random, apps);
  write('apps/__init__.py', '');
  for (const app of apps) writeApp(write, random, app);
  writeLargeModules(write, random, apps);
  writeSkippedFolders(write, random, skippedBudget);
}

// ------------------------------------------------------------------ measuring

// A copy of ALWAYS_SKIPPED in src/discover/ignore-rules.ts plus the pyvenv.cfg test of python-files.ts, kept here
// so the benchmark depends on nothing but dist/. .gitignore is not applied, so for --project the figures are an upper bound.
// prettier-ignore
const SKIPPED_FOLDERS = new Set([
  '.git', '.hg', '.svn', 'node_modules', '__pycache__', '.tox', '.nox', '.venv', 'venv', '.virtualenv', 'virtualenv',
  'site-packages', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.eggs',
]);

function countPythonFiles(root) {
  const totals = { scannedFiles: 0, scannedBytes: 0, skippedFiles: 0 };
  const visit = (folder, skipped) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        const skipHere = skipped || SKIPPED_FOLDERS.has(entry.name) || existsSync(join(path, 'pyvenv.cfg'));
        visit(path, skipHere);
      } else if (entry.isFile() && entry.name.endsWith('.py')) {
        if (skipped) {
          totals.skippedFiles += 1;
        } else {
          totals.scannedFiles += 1;
          totals.scannedBytes += statSync(path).size;
        }
      }
    }
  };
  visit(root, false);
  return totals;
}

async function timeProcess(args) {
  // The scanner consults DJANGO_SETTINGS_MODULE; the caller's shell must not change what is measured.
  const env = { ...process.env };
  delete env.DJANGO_SETTINGS_MODULE;
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const stdout = [];
  const stderr = [];
  child.stdout.on('data', (chunk) => stdout.push(chunk));
  child.stderr.on('data', (chunk) => stderr.push(chunk));
  const [code] = await once(child, 'close');
  const milliseconds = Number(process.hrtime.bigint() - start) / 1e6;
  return {
    milliseconds,
    code,
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr: Buffer.concat(stderr).toString('utf8'),
  };
}

async function runScanner(projectDir) {
  const result = await timeProcess([CLI, projectDir, '--no-deploy-check', '--format', 'json', '--fail-on', 'never']);
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    report = undefined;
  }
  if (result.code !== 0 || !report?.summary) {
    throw new Error(
      `the scanner did not produce a report (exit code ${result.code}):\n${result.stderr || result.stdout}`.trim(),
    );
  }
  return { milliseconds: result.milliseconds, findings: report.findings.length };
}

async function repeat(times, measure) {
  await measure(); // warm-up: fills the file-system cache and V8's code cache, not counted
  const samples = [];
  for (let i = 0; i < times; i++) samples.push(await measure());
  return samples;
}

const round = (number) => Math.round(number * 100) / 100;

function summarise(milliseconds) {
  const sorted = [...milliseconds].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

// ------------------------------------------------------------------ command line

function readOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      files: { type: 'string', default: '3000' },
      runs: { type: 'string', default: '5' },
      keep: { type: 'boolean', default: false },
      project: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const positive = (name) => {
    const number = Number(values[name]);
    if (!Number.isInteger(number) || number < 1)
      throw new Error(`--${name} must be a positive whole number, not "${values[name]}"`);
    return number;
  };
  return { ...values, files: positive('files'), runs: positive('runs') };
}

function printText(results) {
  const { project, files, scanner, node } = results;
  const fmt = (ms) => `${Math.round(ms)} ms`;
  let origin = 'existing folder';
  if (project.generated) origin = project.kept ? 'generated, kept' : 'generated, removed afterwards';
  console.log(`django-security-gate benchmark (${results.runs} run${results.runs === 1 ? '' : 's'} after 1 warm-up)`);
  console.log(`  project     ${project.path} (${origin})`);
  console.log(
    `  .py files   ${files.total} ${project.generated ? 'generated' : 'found'}, ${files.skipped} in skipped folders; ${files.scanned} scanned, ${files.scannedMB.toFixed(2)} MB`,
  );
  console.log(`  wall time   median ${fmt(scanner.median)}, min ${fmt(scanner.min)}, max ${fmt(scanner.max)}`);
  console.log(
    `  throughput  ${Math.round(scanner.filesPerSecond)} files/s, ${scanner.mbPerSecond.toFixed(1)} MB/s (from the median)`,
  );
  console.log(`  findings    ${scanner.findings}`);
  console.log(
    `  baseline    node -e "" median ${fmt(node.median)} (bare Node start-up, paid by every run; the scan's median is ${fmt(scanner.median - node.median)} above it)`,
  );
}

async function main() {
  const options = readOptions(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return;
  }
  if (!existsSync(CLI)) throw new Error(`${CLI} does not exist; run npm run build first`);

  const generated = !options.project;
  const projectDir = generated ? mkdtempSync(join(tmpdir(), 'dsg-bench-')) : resolve(options.project);
  const removeProject = () => rmSync(projectDir, { recursive: true, force: true });
  if (generated && !options.keep) process.once('SIGINT', () => (removeProject(), process.exit(130)));
  try {
    if (generated) {
      console.error(`Generating about ${options.files} .py files in ${projectDir} ...`);
      generateProject(projectDir, options.files);
    } else if (!existsSync(projectDir) || !statSync(projectDir).isDirectory()) {
      throw new Error(`${options.project} is not a folder`);
    }
    const counts = countPythonFiles(projectDir);

    console.error(`Timing the scanner (${options.runs} runs + warm-up) ...`);
    const scans = await repeat(options.runs, () => runScanner(projectDir));
    const bare = await repeat(options.runs, () => timeProcess(['-e', '']));

    const scanner = summarise(scans.map((scan) => scan.milliseconds));
    const scannedMB = counts.scannedBytes / 1e6;
    const results = {
      runs: options.runs,
      project: { path: projectDir, generated, kept: generated && options.keep },
      files: {
        total: counts.scannedFiles + counts.skippedFiles,
        skipped: counts.skippedFiles,
        scanned: counts.scannedFiles,
        scannedMB,
      },
      scanner: {
        ...scanner,
        samples: scans.map((scan) => scan.milliseconds),
        filesPerSecond: counts.scannedFiles / (scanner.median / 1000),
        mbPerSecond: scannedMB / (scanner.median / 1000),
        findings: scans[scans.length - 1].findings,
      },
      node: summarise(bare.map((run) => run.milliseconds)),
    };
    if (options.json) {
      console.log(JSON.stringify(results, (_key, value) => (typeof value === 'number' ? round(value) : value), 2));
    } else {
      printText(results);
    }
  } finally {
    if (generated && !options.keep) removeProject();
    else if (generated) console.error(`Kept the project in ${projectDir}`);
  }
}

main().catch((error) => {
  console.error(`bench: ${error.message}`);
  process.exitCode = 1;
});
