// No silent unknown: every settings rule, fed a setting it depends on through each construct that makes
// values unknown, ends in a finding of that rule or a settings-incomplete note naming the setting and the
// rule. Plus cases where every branch of an undecided condition agrees: then the rule judges, with no note.
import { describe, expect, it } from '@jest/globals';
import { newestDjango } from '../src/discover/django-version.js';
import { SETTINGS_RULES } from '../src/rules/registry.js';
import type { ReportedProblem, SettingsRule } from '../src/rules/rule.js';
import { unjudgedSettings } from '../src/rules/unjudged-settings.js';
import { UnjudgedRecorder } from '../src/settings/unjudged.js';
import { py } from './support/rule-tester.js';
import { settingsOf } from './support/settings-harness.js';

const SECURITY = '"django.middleware.security.SecurityMiddleware"';
const SESSION = '"django.contrib.sessions.middleware.SessionMiddleware"';
const CSRF = '"django.middleware.csrf.CsrfViewMiddleware"';
const CLICKJACKING = '"django.middleware.clickjacking.XFrameOptionsMiddleware"';
const COMMON = '"django.middleware.common.CommonMiddleware"';
const CSP = '"django.middleware.csp.ContentSecurityPolicyMiddleware"';
const STRONG_KEY = '"Xq7#vL2!pR9@mK4$tW8^zN3&bF6*hJ1(cD5)gS0-aE_=+yU%iO"';

/** What production is given: the base every case starts from, with every rule able to reach its settings. */
const BASE: Record<string, string> = {
  MIDDLEWARE: `[${SECURITY}, ${SESSION}, ${CSRF}, ${CLICKJACKING}, ${CSP}]`,
  INSTALLED_APPS: '["django.contrib.sessions"]',
  SECRET_KEY: 'os.environ["DJANGO_SECRET_KEY"]',
  DEBUG: 'False',
  ALLOWED_HOSTS: '["example.com"]',
  SECURE_SSL_REDIRECT: 'True',
  SECURE_HSTS_SECONDS: '31536000',
  SECURE_HSTS_INCLUDE_SUBDOMAINS: 'True',
  SECURE_HSTS_PRELOAD: 'True',
  SESSION_COOKIE_SECURE: 'True',
  CSRF_COOKIE_SECURE: 'True',
  CSRF_COOKIE_HTTPONLY: 'True',
  SECURE_CSP: '{"default-src": ["\'self\'"]}',
};

/**
 * A setting a rule depends on: two values the rule answers differently (`a` and `b`), the base lines to
 * change so the rule reaches it, and, for a list or dict, the same value with members the model cannot
 * see (it must leave the rule's question open).
 */
interface Target {
  setting: string;
  a: string;
  b: string;
  base?: Record<string, string>;
  open?: string;
}

/** MIDDLEWARE, where the rule reports the middleware missing: `a` has it, `b` lacks it. */
const MIDDLEWARE_WITHOUT = (...missing: string[]): Target => {
  const kept = [SECURITY, SESSION, CSRF, CLICKJACKING, CSP, COMMON].filter((m) => !missing.includes(m));
  return {
    setting: 'MIDDLEWARE',
    a: BASE.MIDDLEWARE!,
    b: `[${kept.join(', ')}]`,
    open: `[*deploy_config.EXTRA_MIDDLEWARE, ${kept.join(', ')}]`,
  };
};

/** MIDDLEWARE, where the middleware turns the rule's check on (and `base` makes the check fail). */
const MIDDLEWARE_ENABLING = (middleware: string, base: Record<string, string>): Target => {
  const { a, b, open } = MIDDLEWARE_WITHOUT(middleware);
  return { setting: 'MIDDLEWARE', a: b, b: a, open, base };
};

