"""
Production settings: what gunicorn loads on the shop's servers.

Every secret and every deployment-specific value is read from the environment.
Secrets have no default, so a server that lacks one fails at start-up instead
of running with a value from the repository.
"""

import os

from .base import *  # noqa: F401,F403

# Required: a KeyError at start-up is better than a key from the repository.
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]

# Keys retired by a rotation, comma-separated; empty unless a rotation is under way.
SECRET_KEY_FALLBACKS = [k for k in os.environ.get("DJANGO_SECRET_KEY_FALLBACKS", "").split(",") if k]

ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "example.com").split(",") if h]

# SQLite unless the deployment names another engine (and installs its driver,
# e.g. psycopg for django.db.backends.postgresql).
DATABASES = {
    "default": {
        "ENGINE": os.environ.get("DATABASE_ENGINE", "django.db.backends.sqlite3"),
        "NAME": os.environ.get("DATABASE_NAME", str(BASE_DIR / "db.sqlite3")),
        "USER": os.environ.get("DATABASE_USER", ""),
        "PASSWORD": os.environ.get("DATABASE_PASSWORD", ""),
        "HOST": os.environ.get("DATABASE_HOST", ""),
        "PORT": os.environ.get("DATABASE_PORT", ""),
        "CONN_MAX_AGE": 60,
    }
}

# Outgoing mail (order confirmations, password resets).
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_USE_TLS = True
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
DEFAULT_FROM_EMAIL = "Example Shop <orders@example.com>"
SERVER_EMAIL = "errors@example.com"

# HTTPS. TLS ends at the load balancer, which sets X-Forwarded-Proto and strips
# any value the client sent; without this header setting, SECURE_SSL_REDIRECT
# would redirect forever because Django could not tell that a request was secure.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True

# HTTP Strict Transport Security: one year, subdomains included, preload-ready.
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Cookies only over HTTPS; the session cookie is also hidden from JavaScript.
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True

# Response headers (these restate Django's defaults so that nobody weakens them
# by accident in base.py).
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content Security Policy (django-csp 4): only this site's own scripts, styles and images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
