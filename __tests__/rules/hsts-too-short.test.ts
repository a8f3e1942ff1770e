import { describe, expect, it } from '@jest/globals';
import { duration, hstsTooShort } from '../../src/rules/hsts-too-short.js';
import { py, ruleTester } from '../support/rule-tester.js';

const SECURITY = 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\n';
const withSecurity = (...lines: string[]) => SECURITY + py(...lines);
const BASE_WITH_MIDDLEWARE = py(
  'MIDDLEWARE = [',
  '    "django.middleware.security.SecurityMiddleware",',
  '    "django.middleware.common.CommonMiddleware",',
  ']',
);

ruleTester(hstsTooShort, {
  flag: [
    // Literals below a year, reported where they are written.
    { code: withSecurity('SECURE_HSTS_SECONDS = 300'), line: 2, level: 'warning', message: /is 300: .*5 minutes/ },
    { code: withSecurity('SECURE_HSTS_SECONDS = 3600'), message: /1 hour/ },
    { code: withSecurity('SECURE_HSTS_SECONDS = 60 * 60 * 24 * 7'), message: /604800: .*7 days/ },
    { code: withSecurity('SECURE_HSTS_SECONDS = 31535999'), message: /preload list asks for at least 31536000/ },
    { code: withSecurity('SECURE_HSTS_SECONDS = 1'), count: 1 },
    // Values that pass Django's W004 but send a header browsers ignore.
    { code: withSecurity('SECURE_HSTS_SECONDS = -1'), message: /"max-age=-1".*negative/ },
    { code: withSecurity('SECURE_HSTS_SECONDS = -31536000'), message: /negative/ },
    { code: withSecurity('SECURE_HSTS_SECONDS = 31536000.0'), message: /"max-age=31536000\.0".*decimal point/ },
    { code: withSecurity('SECURE_HSTS_SECONDS = True'), message: /"max-age=True"/ },
    { code: withSecurity('SECURE_HSTS_SECONDS = "0"'), message: /max-age=0.*forget/ },
    { code: withSecurity('SECURE_HSTS_SECONDS = "3600"'), message: /1 hour/ },
    { code: withSecurity('SECURE_HSTS_SECONDS = "one year"'), message: /not a number of seconds/ },

    // Environment reads with defaults: judged by the default, saying so, with the variable in the fix.
    {
      code: withSecurity('import os', 'SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "3600"))'),
      line: 3,
      message: /3600 when DJANGO_HSTS_SECONDS is unset/,
    },
    {
      code: withSecurity('import os', 'SECURE_HSTS_SECONDS = int(os.getenv("HSTS", 60))'),
      message: /60 when HSTS is unset/,
    },
    // Read without a cast: a string of digits still makes a valid header, judged by its number.
    {
      code: withSecurity('import os', 'SECURE_HSTS_SECONDS = os.environ.get("HSTS", "300")'),
      message: /'300' when HSTS is unset.*5 minutes/,
    },
    {
      code: withSecurity('import environ', 'env = environ.Env()', 'SECURE_HSTS_SECONDS = env.int("HSTS", default=60)'),
      line: 4,
      message: /60 when HSTS is unset/,
    },
    {
      code: withSecurity(
        'import environ',
        'env = environ.Env(SECURE_HSTS_SECONDS=(int, 3600))',
        'SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS")',
      ),
      message: /when SECURE_HSTS_SECONDS is unset/,
    },
    {
      code: withSecurity('from decouple import config', 'SECURE_HSTS_SECONDS = config("HSTS", default=3600, cast=int)'),
      message: /3600 when HSTS is unset/,
    },
    {
      code: withSecurity('from decouple import config', 'SECURE_HSTS_SECONDS = config("HSTS", default="60", cast=int)'),
      message: /when HSTS is unset/,
    },

    // The given environment decides.
    {
      code: withSecurity(
        'import environ',
        'env = environ.Env()',
        'SECURE_HSTS_SECONDS = env.int("HSTS", default=31536000)',
      ),
      env: { HSTS: '300' },
      message: /given environment/,
    },
    {
      code: withSecurity('import os', 'SECURE_HSTS_SECONDS = int(os.environ["HSTS_SECONDS"])'),
      env: { HSTS_SECONDS: '86400' },
      message: /1 day/,
    },
    {
      code: withSecurity('from decouple import config', 'SECURE_HSTS_SECONDS = config("HSTS", cast=int)'),
      env: { HSTS: '-5' },
      message: /negative/,
    },

    // if / else on the environment: the branch production takes.
    {
      code: withSecurity(
        'import os',
        'if os.getenv("ENV") == "production":',
        '    SECURE_HSTS_SECONDS = 31536000',
        'else:',
        '    SECURE_HSTS_SECONDS = 300',
      ),
      line: 6,
      message: /when ENV is unset/,
    },
    // Every undecided branch too short: the conclusion holds either way.
    {
      code: withSecurity(
        'import sys',
        'if "runserver" in sys.argv:',
        '    SECURE_HSTS_SECONDS = 60',
        'else:',
        '    SECURE_HSTS_SECONDS = 3600',
      ),
      message: /60 or 3600/,
    },

    // Split settings: inherited from base, or overriding it in production.
    {
      code: 'from base import *\n',
      files: { 'base.py': withSecurity('SECURE_HSTS_SECONDS = 300') },
      file: 'base.py',
      line: 2,
    },
    {
      code: 'from base import *\nSECURE_HSTS_SECONDS = 600\n',
      files: { 'base.py': withSecurity('SECURE_HSTS_SECONDS = 31536000') },
      file: 'settings.py',
      line: 2,
    },
    {
      code: py('from base import *', 'SECURE_HSTS_SECONDS = 3600'),
      files: { 'base.py': BASE_WITH_MIDDLEWARE },
      file: 'settings.py',
    },
    // The middleware added in production.
    {
      code: py(
        'from base import *',
        'MIDDLEWARE.insert(0, "django.middleware.security.SecurityMiddleware")',
        'SECURE_HSTS_SECONDS = 3600',
      ),
      files: { 'base.py': 'MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]\nSECURE_HSTS_SECONDS = 0\n' },
      line: 3,
    },
  ],
  pass: [
    // A year or more.
    withSecurity('SECURE_HSTS_SECONDS = 31536000'),
    withSecurity('SECURE_HSTS_SECONDS = 63072000'),
    withSecurity('SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365'),
    withSecurity('SECURE_HSTS_SECONDS = "31536000"'),

    // Off: hsts-missing's business, not this rule's.
    withSecurity('SECURE_HSTS_SECONDS = 0'),
    withSecurity('SECURE_HSTS_SECONDS = None'),
    withSecurity('SECURE_HSTS_SECONDS = ""'),
    SECURITY,

    // No SecurityMiddleware: Django sends no header at all (security-middleware-missing).
    'SECURE_HSTS_SECONDS = 300',
    'MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]\nSECURE_HSTS_SECONDS = 300',
    { code: 'from base import *\nSECURE_HSTS_SECONDS = 300\n', files: { 'base.py': 'MIDDLEWARE = []\n' } },
    // A middleware list the model cannot read: unknown stays unknown.
    'from somewhere import MIDDLEWARE\nSECURE_HSTS_SECONDS = 300',

    // Values the model cannot evaluate.
    withSecurity('from datetime import timedelta', 'SECURE_HSTS_SECONDS = int(timedelta(days=7).total_seconds())'),
    withSecurity('from .constants import HSTS', 'SECURE_HSTS_SECONDS = HSTS'),
    withSecurity('import os', 'SECURE_HSTS_SECONDS = int(os.environ["HSTS_SECONDS"])'),
    // An undecided branch with one good outcome.
    withSecurity(
      'import sys',
      'if "runserver" in sys.argv:',
      '    SECURE_HSTS_SECONDS = 60',
      'else:',
      '    SECURE_HSTS_SECONDS = 31536000',
    ),

    // Environment reads whose default is a year, or whose given value is.
    withSecurity('import os', 'SECURE_HSTS_SECONDS = int(os.environ.get("HSTS", "31536000"))'),
    withSecurity('import environ', 'env = environ.Env()', 'SECURE_HSTS_SECONDS = env.int("HSTS", default=31536000)'),
    withSecurity('from decouple import config', 'SECURE_HSTS_SECONDS = config("HSTS", default=31536000, cast=int)'),
    {
      code: withSecurity('import environ', 'env = environ.Env()', 'SECURE_HSTS_SECONDS = env.int("HSTS", default=300)'),
      env: { HSTS: '31536000' },
    },
    {
      code: withSecurity('from decouple import config', 'SECURE_HSTS_SECONDS = config("HSTS", default=60, cast=int)'),
      env: { HSTS: '63072000' },
    },
    {
      code: withSecurity(
        'import os',
        'if os.getenv("ENV") == "production":',
        '    SECURE_HSTS_SECONDS = 31536000',
        'else:',
        '    SECURE_HSTS_SECONDS = 300',
      ),
      env: { ENV: 'production' },
    },

    // Split settings: production raises the staging value.
    {
      code: 'from base import *\nSECURE_HSTS_SECONDS = 31536000\n',
      files: { 'base.py': withSecurity('SECURE_HSTS_SECONDS = 300') },
    },
  ],
});

describe('duration', () => {
  it('says how long browsers keep HTTPS-only, in the largest whole unit', () => {
    expect(duration(1)).toBe('1 second');
    expect(duration(300)).toBe('5 minutes');
    expect(duration(3600)).toBe('1 hour');
    expect(duration(5400)).toBe('about 2 hours');
    expect(duration(604800)).toBe('7 days');
    expect(duration(15768000)).toBe('about 183 days');
  });
});