const TARGETS: Record<string, Target[]> = {
  'debug-enabled': [{ setting: 'DEBUG', a: 'False', b: 'True' }],
  'allowed-hosts-missing': [
    { setting: 'ALLOWED_HOSTS', a: '["example.com"]', b: '[]', open: '[*deploy_config.EXTRA_HOSTS]' },
  ],
  'allowed-hosts-wildcard': [
    { setting: 'ALLOWED_HOSTS', a: '["example.com"]', b: '["*"]', open: '[*deploy_config.EXTRA_HOSTS, "a.com"]' },
  ],
  'ssl-redirect-disabled': [
    { setting: 'SECURE_SSL_REDIRECT', a: 'True', b: 'False' },
    MIDDLEWARE_ENABLING(SECURITY, { SECURE_SSL_REDIRECT: 'False' }),
  ],
  'proxy-ssl-header-invalid': [
    {
      setting: 'SECURE_PROXY_SSL_HEADER',
      a: '("HTTP_X_FORWARDED_PROTO", "https")',
      b: '("X-Forwarded-Proto", "https")',
    },
  ],
  'hsts-missing': [
    { setting: 'SECURE_HSTS_SECONDS', a: '31536000', b: '0' },
    MIDDLEWARE_ENABLING(SECURITY, { SECURE_HSTS_SECONDS: '0' }),
  ],
  'hsts-too-short': [{ setting: 'SECURE_HSTS_SECONDS', a: '31536000', b: '300' }],
  'hsts-subdomains-missing': [
    { setting: 'SECURE_HSTS_INCLUDE_SUBDOMAINS', a: 'True', b: 'False' },
    { setting: 'SECURE_HSTS_SECONDS', a: '0', b: '31536000', base: { SECURE_HSTS_INCLUDE_SUBDOMAINS: 'False' } },
  ],
  'hsts-preload-missing': [{ setting: 'SECURE_HSTS_PRELOAD', a: 'True', b: 'False' }],
  'session-cookie-insecure': [
    { setting: 'SESSION_COOKIE_SECURE', a: 'True', b: 'False' },
    {
      setting: 'INSTALLED_APPS',
      a: '["django.contrib.admin"]',
      b: '["django.contrib.sessions"]',
      base: { MIDDLEWARE: `[${SECURITY}]`, SESSION_COOKIE_SECURE: 'False' },
      open: '[*deploy_config.EXTRA_APPS, "django.contrib.admin"]',
    },
  ],
  'session-cookie-httponly-disabled': [{ setting: 'SESSION_COOKIE_HTTPONLY', a: 'True', b: 'False' }],
  'csrf-cookie-insecure': [
    { setting: 'CSRF_COOKIE_SECURE', a: 'True', b: 'False' },
    { setting: 'CSRF_USE_SESSIONS', a: 'True', b: 'False', base: { CSRF_COOKIE_SECURE: 'False' } },
  ],
  'csrf-cookie-httponly-disabled': [{ setting: 'CSRF_COOKIE_HTTPONLY', a: 'True', b: 'False' }],
  'csp-missing': [
    {
      setting: 'SECURE_CSP',
      a: BASE.SECURE_CSP!,
      b: '{}',
      open: '{**deploy_config.EXTRA_CSP}',
    },
    MIDDLEWARE_WITHOUT(CSP),
  ],
  'csp-unsafe-source': [
    {
      setting: 'SECURE_CSP',
      a: BASE.SECURE_CSP!,
      b: '{"default-src": ["\'self\'"], "script-src": ["\'unsafe-inline\'"]}',
      open: '{**deploy_config.EXTRA_CSP, "default-src": ["\'self\'"]}',
    },
  ],
  'x-frame-options-middleware-missing': [MIDDLEWARE_WITHOUT(CLICKJACKING)],
  'x-frame-options-weak': [{ setting: 'X_FRAME_OPTIONS', a: '"DENY"', b: '"SAMEORIGIN"' }],
  'secret-key-hardcoded': [{ setting: 'SECRET_KEY', a: 'os.environ["DJANGO_SECRET_KEY"]', b: STRONG_KEY }],
  'secret-key-weak': [{ setting: 'SECRET_KEY', a: STRONG_KEY, b: '"short"' }],
  'credential-hardcoded': [
    { setting: 'EMAIL_HOST_PASSWORD', a: 'os.environ["EMAIL_PASSWORD"]', b: '"hunter2-mail-pass"' },
    {
      setting: 'DATABASES',
      a: '{"default": {"PASSWORD": os.environ["DB_PASSWORD"]}}',
      b: '{"default": {"PASSWORD": "s3cr3t-pa55"}}',
      open: '{**deploy_config.DATABASES}',
    },
  ],
  'security-middleware-missing': [MIDDLEWARE_WITHOUT(SECURITY)],
  'csrf-middleware-missing': [MIDDLEWARE_WITHOUT(CSRF)],
  'content-type-nosniff-disabled': [{ setting: 'SECURE_CONTENT_TYPE_NOSNIFF', a: 'True', b: 'False' }],
  'referrer-policy-missing': [{ setting: 'SECURE_REFERRER_POLICY', a: '"same-origin"', b: 'None' }],
  'cross-origin-opener-policy-invalid': [
    { setting: 'SECURE_CROSS_ORIGIN_OPENER_POLICY', a: '"same-origin"', b: '"same-site"' },
  ],
};

