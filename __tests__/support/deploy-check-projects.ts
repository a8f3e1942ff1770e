// Projects the end-to-end deploy-check tests run on: the examples, and small projects written for one
// behaviour each.

const MANAGE_PY = `#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
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

/** What every settings file below has after its first lines: the rest of a deployable configuration. */
const REST = `INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "mysite.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
`;

/** A one-app project; `config` goes in front of the rules the HTTPS and header settings (not its subject) turn off. */
function project(settings: string, config = ''): Record<string, string> {
  const off = [
    'csp-missing',
    'hsts-missing',
    'ssl-redirect-disabled',
    'session-cookie-insecure',
    'csrf-cookie-insecure',
  ];
  return {
    'manage.py': MANAGE_PY,
    'mysite/__init__.py': '',
    'mysite/urls.py': 'urlpatterns = []\n',
    'mysite/settings.py': settings,
    '.django-security.yml': `${config}rules:\n${[...off, 'csrf-cookie-httponly-disabled'].map((id) => `  ${id}: off\n`).join('')}`,
  };
}

/** django-environ's env("X") raises ImproperlyConfigured: Set the X environment variable (line 4). */
export const ENVIRON_RAISES = project(`import environ

env = environ.Env()
SECRET_KEY = env("DJANGO_SECRET_KEY")
EMAIL_HOST_PASSWORD = env("SMTP_PASSWORD")
DEBUG = False
ALLOWED_HOSTS = ["shop.example.com"]
${REST}`);

/** Sleeps at import; the config gives the deploy check one second. */
export const SLEEPS = project(
  `import os
import time

time.sleep(600)
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["shop.example.com"]
${REST}`,
  'deploy-check-timeout: 1\n',
);

/**
 * Every path of the merge at once: a silenced W018 the static rule still reports, an invalid referrer
 * policy both sides see (E023), the admin without the messages middleware (admin.E409, an error), a model
 * without a primary key type (models.W042 until 6.0, a note) and a third-party app's own checks at every level.
 */
export const MIXED = {
  'manage.py': MANAGE_PY,
  'mysite/__init__.py': '',
  'mysite/urls.py': 'urlpatterns = []\n',
  'mysite/settings.py': `import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = True
ALLOWED_HOSTS = ["shop.example.com"]
SILENCED_SYSTEM_CHECKS = ["security.W018"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "shop",
    "audit",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "mysite.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_TZ = True

SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "no-referer"
`,
  'shop/__init__.py': '',
  'shop/apps.py': `from django.apps import AppConfig


class ShopConfig(AppConfig):
    name = "shop"
`,
  'shop/models.py': `from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=100)
`,
  'audit/__init__.py': '',
  'audit/apps.py': `from django.apps import AppConfig
from django.core import checks


def audit_checks(app_configs, **kwargs):
    return [
        checks.Critical("The audit log is not writable.", id="audit.C001"),
        checks.Warning("Retention is not configured.\\nEntries are kept forever.", obj="audit.Entry"),
        checks.Info("Audit logging is on.", hint="Nothing to do.", id="audit.I001", obj="audit"),
        checks.Debug("Audit checks ran.", id="audit.D001"),
    ]


class AuditConfig(AppConfig):
    name = "audit"

    def ready(self):
        checks.register(audit_checks, deploy=True)
`,
};

export const INSECURE = 'examples/insecure-project';
export const HARDENED = 'examples/hardened-project';
export const BASE = `${INSECURE}/config/settings/base.py`;
export const PRODUCTION = `${INSECURE}/config/settings/production.py`;
