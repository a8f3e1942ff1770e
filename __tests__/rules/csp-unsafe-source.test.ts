import { describe, expect, it } from '@jest/globals';
import { newestDjango } from '../../src/discover/django-version.js';
import { cspUnsafeSource } from '../../src/rules/csp-unsafe-source.js';
import type { DeploymentFacts, ReportedProblem } from '../../src/rules/rule.js';
import { settingsOf } from '../support/settings-harness.js';
import { py, ruleTester, runRule, type RuleCase } from '../support/rule-tester.js';

const SECURITY = 'django.middleware.security.SecurityMiddleware';
const DJANGO_CSP = 'django.middleware.csp.ContentSecurityPolicyMiddleware';
const LIBRARY_CSP = 'csp.middleware.CSPMiddleware';

const middleware = (...entries: string[]) =>
  `MIDDLEWARE = [${[SECURITY, ...entries].map((entry) => JSON.stringify(entry)).join(', ')}]`;

/** Django 6: `from django.utils.csp import CSP`, the middleware, then the lines given (line 3 onwards). */
const builtin = (...lines: string[]) => py('from django.utils.csp import CSP', middleware(DJANGO_CSP), ...lines);
/** django-csp 4: the middleware, then the lines given (line 2 onwards). */
const library = (...lines: string[]) => py(middleware(LIBRARY_CSP), ...lines);
/** django-csp 4's constants (csp/constants.py), imported by name as kitsune does. */
const CONSTANTS = 'from csp.constants import NONCE, NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE';

/** `myproject.middleware.Headers`, a project class deriving from django-csp's middleware in another module. */
const SUBCLASS_FILES = {
  'myproject/__init__.py': '',
  'myproject/middleware.py': py(
    'from csp.middleware import CSPMiddleware',
    '',
    '',
    'class Headers(CSPMiddleware):',
    '    pass',
  ),
};
/** `myproject.strict.StrictHeaders`, a subclass of that subclass, re-exported through the package. */
const SUB_SUBCLASS_FILES = {
  ...SUBCLASS_FILES,
  'myproject/strict.py': py('from . import middleware', '', '', 'class StrictHeaders(middleware.Headers):', '    pass'),
  'myproject/__init__.py': 'from myproject.strict import StrictHeaders as Headers\n',
};