/**
 * The constructs that make a setting unknown, as the lines that replace its assignment. A construct that
 * hides one setting must be named with it in the note; one that may set any name (a star import,
 * globals().update()) is covered by its own note at its line, naming the rule when the rule asked.
 */
interface Construct {
  name: string;
  lines(target: Target): string[] | undefined;
  expect: 'the setting' | 'the rule' | 'a note';
}

const CONSTRUCTS: Construct[] = [
  {
    name: 'an attribute of a module not in the repository',
    expect: 'the setting',
    lines: (t) => [`${t.setting} = deploy_config.${t.setting}`],
  },
  {
    name: 'the result of an unknown function',
    expect: 'the setting',
    lines: (t) => [`${t.setting} = deploy_config.load("${t.setting}")`],
  },
  {
    name: 'an undecided if that sets it differently on each branch',
    expect: 'the setting',
    lines: (t) => [
      'if os.environ["FEATURE"] == "on":',
      `    ${t.setting} = ${t.a}`,
      'else:',
      `    ${t.setting} = ${t.b}`,
    ],
  },
  {
    name: 'an environment read whose variable name is not known',
    expect: 'the setting',
    lines: (t) => [`${t.setting} = os.environ.get(deploy_config.PREFIX + "${t.setting}", ${t.b})`],
  },
  {
    name: 'a list or dict with members the model cannot see',
    expect: 'the setting',
    lines: (t) => (t.open ? [`${t.setting} = ${t.open}`] : undefined),
  },
  {
    name: 'a star import of a project module that is not in the repository',
    expect: 'the rule',
    lines: () => ['from .local_settings import *'],
  },
  {
    name: 'globals().update() with names the model cannot see',
    expect: 'a note',
    lines: () => ['globals().update(deploy_config.load())'],
  },
];

function source(target: Target, construct: string[]): string {
  const base = { ...BASE, ...target.base };
  delete base[target.setting];
  return py(
    'import os',
    'import deploy_config',
    ...Object.entries(base).map(([name, value]) => `${name} = ${value}`),
    ...construct,
  );
}

interface Outcome {
  findings: ReportedProblem[];
  notes: ReportedProblem[];
}

/** One rule on one settings module, with the notes the scan would add for it (src/scan.ts). */
async function judge(rule: SettingsRule, code: string): Promise<Outcome> {
  const settings = await settingsOf({ 'site/__init__.py': '', 'site/settings.py': code }, 'site.settings');
  const recorder = new UnjudgedRecorder();
  const findings: ReportedProblem[] = [];
  rule.check({
    settings: settings.askedBy(recorder.forRule(rule.id)),
    django: newestDjango(),
    deployment: {},
    report: (problem) => findings.push(problem),
  });
  const { notes } = unjudgedSettings(
    recorder.questions,
    settings.diagnostics,
    findings.map((problem) => ({ rule: rule.id, setting: problem.setting })),
  );
  return { findings, notes };
}

/** Whether a note lists `setting (…, rule, …)`; any setting when none is given. */
function names(note: ReportedProblem, rule: string, setting = '[A-Z][A-Z0-9_]*'): boolean {
  return [...note.message.matchAll(new RegExp(`\\b${setting} \\(([^)]*)\\)`, 'g'))].some((listed) =>
    listed[1]!.split(', ').includes(rule),
  );
}

const line = (code: string, text: string) => code.split('\n').findIndex((l) => l.includes(text)) + 1;

describe('every settings rule has targets in the matrix', () => {
  it('covers the registry', () => {
    expect(Object.keys(TARGETS).sort()).toEqual(SETTINGS_RULES.map((rule) => rule.id).sort());
  });
});

