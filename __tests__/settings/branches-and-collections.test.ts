// Branches the model cannot decide, and collections it can only partly see: every later operation on an
// `either` applies to each option, and a list or dict with an unseen part keeps the members it knows.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { causesOf } from '../../src/settings/unjudged.js';
import { describe as describeValue, make, outcomes, repr, type EnvRead, type Value } from '../../src/settings/value.js';
import { settingsFrom, settingsOf } from '../support/settings-harness.js';

/** The outcomes the model gives a setting, as Python reprs, sorted. */
const optionsOf = (value: Value) => [...new Set(outcomes(value).map(repr))].sort();

async function modelOptions(source: string, name: string, env: Record<string, string> = {}) {
  return optionsOf((await settingsFrom(source, env)).get(name).value);
}

/**
 * Runs the settings source with CPython under each environment and returns the reprs `name` takes, sorted:
 * what an undecided branch must unfold to.
 */
function pythonOptions(source: string, name: string, environments: Array<Record<string, string>>): string[] {
  const script = [
    'import json, os, sys',
    'source, environments = json.loads(sys.stdin.read())',
    'seen = []',
    'for environment in environments:',
    '    os.environ.clear()',
    '    os.environ.update(environment)',
    '    namespace = {}',
    '    exec(compile(source, "settings.py", "exec"), namespace)',
    `    seen.append(repr(namespace[${JSON.stringify(name)}]))`,
    'print(json.dumps(seen))',
  ].join('\n');
  const run = spawnSync(PYTHON, ['-c', script], {
    input: JSON.stringify([source, environments]),
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  });
  if (run.status !== 0) throw new Error(`${PYTHON} failed: ${run.stderr}`);
  return [...new Set(JSON.parse(run.stdout) as string[])].sort();
}

/** A CPython to compare with: the system one when present (quick to start), else whatever python3 is. */
const PYTHON = ['/usr/bin/python3', 'python3'].find((candidate) => spawnSync(candidate, ['-c', 'pass']).status === 0)!;

const BASE_MIDDLEWARE = `import os
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]
`;