const FLAG: RuleCase[] = [
  // Django 6's SECURE_CSP, with the CSP constants.
  {
    code: builtin('SECURE_CSP = {"default-src": [CSP.SELF], "script-src": [CSP.SELF, CSP.UNSAFE_INLINE]}'),
    line: 3,
    level: 'warning',
    count: 1,
    message: /^SECURE_CSP\["script-src"\] allows 'unsafe-inline': inline <script> blocks/,
  },
  {
    code: builtin('SECURE_CSP = {"script-src": [CSP.SELF, CSP.NONCE, CSP.UNSAFE_EVAL]}'),
    count: 1,
    message: /allows 'unsafe-eval': eval\(\)/,
  },
  {
    code: builtin('SECURE_CSP = {"default-src": [CSP.SELF, CSP.UNSAFE_INLINE], "img-src": ["data:"]}'),
    count: 1,
    message: /SECURE_CSP\["default-src"\], which governs scripts because script-src is not set, allows 'unsafe-inline'/,
  },
  { code: builtin('SECURE_CSP = {"script-src": ["*"]}'), message: /allows "\*": scripts may load from any host/ },
  { code: builtin('SECURE_CSP = {"script-src": [CSP.SELF, "http:"]}'), message: /plain HTTP/ },
  { code: builtin('SECURE_CSP = {"script-src": [CSP.SELF, "https:"]}'), message: /any HTTPS host/ },
  { code: builtin('SECURE_CSP = {"script-src": [CSP.SELF, "data:"]}'), message: /data: URL/ },
  { code: builtin('SECURE_CSP = {"script-src": "\'self\' \'unsafe-inline\'"}'), count: 1 },
  { code: builtin('SECURE_CSP = {"script-src": ["\'UNSAFE-INLINE\'"]}'), message: /allows 'UNSAFE-INLINE'/ },
  {
    code: builtin('SECURE_CSP = {"script-src": [CSP.SELF, CSP.UNSAFE_INLINE, CSP.UNSAFE_EVAL, "*", "data:"]}'),
    count: 4,
  },
  { code: builtin('SECURE_CSP = {"script-src-elem": [CSP.SELF, CSP.UNSAFE_INLINE]}'), message: /script-src-elem/ },
  {
    code: builtin('SECURE_CSP = {"script-src-attr": [CSP.UNSAFE_INLINE]}'),
    message: /script-src-attr"\] allows 'unsafe-inline': on\* event attributes run/,
  },
  { code: builtin('SECURE_CSP = {"script-src": [CSP.SELF, CSP.UNSAFE_INLINE]}'), django: '6.0', line: 3 },
  // 'strict-dynamic' makes browsers ignore hosts and 'unsafe-inline', not 'unsafe-eval'.
  {
    code: builtin('SECURE_CSP = {"script-src": [CSP.NONCE, CSP.STRICT_DYNAMIC, "https:", CSP.UNSAFE_EVAL]}'),
    count: 1,
    message: /'unsafe-eval'/,
  },
  // A nonce elsewhere does not cover script-src.
  {
    code: builtin('SECURE_CSP = {"default-src": [CSP.NONCE], "script-src": [CSP.SELF, CSP.UNSAFE_INLINE]}'),
    count: 1,
  },
  {
    code: py(
      'from django.utils import csp',
      middleware(DJANGO_CSP),
      'SECURE_CSP = {"script-src": [csp.CSP.UNSAFE_INLINE]}',
    ),
  },
  { code: builtin('SECURE_CSP = {}', 'SECURE_CSP["script-src"] = [CSP.SELF, CSP.UNSAFE_EVAL]'), line: 4 },

  // Environment reads: the default that applies when the variable is unset, or the given value.
  {
    code: builtin('import os', 'SECURE_CSP = {"script-src": [CSP.SELF, os.environ.get("CSP_SCRIPT_HOST", "*")]}'),
    line: 4,
    message: /allows "\*" when CSP_SCRIPT_HOST is unset/,
  },
  {
    code: builtin(
      'import environ',
      'env = environ.Env()',
      'SECURE_CSP = {"script-src": env.list("CSP_SCRIPT_SRC", default=["\'self\'", "\'unsafe-inline\'"])}',
    ),
    line: 5,
    message: /when CSP_SCRIPT_SRC is unset/,
  },
  {
    code: builtin(
      'import os',
      'SECURE_CSP = {"script-src": [CSP.SELF, os.environ.get("CDN", "https://cdn.example.com")]}',
    ),
    env: { CDN: 'https:' },
    message: /allows "https:" with CDN=.https:. from the given environment/,
  },

  // Undecided branches: what every branch contains.
  {
    code: builtin(
      'import sys',
      'if "runserver" in sys.argv:',
      '    SECURE_CSP = {"script-src": [CSP.SELF, CSP.UNSAFE_INLINE, "http://localhost:5173"]}',
      'else:',
      '    SECURE_CSP = {"script-src": [CSP.SELF, CSP.UNSAFE_INLINE]}',
    ),
    count: 1,
    message: /'unsafe-inline'/,
  },

  // django-csp 4: CONTENT_SECURITY_POLICY["DIRECTIVES"].
  {
    code: library('CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": ["\'self\'", "\'unsafe-inline\'"]}}'),
    line: 2,
    message: /^CONTENT_SECURITY_POLICY\["DIRECTIVES"\]\["script-src"\] allows 'unsafe-inline'/,
  },
  {
    code: library('CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["\'self\'", "*"]}}'),
    message: /\["default-src"\], which governs scripts/,
  },
  {
    code: py(
      'CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": {"\'self\'", "\'unsafe-eval\'"}}}',
      middleware(LIBRARY_CSP),
    ),
    django: '4.2',
    line: 1,
  },
  {
    code: library(
      'CONTENT_SECURITY_POLICY = {"DIRECTIVES": {}}',
      'CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"] = ["*"]',
    ),
    line: 3,
  },

  // django-csp 3: CSP_* tuples.
  {
    code: library('CSP_DEFAULT_SRC = ("\'self\'",)', 'CSP_SCRIPT_SRC = ("\'self\'", "\'unsafe-inline\'")'),
    django: '3.2',
    line: 3,
    message: /^CSP_SCRIPT_SRC allows 'unsafe-inline'/,
  },
  {
    code: library('CSP_DEFAULT_SRC = ("\'self\'", "\'unsafe-eval\'")', 'CSP_IMG_SRC = ("\'self\'", "data:")'),
    count: 1,
    message: /^CSP_DEFAULT_SRC, which governs scripts because script-src is not set, allows 'unsafe-eval'/,
  },
  { code: library("CSP_SCRIPT_SRC = \"'self' 'unsafe-inline'\""), line: 2 },
  {
    code: library('CSP_SCRIPT_SRC = ("\'self\'", "\'unsafe-inline\'")', 'CSP_INCLUDE_NONCE_IN = ["default-src"]'),
    message: /'unsafe-inline'/,
  },
  {
    code: library(
      'import os',
      'CSP_SCRIPT_SRC = os.environ.get("CSP_SCRIPT_SRC", "\'self\' \'unsafe-inline\'").split()',
    ),
    message: /when CSP_SCRIPT_SRC is unset/,
  },

  // Split settings: at the literal, in the file that holds it.
  {
    code: py('from base import *', middleware(DJANGO_CSP)),
    files: {
      'base.py': py('from django.utils.csp import CSP', 'SECURE_CSP = {"script-src": [CSP.SELF, CSP.UNSAFE_INLINE]}'),
    },
    file: 'base.py',
    line: 2,
  },
  {
    code: py('from base import *', 'CSP_SCRIPT_SRC += ("\'unsafe-eval\'",)'),
    files: { 'base.py': library('CSP_SCRIPT_SRC = ("\'self\'",)') },
    file: 'settings.py',
    line: 2,
  },

  // django-csp 4's constants have the values csp/constants.py gives them.
  {
    code: library(CONSTANTS, 'CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": [SELF, UNSAFE_INLINE]}}'),
    line: 3,
    count: 1,
    message: /^CONTENT_SECURITY_POLICY\["DIRECTIVES"\]\["script-src"\] allows 'unsafe-inline'/,
  },
  {
    code: library(
      CONSTANTS,
      'CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [NONE], "script-src": [SELF, NONCE, UNSAFE_EVAL]}}',
    ),
    count: 1,
    message: /allows 'unsafe-eval'/,
  },
  {
    code: library(
      'from csp import constants',
      'CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": [constants.UNSAFE_EVAL]}}',
    ),
    count: 1,
  },
  {
    code: library(
      'import csp.constants',
      'CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": csp.constants.UNSAFE_INLINE}}',
    ),
    count: 1,
  },
  // kitsune: the unsafe sources added while DEBUG is on, with NONCE beside them.
  {
    code: library(
      CONSTANTS,
      'DEBUG = True',
      'CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": ["https://cdn.example.com", NONCE]}}',
      'if DEBUG:',
      '    CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"].extend([UNSAFE_INLINE, UNSAFE_EVAL])',
    ),
    count: 1,
    message: /allows 'unsafe-eval'/,
  },

  // A project subclass of django-csp's middleware sends django-csp's policy, whatever its name.
  {
    code: py(
      CONSTANTS,
      middleware('myproject.middleware.Headers'),
      'CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": [SELF, UNSAFE_INLINE]}}',
    ),
    files: SUBCLASS_FILES,
    file: 'settings.py',
    line: 3,
    count: 1,
  },
  {
    code: py(middleware('myproject.Headers'), 'CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": ["*"]}}'),
    files: SUB_SUBCLASS_FILES,
    count: 1,
    message: /allows "\*"/,
  },

  // A middleware that names CSP may subclass Django's: its SECURE_CSP is judged.
  {
    code: py(
      middleware('myproject.middleware.NonceCSPMiddleware'),
      'SECURE_CSP = {"script-src": ["\'unsafe-inline\'"]}',
    ),
  },
];

