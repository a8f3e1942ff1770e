// Constructs found on real projects that the settings model and the rules must evaluate: list positions
// used as values, django-environ's URL configurations written into the module, the module namespace handed
// to a project helper, contextlib.suppress() around optional apps, and defaults older Django releases had.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentTypeNosniffDisabled } from '../../src/rules/content-type-nosniff.js';
import { credentialHardcoded } from '../../src/rules/credential-hardcoded.js';
import { hstsPreloadMissing } from '../../src/rules/hsts.js';
import { referrerPolicyMissing } from '../../src/rules/referrer-policy.js';
import { xFrameOptionsWeak } from '../../src/rules/x-frame-options.js';
import { cacheConfig, emailConfig, parseUrl } from '../../src/settings/environ-urls.js';
import { causesOf } from '../../src/settings/unjudged.js';
import { describe as describeValue, outcomes, repr } from '../../src/settings/value.js';
import { py, runRule } from '../support/rule-tester.js';
import { settingsFrom, settingsOf, writeTree } from '../support/settings-harness.js';

const SECURITY = '"django.middleware.security.SecurityMiddleware"';
const XFRAME = '"django.middleware.clickjacking.XFrameOptionsMiddleware"';

describe("defaults of the project's Django release", () => {
  const framed = `MIDDLEWARE_CLASSES = (${XFRAME},)`;

  it('X_FRAME_OPTIONS defaults to SAMEORIGIN before Django 3.0, so the weak-option rule fires', async () => {
    for (const django of ['1.8', '1.11', '2.2']) {
      const [problem, ...rest] = await runRule(xFrameOptionsWeak, { code: framed, django });
      expect(rest).toHaveLength(0);
      expect(problem!.message).toContain(`not set (Django ${django}'s default is 'SAMEORIGIN')`);
      expect(problem!.span.line).toBe(1);
    }
  });

  it('X_FRAME_OPTIONS defaults to DENY from Django 3.0 on, and an explicit DENY passes everywhere', async () => {
    for (const django of ['3.0', '3.2', '6.1']) {
      expect(await runRule(xFrameOptionsWeak, { code: `MIDDLEWARE = [${XFRAME}]`, django })).toHaveLength(0);
    }
    expect(await runRule(xFrameOptionsWeak, { code: py(framed, 'X_FRAME_OPTIONS = "DENY"'), django: '1.8' })).toEqual(
      [],
    );
  });

  it('SECURE_CONTENT_TYPE_NOSNIFF defaults to False before Django 3.0', async () => {
    const code = `MIDDLEWARE = [${SECURITY}]`;
    const [problem] = await runRule(contentTypeNosniffDisabled, { code, django: '2.2' });
    expect(problem!.message).toContain("not set (Django 2.2's default is False)");
    expect(await runRule(contentTypeNosniffDisabled, { code, django: '3.0' })).toHaveLength(0);
    expect(
      await runRule(contentTypeNosniffDisabled, {
        code: py(code, 'SECURE_CONTENT_TYPE_NOSNIFF = True'),
        django: '2.2',
      }),
    ).toHaveLength(0);
  });

  it('SECURE_REFERRER_POLICY is None by default on Django 3.0, same-origin from 3.1, and absent before 3.0', async () => {
    const code = `MIDDLEWARE = [${SECURITY}]`;
    const [problem] = await runRule(referrerPolicyMissing, { code, django: '3.0' });
    expect(problem!.message).toContain("not set (Django 3.0's default is None)");
    expect(await runRule(referrerPolicyMissing, { code, django: '3.1' })).toHaveLength(0);
    // Django 2.2 has no such setting and no such check: nothing to report, even when set to None.
    expect(
      await runRule(referrerPolicyMissing, { code: py(code, 'SECURE_REFERRER_POLICY = None'), django: '2.2' }),
    ).toEqual([]);
  });
});

/** CPython's reading of each URL with urllib.parse, for the parts email_url_config uses. */
function cpythonUrlParts(urls: string[]): unknown[] {
  const script = [
    'import json, sys',
    'from urllib.parse import urlparse',
    'out = []',
    'for text in json.loads(sys.stdin.read()):',
    '    u = urlparse(text)',
    '    try:',
    '        port = u.port',
    '    except ValueError:',
    '        port = "invalid"',
    '    out.append([u.scheme, u.netloc, u.path, u.query, u.username, u.password, u.hostname, port])',
    'print(json.dumps(out))',
  ].join('\n');
  const run = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(urls), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as unknown[];
}