describe('undecided branches: operations apply to every option, as CPython would give them', () => {
  const feature = [{ FEATURE: 'on' }, { FEATURE: 'off' }];
  const metrics = [
    { FEATURE: 'on', METRICS: '1' },
    { FEATURE: 'on', METRICS: '0' },
    { FEATURE: 'off', METRICS: '1' },
    { FEATURE: 'off', METRICS: '0' },
  ];
  it.each([
    [
      'a rebinding with + then an append',
      `${BASE_MIDDLEWARE}if os.environ["FEATURE"] == "on":
    MIDDLEWARE = MIDDLEWARE + ["feature.Middleware"]
MIDDLEWARE.append("last.Middleware")
`,
      feature,
    ],
    [
      'an insert in a branch, then += and extend',
      `${BASE_MIDDLEWARE}METRICS_ENABLED = os.environ["METRICS"] == "1"
if METRICS_ENABLED:
    MIDDLEWARE.insert(0, "metrics.Middleware")
MIDDLEWARE += ["a.Middleware"]
MIDDLEWARE.extend(("b.Middleware",))
`,
      metrics,
    ],
    [
      'unpacking into a new list, slicing and removing',
      `${BASE_MIDDLEWARE}if os.environ["FEATURE"] == "on":
    MIDDLEWARE.insert(1, "feature.Middleware")
MIDDLEWARE = [*MIDDLEWARE, "tail.Middleware"]
MIDDLEWARE = MIDDLEWARE[1:] + MIDDLEWARE[:1]
MIDDLEWARE.remove("tail.Middleware")
`,
      feature,
    ],
    [
      'two undecided branches in sequence',
      `${BASE_MIDDLEWARE}if os.environ["FEATURE"] == "on":
    MIDDLEWARE = ["feature.Middleware", *MIDDLEWARE]
if os.environ["METRICS"] == "1":
    MIDDLEWARE = MIDDLEWARE + ["metrics.Middleware"]
MIDDLEWARE.append("last.Middleware")
`,
      metrics,
    ],
    [
      'a tuple rebuilt in one branch',
      `import os
MIDDLEWARE = ("a", "b")
if os.environ["FEATURE"] == "on":
    MIDDLEWARE = ("first",) + MIDDLEWARE
MIDDLEWARE = MIDDLEWARE + ("z",)
`,
      feature,
    ],
  ])('%s', async (_title, source, environments) => {
    const model = await modelOptions(source, 'MIDDLEWARE');
    expect(model).toEqual(pythonOptions(source, 'MIDDLEWARE', environments));
    expect(model.length).toBeGreaterThan(1);
  });

  it.each([
    [
      'a nested dict entry set in a branch, then updated',
      `import os
CACHES = {"default": {"BACKEND": "locmem", "TIMEOUT": 60}}
if os.environ["FEATURE"] == "on":
    CACHES["default"]["BACKEND"] = "redis"
CACHES.update({"other": {"BACKEND": "dummy"}})
CACHES["default"]["TIMEOUT"] = 300
RESULT = CACHES
`,
    ],
    [
      'an item read out of a list that differs per branch',
      `import os
HOSTS = ["a.example.com"]
if os.environ["FEATURE"] == "on":
    HOSTS = ["b.example.com", *HOSTS]
RESULT = HOSTS[0]
`,
    ],
    [
      'a string method on an undecided string',
      `import os
if os.environ["FEATURE"] == "on":
    NAME = "Strict"
else:
    NAME = "Lax"
RESULT = NAME.lower()
`,
    ],
    [
      'a loop over a list that differs per branch',
      `import os
APPS = ["a"]
if os.environ["FEATURE"] == "on":
    EXTRA = ["x", "y"]
else:
    EXTRA = ["z"]
for app in EXTRA:
    APPS.append("app." + app)
RESULT = APPS
`,
    ],
    [
      'a nested list changed in place through subscripts (kitsune CONTENT_SECURITY_POLICY in DEBUG)',
      `import os
RESULT = {"DIRECTIVES": {"script-src": ["https://cdn.example.com"], "style-src": ["'self'"]}}
if os.environ["FEATURE"] == "on":
    RESULT["DIRECTIVES"]["style-src"].append("'unsafe-inline'")
    RESULT["DIRECTIVES"]["script-src"].extend(["'unsafe-inline'", "'unsafe-eval'"])
RESULT["DIRECTIVES"]["script-src"].insert(0, "'self'")
RESULT["DIRECTIVES"].update({"img-src": ["data:"]})
`,
    ],
    [
      'a dict merged with ** and |',
      `import os
BASE = {"a": 1}
if os.environ["FEATURE"] == "on":
    BASE["b"] = 2
RESULT = {**BASE, "c": 3} | {"d": 4}
`,
    ],
  ])('%s', async (_title, source) => {
    expect(await modelOptions(source, 'RESULT')).toEqual(
      pythonOptions(source, 'RESULT', [{ FEATURE: 'on' }, { FEATURE: 'off' }]),
    );
  });

  it('answers a question every branch answers alike', async () => {
    const source = `${BASE_MIDDLEWARE}if os.environ["FEATURE"] == "on":
    MIDDLEWARE = MIDDLEWARE + ["feature.Middleware"]
if os.environ.get("METRICS") is None:
    pass
MIDDLEWARE.append("last.Middleware")
`;
    const middleware = (await settingsFrom(source)).get('MIDDLEWARE').value;
    expect(middleware.kind).toBe('either');
    for (const option of outcomes(middleware)) {
      expect(repr(option)).toContain('django.middleware.security.SecurityMiddleware');
      expect(repr(option)).toContain('last.Middleware');
    }
  });

  it('describes branches that give the same value once (netbox: "False or False")', () => {
    // netbox's two configuration modules both fall back to getattr(configuration, NAME, False).
    const at = (line: number) => ({ file: 'settings.py', line, column: 1, endLine: line, endColumn: 10 });
    const unset: EnvRead = { variable: 'NETBOX_CONFIGURATION', state: 'unset' };
    const options = [make('bool', { value: false }, at(3)), make('bool', { value: false }, at(5))];
    const same = make('either', { options, condition: 'install_mode == "wheel"' }, at(1), [unset]);
    expect(describeValue(same)).toBe('False when NETBOX_CONFIGURATION is unset');
    const differing = make(
      'either',
      { options: [options[0]!, make('int', { value: 0 }, at(5))], condition: '' },
      at(1),
    );
    expect(repr(differing)).toBe('False or 0');
  });

  it('drops the outcomes where a dict method is called on None: they raise AttributeError (netbox DATABASES)', async () => {
    const update = 'DATABASES["default"].update({"ENGINE": "pg"})\n';
    const whole = `import os
if os.environ["INSTALL_MODE"] == "wheel":
    DATABASES = {"default": None}
else:
    DATABASES = {"default": {"NAME": "x"}}
${update}`;
    const nested = `import os
DATABASES = {"default": None if os.environ["INSTALL_MODE"] == "wheel" else {"NAME": "x"}}
${update}`;
    for (const source of [whole, nested]) {
      expect(await modelOptions(source, 'DATABASES')).toEqual(["{'default': {'NAME': 'x', 'ENGINE': 'pg'}}"]);
    }
  });

  it('keeps an installed-or-not external import as two outcomes', async () => {
    const source = `${BASE_MIDDLEWARE}INSTALLED_APPS = ["django.contrib.sessions"]
try:
    import debug_toolbar  # noqa
    INSTALLED_APPS += ["debug_toolbar"]
    MIDDLEWARE.insert(0, "debug_toolbar.middleware.DebugToolbarMiddleware")
except ImportError:
    pass
MIDDLEWARE.append("last.Middleware")
`;
    const settings = await settingsFrom(source);
    expect(optionsOf(settings.get('INSTALLED_APPS').value)).toEqual([
      "['django.contrib.sessions', 'debug_toolbar']",
      "['django.contrib.sessions']",
    ]);
    const middleware = optionsOf(settings.get('MIDDLEWARE').value);
    expect(middleware).toHaveLength(2);
    expect(middleware.every((option) => option.includes('last.Middleware'))).toBe(true);
  });

  it('stops unfolding past 16 outcomes, keeping what every outcome has', async () => {
    const branches = Array.from(
      { length: 6 },
      (_, i) => `if os.environ["F${i}"] == "on":\n    MIDDLEWARE.append("m${i}.Middleware")\n`,
    ).join('');
    const settings = await settingsFrom(`${BASE_MIDDLEWARE}${branches}MIDDLEWARE.append("last.Middleware")\n`);
    const middleware = settings.get('MIDDLEWARE').value;
    for (const option of outcomes(middleware)) {
      expect(option.kind).toBe('list');
      if (option.kind !== 'list') continue;
      expect(option.items.map(repr)).toEqual(
        expect.arrayContaining([
          "'django.middleware.security.SecurityMiddleware'",
          "'django.contrib.sessions.middleware.SessionMiddleware'",
          "'django.middleware.csrf.CsrfViewMiddleware'",
          "'last.Middleware'",
        ]),
      );
      expect(option.open?.why).toMatch(/more than 16/);
      expect(option.open?.hint).toMatch(/F\d/);
    }
  });

  it('gives up on a scalar past 16 outcomes with a cause', async () => {
    const branches = Array.from(
      { length: 6 },
      (_, i) => `if os.environ["F${i}"] == "on":\n    COUNT = COUNT + ${2 ** i}\n`,
    ).join('');
    const value = (await settingsFrom(`import os\nCOUNT = 0\n${branches}`)).get('COUNT').value;
    expect(value.kind).toBe('unknown');
    if (value.kind === 'unknown') expect(value.why).toMatch(/more than 16/);
    expect(value.span.line).toBeGreaterThan(1);
  });
});