const PASS: RuleCase[] = [
  // Strict policies.
  builtin('SECURE_CSP = {"default-src": [CSP.SELF], "script-src": [CSP.SELF, CSP.NONCE], "object-src": [CSP.NONE]}'),
  builtin('SECURE_CSP = {"script-src": [CSP.SELF, "https://cdn.example.com", "*.example.com"]}'),
  builtin('SECURE_CSP = {"script-src": [CSP.SELF, CSP.WASM_UNSAFE_EVAL, CSP.UNSAFE_HASHES, "\'sha256-abc=\'"]}'),
  // 'unsafe-inline' beside a nonce or a hash: ignored by CSP2+ browsers.
  library(CONSTANTS, 'CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": [SELF, NONCE, UNSAFE_INLINE]}}'),
  library(CONSTANTS, 'CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [NONE], "script-src": NONCE}}'),
  builtin('SECURE_CSP = {"script-src": [CSP.SELF, CSP.NONCE, CSP.UNSAFE_INLINE]}'),
  builtin(
    'SECURE_CSP = {"script-src": [CSP.UNSAFE_INLINE, "\'sha256-B2yPHKaXnvFWtRChIbabYmUBFZdVfKKXHbWtWidDVF8=\'"]}',
  ),
  builtin('SECURE_CSP = {"default-src": [CSP.SELF, "\'nonce-r4nd0m\'", CSP.UNSAFE_INLINE]}'),
  // Google's strict CSP: with 'strict-dynamic', hosts, schemes and 'unsafe-inline' are fallbacks for old browsers.
  builtin('SECURE_CSP = {"script-src": [CSP.NONCE, CSP.STRICT_DYNAMIC, "https:", "http:", CSP.UNSAFE_INLINE]}'),
  // Not script directives, or default-src when script-src is set.
  builtin(
    'SECURE_CSP = {"default-src": [CSP.SELF], "img-src": [CSP.SELF, "data:", "*"], "style-src": [CSP.UNSAFE_INLINE]}',
  ),
  builtin('SECURE_CSP = {"default-src": ["*", CSP.UNSAFE_INLINE], "script-src": [CSP.SELF]}'),
  builtin('SECURE_CSP = {"script-src-attr": ["*"], "script-src-elem": [CSP.SELF, CSP.UNSAFE_EVAL]}'),
  builtin('SECURE_CSP = {"script-src": [CSP.SELF], "upgrade-insecure-requests": True}'),

  // The policy does not apply: report-only, no middleware, or SECURE_CSP before Django 6.0.
  builtin('SECURE_CSP = {"default-src": [CSP.SELF]}', 'SECURE_CSP_REPORT_ONLY = {"script-src": [CSP.UNSAFE_INLINE]}'),
  py(middleware(), 'SECURE_CSP = {"script-src": ["\'unsafe-inline\'"]}'),
  { code: builtin('SECURE_CSP = {"script-src": [CSP.UNSAFE_INLINE]}'), django: '5.2' },
  library('CSP_SCRIPT_SRC = ("\'self\'", "\'unsafe-inline\'")', 'CSP_REPORT_ONLY = True'),
  library('CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"script-src": ["\'unsafe-inline\'"]}}'),
  py(middleware(), 'CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": ["\'unsafe-inline\'"]}}'),
  // A project middleware that derives from neither provider sends no policy.
  {
    code: py(
      middleware('myproject.middleware.Headers'),
      'CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": ["\'unsafe-inline\'"]}}',
    ),
    files: {
      'myproject/__init__.py': '',
      'myproject/middleware.py': py('class Headers(object):', '    pass'),
    },
  },

  // django-csp policies without unsafe sources.
  library('CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["\'self\'"], "img-src": ["data:"]}}'),
  library('CONTENT_SECURITY_POLICY = {"EXCLUDE_URL_PREFIXES": ["/admin"]}'),
  library('CSP_DEFAULT_SRC = ("\'self\'", "\'unsafe-inline\'")', 'CSP_SCRIPT_SRC = ("\'self\'",)'),
  library('CSP_SCRIPT_SRC = ("\'self\'", "\'unsafe-inline\'")', 'CSP_INCLUDE_NONCE_IN = ["script-src"]'),
  library('CSP_STYLE_SRC = ("\'self\'", "\'unsafe-inline\'")'),

  // Environment reads whose value is safe.
  builtin('import os', 'SECURE_CSP = {"script-src": [CSP.SELF, os.environ.get("CDN", "https://cdn.example.com")]}'),
  {
    code: builtin('import os', 'SECURE_CSP = {"script-src": [CSP.SELF, os.environ.get("CDN", "*")]}'),
    env: { CDN: 'https://cdn.example.com' },
  },

  // Unknown stays unknown.
  builtin('import os', 'SECURE_CSP = {"script-src": [CSP.SELF, CSP.UNSAFE_INLINE, os.environ["CSP_SCRIPT_NONCE"]]}'),
  library(
    'from myproject.csp import NONCE',
    'CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": ["\'self\'", "\'unsafe-inline\'", NONCE]}}',
  ),
  builtin('from myproject.csp import SCRIPT_SOURCES', 'SECURE_CSP = {"script-src": SCRIPT_SOURCES}'),
  builtin('from myproject.csp import BASE', 'SECURE_CSP = {**BASE, "default-src": ["*"]}'),
  builtin(
    'import sys',
    'if "runserver" in sys.argv:',
    '    SECURE_CSP = {"script-src": [CSP.SELF, CSP.UNSAFE_EVAL]}',
    'else:',
    '    SECURE_CSP = {"script-src": [CSP.SELF]}',
  ),
  builtin(
    'import sys',
    'SECURE_CSP = {"script-src": [CSP.SELF, CSP.UNSAFE_EVAL if "test" in sys.argv else CSP.NONCE]}',
  ),
  builtin('from myproject.csp import directives', 'SECURE_CSP = {directives.SCRIPT: ["*"], "default-src": ["*"]}'),
  'from somewhere import *\n',
  py('from somewhere import *', 'SECURE_CSP = {"script-src": ["\'unsafe-inline\'"]}'),
  // django-csp with both settings shapes and no version: which one applies is not known.
  library(
    'CSP_SCRIPT_SRC = ("\'self\'", "\'unsafe-inline\'")',
    'CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": ["\'unsafe-inline\'"]}}',
  ),
];

