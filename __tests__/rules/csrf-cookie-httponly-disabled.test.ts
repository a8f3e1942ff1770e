import { csrfCookieHttponlyDisabled } from '../../src/rules/csrf-cookie-httponly.js';
import { py, ruleTester } from '../support/rule-tester.js';

const CSRF = 'MIDDLEWARE = ["django.middleware.csrf.CsrfViewMiddleware"]\n';
const withCsrf = (...lines: string[]) => CSRF + py(...lines);
const STARTPROJECT_MIDDLEWARE = py(
  'MIDDLEWARE = [',
  '    "django.middleware.security.SecurityMiddleware",',
  '    "django.contrib.sessions.middleware.SessionMiddleware",',
  '    "django.middleware.common.CommonMiddleware",',
  '    "django.middleware.csrf.CsrfViewMiddleware",',
  '    "django.contrib.auth.middleware.AuthenticationMiddleware",',
  ']',
);

ruleTester(csrfCookieHttponlyDisabled, {
  flag: [
    // Django's default (False) applies: reported at the settings module, as a note.
    { code: CSRF, line: 1, level: 'note', message: /not set \(Django's default is False\)/ },
    { code: STARTPROJECT_MIDDLEWARE, level: 'note', count: 1 },
    // Written false, in any falsy form.
    { code: withCsrf('CSRF_COOKIE_HTTPONLY = False'), line: 2, message: /CSRF_COOKIE_HTTPONLY is False/ },
    withCsrf('CSRF_COOKIE_HTTPONLY = 0'),
    withCsrf('CSRF_COOKIE_HTTPONLY = None'),
    withCsrf('CSRF_COOKIE_HTTPONLY = ""'),
    // CSRF_USE_SESSIONS written false.
    withCsrf('CSRF_USE_SESSIONS = False', 'CSRF_COOKIE_HTTPONLY = False'),
    { code: withCsrf('CSRF_COOKIE_HTTPONLY = True', 'CSRF_COOKIE_HTTPONLY = False'), line: 3 },

    // Environment reads with false defaults, saying so.
    {
      code: withCsrf('import os', 'CSRF_COOKIE_HTTPONLY = os.environ.get("CSRF_COOKIE_HTTPONLY", "False") == "True"'),
      line: 3,
      message: /False when CSRF_COOKIE_HTTPONLY is unset/,
    },
    {
      code: withCsrf(
        'import environ',
        'env = environ.Env()',
        'CSRF_COOKIE_HTTPONLY = env.bool("CSRF_HTTPONLY", default=False)',
      ),
      message: /when CSRF_HTTPONLY is unset/,
    },
    {
      code: withCsrf(
        'from decouple import config',
        'CSRF_COOKIE_HTTPONLY = config("CSRF_HTTPONLY", default=False, cast=bool)',
      ),
      message: /when CSRF_HTTPONLY is unset/,
    },
    {
      code: withCsrf(
        'import environ',
        'env = environ.Env()',
        'CSRF_USE_SESSIONS = env.bool("CSRF_USE_SESSIONS", default=False)',
        'CSRF_COOKIE_HTTPONLY = False',
      ),
      line: 5,
    },

    // The given environment decides.
    {
      code: withCsrf(
        'import environ',
        'env = environ.Env()',
        'CSRF_COOKIE_HTTPONLY = env.bool("CSRF_HTTPONLY", default=True)',
      ),
      env: { CSRF_HTTPONLY: 'false' },
      message: /given environment/,
    },
    {
      code: withCsrf(
        'import environ',
        'env = environ.Env()',
        'CSRF_USE_SESSIONS = env.bool("CSRF_USE_SESSIONS", default=True)',
      ),
      env: { CSRF_USE_SESSIONS: 'no' },
    },

    // if / else on the environment.
    {
      code: withCsrf(
        'import os',
        'if os.getenv("ENV") == "production":',
        '    CSRF_COOKIE_HTTPONLY = True',
        'else:',
        '    CSRF_COOKIE_HTTPONLY = False',
      ),
      line: 6,
      message: /when ENV is unset/,
    },

    // Split settings.
    {
      code: 'from base import *\n',
      files: { 'base.py': withCsrf('CSRF_COOKIE_HTTPONLY = False') },
      file: 'base.py',
      line: 2,
    },
    {
      code: 'from base import *\nCSRF_COOKIE_HTTPONLY = False\n',
      files: { 'base.py': withCsrf('CSRF_COOKIE_HTTPONLY = True') },
      file: 'settings.py',
      line: 2,
    },
    {
      code: 'from base import *\nMIDDLEWARE += ["django.middleware.csrf.CsrfViewMiddleware"]\n',
      files: { 'base.py': 'MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]\n' },
      level: 'note',
    },
  ],
  pass: [
    withCsrf('CSRF_COOKIE_HTTPONLY = True'),
    // set_cookie(httponly=...) tests truthiness: 1 sets the flag.
    withCsrf('CSRF_COOKIE_HTTPONLY = 1'),
    STARTPROJECT_MIDDLEWARE + 'CSRF_COOKIE_HTTPONLY = True\n',

    // The token lives in the session: no CSRF cookie at all.
    withCsrf('CSRF_USE_SESSIONS = True'),
    withCsrf('CSRF_USE_SESSIONS = True', 'CSRF_COOKIE_HTTPONLY = False'),
    withCsrf('CSRF_USE_SESSIONS = 1'),

    // No CsrfViewMiddleware (csrf-middleware-missing), or a middleware list the model cannot read.
    'CSRF_COOKIE_HTTPONLY = False',
    'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\nCSRF_COOKIE_HTTPONLY = False',
    'from somewhere import MIDDLEWARE\nCSRF_COOKIE_HTTPONLY = False',
    // Subclasses and lookalikes do not count, as in Django's checks.
    'MIDDLEWARE = ["myproject.middleware.CsrfViewMiddleware"]',

    // Unknown stays unknown.
    withCsrf('from .flags import HTTPONLY', 'CSRF_COOKIE_HTTPONLY = HTTPONLY'),
    withCsrf('from .flags import USE_SESSIONS', 'CSRF_USE_SESSIONS = USE_SESSIONS'),
    withCsrf('import os', 'CSRF_COOKIE_HTTPONLY = os.environ["CSRF_COOKIE_HTTPONLY"] == "1"'),
    withCsrf(
      'import sys',
      'if "test" in sys.argv:',
      '    CSRF_COOKIE_HTTPONLY = False',
      'else:',
      '    CSRF_COOKIE_HTTPONLY = True',
    ),

    // Environment reads with true defaults, or given true values.
    withCsrf('import environ', 'env = environ.Env()', 'CSRF_COOKIE_HTTPONLY = env.bool("CSRF_HTTPONLY", default=True)'),
    withCsrf('from decouple import config', 'CSRF_COOKIE_HTTPONLY = config("CSRF_HTTPONLY", default=True, cast=bool)'),
    withCsrf('import os', 'CSRF_USE_SESSIONS = os.environ.get("CSRF_USE_SESSIONS", "1") == "1"'),
    {
      code: withCsrf(
        'from decouple import config',
        'CSRF_COOKIE_HTTPONLY = config("CSRF_HTTPONLY", default=False, cast=bool)',
      ),
      env: { CSRF_HTTPONLY: 'true' },
    },
    {
      code: withCsrf(
        'import os',
        'if os.getenv("ENV") == "production":',
        '    CSRF_COOKIE_HTTPONLY = True',
        'else:',
        '    CSRF_COOKIE_HTTPONLY = False',
      ),
      env: { ENV: 'production' },
    },

    // Split settings: production turns it on, or keeps the token in the session.
    {
      code: 'from base import *\nCSRF_COOKIE_HTTPONLY = True\n',
      files: { 'base.py': withCsrf('CSRF_COOKIE_HTTPONLY = False') },
    },
    { code: 'from base import *\nCSRF_USE_SESSIONS = True\n', files: { 'base.py': CSRF } },
    {
      code: 'from base import *\nMIDDLEWARE.remove("django.middleware.csrf.CsrfViewMiddleware")\n',
      files: { 'base.py': CSRF },
    },
  ],
});
