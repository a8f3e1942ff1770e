// The project/ group: startproject-like settings, single-file and split into base + production.
import { type Entry } from './dimension-groups.js';
import {
  APPS_BASE,
  COMMON_MW,
  CSRF_MW,
  INSECURE_KEY,
  list,
  MESSAGE_MW,
  py,
  SECURITY_MW,
  SESSION_MW,
  SESSIONS_APP,
  STRONG_KEY,
  XFO_MW,
} from './dimensions.js';

const STARTPROJECT_BASE = `import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = ${py(INSECURE_KEY)}

DEBUG = True

ALLOWED_HOSTS = []

INSTALLED_APPS = ${list([...APPS_BASE, SESSIONS_APP])}

MIDDLEWARE = ${list([SECURITY_MW, SESSION_MW, COMMON_MW, CSRF_MW, MESSAGE_MW, XFO_MW])}

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
    }
}

STATIC_URL = "static/"
`;

/** startproject-like settings, single-file and split into base + production. */
export function projectGroup(): Entry[] {
  const production = (body: string) => `from .base import *  # noqa: F401,F403\n\n${body}`;
  const split = (id: string, productionBody: string, extra: Record<string, string> = {}): Entry => ({
    id: `project/${id}`,
    package: {
      files: { '__init__.py': '', 'base.py': STARTPROJECT_BASE, 'production.py': production(productionBody), ...extra },
      module: 'production',
      summary: `base.py (startproject) + production.py: ${productionBody.trim().split('\n').join('; ')}`,
    },
  });
  const hardened = `import os

DEBUG = False
SECRET_KEY = os.environ.get("DSG_CONF_SECRET_KEY", ${py(STRONG_KEY)})
ALLOWED_HOSTS = ["example.com"]
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
`;
  return [
    {
      id: 'project/startproject',
      package: { files: { 'settings.py': STARTPROJECT_BASE }, module: 'settings', summary: 'startproject settings' },
    },
    split('split/production-only-debug', 'DEBUG = False\n'),
    split('split/hardened', hardened),
    split(
      'split/hardened-no-security-mw',
      hardened + `MIDDLEWARE.remove(${py(SECURITY_MW)})\nMIDDLEWARE = [m for m in MIDDLEWARE]\n`,
    ),
    split('split/hardened-plus-mw', hardened + `MIDDLEWARE += ["django.middleware.gzip.GZipMiddleware"]\n`),
    split(
      'split/hardened-local-override',
      hardened + 'try:\n    from .local import *  # noqa: F401,F403\nexcept ImportError:\n    pass\n',
      { 'local.py': 'DEBUG = True\nSESSION_COOKIE_SECURE = False\n' },
    ),
    split(
      'split/hardened-missing-local',
      hardened + 'try:\n    from .local import *  # noqa: F401,F403\nexcept ImportError:\n    pass\n',
    ),
    split(
      'split/env-switch',
      `import os\n\nif os.environ.get("DSG_CONF_ENV", "production") == "production":\n    DEBUG = False\n    SESSION_COOKIE_SECURE = True\nelse:\n    ALLOWED_HOSTS = ["*"]\n`,
    ),
  ];
}