ruleTester(cspUnsafeSource, { flag: FLAG, pass: PASS });

/** Runs the rule with a django-csp major the engine read from the requirements. */
async function withLibraryMajor(code: string, djangoCspMajor: number): Promise<ReportedProblem[]> {
  const settings = await settingsOf({ 'settings.py': code }, 'settings');
  const deployment: DeploymentFacts = { djangoCspMajor, djangoCspSource: 'requirements.txt' };
  const problems: ReportedProblem[] = [];
  cspUnsafeSource.check({ settings, django: newestDjango(), deployment, report: (problem) => problems.push(problem) });
  return problems;
}

const BOTH_SHAPES = library(
  'CSP_SCRIPT_SRC = ("\'self\'", "\'unsafe-eval\'")',
  'CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": ["\'self\'", "\'unsafe-inline\'"]}}',
);

describe('csp-unsafe-source with the django-csp version from the requirements', () => {
  it('judges CONTENT_SECURITY_POLICY under django-csp 4 and ignores the CSP_* settings it ignores', async () => {
    const problems = await withLibraryMajor(BOTH_SHAPES, 4);
    expect(problems.map((problem) => [problem.span.line, problem.setting])).toEqual([[3, 'CONTENT_SECURITY_POLICY']]);
    expect(problems[0]!.message).toMatch(/'unsafe-inline'/);
  });

  it('judges the CSP_* settings under django-csp 3 and ignores CONTENT_SECURITY_POLICY', async () => {
    const problems = await withLibraryMajor(BOTH_SHAPES, 3);
    expect(problems.map((problem) => [problem.span.line, problem.setting])).toEqual([[2, 'CSP_SCRIPT_SRC']]);
    expect(problems[0]!.message).toMatch(/'unsafe-eval'/);
  });

  it('passes django-csp 3 settings under django-csp 4: no policy is sent (csp-missing says so)', async () => {
    expect(await withLibraryMajor(library('CSP_SCRIPT_SRC = ("\'unsafe-inline\'",)'), 4)).toEqual([]);
  });
});

describe('csp-unsafe-source findings', () => {
  it('reports each unsafe source at its own literal, with the fix for its provider', async () => {
    const problems = await runRule(
      cspUnsafeSource,
      builtin(
        'SECURE_CSP = {',
        '    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE,',
        '                   "https:"],',
        '}',
      ),
    );
    expect(problems.map((problem) => [problem.span.line, problem.span.column, problem.setting])).toEqual([
      [4, 30, 'SECURE_CSP'],
      [5, 20, 'SECURE_CSP'],
    ]);
    expect(problems[0]!.fix).toMatch(/"script-src": \[CSP\.SELF, CSP\.NONCE\]/);
    expect(problems[1]!.fix).toMatch(/"script-src": \[CSP\.SELF, "https:\/\/cdn\.example\.com"\]/);
  });

  it('names django-csp 3 fixes in its own settings', async () => {
    const [problem] = await runRule(cspUnsafeSource, library('CSP_SCRIPT_SRC = ("\'self\'", "\'unsafe-inline\'")'));
    expect(problem!.setting).toBe('CSP_SCRIPT_SRC');
    expect(problem!.fix).toMatch(/CSP_INCLUDE_NONCE_IN = \("script-src",\)/);
  });
});
