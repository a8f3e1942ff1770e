import { describe, expect, it } from '@jest/globals';
import { newestDjango } from '../../src/discover/django-version.js';
import { cspMissing } from '../../src/rules/csp-missing.js';
import type { DeploymentFacts, ReportedProblem } from '../../src/rules/rule.js';
import { settingsOf } from '../support/settings-harness.js';
import { py, ruleTester, type RuleCase } from '../support/rule-tester.js';

const SECURITY = 'django.middleware.security.SecurityMiddleware';
const DJANGO_CSP = 'django.middleware.csp.ContentSecurityPolicyMiddleware';
const LIBRARY_CSP = 'csp.middleware.CSPMiddleware';

/** `MIDDLEWARE = [SecurityMiddleware, ...entries]` on one line. */
const middleware = (...entries: string[]) =>
  `MIDDLEWARE = [${[SECURITY, ...entries].map((entry) => JSON.stringify(entry)).join(', ')}]`;

const CSP_IMPORT = 'from django.utils.csp import CSP';

/** A project middleware module: `class <name>(<base>)` under the import lines given. */
const middlewareModule = (name: string, base: string, ...imports: string[]) =>
  py(...imports, '', '', `class ${name}(${base}):`, '    pass');
/** kitsune's shape: AdminCSPMiddleware in kitsune/sumo/middleware.py, a subclass of django-csp's. */
const ADMIN_CSP_FILES = {
  'kitsune/__init__.py': '',
  'kitsune/sumo/__init__.py': '',
  'kitsune/sumo/middleware.py': middlewareModule(
    'AdminCSPMiddleware',
    'CSPMiddleware',
    'from csp.middleware import CSPMiddleware',
  ),
};
/** Two levels of project subclasses, through a relative import and a module attribute. */
const LAYERED_FILES = {
  'myproject/__init__.py': '',
  'myproject/headers/__init__.py': 'from .policy import PolicyHeaders\n',
  'myproject/headers/base.py': middlewareModule(
    'BaseHeaders',
    'middleware.CSPMiddleware',
    'from csp import middleware',
  ),
  'myproject/headers/policy.py': middlewareModule('PolicyHeaders', 'BaseHeaders', 'from .base import BaseHeaders'),
};
const BUILTIN_POLICY = 'SECURE_CSP = {"default-src": [CSP.SELF], "object-src": [CSP.NONE]}';
const LIBRARY_POLICY = 'CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["\'self\'"]}}';