describe('no silent unknown: a finding, or a note naming the setting', () => {
  for (const rule of SETTINGS_RULES) {
    for (const target of TARGETS[rule.id] ?? []) {
      describe(`${rule.id} on ${target.setting}`, () => {
        it('judges both plain values, differently (the targets are sound)', async () => {
          const a = await judge(rule, source(target, [`${target.setting} = ${target.a}`]));
          const b = await judge(rule, source(target, [`${target.setting} = ${target.b}`]));
          expect(a.findings).toEqual([]);
          expect(b.findings.length).toBeGreaterThan(0);
          expect([...a.notes, ...b.notes]).toEqual([]);
        });
        for (const construct of CONSTRUCTS) {
          const lines = construct.lines(target);
          if (!lines) continue;
          it(construct.name, async () => {
            const code = source(target, lines);
            const { findings, notes } = await judge(rule, code);
            if (findings.length > 0) return;
            const at = notes.filter((note) => note.span.line === line(code, lines[0]!));
            if (construct.expect === 'the setting') {
              expect(notes.filter((note) => names(note, rule.id, target.setting))).toHaveLength(1);
            } else if (construct.expect === 'the rule') {
              expect(at.filter((note) => names(note, rule.id))).toHaveLength(1);
            } else {
              expect(at).toHaveLength(1);
            }
          });
        }
      });
    }
  }
});

describe('an undecided condition every branch agrees on: judged, with no note', () => {
  const cases: Array<{ rule: string; code: string; findings: number }> = [
    {
      rule: 'security-middleware-missing',
      code: py(
        `MIDDLEWARE = [${SECURITY}]`,
        'if os.environ["FEATURE"] == "on":',
        '    MIDDLEWARE = MIDDLEWARE + ["x.Y"]',
      ),
      findings: 0,
    },
    {
      rule: 'security-middleware-missing',
      code: py(`MIDDLEWARE = [${COMMON}]`, 'if deploy_config.METRICS_ENABLED:', '    MIDDLEWARE.append("x.Y")'),
      findings: 1,
    },
    {
      rule: 'csrf-middleware-missing',
      code: py(
        'try:',
        '    import debug_toolbar',
        `    MIDDLEWARE = [${CSRF}, "debug_toolbar.middleware.DebugToolbarMiddleware"]`,
        'except ImportError:',
        `    MIDDLEWARE = [${CSRF}]`,
      ),
      findings: 0,
    },
    {
      rule: 'debug-enabled',
      code: py('if os.environ["FEATURE"] == "on":', '    DEBUG = False', 'else:', '    DEBUG = 0'),
      findings: 0,
    },
    {
      rule: 'session-cookie-insecure',
      code: py(
        `MIDDLEWARE = [${SESSION}]`,
        'if os.environ["FEATURE"] == "on":',
        '    SESSION_COOKIE_SECURE = False',
        'else:',
        '    SESSION_COOKIE_SECURE = None',
      ),
      findings: 1,
    },
    {
      rule: 'session-cookie-insecure',
      code: py(`MIDDLEWARE = [${SESSION}]`, 'INSTALLED_APPS = ["django.contrib.sessions", *deploy_config.APPS]'),
      findings: 1,
    },
    {
      rule: 'allowed-hosts-wildcard',
      code: py(
        'if os.environ["FEATURE"] == "on":',
        '    ALLOWED_HOSTS = ["*"]',
        'else:',
        '    ALLOWED_HOSTS = ["*", "a.com"]',
      ),
      findings: 1,
    },
    {
      rule: 'x-frame-options-weak',
      code: py(
        `MIDDLEWARE = [${CLICKJACKING}]`,
        'X_FRAME_OPTIONS = "SAMEORIGIN" if os.environ["FEATURE"] == "on" else "ALLOWALL"',
      ),
      findings: 1,
    },
    {
      rule: 'hsts-too-short',
      code: py(`MIDDLEWARE = [${SECURITY}]`, 'SECURE_HSTS_SECONDS = 300 if os.environ["FEATURE"] == "on" else 3600'),
      findings: 1,
    },
  ];
  for (const testCase of cases) {
    it(`${testCase.rule}: ${testCase.code.replace(/\s+/g, ' ').slice(0, 110)}`, async () => {
      const rule = SETTINGS_RULES.find((r) => r.id === testCase.rule)!;
      const { findings, notes } = await judge(rule, py('import os', 'import deploy_config', testCase.code));
      expect(findings).toHaveLength(testCase.findings);
      expect(notes).toEqual([]);
    });
  }
});
