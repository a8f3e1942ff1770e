// Project helpers that write module names: `global X` then `X = ...`, `X += ...`, `X.append(...)` or
// `X[key] = ...` lands in the namespace of the module the helper was defined in, as Python has it, and a
// helper whose paths disagree leaves an either of the outcomes. Also: a helper with one path the scanner
// cannot see into still gives the outcomes of its other paths (netbox's load_configuration()).
import { describe, expect, it } from '@jest/globals';
import { repr, type Value } from '../../src/settings/value.js';
import { settingsFrom, settingsOf } from '../support/settings-harness.js';

const optionsOf = (value: Value): string[] => {
  if (value.kind !== 'either') throw new Error(`expected an either, got ${repr(value)}`);
  return value.options.map(repr).sort();
};

describe('global statements in project helpers', () => {
  it('rebinds and augments the settings module names a helper declares global', async () => {
    const settings = await settingsFrom(`
SECURE_HSTS_SECONDS = 0
ALLOWED_HOSTS = ["localhost"]
def _harden():
    global SECURE_HSTS_SECONDS, SESSION_COOKIE_SECURE, ALLOWED_HOSTS
    SECURE_HSTS_SECONDS = 31536000
    SESSION_COOKIE_SECURE = True
    ALLOWED_HOSTS += ["example.com"]
    local_only = 1
_harden()
`);
    expect(repr(settings.get('SECURE_HSTS_SECONDS').value)).toBe('31536000');
    expect(settings.get('SESSION_COOKIE_SECURE').isTrue()).toBe(true);
    expect(repr(settings.get('ALLOWED_HOSTS').value)).toBe("['localhost', 'example.com']");
    expect(repr(settings.get('local_only').value)).not.toBe('1');
  });

  it('without a global statement, an assignment inside the helper stays local', async () => {
    const settings = await settingsFrom(`
DEBUG = False
def _local():
    DEBUG = True
    return DEBUG
LOCAL = _local()
`);
    expect(settings.get('DEBUG').isTrue()).toBe(false);
    expect(settings.get('LOCAL').isTrue()).toBe(true);
  });

  it('gives an either when the helper sets the name on one undecided path only (paperless-ngx _parse_paperless_url)', async () => {
    const source = `
import os
from paperless.checks import public_site
ALLOWED_HOSTS = ["localhost"]
CSRF_TRUSTED_ORIGINS = []
def _parse_paperless_url():
    global CSRF_TRUSTED_ORIGINS, ALLOWED_HOSTS
    url = os.getenv("PAPERLESS_URL")
    if url and public_site():
        CSRF_TRUSTED_ORIGINS = CSRF_TRUSTED_ORIGINS + [url]
        ALLOWED_HOSTS.append("paperless.example.com")
    return url
PAPERLESS_URL = _parse_paperless_url()
`;
    const given = await settingsFrom(source, { PAPERLESS_URL: 'https://paperless.example.com' });
    expect(optionsOf(given.get('ALLOWED_HOSTS').value)).toEqual([
      "['localhost', 'paperless.example.com']",
      "['localhost']",
    ]);
    expect(optionsOf(given.get('CSRF_TRUSTED_ORIGINS').value)).toEqual(["['https://paperless.example.com']", '[]']);
    const unset = await settingsFrom(source);
    expect(repr(unset.get('ALLOWED_HOSTS').value)).toBe("['localhost']");
    expect(repr(unset.get('CSRF_TRUSTED_ORIGINS').value)).toBe('[]');
  });

  it('keeps what every path shares (paperless-ngx _parse_remote_user_settings appends to MIDDLEWARE on one path)', async () => {
    const settings = await settingsFrom(`
import os
from paperless.auth import remote_user_enabled
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
def _parse_remote_user_settings() -> str:
    global MIDDLEWARE, AUTHENTICATION_BACKENDS
    enable = remote_user_enabled()
    if enable:
        MIDDLEWARE.append("paperless.auth.HttpRemoteUserMiddleware")
        AUTHENTICATION_BACKENDS.insert(0, "django.contrib.auth.backends.RemoteUserBackend")
    return os.getenv("PAPERLESS_HTTP_REMOTE_USER_HEADER_NAME", "HTTP_REMOTE_USER")
HTTP_REMOTE_USER_HEADER_NAME = _parse_remote_user_settings()
`);
    const middleware = settings.get('MIDDLEWARE').value;
    expect(optionsOf(middleware)).toEqual([
      "['django.middleware.security.SecurityMiddleware', 'paperless.auth.HttpRemoteUserMiddleware']",
      "['django.middleware.security.SecurityMiddleware']",
    ]);
    expect(optionsOf(settings.get('AUTHENTICATION_BACKENDS').value)).toHaveLength(2);
    expect(repr(settings.get('HTTP_REMOTE_USER_HEADER_NAME').value)).toBe("'HTTP_REMOTE_USER'");
  });

  it('takes the path production follows once the environment decides it', async () => {
    const source = `
import os
SESSION_COOKIE_SECURE = False
def _secure():
    global SESSION_COOKIE_SECURE
    if os.getenv("HTTPS") == "on":
        SESSION_COOKIE_SECURE = True
_secure()
`;
    expect((await settingsFrom(source, { HTTPS: 'on' })).get('SESSION_COOKIE_SECURE').isTrue()).toBe(true);
    expect((await settingsFrom(source, {})).get('SESSION_COOKIE_SECURE').isTrue()).toBe(false);
  });

  it('drops a path that raises: it is not how production runs', async () => {
    const settings = await settingsFrom(`
import os
DEBUG = True
def _production():
    global DEBUG
    if os.getenv("STAGE") == "dev":
        raise RuntimeError("use the dev settings")
    DEBUG = False
_production()
`);
    expect(settings.get('DEBUG').isTrue()).toBe(false);
  });

  it('writes a global declared in a nested helper call to the same module', async () => {
    const settings = await settingsFrom(`
SECURE_SSL_REDIRECT = False
def _inner():
    global SECURE_SSL_REDIRECT
    SECURE_SSL_REDIRECT = True
def _outer():
    _inner()
_outer()
`);
    expect(settings.get('SECURE_SSL_REDIRECT').isTrue()).toBe(true);
  });

  it('writes into a module-level dict through a subscript', async () => {
    const settings = await settingsFrom(`
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "PASSWORD": ""}}
def _database():
    DATABASES["default"]["PASSWORD"] = "postgres"
_database()
`);
    expect(repr(settings.get('DATABASES').value)).toContain("'PASSWORD': 'postgres'");
  });

  it("lands in the helper's own module when it is imported from another project module", async () => {
    const settings = await settingsOf(
      {
        'proj/__init__.py': '',
        'proj/helpers.py': `
HARDENED = False
def harden():
    global HARDENED
    HARDENED = True
`,
        'proj/settings.py': `
from proj import helpers
from proj.helpers import harden
HARDENED = "settings"
harden()
FROM_HELPERS = helpers.HARDENED
`,
      },
      'proj.settings',
    );
    expect(repr(settings.get('HARDENED').value)).toBe("'settings'");
    expect(settings.get('FROM_HELPERS').isTrue()).toBe(true);
  });

  it('leaves a declared global unknown when the helper cannot be followed', async () => {
    const settings = await settingsFrom(`
SECURE_HSTS_SECONDS = 31536000
def _tune(values):
    global SECURE_HSTS_SECONDS
    for value in values:
        SECURE_HSTS_SECONDS = value
_tune(UNKNOWN_VALUES)
`);
    const hsts = settings.get('SECURE_HSTS_SECONDS').value;
    expect(hsts.kind).toBe('unknown');
    expect(hsts.kind === 'unknown' && hsts.why).toContain('_tune()');
  });
});