const PYTHON = ['/usr/bin/python3', 'python3'].find((candidate) => spawnSync(candidate, ['-c', 'pass']).status === 0)!;

describe("django-environ's email_url() written into the module with vars().update()", () => {
  it('parses URLs as CPython urllib.parse does', () => {
    const urls = [
      'smtp://user@:password@localhost:25',
      'smtps://a%40b.c:p%2Fw@Mail.Example.com:587',
      'consolemail://',
      'smtp+ssl://u:p@h:465/?timeout=5&EMAIL_USE_TLS=1',
      'filemail:///tmp/mail%20box?x=1#frag',
      'smtp://h',
      'smtp://u@h:99999',
      'smtp://u@h:2a',
      'SMTP://:@H:0/p/q',
      'smtp:relative/path?a=1',
      'smtp://h?',
      'smtp://u:p:q@h',
    ];
    const ours = urls.map((text) => {
      const url = parseUrl(text)!;
      return [url.scheme, url.netloc, url.path, url.query, url.username, url.password, url.hostname, url.port];
    });
    expect(ours).toEqual(cpythonUrlParts(urls));
  });

  // Expected dicts read from django-environ's Env.email_url_config (environ/environ.py, 0.11.2).
  it.each([
    [
      'smtp://user@:password@localhost:25',
      {
        EMAIL_FILE_PATH: '',
        EMAIL_HOST_USER: 'user@',
        EMAIL_HOST_PASSWORD: 'password',
        EMAIL_HOST: 'localhost',
        EMAIL_PORT: 25,
        EMAIL_BACKEND: 'django.core.mail.backends.smtp.EmailBackend',
      },
    ],
    [
      'smtps://a%40b.c:p%2Fw@Mail.Example.com:587',
      {
        EMAIL_FILE_PATH: '',
        EMAIL_HOST_USER: 'a@b.c',
        EMAIL_HOST_PASSWORD: 'p/w',
        EMAIL_HOST: 'mail.example.com',
        EMAIL_PORT: 587,
        EMAIL_BACKEND: 'django.core.mail.backends.smtp.EmailBackend',
        EMAIL_USE_TLS: true,
      },
    ],
    [
      'smtp+ssl://u:p@h:465/?timeout=5&EMAIL_USE_TLS=1',
      {
        EMAIL_FILE_PATH: '',
        EMAIL_HOST_USER: 'u',
        EMAIL_HOST_PASSWORD: 'p',
        EMAIL_HOST: 'h',
        EMAIL_PORT: 465,
        EMAIL_BACKEND: 'django.core.mail.backends.smtp.EmailBackend',
        EMAIL_USE_SSL: true,
        EMAIL_USE_TLS: 1,
        OPTIONS: [['TIMEOUT', 5]],
      },
    ],
    [
      'filemail:///tmp/mail%20box?x=1',
      {
        EMAIL_FILE_PATH: 'tmp/mail box',
        EMAIL_HOST_USER: null,
        EMAIL_HOST_PASSWORD: null,
        EMAIL_HOST: null,
        EMAIL_PORT: null,
        EMAIL_BACKEND: 'django.core.mail.backends.filebased.EmailBackend',
        OPTIONS: [['X', 1]],
      },
    ],
  ])('email_url_config(%s)', (url, expected) => {
    expect(Object.fromEntries(emailConfig(url) as Array<[string, unknown]>)).toEqual(expected);
  });

  it('an unknown scheme or a bad port is a raise, as in django-environ', () => {
    expect(emailConfig('http://h')).toContain('not an email scheme');
    expect(emailConfig('smtp://h:99999')).toContain('not a valid port');
    expect(emailConfig('http://h', 'my.Backend')).toEqual(expect.arrayContaining([['EMAIL_BACKEND', 'my.Backend']]));
  });

  const DOJO = py(
    'import environ',
    'env = environ.FileAwareEnv()',
    `MIDDLEWARE = [${SECURITY}]`,
    'EMAIL_CONFIG = env.email_url("DD_EMAIL_URL", default="smtp://user@:password@localhost:25")',
    'vars().update(EMAIL_CONFIG)',
    `MIDDLEWARE = [*MIDDLEWARE, ${XFRAME}]`,
  );

  it('sets exactly the keys of the URL, with the default URL as their provenance, and nothing else', async () => {
    const settings = await settingsFrom(DOJO);
    const password = settings.get('EMAIL_HOST_PASSWORD');
    expect(describeValue(password.value)).toBe("'password' when DD_EMAIL_URL is unset");
    expect(password.value.span.line).toBe(4);
    expect(settings.get('EMAIL_PORT').value).toMatchObject({ kind: 'int', value: 25 });
    expect(settings.get('EMAIL_HOST_USER').value).toMatchObject({ kind: 'str', value: 'user@' });
    expect(settings.has('EMAIL_USE_TLS')).toBe(false);
    // The settings after the update are still known, and no note says otherwise.
    expect(settings.get('MIDDLEWARE').contains('django.middleware.clickjacking.XFrameOptionsMiddleware')).toBe(true);
    expect(settings.diagnostics).toEqual([]);
  });

  it('takes the URL from the production environment when given', async () => {
    const settings = await settingsFrom(DOJO, { DD_EMAIL_URL: 'smtp+tls://mailer:s3cr3t@smtp.example.org:587' });
    expect(settings.get('EMAIL_HOST').value).toMatchObject({ kind: 'str', value: 'smtp.example.org' });
    expect(settings.get('EMAIL_USE_TLS').value).toMatchObject({ kind: 'bool', value: true });
    expect(settings.get('EMAIL_HOST_PASSWORD').value.env).toEqual([
      expect.objectContaining({ variable: 'DD_EMAIL_URL', state: 'given' }),
    ]);
  });

  it('a URL known only at deploy time still sets only its keys, each unknown for that reason', async () => {
    const settings = await settingsFrom(
      py('import environ', 'env = environ.Env()', 'vars().update(env.email_url("MAIL_URL"))', 'DEBUG = False'),
    );
    expect(settings.get('EMAIL_HOST').value.kind).toBe('unknown');
    expect(settings.get('SECURE_SSL_REDIRECT').value).toMatchObject({ kind: 'bool', value: false });
    expect(settings.get('DEBUG').value).toMatchObject({ kind: 'bool', value: false });
  });
});