// Django 6.0+ sends SECURE_CSP through its own middleware; django-csp 4 sends CONTENT_SECURITY_POLICY and
// nothing without it; django-csp 3 sends its CSP_* settings, default-src 'self' with the middleware alone.
const FLAG: RuleCase[] = [
  // No provider at all: at MIDDLEWARE, else the settings module.
  { code: middleware(), line: 1, level: 'warning', message: /neither Django's .*ContentSecurityPolicyMiddleware/ },
  { code: 'DEBUG = False', file: 'settings.py', line: 1, message: /No Content Security Policy is applied/ },
  {
    code: py('DEBUG = False', middleware()),
    django: '5.2',
    line: 2,
    message: /Django 5\.2 \(test\) has no built-in CSP/,
  },
  { code: py(middleware(DJANGO_CSP), `MIDDLEWARE.remove("${DJANGO_CSP}")`, CSP_IMPORT, BUILTIN_POLICY), line: 4 },

  // Django 6: SECURE_CSP without the middleware is never sent.
  {
    code: py(CSP_IMPORT, middleware(), BUILTIN_POLICY),
    line: 3,
    level: 'warning',
    message: /SECURE_CSP is set, but django\.middleware\.csp\.ContentSecurityPolicyMiddleware is not in MIDDLEWARE/,
  },
  {
    code: py(middleware(), 'SECURE_CSP_REPORT_ONLY = {"default-src": ["\'self\'"]}'),
    line: 2,
    message: /Content-Security-Policy-Report-Only/,
  },
  // Before Django 6.0, SECURE_CSP does not exist.
  {
    code: py(CSP_IMPORT, middleware(DJANGO_CSP), BUILTIN_POLICY),
    django: '5.2',
    line: 3,
    message: /only exists from Django 6\.0 .*Django 5\.2/,
  },
  { code: py(middleware(), 'SECURE_CSP = {"default-src": ["\'self\'"]}'), django: '4.2', line: 2, message: /6\.0/ },
  { code: middleware(DJANGO_CSP), django: '5.2', line: 1, message: /fails to import/ },

  // Django 6: the middleware with an empty policy sends nothing.
  { code: middleware(DJANGO_CSP), line: 1, message: /SECURE_CSP is not set \(Django's default is \{\}\)/ },
  { code: py(middleware(DJANGO_CSP), 'SECURE_CSP = {}'), line: 2, message: /SECURE_CSP is \{\}/ },
  {
    code: py(middleware(DJANGO_CSP), 'SECURE_CSP = {"script-src": [], "upgrade-insecure-requests": False}'),
    line: 2,
    message: /header Django sends is empty/,
  },
  {
    code: py(
      'import os',
      CSP_IMPORT,
      middleware(DJANGO_CSP),
      'SECURE_CSP = {"default-src": [CSP.SELF]} if os.environ.get("CSP_ENABLED") else {}',
    ),
    line: 4,
    message: /when CSP_ENABLED is unset/,
  },
  {
    code: py(
      'import os',
      middleware(DJANGO_CSP),
      'SECURE_CSP = {} if os.environ.get("CSP") == "off" else {"default-src": ["\'self\'"]}',
    ),
    env: { CSP: 'off' },
    message: /given environment/,
  },

  // Report-only alone is monitored, not enforced: a note.
  {
    code: py(middleware(DJANGO_CSP), 'SECURE_CSP_REPORT_ONLY = {"default-src": ["\'self\'"]}'),
    line: 2,
    level: 'note',
    message: /report-only/,
  },
  {
    code: py(middleware(LIBRARY_CSP), 'CSP_DEFAULT_SRC = ("\'self\'",)', 'CSP_REPORT_ONLY = True'),
    line: 3,
    level: 'note',
  },
  {
    code: py(middleware(LIBRARY_CSP), 'CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": []}}'),
    line: 2,
    level: 'note',
  },
  {
    code: py(
      'import os',
      middleware(LIBRARY_CSP),
      'CSP_SCRIPT_SRC = ("\'self\'",)',
      'CSP_REPORT_ONLY = os.environ.get("CSP_REPORT_ONLY", "1") == "1"',
    ),
    line: 4,
    level: 'note',
    message: /when CSP_REPORT_ONLY is unset/,
  },

  // django-csp settings without django-csp's middleware.
  {
    code: py(middleware(), LIBRARY_POLICY),
    line: 2,
    message: /CONTENT_SECURITY_POLICY is set, but django-csp's middleware/,
  },
  { code: py(middleware(), 'CSP_DEFAULT_SRC = ("\'self\'",)'), line: 2, message: /CSP_DEFAULT_SRC is set/ },
  { code: py(LIBRARY_POLICY, middleware()), django: '4.2', line: 1 },

  // django-csp 4 (its settings' shape) with a policy that renders nothing.
  {
    code: py(middleware(LIBRARY_CSP), 'CONTENT_SECURITY_POLICY = {"DIRECTIVES": None}'),
    line: 2,
    message: /no Content-Security-Policy header/,
  },
  {
    code: py(middleware(LIBRARY_CSP), 'CONTENT_SECURITY_POLICY = {}', 'CONTENT_SECURITY_POLICY_REPORT_ONLY = {}'),
    line: 2,
  },

  // A star import the model cannot see does not change a MIDDLEWARE assigned after it.
  { code: py('from somewhere import *', middleware()), line: 2, message: /neither/ },
  // A package whose source cannot be found is assumed to set no security setting (and a note says so).
  { code: 'from somewhere import *\n', line: 1, message: /neither/ },

  // Split settings: the finding lands where the setting is written.
  { code: 'from base import *\n', files: { 'base.py': py('DEBUG = False', middleware()) }, file: 'base.py', line: 2 },
  {
    code: py('from base import *', 'SECURE_CSP = {}'),
    files: { 'base.py': middleware(DJANGO_CSP) },
    file: 'settings.py',
    line: 2,
  },
  {
    code: py('from base import *', CSP_IMPORT, 'SECURE_CSP = {"default-src": [CSP.SELF]}'),
    files: { 'base.py': middleware() },
    file: 'settings.py',
    line: 3,
    message: /not in MIDDLEWARE/,
  },

  // A project subclass of a provider is that provider: its empty policy sends nothing.
  {
    code: py(middleware('kitsune.sumo.middleware.AdminCSPMiddleware'), 'CONTENT_SECURITY_POLICY = {}'),
    files: ADMIN_CSP_FILES,
    line: 2,
    message:
      /^kitsune\.sumo\.middleware\.AdminCSPMiddleware \(a subclass of csp\.middleware\.CSPMiddleware\) is installed, but CONTENT_SECURITY_POLICY is \{\}/,
  },
  {
    code: py(middleware('myproject.headers.PolicyHeaders'), 'CONTENT_SECURITY_POLICY = {"DIRECTIVES": None}'),
    files: LAYERED_FILES,
    line: 2,
    message: /^myproject\.headers\.PolicyHeaders \(a subclass of csp\.middleware\.CSPMiddleware\) is installed/,
  },
  {
    code: middleware('myproject.headers.Headers'),
    files: {
      'myproject/__init__.py': '',
      'myproject/headers.py': middlewareModule(
        'Headers',
        'ContentSecurityPolicyMiddleware',
        'from django.middleware.csp import ContentSecurityPolicyMiddleware',
      ),
    },
    line: 1,
    message:
      /^myproject\.headers\.Headers \(a subclass of django\.middleware\.csp\.ContentSecurityPolicyMiddleware\) is installed, but SECURE_CSP is not set/,
  },
];

const PASS: RuleCase[] = [
  // Django 6's built-in CSP.
  py(CSP_IMPORT, middleware(DJANGO_CSP), BUILTIN_POLICY),
  { code: py(CSP_IMPORT, middleware(DJANGO_CSP), BUILTIN_POLICY), django: '6.0' },
  py('from django.utils import csp', middleware(DJANGO_CSP), 'SECURE_CSP = {"default-src": [csp.CSP.SELF]}'),
  py(middleware(DJANGO_CSP), 'SECURE_CSP = {"upgrade-insecure-requests": True}'),
  py(middleware(DJANGO_CSP), 'SECURE_CSP = {}', 'SECURE_CSP["default-src"] = ["\'self\'"]'),
  py('MIDDLEWARE = []', `MIDDLEWARE += ["${DJANGO_CSP}"]`, 'SECURE_CSP = {"default-src": ["\'self\'"]}'),
  {
    code: py('from base import *', CSP_IMPORT, 'SECURE_CSP = {"default-src": [CSP.SELF]}'),
    files: { 'base.py': middleware(DJANGO_CSP) },
  },
  py(
    'import os',
    middleware(DJANGO_CSP),
    'SECURE_CSP = {"default-src": ["\'self\'"]} if os.environ.get("CSP", "on") else {}',
  ),
  {
    code: py(
      'import os',
      middleware(DJANGO_CSP),
      'SECURE_CSP = {"default-src": ["\'self\'"]} if os.environ.get("CSP") else {}',
    ),
    env: { CSP: 'on' },
  },

  // django-csp 4: CONTENT_SECURITY_POLICY; any non-empty dict sends at least default-src 'self'.
  py(middleware(LIBRARY_CSP), LIBRARY_POLICY),
  py(middleware(LIBRARY_CSP), 'CONTENT_SECURITY_POLICY = {"EXCLUDE_URL_PREFIXES": ["/admin"]}'),
  py(middleware('csp.contrib.rate_limiting.RateLimitedCSPMiddleware'), LIBRARY_POLICY),
  { code: py(middleware(LIBRARY_CSP), LIBRARY_POLICY), django: '4.2' },
  { code: py(middleware(LIBRARY_CSP), LIBRARY_POLICY, 'SECURE_CSP = {"default-src": ["\'self\'"]}'), django: '5.2' },

  // django-csp 3: the CSP_* settings apply (the version is not known, so the settings' shape decides).
  py(middleware(LIBRARY_CSP), 'CSP_DEFAULT_SRC = ("\'self\'",)'),
  py(middleware(LIBRARY_CSP), 'CSP_SCRIPT_SRC = ("\'self\'", "https://cdn.example.com")', 'CSP_REPORT_ONLY = False'),
  { code: py(middleware(LIBRARY_CSP), 'CSP_IMG_SRC = ("\'self\'", "data:")'), django: '3.2' },

  // Both providers: one enforced policy is enough.
  py(middleware(DJANGO_CSP, LIBRARY_CSP), 'SECURE_CSP = {}', LIBRARY_POLICY),
  py(
    middleware(DJANGO_CSP),
    'SECURE_CSP = {"default-src": ["\'self\'"]}',
    'SECURE_CSP_REPORT_ONLY = {"default-src": ["\'none\'"]}',
  ),

  // A project subclass of a provider, with a policy that applies (its path need not name CSP).
  {
    code: py(middleware('kitsune.sumo.middleware.AdminCSPMiddleware'), LIBRARY_POLICY),
    files: ADMIN_CSP_FILES,
  },
  { code: py(middleware('myproject.headers.PolicyHeaders'), LIBRARY_POLICY), files: LAYERED_FILES },
  {
    code: py(CSP_IMPORT, middleware('myproject.headers.Headers'), BUILTIN_POLICY),
    files: {
      'myproject/__init__.py': '',
      'myproject/headers.py': middlewareModule(
        'Headers',
        'csp.ContentSecurityPolicyMiddleware',
        'from django.middleware import csp',
      ),
    },
  },

  // Providers the scanner cannot see into: a class outside the repository, one whose base it cannot follow,
  // django-security's middleware.
  middleware('myproject.middleware.CSPMiddleware'),
  {
    code: py(middleware('myproject.middleware.NonceCSPMiddleware'), 'CONTENT_SECURITY_POLICY = {}'),
    files: {
      'myproject/__init__.py': '',
      'myproject/middleware.py': middlewareModule(
        'NonceCSPMiddleware',
        'make_base()',
        'from myproject.bases import make_base',
      ),
    },
  },
  middleware('security.middleware.ContentSecurityPolicyMiddleware'),

  // Unknown stays unknown.
  middleware(LIBRARY_CSP), // django-csp 3 sends default-src 'self', 4 sends nothing: the version decides
  py(middleware(LIBRARY_CSP), LIBRARY_POLICY, 'CSP_DEFAULT_SRC = ("\'self\'",)'),
  py('import environ', 'env = environ.Env()', 'MIDDLEWARE = env.list("MIDDLEWARE")'),
  py('from myproject.csp import build_policy', middleware(DJANGO_CSP), 'SECURE_CSP = build_policy()'),
  py(
    'import sys',
    middleware(DJANGO_CSP),
    'if "collectstatic" in sys.argv:',
    '    SECURE_CSP = {}',
    'else:',
    '    SECURE_CSP = {"default-src": ["\'self\'"]}',
  ),
  py('import sys', `MIDDLEWARE = [${JSON.stringify(SECURITY)}] + ([] if "test" in sys.argv else ["${DJANGO_CSP}"])`),
  py(
    middleware(LIBRARY_CSP),
    'import os',
    'CSP_REPORT_ONLY = os.environ["CSP_REPORT_ONLY"] == "1"',
    'CSP_DEFAULT_SRC = ("\'self\'",)',
  ),
  // Not a dict: Django's own security.E026 reports it.
  py(middleware(DJANGO_CSP), 'SECURE_CSP = "default-src \'self\'"'),
];

ruleTester(cspMissing, { flag: FLAG, pass: PASS });

/** Runs the rule with a django-csp major the engine read from the requirements. */
async function withLibraryMajor(code: string, djangoCspMajor: number, series?: string): Promise<ReportedProblem[]> {
  const settings = await settingsOf({ 'settings.py': code }, 'settings');
  const [major, minor] = (series ?? '').split('.').map(Number);
  const django = series ? { major: major!, minor: minor!, source: 'test' } : newestDjango();
  const deployment: DeploymentFacts = { djangoCspMajor, djangoCspSource: 'requirements.txt' };
  const problems: ReportedProblem[] = [];
  cspMissing.check({ settings, django, deployment, report: (problem) => problems.push(problem) });
  return problems;
}

describe('csp-missing with the django-csp version from the requirements', () => {
  it('reports django-csp 3 settings under django-csp 4 at the first of them: they are ignored', async () => {
    const problems = await withLibraryMajor(
      py(middleware(LIBRARY_CSP), 'CSP_DEFAULT_SRC = ("\'self\'",)', 'CSP_SCRIPT_SRC = ("\'self\'",)'),
      4,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]!.span.line).toBe(2);
    expect(problems[0]!.setting).toBe('CSP_DEFAULT_SRC');
    expect(problems[0]!.level ?? cspMissing.level).toBe('warning');
    expect(problems[0]!.message).toMatch(/django-csp 4 \(requirements\.txt\) ignores the django-csp 3 settings/);
    expect(problems[0]!.fix).toMatch(/CONTENT_SECURITY_POLICY = \{"DIRECTIVES"/);
  });

  it('says only the report-only policy is sent when django-csp 4 also has one', async () => {
    const problems = await withLibraryMajor(
      py(
        middleware(LIBRARY_CSP),
        'CSP_DEFAULT_SRC = ("\'self\'",)',
        'CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["\'self\'"]}}',
      ),
      4,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/only the report-only policy/);
  });

  it('reports django-csp 4 middleware alone: no header without CONTENT_SECURITY_POLICY', async () => {
    const problems = await withLibraryMajor(middleware(LIBRARY_CSP), 4, '5.2');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.span.line).toBe(1);
    expect(problems[0]!.message).toMatch(/CONTENT_SECURITY_POLICY is not set: django-csp 4/);
  });

  it("passes django-csp 3 middleware alone: it sends default-src 'self'", async () => {
    expect(await withLibraryMajor(middleware(LIBRARY_CSP), 3, '4.2')).toEqual([]);
  });

  it('passes django-csp 4 with CONTENT_SECURITY_POLICY and leftover CSP_* settings', async () => {
    expect(
      await withLibraryMajor(py(middleware(LIBRARY_CSP), LIBRARY_POLICY, 'CSP_DEFAULT_SRC = ("\'self\'",)'), 4),
    ).toEqual([]);
  });

  it('reports django-csp 3 with CSP_REPORT_ONLY as a note', async () => {
    const problems = await withLibraryMajor(py(middleware(LIBRARY_CSP), 'CSP_REPORT_ONLY = True'), 3);
    expect(problems.map((problem) => problem.level)).toEqual(['note']);
  });
});
