"""
Production settings: what gunicorn loads on the shop's servers.

Start from base.py and override what differs in production. A developer can
still drop a local.py next to this file to override anything.
"""

import os

from .base import *  # noqa: F401,F403

# Key used before the 2024 rotation; kept so that sessions signed with it stay valid.
SECRET_KEY_FALLBACKS = ["shop-2023-signing-key"]

DATABASES = {
    "default": {
        "ENGINE": os.environ.get("DATABASE_ENGINE", "django.db.backends.postgresql"),
        "NAME": os.environ.get("POSTGRES_DB", "shop"),
        "USER": os.environ.get("POSTGRES_USER", "shop"),
        "PASSWORD": "Tr0ub4dor-shop-2024",
        "HOST": os.environ.get("POSTGRES_HOST", "db.internal"),
        "PORT": os.environ.get("POSTGRES_PORT", "5432"),
        "CONN_MAX_AGE": 60,
    }
}

# Outgoing mail (order confirmations, password resets).
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "smtp.mailgun.org"
EMAIL_PORT = 587
EMAIL_USE_TLS = True
EMAIL_HOST_USER = "postmaster@mg.example-shop.com"
EMAIL_HOST_PASSWORD = "mg-Sm7p-pass-2024"
DEFAULT_FROM_EMAIL = "Example Shop <orders@example-shop.com>"
SERVER_EMAIL = "errors@example-shop.com"

ADMINS = [("Shop ops", "ops@example-shop.com")]

try:
    from .local import *  # noqa: F401,F403
except ImportError:
    pass