describe('contextlib.suppress() around an optional package (pulpcore)', () => {
  const PULP = py(
    'from contextlib import suppress',
    'from importlib import import_module',
    'INSTALLED_APPS = ["django.contrib.sessions", "pulpcore.app"]',
    'OPTIONAL_APPS = ["crispy_forms", "django_extensions"]',
    'for app in OPTIONAL_APPS:',
    '    with suppress(ImportError):',
    '        import_module(app)',
    '        INSTALLED_APPS.append(app)',
  );

  it('keeps the known apps known, and each optional app as present or not', async () => {
    const apps = (await settingsFrom(PULP)).get('INSTALLED_APPS');
    expect(apps.contains('django.contrib.sessions')).toBe(true);
    expect(apps.contains('pulpcore.app')).toBe(true);
    expect(apps.contains('crispy_forms')).toBeUndefined();
    expect(apps.contains('debug_toolbar')).toBe(false);
    const options = outcomes(apps.value).map((option) => repr(option));
    expect(new Set(options)).toEqual(
      new Set([
        "['django.contrib.sessions', 'pulpcore.app']",
        "['django.contrib.sessions', 'pulpcore.app', 'crispy_forms']",
        "['django.contrib.sessions', 'pulpcore.app', 'django_extensions']",
        "['django.contrib.sessions', 'pulpcore.app', 'crispy_forms', 'django_extensions']",
      ]),
    );
  });

  it('a project module under suppress() is imported for sure', async () => {
    const settings = await settingsOf(
      {
        'settings.py': py(
          'import contextlib, importlib',
          'INSTALLED_APPS = []',
          'with contextlib.suppress(ImportError):',
          '    importlib.import_module("myapp")',
          '    INSTALLED_APPS.append("myapp")',
        ),
        'myapp/__init__.py': '',
      },
      'settings',
    );
    expect(repr(settings.get('INSTALLED_APPS').value)).toBe("['myapp']");
  });

  it('an exception the block raises and suppress() names ends the block, as in Python', async () => {
    const settings = await settingsFrom(
      py(
        'from contextlib import suppress',
        'DEBUG = True',
        'with suppress(KeyError, ValueError):',
        '    DEBUG = False',
        '    raise ValueError("stop")',
        '    DEBUG = True',
        'SECURE_SSL_REDIRECT = True',
      ),
    );
    expect(settings.get('DEBUG').value).toMatchObject({ kind: 'bool', value: false });
    expect(settings.get('SECURE_SSL_REDIRECT').value).toMatchObject({ kind: 'bool', value: true });
  });
});