describe('partly unknown collections keep their known members', () => {
  it('keeps the written items around an unknown * unpacking (paperless-ngx INSTALLED_APPS)', async () => {
    const source = `from somewhere_external import get_list_from_env
env_apps = get_list_from_env("PAPERLESS_APPS")
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.sessions",
    *env_apps,
    "paperless",
]
INSTALLED_APPS.append("auditlog")
`;
    const apps = (await settingsFrom(source)).get('INSTALLED_APPS').value;
    expect(apps.kind).toBe('list');
    if (apps.kind !== 'list') return;
    expect(apps.items.map(repr)).toEqual([
      "'django.contrib.auth'",
      "'django.contrib.sessions'",
      "'paperless'",
      "'auditlog'",
    ]);
    expect(apps.open).toMatchObject({ span: { file: 'settings.py', line: 6 } });
    expect(apps.open?.why).toContain('get_list_from_env');
  });

  it.each([
    ['MIDDLEWARE = ["a", "b"] + get_extra()', 'list', "['a', 'b']"],
    ['MIDDLEWARE = get_extra() + ["a", "b"]', 'list', "['a', 'b']"],
    ['MIDDLEWARE = ("a",) + get_extra()', 'tuple', "('a',)"],
    ['MIDDLEWARE = ["a"]\nMIDDLEWARE += get_extra()', 'list', "['a']"],
    ['MIDDLEWARE = ["a"]\nMIDDLEWARE.extend(get_extra())', 'list', "['a']"],
    ['MIDDLEWARE = {"a", *get_extra()}', 'set', "{'a'}"],
    ['MIDDLEWARE = list(["a", *get_extra()])', 'list', "['a']"],
    ['MIDDLEWARE = ["a", *get_extra()]\nMIDDLEWARE.remove("a")', 'list', '[]'],
  ])('%s', async (source, kind, known) => {
    const value = (await settingsFrom(`from ext import get_extra\n${source}\n`)).get('MIDDLEWARE').value;
    expect(value.kind).toBe(kind);
    if (value.kind !== 'list' && value.kind !== 'tuple' && value.kind !== 'set') return;
    expect(repr({ ...value, open: undefined } as Value)).toBe(known);
    expect(value.open?.why).toContain('get_extra');
  });

  it('keeps the open part through later unions and copies', async () => {
    const source = `from ext import get_extra
A = ["a", *get_extra()]
B = A + ["b"]
C = [*B, "c"]
`;
    const value = (await settingsFrom(source)).get('C').value;
    expect(value.kind === 'list' && value.items.map(repr)).toEqual(["'a'", "'b'", "'c'"]);
    expect(value.kind === 'list' && value.open?.span.line).toBe(2);
  });

  it('does not pretend to know the length or the items of an open list', async () => {
    const source = `from ext import get_extra
A = ["a", *get_extra()]
N = len(A)
FIRST = [x.upper() for x in A]
`;
    const settings = await settingsFrom(source);
    expect(settings.get('N').value.kind).toBe('unknown');
    expect(settings.get('FIRST').value.kind).toBe('unknown');
  });

  it('knows keys written after an unknown merge; keys written before may have been replaced', async () => {
    const source = `from ext import overrides
DATABASES = {"default": {"ENGINE": "postgresql", "PASSWORD": "before", **overrides(), "HOST": "db"}}
`;
    const entry = (await settingsFrom(source)).get('DATABASES').value;
    expect(entry.kind).toBe('dict');
    if (entry.kind !== 'dict') return;
    const inner = entry.entries[0]![1];
    expect(inner.kind).toBe('dict');
    if (inner.kind !== 'dict') return;
    const byKey = new Map(inner.entries.map(([k, v]) => [repr(k), v]));
    expect(byKey.get("'HOST'")?.kind).toBe('str');
    const password = byKey.get("'PASSWORD'")!;
    expect(password.kind).toBe('either');
    expect(optionsOf(password)).toContain("'before'");
    expect(outcomes(password).some((option) => option.kind === 'unknown')).toBe(true);
    expect(inner.open?.why).toContain('overrides');
  });

  it('update() with an unknown dict leaves an open dict, and get() of a missing key is unknown', async () => {
    const source = `from ext import extra
OPTIONS = {"a": 1}
OPTIONS.update(extra())
OPTIONS["b"] = 2
MISSING = OPTIONS.get("c", "fallback")
PRESENT = OPTIONS.get("b", "fallback")
`;
    const settings = await settingsFrom(source);
    const options = settings.get('OPTIONS').value;
    expect(options.kind === 'dict' && options.open?.why).toContain('extra');
    expect(settings.get('MISSING').value.kind).toBe('unknown');
    expect(repr(settings.get('PRESENT').value)).toBe('2');
  });

  it('keeps a written dict around an unknown ** spread at the start', async () => {
    const source = `from ext import defaults
SETTINGS = {**defaults(), "SECURE": True}
`;
    const value = (await settingsFrom(source)).get('SETTINGS').value;
    expect(value.kind === 'dict' && value.entries.map(([k, v]) => `${repr(k)}: ${repr(v)}`)).toEqual([
      "'SECURE': True",
    ]);
  });
});