describe('helpers with a path the scanner cannot see into', () => {
  it("keeps the other paths' outcomes (netbox load_configuration with install_mode undecided)", async () => {
    const settings = await settingsOf(
      {
        'netbox/__init__.py': '',
        'netbox/settings_utils.py': `
import importlib

def _import_from_path(module_name, path):
    return sys.modules.get(module_name)

def load_configuration(*, install_mode, environ):
    explicit = environ.get('NETBOX_CONFIGURATION')
    if explicit:
        return importlib.import_module(explicit)
    if install_mode == 'wheel':
        return _import_from_path('netbox_local_configuration', '/opt/netbox/conf/configuration.py')
    return importlib.import_module('netbox.configuration')
`,
        'netbox/settings.py': `
import os
from netbox.settings_utils import load_configuration
configuration = load_configuration(install_mode=UNDECIDED_MODE, environ=os.environ)
SESSION_COOKIE_SECURE = getattr(configuration, 'SESSION_COOKIE_SECURE', False)
`,
      },
      'netbox.settings',
    );
    const configuration = settings.get('configuration').value;
    expect(configuration.kind).toBe('either');
    if (configuration.kind !== 'either') return;
    expect(configuration.condition).toBe("install_mode == 'wheel'");
    expect(configuration.options.map((option) => option.kind).sort()).toEqual(['object', 'unknown']);
    const cookie = settings.get('SESSION_COOKIE_SECURE');
    expect(cookie.isTrue()).toBe(false);
  });

  it('stays unknown when no path gives a value the scanner can see', async () => {
    const settings = await settingsFrom(`
import os
def _load(mode):
    if mode == "a":
        return first_loader()
    return second_loader()
CONFIG = _load(os.getenv("MODE"))
`);
    const config = settings.get('CONFIG').value;
    expect(config.kind).toBe('unknown');
    expect(config.kind === 'unknown' && config.why).toContain('the result of _load()');
  });
});