/** What CPython makes of `source`: the repr of each name, or the exception the module raises. */
function cpythonRun(source: string, names: string[]): { values?: string[]; raised?: string } {
  const script = [
    'import json, sys',
    'source, names = json.loads(sys.stdin.read())',
    'namespace = {}',
    'try:',
    '    exec(compile(source, "settings.py", "exec"), namespace)',
    'except Exception as error:',
    '    print(json.dumps({"raised": type(error).__name__}))',
    'else:',
    '    print(json.dumps({"values": [repr(namespace[name]) for name in names]}))',
  ].join('\n');
  const run = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify([source, names]), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as { values?: string[]; raised?: string };
}

describe('list positions, counts and membership used as values (DefectDojo, paperless-ngx)', () => {
  const MIDDLEWARE = py(
    'MIDDLEWARE = [',
    `    ${SECURITY},`,
    '    "django.contrib.sessions.middleware.SessionMiddleware",',
    '    "django.contrib.auth.middleware.AuthenticationMiddleware",',
    '    "crum.CurrentRequestUserMiddleware",',
    ']',
  );

  it.each([
    [
      'DefectDojo: insert before the position index() finds, in a copy',
      py(
        MIDDLEWARE,
        'middleware_list = list(MIDDLEWARE)',
        'crum_index = middleware_list.index("crum.CurrentRequestUserMiddleware")',
        'middleware_list.insert(crum_index, "dojo.middleware.PgHistoryMiddleware")',
        'MIDDLEWARE = middleware_list',
      ),
      ['MIDDLEWARE', 'crum_index'],
    ],
    [
      'paperless-ngx: insert after the position index() finds, in place',
      py(
        MIDDLEWARE,
        '_index = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")',
        'MIDDLEWARE.insert(_index + 1, "paperless.auth.HttpRemoteUserMiddleware")',
      ),
      ['MIDDLEWARE', '_index'],
    ],
    [
      'count(), len() and in as values',
      py(
        MIDDLEWARE,
        'N = len(MIDDLEWARE)',
        `C = MIDDLEWARE.count(${SECURITY}) + ("a", "b", "a").count("a")`,
        'HAS = "crum.CurrentRequestUserMiddleware" in MIDDLEWARE',
        'LACKS = "x.Y" not in MIDDLEWARE',
        'MIDDLEWARE.insert(len(MIDDLEWARE) - 1, "x.Y")',
        'T = ("a", "b").index("b")',
      ),
      ['MIDDLEWARE', 'N', 'C', 'HAS', 'LACKS', 'T'],
    ],
  ])('%s: the same values as CPython', async (_title, source, names) => {
    const settings = await settingsFrom(source);
    expect(names.map((name) => repr(settings.get(name).value))).toEqual(cpythonRun(source, names).values);
    expect(settings.diagnostics).toEqual([]);
  });

  it('index() of an item that is not there raises ValueError, which stops the module as in CPython', async () => {
    const source = py(MIDDLEWARE, 'i = MIDDLEWARE.index("absent.Middleware")', 'DEBUG = True');
    expect(cpythonRun(source, ['DEBUG']).raised).toBe('ValueError');
    const settings = await settingsFrom(source);
    const line = source.split('\n').findIndex((text) => text.startsWith('i = ')) + 1;
    expect(settings.diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      `settings.py raises ValueError at line ${line} whatever the environment; settings after it were not read.`,
    ]);
    expect(settings.get('DEBUG').isAssigned).toBe(false);
  });

  it('an except ValueError handler runs instead, and a branch that raises is not how production runs', async () => {
    const source = py(
      'import os',
      MIDDLEWARE,
      'try:',
      '    i = MIDDLEWARE.index("absent.Middleware")',
      'except ValueError:',
      '    i = len(MIDDLEWARE)',
      'MIDDLEWARE.insert(i, "x.Last")',
      'if os.environ.get("FEATURE") == "on":',
      '    MIDDLEWARE.insert(MIDDLEWARE.index("absent.Middleware"), "x.Never")',
    );
    expect(cpythonRun(source, ['MIDDLEWARE']).values).toEqual([
      repr((await settingsFrom(source)).get('MIDDLEWARE').value),
    ]);
    const middleware = (await settingsFrom(source)).get('MIDDLEWARE');
    expect(middleware.contains('x.Last')).toBe(true);
    expect(middleware.contains('x.Never')).toBe(false);
  });

  it('index() with bounds, or on a partly unknown list, stays unknown rather than guessed', async () => {
    const settings = await settingsFrom(
      py(
        'import os',
        'L = ["a", "b", "a"]',
        'I = L.index("a", 1)',
        'M = [*os.environ["EXTRA"].split(","), "a"]',
        'J = M.index("a")',
      ),
    );
    expect(settings.get('I').value.kind).toBe('unknown');
    expect(settings.get('J').value.kind).toBe('unknown');
    expect(settings.diagnostics).toEqual([]);
  });
});