describe('constructs left unknown say why, where, and what would make them judgeable', () => {
  it('an insert at a position the model cannot compute', async () => {
    const source = `from ext import position
MIDDLEWARE = ["a"]
MIDDLEWARE.insert(position(), "b")
`;
    // The members are known even though their order is not: one outcome per position.
    expect(await modelOptions(source, 'MIDDLEWARE')).toEqual(["['a', 'b']", "['b', 'a']"]);
  });

  it('a list that is unknown as a whole keeps its cause and a hint', async () => {
    const value = (await settingsFrom('import os\nMIDDLEWARE = os.environ["MIDDLEWARE_LIST"].split(",")\n')).get(
      'MIDDLEWARE',
    ).value;
    expect(value.kind).toBe('unknown');
    expect(causesOf(value)).toEqual([
      expect.objectContaining({
        span: expect.objectContaining({ line: 2 }),
        hint: expect.stringMatching(/MIDDLEWARE_LIST/),
      }),
    ]);
  });
});

describe('django-split-settings include() with a computed list', () => {
  const components = {
    'manage.py': '',
    'server/__init__.py': '',
    'server/settings/components/common.py':
      'DEBUG = False\nSESSION_COOKIE_SECURE = True\nMIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\n',
    'server/settings/environments/development.py': 'DEBUG = True\nSESSION_COOKIE_SECURE = False\n',
    'server/settings/environments/production.py': 'DEBUG = False\nMIDDLEWARE += ["prod.Middleware"]\n',
  };

  it('evaluates the files every path includes as known and the others as branches', async () => {
    const settings = await settingsOf(
      {
        ...components,
        'server/settings/__init__.py': `import os
from split_settings.tools import include, optional
if os.environ["DJANGO_ENV"] == "production":
    _env_settings = ["environments/production.py"]
else:
    _env_settings = ["environments/development.py"]
_base_settings = ("components/common.py", *_env_settings, optional("environments/local.py"))
include(*_base_settings)
`,
      },
      'server.settings',
    );
    expect(optionsOf(settings.get('DEBUG').value)).toEqual(['False', 'True']);
    expect(optionsOf(settings.get('SESSION_COOKIE_SECURE').value)).toEqual(['False', 'True']);
    expect(optionsOf(settings.get('MIDDLEWARE').value)).toEqual([
      "['django.middleware.security.SecurityMiddleware', 'prod.Middleware']",
      "['django.middleware.security.SecurityMiddleware']",
    ]);
  });

  it.each([['f"environments/{_ENV}.py"'], ['"environments/%s.py" % _ENV'], ['"environments/{0}.py".format(_ENV)']])(
    'includes the files an unknown name could pick, as branches: %s',
    async (name) => {
      const settings = await settingsOf(
        {
          ...components,
          'server/settings/environments/__init__.py': '# Overriding settings based on the environment.\n',
          'server/settings/__init__.py': `from os import environ
from split_settings.tools import include, optional
_ENV = environ["DJANGO_ENV"]
_base_settings = (
    "components/common.py",
    ${name},
    optional("environments/local.py"),
)
include(*_base_settings)
`,
        },
        'server.settings',
      );
      expect(optionsOf(settings.get('DEBUG').value)).toEqual(['False', 'True']);
      expect(settings.files).toEqual(
        expect.arrayContaining([
          'server/settings/components/common.py',
          'server/settings/environments/development.py',
          'server/settings/environments/production.py',
        ]),
      );
      expect(settings.files).not.toContain('server/settings/environments/__init__.py');
    },
  );

  it('takes a required file the repository lacks as written at deploy time: it may override anything', async () => {
    const settings = await settingsOf(
      {
        ...components,
        'server/settings/__init__.py': `from split_settings.tools import include
include("components/common.py", "local_settings.py")
`,
      },
      'server.settings',
    );
    const debug = settings.get('DEBUG').value;
    expect(debug.kind).toBe('either');
    expect(optionsOf(debug)).toContain('False');
    expect(outcomes(debug).some((option) => option.kind === 'unknown')).toBe(true);
    expect(causesOf(settings.get('SECURE_HSTS_SECONDS').value)).toEqual([
      expect.objectContaining({
        span: expect.objectContaining({ line: 2 }),
        hint: expect.stringMatching(/local_settings.py/),
      }),
    ]);
    expect(settings.diagnostics.map((d) => d.message).join('\n')).toMatch(
      /local_settings.py, which is not in the repository/,
    );
  });

  it('gives up, with a note, past 16 combinations of files', async () => {
    const choices = ['a', 'b', 'c', 'd', 'e']
      .map((v) => `${v} = ["components/common.py"] if os.environ["${v.toUpperCase()}"] == "1" else []\n`)
      .join('');
    const settings = await settingsOf(
      {
        ...components,
        'server/settings/__init__.py': `import os\nfrom split_settings.tools import include\n${choices}include(*a, *b, *c, *d, *e)\n`,
      },
      'server.settings',
    );
    const debug = settings.get('DEBUG').value;
    expect(debug.kind === 'unknown' && debug.why).toMatch(/more than 16 combinations of files/);
    expect(settings.diagnostics.map((d) => d.message).join('\n')).toMatch(/more than 16 combinations/);
  });

  it('uses the one file a given environment picks', async () => {
    const settings = await settingsOf(
      {
        ...components,
        'server/settings/__init__.py': `from os import environ
from split_settings.tools import include, optional
_ENV = environ["DJANGO_ENV"]
include("components/common.py", f"environments/{_ENV}.py", optional("environments/local.py"))
`,
      },
      'server.settings',
      { DJANGO_ENV: 'production' },
    );
    expect(repr(settings.get('DEBUG').value)).toBe('False');
    expect(repr(settings.get('SESSION_COOKIE_SECURE').value)).toBe('True');
  });
});