describe('settings an older release does not have', () => {
  it('SECURE_HSTS_PRELOAD is not asked for before Django 1.11, which added it', async () => {
    const code = py(
      `MIDDLEWARE_CLASSES = [${SECURITY}]`,
      'SECURE_HSTS_SECONDS = 31536000',
      'SECURE_HSTS_INCLUDE_SUBDOMAINS = True',
    );
    expect(await runRule(hstsPreloadMissing, { code, django: '1.8' })).toEqual([]);
    expect(await runRule(hstsPreloadMissing, { code, django: '1.11' })).toHaveLength(1);
  });
});

describe("django-environ's cache_url()", () => {
  const INSTALLED = expect.any(Symbol);
  // Expected dicts read from django-environ's Env.cache_url_config (environ/environ.py, 0.11.2).
  it.each([
    ['locmemcache://', { BACKEND: 'django.core.cache.backends.locmem.LocMemCache', LOCATION: '' }],
    [
      'filecache:///var/tmp/django_cache',
      { BACKEND: 'django.core.cache.backends.filebased.FileBasedCache', LOCATION: '/var/tmp/django_cache' },
    ],
    [
      'memcache://127.0.0.1:11211,127.0.0.1:11212',
      {
        BACKEND: 'django.core.cache.backends.memcached.MemcachedCache',
        LOCATION: ['127.0.0.1:11211', '127.0.0.1:11212'],
      },
    ],
    [
      'memcache:///tmp/memcached.sock',
      { BACKEND: 'django.core.cache.backends.memcached.MemcachedCache', LOCATION: 'unix:/tmp/memcached.sock' },
    ],
    [
      'redis://:s3cret@redis:6379/0?timeout=30&key_prefix=pulp&foo=bar',
      {
        BACKEND: INSTALLED,
        LOCATION: 'redis://:s3cret@redis:6379/0',
        TIMEOUT: 30,
        KEY_PREFIX: 'pulp',
        OPTIONS: [['FOO', 'bar']],
      },
    ],
    ['rediscache://h1:6379,h2:6379/1', { BACKEND: INSTALLED, LOCATION: ['redis://h1:6379/1', 'redis://h2:6379/1'] }],
    [
      'pylibmc://h:11211?binary=True',
      { BACKEND: 'django.core.cache.backends.memcached.PyLibMCCache', LOCATION: 'h:11211', BINARY: true, OPTIONS: [] },
    ],
  ])('cache_url_config(%s)', (url, expected) => {
    expect(Object.fromEntries(cacheConfig(url) as Array<[string, unknown]>)).toEqual(expected);
  });

  it('an unknown scheme raises, as in django-environ', () => {
    expect(cacheConfig('ftp://x')).toContain('not a cache scheme');
  });

  it('a cache URL with a password in its default is a credential in the source', async () => {
    const code = py(
      'import environ',
      'env = environ.Env()',
      'CACHES = {"default": env.cache_url("REDIS_URL", default="redis://:s3cret@redis.internal:6379/0")}',
    );
    const [problem, ...rest] = await runRule(credentialHardcoded, { code });
    expect(rest).toEqual([]);
    expect(problem!.message).toContain('when REDIS_URL is unset');
    expect(problem!.span.line).toBe(3);
    const settings = await settingsFrom(code);
    expect(repr(settings.get('CACHES').value)).toBe(
      "{'default': {'BACKEND': <unknown>, 'LOCATION': 'redis://:s3cret@redis.internal:6379/0'}}",
    );
  });
});

describe('globals() handed to a project helper the model cannot run', () => {
  const files = (helper: string) => ({
    'settings.py': py(
      'from helpers import apply',
      'SECURE_SSL_REDIRECT = True',
      'SESSION_COOKIE_SECURE = True',
      'apply(globals())',
      'DEBUG = False',
    ),
    'helpers.py': helper,
  });

  it('the settings its source writes by name become unknown, with the call as the cause; the others stay', async () => {
    const settings = await settingsOf(
      files(
        py(
          'def apply(target):',
          '    n = 0',
          '    while n < 1:',
          '        target["SECURE_SSL_REDIRECT"] = False',
          '        target.update({"CSRF_COOKIE_SECURE": False}, X_FRAME_OPTIONS="SAMEORIGIN")',
          '        n += 1',
        ),
      ),
      'settings',
    );
    for (const name of ['SECURE_SSL_REDIRECT', 'CSRF_COOKIE_SECURE', 'X_FRAME_OPTIONS']) {
      const value = settings.get(name).value;
      expect(value).toMatchObject({ kind: 'unknown', why: `the value apply() may give ${name}` });
      expect(value.span.line).toBe(4);
      expect(causesOf(value)[0]?.hint).toContain(`assign ${name} by name after apply()`);
    }
    expect(settings.get('SESSION_COOKIE_SECURE').value).toMatchObject({ kind: 'bool', value: true });
    expect(settings.get('SECURE_HSTS_SECONDS').isAssigned).toBe(false);
  });

  it('a key computed at run time leaves every setting not assigned after the call unknown', async () => {
    const settings = await settingsOf(
      files(
        py(
          'def apply(target):',
          '    while True:',
          '        target["SECURE_" + "SSL_REDIRECT"] = False',
          '        break',
        ),
      ),
      'settings',
    );
    expect(settings.get('SECURE_HSTS_SECONDS').value.kind).toBe('unknown');
    expect(settings.get('DEBUG').value).toMatchObject({ kind: 'bool', value: false });
  });
});

describe('contextlib.suppress() and try/except ImportError with the interpreter production runs (--python)', () => {
  /** An interpreter whose sys.path holds the given packages (each one exits if it is ever imported). */
  function pythonWith(...packages: string[]): string {
    const site = writeTree(
      Object.fromEntries(packages.map((name) => [`${name}/__init__.py`, 'raise SystemExit("imported")\n'])),
    );
    const python = join(writeTree({}), 'python');
    writeFileSync(python, `#!/bin/sh\nPYTHONPATH=${site} exec ${PYTHON} "$@"\n`);
    chmodSync(python, 0o755);
    return python;
  }

  it('try: import x / except ImportError takes the one path production takes', async () => {
    const source = py(
      'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]',
      'try:',
      '    import debug_toolbar',
      '    MIDDLEWARE += ["debug_toolbar.middleware.DebugToolbarMiddleware"]',
      'except ImportError:',
      '    MIDDLEWARE += ["x.Fallback"]',
    );
    const run = async (python: string) =>
      repr(
        (await settingsOf({ 'settings.py': source }, 'settings', {}, () => true, { python })).get('MIDDLEWARE').value,
      );
    expect(await run(pythonWith('debug_toolbar'))).toBe(
      "['django.middleware.security.SecurityMiddleware', 'debug_toolbar.middleware.DebugToolbarMiddleware']",
    );
    expect(await run(pythonWith())).toBe("['django.middleware.security.SecurityMiddleware', 'x.Fallback']");
  });

  it('asks it which optional packages are installed, without importing them', async () => {
    const python = pythonWith('crispy_forms');
    const settings = await settingsOf(
      {
        'settings.py': py(
          'from contextlib import suppress',
          'from importlib import import_module',
          'INSTALLED_APPS = ["django.contrib.sessions"]',
          'for app in ["crispy_forms", "django_extensions"]:',
          '    with suppress(ImportError):',
          '        import_module(app)',
          '        INSTALLED_APPS.append(app)',
        ),
      },
      'settings',
      {},
      () => true,
      { python },
    );
    expect(repr(settings.get('INSTALLED_APPS').value)).toBe("['django.contrib.sessions', 'crispy_forms']");
  });
});
