import { atLeast, seriesLabel, type DjangoTarget } from '../discover/django-version.js';
import type { SourceSpan } from '../finding.js';
import type { Setting, SettingsModel } from '../settings/settings-model.js';
import type { UnknownCause } from '../settings/unjudged.js';
import {
  agreed,
  anyTrue,
  describeEnvironment,
  dictGet,
  make,
  mergeEnv,
  outcomes,
  pyContains,
  truthy,
  type Answer,
  type EnvRead,
  type Value,
} from '../settings/value.js';
import { middlewareSetting } from './django-conditions.js';
import type { DeploymentFacts, SettingsRule } from './rule.js';

/**
 * Content Security Policy, as three providers apply it:
 * - Django 6.0+: `django.middleware.csp.ContentSecurityPolicyMiddleware` sends `SECURE_CSP` (a flat dict of
 *   directive -> sources) and `SECURE_CSP_REPORT_ONLY`; an empty dict sends no header (django/middleware/csp.py).
 * - django-csp 4.x: `csp.middleware.CSPMiddleware` sends `CONTENT_SECURITY_POLICY["DIRECTIVES"]` merged over
 *   `default-src 'self'`, but only when the setting is a non-empty dict: without it, no header at all
 *   (csp/utils.py build_policy). The 3.x `CSP_*` settings are ignored (csp.E001 when "csp" is an app).
 * - django-csp 3.x: the same middleware sends the `CSP_*` settings, `default-src 'self'` when none is set;
 *   `CSP_REPORT_ONLY = True` turns the one policy into a report-only header.
 */
export const DJANGO_CSP_MIDDLEWARE = 'django.middleware.csp.ContentSecurityPolicyMiddleware';
export const LIBRARY_CSP_MIDDLEWARE = [
  'csp.middleware.CSPMiddleware',
  'csp.contrib.rate_limiting.RateLimitedCSPMiddleware',
] as const;

/** The settings django-csp 4's csp.E001 check treats as django-csp 3 configuration (csp/checks.py). */
const LEGACY_DIRECTIVE_SETTINGS = [
  'CSP_CHILD_SRC',
  'CSP_CONNECT_SRC',
  'CSP_DEFAULT_SRC',
  'CSP_SCRIPT_SRC',
  'CSP_SCRIPT_SRC_ATTR',
  'CSP_SCRIPT_SRC_ELEM',
  'CSP_OBJECT_SRC',
  'CSP_STYLE_SRC',
  'CSP_STYLE_SRC_ATTR',
  'CSP_STYLE_SRC_ELEM',
  'CSP_FONT_SRC',
  'CSP_FRAME_SRC',
  'CSP_IMG_SRC',
  'CSP_MANIFEST_SRC',
  'CSP_MEDIA_SRC',
  'CSP_PREFETCH_SRC',
  'CSP_WORKER_SRC',
  'CSP_BASE_URI',
  'CSP_PLUGIN_TYPES',
  'CSP_SANDBOX',
  'CSP_FORM_ACTION',
  'CSP_FRAME_ANCESTORS',
  'CSP_NAVIGATE_TO',
  'CSP_REQUIRE_SRI_FOR',
  'CSP_REQUIRE_TRUSTED_TYPES_FOR',
  'CSP_TRUSTED_TYPES',
  'CSP_UPGRADE_INSECURE_REQUESTS',
  'CSP_BLOCK_ALL_MIXED_CONTENT',
  'CSP_REPORT_URI',
  'CSP_REPORT_TO',
];
const LEGACY_SETTINGS = [
  ...LEGACY_DIRECTIVE_SETTINGS,
  'CSP_REPORT_ONLY',
  'CSP_EXCLUDE_URL_PREFIXES',
  'CSP_REPORT_PERCENTAGE',
];

/**
 * What the engine can add to the deployment facts: django-csp's major version, read from the project's
 * requirements like Django's. Undefined means unknown; the settings' shape then stands in for it.
 */

/** Whether a setting is written in the settings: undefined when a star import the model cannot see may set it. */
function presence(settings: SettingsModel, name: string): Answer {
  if (settings.has(name)) return true;
  return settings.get(name).isAssigned ? undefined : false;
}

/** The first of `names` the settings set; undefined when none is set but an opaque import may set one. */
function firstPresent(settings: SettingsModel, names: readonly string[]): string | false | undefined {
  let undecided = false;
  for (const name of names) {
    const present = presence(settings, name);
    if (present === true) return name;
    if (present === undefined) undecided = true;
  }
  return undecided ? undefined : false;
}

const CSP_LIKE_PATH = /csp|content_?security_?policy/i;

interface MiddlewareFacts {
  /** The setting that lists the middleware (MIDDLEWARE, or MIDDLEWARE_CLASSES on old settings). */
  setting: Setting;
  /** Django 6's ContentSecurityPolicyMiddleware. */
  builtin: Answer;
  /** django-csp's CSPMiddleware (or its rate-limited variant). */
  library: Answer;
  /** Another middleware whose path names CSP (a subclass, django-security's): its policy is not known. */
  other: string | false | undefined;
}

/**
 * What the middleware list says about CSP providers, asked without recording: each rule records the
 * middleware as not judged only where an undecided answer stops it.
 */
function middlewareFacts(settings: SettingsModel, django: DjangoTarget): MiddlewareFacts {
  const setting = middlewareSetting(settings, django);
  const known = new Set<string>([DJANGO_CSP_MIDDLEWARE, ...LIBRARY_CSP_MIDDLEWARE]);
  const has = (path: string) => pyContains(setting.value, make('str', { value: path }, setting.origin));
  let undecided = false;
  let other: string | undefined;
  for (const value of outcomes(setting.value)) {
    if (value.kind !== 'list' && value.kind !== 'tuple') {
      undecided = true;
      continue;
    }
    if (value.open) undecided = true;
    for (const item of value.items) {
      for (const entry of outcomes(item)) {
        if (entry.kind !== 'str') undecided = true;
        else if (!known.has(entry.value) && CSP_LIKE_PATH.test(entry.value)) other ??= entry.value;
      }
    }
  }
  return {
    setting,
    builtin: has(DJANGO_CSP_MIDDLEWARE),
    library: anyTrue(LIBRARY_CSP_MIDDLEWARE.map(has)),
    other: other ?? (undecided ? undefined : false),
  };
}

/** Whether a policy setting makes the middleware send a header: established either way, or not known. */
type PolicyState = 'applies' | 'empty' | 'unknown';

/**
 * Whether one directive's value is rendered. Django 6 (django/utils/csp.py build_policy) skips None, False
 * and empty lists; django-csp 4 skips None and a lone False, and renders an empty list as a bare directive.
 */
function directiveRenders(value: Value, emptyRenders: boolean): Answer {
  return agreed<Answer>(
    outcomes(value).map((option) => {
      switch (option.kind) {
        case 'none':
          return false;
        case 'bool':
          return option.value;
        case 'int':
        case 'float':
          return option.value !== 0;
        case 'list':
        case 'tuple':
        case 'set': {
          if (option.items.length === 0) return option.open && !emptyRenders ? undefined : emptyRenders;
          const [only] = option.items;
          return option.items.length === 1 && only!.kind === 'bool' ? only!.value : true;
        }
        case 'unknown':
        case 'either':
          return undefined;
        default:
          return true;
      }
    }),
    undefined,
  );
}

/** `SECURE_CSP` / `SECURE_CSP_REPORT_ONLY` on Django 6: a non-empty dict with a rendered directive applies. */
function builtinPolicyState(value: Value): PolicyState {
  return agreed<PolicyState>(
    outcomes(value).map((option) => {
      if (option.kind === 'none') return 'empty';
      // Anything but a dict is security.E026, which Django's own check reports.
      if (option.kind !== 'dict') return 'unknown';
      const renders = anyTrue(option.entries.map(([, directive]) => directiveRenders(directive, false)));
      // Unseen directives (`{**BASE_CSP}`) may render.
      return renders === true ? 'applies' : renders === false && !option.open ? 'empty' : 'unknown';
    }),
    'unknown',
  );
}

/**
 * django-csp 4: `CONTENT_SECURITY_POLICY` applies when it is a non-empty dict. Its "DIRECTIVES" are merged
 * over `default-src 'self'`, so `{"EXCLUDE_URL_PREFIXES": [...]}` alone still sends `default-src 'self'`;
 * `"DIRECTIVES": None` sends nothing.
 */
function libraryPolicyState(value: Value): PolicyState {
  return agreed<PolicyState>(
    outcomes(value).map((option): PolicyState => {
      if (option.kind === 'none') return 'empty';
      if (option.kind !== 'dict') return 'unknown';
      if (option.entries.length === 0) return option.open ? 'unknown' : 'empty';
      if (option.entries.some(([key]) => key.kind !== 'str')) return 'unknown';
      const directives = dictGet(option, 'DIRECTIVES');
      if (directives === undefined) return option.open ? 'unknown' : 'applies';
      return agreed<PolicyState>(
        outcomes(directives).map((inner): PolicyState => {
          if (inner.kind === 'none') return 'empty';
          if (inner.kind !== 'dict' || inner.open) return 'unknown';
          const defaultSrc = dictGet(inner, 'default-src');
          const renders = anyTrue([
            defaultSrc === undefined ? true : directiveRenders(defaultSrc, true),
            ...inner.entries.map(([, directive]) => directiveRenders(directive, true)),
          ]);
          return renders === true ? 'applies' : renders === false ? 'empty' : 'unknown';
        }),
        'unknown',
      );
    }),
    'unknown',
  );
}

interface LibraryVersion {
  major: 3 | 4 | undefined;
  /** "django-csp 4 (requirements.txt)", or "django-csp 4" when the settings' shape suggests it. */
  label: string;
}

/**
 * Which django-csp the settings are written for: the deployment fact when the engine read it from the
 * requirements, else the settings' shape: only 3.x `CSP_*` settings are read as 3.x (they apply there), only
 * `CONTENT_SECURITY_POLICY*` as 4.x; both, neither, or settings the model cannot see leave it unknown.
 */
function libraryVersion(settings: SettingsModel, deployment: DeploymentFacts): LibraryVersion {
  const major = deployment.djangoCspMajor;
  const from = deployment.djangoCspSource ? ` (${deployment.djangoCspSource})` : '';
  if (major !== undefined && major >= 4) return { major: 4, label: `django-csp ${major}${from}` };
  if (major !== undefined) return { major: 3, label: `django-csp ${major}${from}` };
  const legacy = firstPresent(settings, LEGACY_SETTINGS);
  const modern = firstPresent(settings, ['CONTENT_SECURITY_POLICY', 'CONTENT_SECURITY_POLICY_REPORT_ONLY']);
  if (legacy && modern === false) return { major: 3, label: 'django-csp 3' };
  if (modern && legacy === false) return { major: 4, label: 'django-csp 4' };
  return { major: undefined, label: 'django-csp' };
}

interface LibraryPolicy {
  enforced: PolicyState;
  reportOnly: PolicyState;
}

function libraryPolicy(settings: SettingsModel, version: LibraryVersion): LibraryPolicy {
  if (version.major === 4) {
    return {
      enforced: libraryPolicyState(settings.get('CONTENT_SECURITY_POLICY').value),
      reportOnly: libraryPolicyState(settings.get('CONTENT_SECURITY_POLICY_REPORT_ONLY').value),
    };
  }
  if (version.major === 3) {
    // 3.x always sends its one policy (default-src 'self' at least), as report-only when CSP_REPORT_ONLY is true.
    const reportOnly = truthy(settings.get('CSP_REPORT_ONLY').value);
    if (reportOnly === undefined) return { enforced: 'unknown', reportOnly: 'unknown' };
    return reportOnly ? { enforced: 'empty', reportOnly: 'applies' } : { enforced: 'applies', reportOnly: 'empty' };
  }
  return { enforced: 'unknown', reportOnly: 'unknown' };
}

/**
 * Records why django-csp's policy is not known: the setting the version reads, or, when the version
 * itself is not known, that (at the middleware list, where django-csp is installed).
 */
function undecidedLibraryPolicy(settings: SettingsModel, version: LibraryVersion, middleware: Setting): void {
  if (version.major === 4) return settings.get('CONTENT_SECURITY_POLICY').undecided();
  if (version.major === 3) return settings.get('CSP_REPORT_ONLY').undecided();
  const opaque = [...LEGACY_SETTINGS, 'CONTENT_SECURITY_POLICY'].find((name) => presence(settings, name) === undefined);
  if (opaque) return settings.get(opaque).undecided();
  const cause: UnknownCause = {
    span: middleware.origin,
    why: 'which major version of django-csp production installs (4.x reads CONTENT_SECURITY_POLICY, 3.x the CSP_* settings)',
    hint: 'pin django-csp in the requirements the scanner reads (requirements.txt, pyproject.toml, a lock file)',
  };
  settings.get('CONTENT_SECURITY_POLICY').undecided([cause]);
}

function djangoLabel(django: DjangoTarget): string {
  return `Django ${seriesLabel(django)} (${django.source})`;
}

const BUILTIN_POLICY_EXAMPLE =
  'SECURE_CSP = {"default-src": [CSP.SELF], "object-src": [CSP.NONE], "base-uri": [CSP.NONE]} (from django.utils.csp import CSP)';
const LIBRARY_POLICY_EXAMPLE =
  'CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [SELF], "object-src": [NONE], "base-uri": [NONE]}} (from csp.constants import NONE, SELF)';

/** "SECURE_CSP is {} when CSP_ENABLED is unset" or "SECURE_CSP is not set". */
function stated(setting: Setting): string {
  return setting.isAssigned ? `${setting.name} is ${setting.describe()}` : `${setting.name} is not set`;
}

export const cspMissing: SettingsRule = {
  kind: 'settings',
  id: 'csp-missing',
  level: 'warning',
  summary: 'No Content Security Policy is enforced in production',
  djangoChecks: [],
  seedItem: 6,
  securitySeverity: 5.4,
  tags: ['security', 'settings', 'xss', 'csp'],
  check({ settings, django, deployment, report }) {
    const builtinAvailable = atLeast(django, 6, 0);
    const middleware = middlewareFacts(settings, django);
    const version = libraryVersion(settings, deployment);
    const library = libraryPolicy(settings, version);
    const secureCsp = settings.get('SECURE_CSP');
    const secureCspReportOnly = settings.get('SECURE_CSP_REPORT_ONLY');
    const builtinEnforced = builtinPolicyState(secureCsp.value);
    const builtinReportOnly = builtinPolicyState(secureCspReportOnly.value);
    const middlewareSetting = middleware.setting;

    // An enforced policy that applies: nothing to report.
    if (builtinAvailable && middleware.builtin === true && builtinEnforced === 'applies') return;
    if (middleware.library === true && library.enforced === 'applies') return;
    // A provider the model does not know: its policy is not for this rule to judge (see the docs).
    if (typeof middleware.other === 'string') return;
    // A middleware list, a policy or a django-csp version the model cannot read: say so, judge nothing.
    if (middleware.other === undefined || middleware.builtin === undefined || middleware.library === undefined) {
      middlewareSetting.undecided();
      return;
    }
    if (builtinAvailable && middleware.builtin && builtinEnforced === 'unknown') {
      secureCsp.undecided();
      return;
    }
    if (middleware.library && library.enforced === 'unknown') {
      undecidedLibraryPolicy(settings, version, middlewareSetting);
      return;
    }

    // From here no installed provider sends an enforced policy; say why, the most specific reason first.
    // django-csp 4 with django-csp 3 settings: the policy the project wrote is silently ignored.
    const legacy = firstPresent(settings, LEGACY_SETTINGS);
    if (middleware.library && version.major === 4 && legacy) {
      const setting = settings.get(legacy);
      report({
        span: setting.origin,
        setting: legacy,
        message: `${version.label} ignores the django-csp 3 settings such as ${legacy}, and ${stated(settings.get('CONTENT_SECURITY_POLICY'))}: the middleware sends ${library.reportOnly === 'applies' ? 'only the report-only policy' : 'no Content-Security-Policy header'}, so the policy written here never applies.`,
        fix: 'Move the CSP_* settings into CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [SELF], …}} (manage.py check prints the converted dict as csp.E001 when "csp" is in INSTALLED_APPS), then delete them',
      });
      return;
    }

    // Django's settings without Django's middleware, or on a Django that does not have them.
    const builtinSetting = [secureCsp, secureCspReportOnly].find(
      (setting) => presence(settings, setting.name) === true && truthy(setting.value) !== false,
    );
    if (!builtinAvailable && (builtinSetting || middleware.builtin)) {
      const where = builtinSetting ?? middlewareSetting;
      report({
        span: where.origin,
        setting: builtinSetting?.name ?? middlewareSetting.name,
        message: `${builtinSetting ? `${builtinSetting.name} is set` : `${middlewareSetting.name} lists ${DJANGO_CSP_MIDDLEWARE}`}, but Django's built-in Content Security Policy only exists from Django 6.0 and this project targets ${djangoLabel(django)}: no Content-Security-Policy header is sent${middleware.builtin ? ', and the middleware fails to import' : ''}.`,
        fix: `Upgrade to Django 6.0+ (MIDDLEWARE += ["${DJANGO_CSP_MIDDLEWARE}"]), or use django-csp: MIDDLEWARE += ["csp.middleware.CSPMiddleware"] and ${LIBRARY_POLICY_EXAMPLE}`,
      });
      return;
    }
    if (builtinAvailable && builtinSetting && !middleware.builtin) {
      report({
        span: builtinSetting.origin,
        setting: builtinSetting.name,
        message: `${builtinSetting.name} is set, but ${DJANGO_CSP_MIDDLEWARE} is not in ${middlewareSetting.name}: Django sends no ${builtinSetting === secureCsp ? 'Content-Security-Policy' : 'Content-Security-Policy-Report-Only'} header, so the policy never reaches the browser.`,
        fix: `${middlewareSetting.name} += ["${DJANGO_CSP_MIDDLEWARE}"] (next to SecurityMiddleware)`,
      });
      return;
    }

    // django-csp's settings without its middleware.
    const librarySetting = [
      settings.get('CONTENT_SECURITY_POLICY'),
      settings.get('CONTENT_SECURITY_POLICY_REPORT_ONLY'),
    ]
      .filter((setting) => presence(settings, setting.name) === true && truthy(setting.value) !== false)
      .concat(legacy ? [settings.get(legacy)] : [])[0];
    if (librarySetting && !middleware.library) {
      report({
        span: librarySetting.origin,
        setting: librarySetting.name,
        message: `${librarySetting.name} is set, but django-csp's middleware (csp.middleware.CSPMiddleware) is not in ${middlewareSetting.name}: no Content-Security-Policy header is sent.`,
        fix: `${middlewareSetting.name} += ["csp.middleware.CSPMiddleware"]`,
      });
      return;
    }

    // A report-only policy alone: violations are reported, nothing is blocked.
    const reportOnly =
      builtinAvailable && middleware.builtin && builtinReportOnly === 'applies'
        ? { setting: secureCspReportOnly, enforce: 'SECURE_CSP = {…the tested directives…}' }
        : middleware.library && version.major === 4 && library.reportOnly === 'applies'
          ? {
              setting: settings.get('CONTENT_SECURITY_POLICY_REPORT_ONLY'),
              enforce: 'CONTENT_SECURITY_POLICY = {"DIRECTIVES": {…the tested directives…}}',
            }
          : middleware.library && version.major === 3 && library.reportOnly === 'applies'
            ? { setting: settings.get('CSP_REPORT_ONLY'), enforce: 'CSP_REPORT_ONLY = False' }
            : undefined;
    if (reportOnly) {
      report({
        span: reportOnly.setting.origin,
        setting: reportOnly.setting.name,
        level: 'note',
        message: `Only a report-only Content Security Policy is sent (${stated(reportOnly.setting)}): browsers report violations but block nothing, so injected scripts still run.`,
        fix: `Once the reports are clean, enforce the policy: ${reportOnly.enforce}`,
      });
      return;
    }

    // A provider installed with an empty policy.
    if (middleware.library && version.major === 4) {
      const policy = settings.get('CONTENT_SECURITY_POLICY');
      report({
        span: policy.isAssigned ? policy.origin : middlewareSetting.origin,
        setting: 'CONTENT_SECURITY_POLICY',
        message: `csp.middleware.CSPMiddleware is installed, but ${stated(policy)}: ${version.label} sends no Content-Security-Policy header without a non-empty CONTENT_SECURITY_POLICY.`,
        fix: LIBRARY_POLICY_EXAMPLE,
      });
      return;
    }
    if (builtinAvailable && middleware.builtin) {
      report({
        span: secureCsp.isAssigned ? secureCsp.origin : middlewareSetting.origin,
        setting: 'SECURE_CSP',
        message: `${DJANGO_CSP_MIDDLEWARE} is installed, but ${secureCsp.isAssigned ? `SECURE_CSP is ${secureCsp.describe()}` : "SECURE_CSP is not set (Django's default is {})"}: ${truthy(secureCsp.value) ? 'none of its directives has a source, so the header Django sends is empty and restricts nothing' : 'Django sends no Content-Security-Policy header for an empty policy'}.`,
        fix: BUILTIN_POLICY_EXAMPLE,
      });
      return;
    }

    // No provider at all.
    report({
      span: middlewareSetting.origin,
      setting: middlewareSetting.name,
      message: builtinAvailable
        ? `No Content Security Policy is applied: ${middlewareSetting.name} has neither Django's ${DJANGO_CSP_MIDDLEWARE} nor django-csp's CSPMiddleware, so nothing limits where scripts may come from and an injected script runs.`
        : `No Content Security Policy is applied: ${djangoLabel(django)} has no built-in CSP and ${middlewareSetting.name} lacks django-csp's csp.middleware.CSPMiddleware, so nothing limits where scripts may come from and an injected script runs.`,
      fix: builtinAvailable
        ? `${middlewareSetting.name} += ["${DJANGO_CSP_MIDDLEWARE}"] and ${BUILTIN_POLICY_EXAMPLE}`
        : `pip install "django-csp>=4", ${middlewareSetting.name} += ["csp.middleware.CSPMiddleware"] and ${LIBRARY_POLICY_EXAMPLE}`,
    });
  },
  docs: {
    what: "Checks that production sends an enforced `Content-Security-Policy` header, through Django 6's `ContentSecurityPolicyMiddleware` and `SECURE_CSP`, or through django-csp's `CSPMiddleware` and its settings (`CONTENT_SECURITY_POLICY` in 4.x, `CSP_*` in 3.x). It also catches the ways a written policy silently never applies: the middleware missing, `SECURE_CSP` on a Django older than 6.0, and django-csp 4 installed with django-csp 3's `CSP_*` settings.",
    why: 'A Content Security Policy tells the browser where scripts, styles and other resources may come from. When an attacker manages to inject markup (a template rendered with `|safe`, a `mark_safe` on user input, a third-party widget), the policy is what stops the injected script from running. Django escapes template output but sends no policy unless told to, and `check --deploy` does not notice its absence. The traps are quiet: `SECURE_CSP` without the middleware, or django-csp 4 with the old settings, both leave the site with no header at all while the settings look fine.',
    example: `# Django 6.x: the policy is written, but nothing sends it
from django.utils.csp import CSP

SECURE_CSP = {"default-src": [CSP.SELF]}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # ...
]`,
    useInstead: `from django.utils.csp import CSP

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # ...
]

# Before Django 6.0, with django-csp 4:
# MIDDLEWARE += ["csp.middleware.CSPMiddleware"]
# CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [SELF], "object-src": [NONE]}}`,
    notes: [
      "Django 6.0+: the policy applies when `django.middleware.csp.ContentSecurityPolicyMiddleware` is in `MIDDLEWARE` and `SECURE_CSP` is a dict with at least one directive Django renders (an empty dict, the default, sends no header). `SECURE_CSP` set without the middleware is reported at the setting. Before 6.0 the setting does not exist and is reported as doing nothing; the Django version is the one the project's requirements name, the newest release when none does.",
      "django-csp 4.x sends nothing unless `CONTENT_SECURITY_POLICY` is a non-empty dict; its `DIRECTIVES` are merged over `default-src 'self'`. django-csp 3.x sends `default-src 'self'` with the middleware alone, and whatever `CSP_*` settings add. django-csp 4 ignores the `CSP_*` settings (its csp.E001 check says so only when `\"csp\"` is in `INSTALLED_APPS`, and only under `manage.py check`, not under gunicorn).",
      "The django-csp version comes from the project's requirements when the scanner knows it. Otherwise the settings' shape decides: `CSP_*` settings alone are taken as django-csp 3 (their policy applies), `CONTENT_SECURITY_POLICY` alone as django-csp 4. With the middleware and no policy setting at all, or with both shapes, nothing is reported until the version is known.",
      'A report-only policy alone (`SECURE_CSP_REPORT_ONLY`, `CONTENT_SECURITY_POLICY_REPORT_ONLY`, or `CSP_REPORT_ONLY = True` in django-csp 3) is a note: violations are reported, nothing is blocked.',
      "Another middleware whose path names CSP (a subclass of Django's or django-csp's, django-security's `ContentSecurityPolicyMiddleware`) is taken as a provider whose policy the scanner cannot see: nothing is reported. A policy set by the web server or CDN is invisible to the settings: turn the rule off for that project in the config file (`rules: {csp-missing: off}`), or keep the finding in the baseline.",
      'Settings the scanner cannot evaluate (an undecided branch whose outcomes differ, a module that is not in the repository, a value built at runtime, an unknown django-csp version) are not reported; a `settings-incomplete` note names each of them and what would make it judgeable.',
    ],
    references: [
      { title: 'Django: Content Security Policy', url: 'https://docs.djangoproject.com/en/stable/ref/csp/' },
      { title: 'Django how-to: using CSP', url: 'https://docs.djangoproject.com/en/stable/howto/csp/' },
      {
        title: 'Django settings: SECURE_CSP',
        url: 'https://docs.djangoproject.com/en/stable/ref/settings/#secure-csp',
      },
      {
        title: 'django-csp: configuration',
        url: 'https://django-csp.readthedocs.io/en/latest/configuration.html',
      },
      {
        title: 'django-csp 4.0 migration guide',
        url: 'https://django-csp.readthedocs.io/en/latest/migration-guide.html',
      },
      {
        title: 'MDN: Content Security Policy',
        url: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CSP',
      },
    ],
  },
};

// ---------------------------------------------------------------------------------------------------------
// csp-unsafe-source

/** One source expression of a directive, with the value it was written in. */
interface Source {
  /** Lower-cased, as browsers compare keywords and schemes. */
  token: string;
  written: string;
  item: Value;
}

/** A directive as the model knows it: sources certain on every path, sources possible on some, or unknown parts. */
interface Directive {
  name: string;
  /** Whether the header carries the directive: undefined when an undecided branch or an unknown value decides. */
  present: Answer;
  certain: Source[];
  possible: Set<string>;
  /** Some part of the value is unknown, so any source may be in it. */
  open: boolean;
  /** Values the directive's sources were computed through (for "when CSP_SCRIPT is unset"). */
  through: Value[];
}

function tokensOf(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/** The sources of one list item (or of a string directive value): certain on every path, possible on some. */
function itemSources(item: Value): { certain: Source[]; possible: string[]; open: boolean } {
  const perOption: Array<Source[] | undefined> = outcomes(item).map((option) => {
    if (option.kind === 'str')
      return tokensOf(option.value).map((written) => ({ token: written.toLowerCase(), written, item: option }));
    // An unknown value may be any source; None, a bool or a number is none.
    return option.kind === 'unknown' || option.kind === 'object' ? undefined : [];
  });
  const known = perOption.filter((sources): sources is Source[] => sources !== undefined);
  const open = known.length < perOption.length;
  const possible = known.flat().map((source) => source.token);
  const certain = open
    ? []
    : (known[0] ?? []).filter((source) => known.every((sources) => sources.some((s) => s.token === source.token)));
  return { certain, possible, open };
}

interface DirectiveOption {
  present: Answer;
  sources: Source[];
  possible: string[];
  open: boolean;
}

function directiveOption(option: Value, emptyIsAbsent: boolean): DirectiveOption {
  const none: DirectiveOption = { present: false, sources: [], possible: [], open: false };
  switch (option.kind) {
    case 'unknown':
    case 'either':
      return { present: undefined, sources: [], possible: [], open: true };
    case 'none':
      return none;
    case 'bool':
      return option.value ? { ...none, present: true } : none;
    case 'str': {
      const found = itemSources(option);
      return { present: true, sources: found.certain, possible: found.possible, open: false };
    }
    case 'list':
    case 'tuple':
    case 'set': {
      if (option.items.length === 0 && emptyIsAbsent) return none;
      const found = option.items.map(itemSources);
      return {
        present: true,
        sources: found.flatMap((f) => f.certain),
        possible: found.flatMap((f) => f.possible),
        open: found.some((f) => f.open),
      };
    }
    default:
      return { ...none, present: true };
  }
}

/** A directive's value, under the rendering rules of its provider (see directiveRenders). */
function directiveOf(name: string, value: Value, emptyIsAbsent: boolean, through: Value[]): Directive {
  const perOption = outcomes(value).map((option) => directiveOption(option, emptyIsAbsent));
  const answers = perOption.map((option) => option.present);
  const present = answers.every((p) => p === true) ? true : answers.every((p) => p === false) ? false : undefined;
  const [first] = perOption;
  const certain =
    present === true && first
      ? first.sources.filter((source) =>
          perOption.every((option) => option.sources.some((s) => s.token === source.token)),
        )
      : [];
  return {
    name,
    present,
    certain,
    possible: new Set(perOption.flatMap((option) => option.possible)),
    open: perOption.some((option) => option.open),
    through: [...through, value],
  };
}

/** One enforced policy, as a lookup of its directives. */
interface Policy {
  /** The setting the policy is written in, for messages and the finding's `setting`. */
  setting: string;
  /** How a directive is named in the settings: `SECURE_CSP["script-src"]`, `CSP_SCRIPT_SRC`. */
  label(directive: string): string;
  directive(name: string): Directive;
  /** Records the setting that holds a directive as not judged (an unknown part, an undecided branch). */
  undecided(directive: string): void;
  /** How the project adds a nonce, for the fix. */
  nonceFix: string;
  hostFix: string;
}

/** A dict of directives (Django 6's SECURE_CSP, django-csp 4's DIRECTIVES) as a policy lookup. */
function dictPolicy(
  dict: Value & { kind: 'dict' },
  emptyIsAbsent: boolean,
  through: Value[],
): (name: string) => Directive {
  const keysKnown = !dict.open && dict.entries.every(([key]) => key.kind === 'str');
  return (name) => {
    const entry = dict.entries.find(([key]) => key.kind === 'str' && key.value.toLowerCase() === name);
    if (entry) return directiveOf(name, entry[1], emptyIsAbsent, [...through, dict]);
    return {
      name,
      present: keysKnown ? false : undefined,
      certain: [],
      possible: new Set(),
      open: !keysKnown,
      through,
    };
  };
}

const NONCE_OR_HASH = /^'(nonce-[^']+|sha(256|384|512)-[^']+)'$|^<csp_nonce_sentinel>$/;
const STRICT_DYNAMIC = "'strict-dynamic'";

interface Risk {
  /** Which directives it matters in. */
  directives: readonly string[];
  /** Browsers ignore it next to a nonce or hash (CSP2+). */
  ignoredWithNonceOrHash: boolean;
  /** Browsers ignore it next to 'strict-dynamic' (CSP3). */
  ignoredWithStrictDynamic: boolean;
  why(directive: string): string;
  fix(policy: Policy, directive: string): string;
}

const SCRIPT_FETCH = ['script-src', 'script-src-elem', 'default-src'] as const;

const RISKS = new Map<string, Risk>(
  Object.entries({
    "'unsafe-inline'": {
      directives: ['script-src', 'script-src-elem', 'script-src-attr', 'default-src'],
      ignoredWithNonceOrHash: true,
      ignoredWithStrictDynamic: true,
      why: (directive: string) =>
        `${directive === 'script-src-attr' ? 'on* event attributes run' : directive === 'script-src-elem' ? 'inline <script> blocks run' : 'inline <script> blocks and on* event attributes run'}, so markup an attacker injects executes and the policy does not stop XSS`,
      fix: (policy: Policy, directive: string) =>
        directive === 'script-src-attr'
          ? `Replace on* attributes with addEventListener() in static files and drop 'unsafe-inline' from ${policy.label(directive)}`
          : `Move inline scripts to static files or give them a nonce: ${policy.nonceFix}`,
    },
    "'unsafe-eval'": {
      directives: ['script-src', 'default-src'],
      ignoredWithNonceOrHash: false,
      ignoredWithStrictDynamic: false,
      why: () => 'eval(), new Function() and string timers turn text into code, so data an attacker controls can run',
      fix: () =>
        "Remove 'unsafe-eval' and replace eval()/new Function() in the scripts ('wasm-unsafe-eval' if only WebAssembly needs it)",
    },
    '*': {
      directives: SCRIPT_FETCH,
      ignoredWithNonceOrHash: false,
      ignoredWithStrictDynamic: true,
      why: () => 'scripts may load from any host, including one an attacker controls',
      fix: (policy: Policy) => `List the hosts scripts come from instead: ${policy.hostFix}`,
    },
    'http:': {
      directives: SCRIPT_FETCH,
      ignoredWithNonceOrHash: false,
      ignoredWithStrictDynamic: true,
      why: () => 'scripts may load from any host over plain HTTP, which anyone on the network path can also rewrite',
      fix: (policy: Policy) => `List the hosts scripts come from, over https: ${policy.hostFix}`,
    },
    'https:': {
      directives: SCRIPT_FETCH,
      ignoredWithNonceOrHash: false,
      ignoredWithStrictDynamic: true,
      why: () => 'scripts may load from any HTTPS host, including one an attacker controls',
      fix: (policy: Policy) => `List the hosts scripts come from instead: ${policy.hostFix}`,
    },
    'data:': {
      directives: SCRIPT_FETCH,
      ignoredWithNonceOrHash: false,
      ignoredWithStrictDynamic: true,
      why: () => 'a data: URL is a script the attacker writes into the page itself (<script src="data:...">)',
      fix: () => 'Remove data: from the script sources (keep it in img-src if images need it)',
    },
  } satisfies Record<string, Risk>),
);

function isNeutralised(directive: Directive, test: (token: string) => boolean): boolean {
  // An unknown part of the directive may be a nonce, a hash or 'strict-dynamic': then nothing is established.
  return directive.open || [...directive.possible].some(test);
}

/** The enforced policies production sends, each established by the settings; none when that is not known. */
function enforcedPolicies(settings: SettingsModel, django: DjangoTarget, deployment: DeploymentFacts): Policy[][] {
  const middleware = middlewareFacts(settings, django);
  const policies: Policy[][] = [];
  // A middleware that names CSP but is neither provider may be a subclass of either: its settings then apply.
  const other = typeof middleware.other === 'string';
  const builtinAvailable = atLeast(django, 6, 0);
  if (
    middleware.other === undefined ||
    middleware.library === undefined ||
    (builtinAvailable && middleware.builtin === undefined)
  ) {
    middleware.setting.undecided();
  }

  if (builtinAvailable && (middleware.builtin === true || other)) {
    const setting = settings.get('SECURE_CSP');
    policies.push(
      outcomes(setting.value).map((option) =>
        option.kind === 'dict'
          ? {
              setting: 'SECURE_CSP',
              label: (name: string) => `SECURE_CSP["${name}"]`,
              directive: dictPolicy(option, true, [setting.value]),
              undecided: () => setting.undecided(),
              nonceFix:
                '"script-src": [CSP.SELF, CSP.NONCE] (with the csp context processor and nonce="{{ csp_nonce }}")',
              hostFix: '"script-src": [CSP.SELF, "https://cdn.example.com"]',
            }
          : otherPolicy(setting, option),
      ),
    );
  }

  if (middleware.library === true || other) {
    const version = libraryVersion(settings, deployment);
    if (version.major === 4) {
      const setting = settings.get('CONTENT_SECURITY_POLICY');
      policies.push(
        outcomes(setting.value).flatMap((option): Policy[] => {
          if (option.kind !== 'dict') return [otherPolicy(setting, option)];
          const directives = dictGet(option, 'DIRECTIVES') ?? { ...option, kind: 'dict', entries: [] };
          return outcomes(directives).map((inner) =>
            inner.kind === 'dict'
              ? {
                  setting: 'CONTENT_SECURITY_POLICY',
                  label: (name: string) => `CONTENT_SECURITY_POLICY["DIRECTIVES"]["${name}"]`,
                  directive: withDefaultSelf(dictPolicy(inner, false, [setting.value, option])),
                  undecided: () => setting.undecided(),
                  nonceFix:
                    '"script-src": [SELF, NONCE] (from csp.constants; nonce="{{ request.csp_nonce }}" in templates)',
                  hostFix: '"script-src": [SELF, "https://cdn.example.com"]',
                }
              : otherPolicy(setting, inner),
          );
        }),
      );
    } else if (version.major === 3) {
      const reportOnly = settings.get('CSP_REPORT_ONLY');
      const enforced = truthy(reportOnly.value);
      if (enforced === false) policies.push([legacyPolicy(settings)]);
      else if (enforced === undefined) reportOnly.undecided();
    } else {
      undecidedLibraryPolicy(settings, version, middleware.setting);
    }
  }
  return policies;
}

/** django-csp 4 merges DIRECTIVES over `default-src 'self'`: without the key, default-src is 'self'. */
function withDefaultSelf(lookup: (name: string) => Directive): (name: string) => Directive {
  return (name) => {
    const directive = lookup(name);
    if (name !== 'default-src' || directive.present !== false || directive.open) return directive;
    return { ...directive, present: true };
  };
}

/**
 * A policy setting that is not a dict: None (or another value Django rejects) sends no directive; a value
 * the model cannot see may send any, and is recorded as not judged when a rule asks.
 */
function otherPolicy(setting: Setting, option: Value): Policy {
  const unknown = option.kind === 'unknown';
  return {
    setting: setting.name,
    label: (name) => name,
    directive: (name) => ({
      name,
      present: unknown ? undefined : false,
      certain: [],
      possible: new Set(),
      open: unknown,
      through: [],
    }),
    undecided: () => setting.undecided(option),
    nonceFix: '',
    hostFix: '',
  };
}

/** django-csp 3: one setting per directive, `CSP_SCRIPT_SRC` for script-src. */
function legacyPolicy(settings: SettingsModel): Policy {
  const nonceIn = settings.has('CSP_INCLUDE_NONCE_IN') ? settings.get('CSP_INCLUDE_NONCE_IN').value : undefined;
  const settingOf = (name: string) => `CSP_${name.toUpperCase().replace(/-/g, '_')}`;
  return {
    setting: 'CSP_*',
    label: settingOf,
    undecided: (name) => settings.get(settingOf(name)).undecided(),
    directive: (name) => {
      const settingName = settingOf(name);
      const present = presence(settings, settingName);
      if (present === false) {
        // CSP_DEFAULT_SRC defaults to ("'self'",), which no rule here objects to.
        return { name, present: name === 'default-src', certain: [], possible: new Set(), open: false, through: [] };
      }
      const setting = settings.get(settingName);
      const directive = directiveOf(name, setting.value, false, []);
      // 3.x adds the nonce (when a template used it) to the directives CSP_INCLUDE_NONCE_IN names; only an
      // explicit setting counts: its default, ["default-src"], says nothing about the project using nonces.
      if (nonceIn !== undefined) {
        for (const option of outcomes(nonceIn)) {
          const entries =
            option.kind === 'list' || option.kind === 'tuple' || option.kind === 'set' ? option.items : [option];
          for (const entry of entries.map(itemSources)) {
            if (entry.open) directive.open = true;
            if (entry.possible.includes(name)) directive.possible.add('<csp_nonce_sentinel>');
          }
        }
      }
      return directive;
    },
    nonceFix: `${settingOf('script-src')} = ("'self'",) with CSP_INCLUDE_NONCE_IN = ("script-src",) and nonce="{{ request.csp_nonce }}" on the scripts`,
    hostFix: `${settingOf('script-src')} = ("'self'", "https://cdn.example.com")`,
  };
}

interface UnsafeSource {
  key: string;
  source: Source;
  directive: Directive;
  governsBecause?: string;
  policy: Policy;
}

/**
 * The unsafe sources one policy establishes, keyed by directive and source; a script directive the model
 * cannot fully see (present on some branches only, an unknown part, a risky source on some branches) is
 * recorded as not judged.
 */
function unsafeSourcesOf(policy: Policy): UnsafeSource[] {
  const found: UnsafeSource[] = [];
  const scriptSrc = policy.directive('script-src');
  const checked: Array<{ directive: Directive; governsBecause?: string }> = [];
  const undecided = (directive: Directive) => policy.undecided(directive.name);
  const consider = (directive: Directive, governsBecause?: string) => {
    if (directive.present === true) checked.push({ directive, ...(governsBecause ? { governsBecause } : {}) });
    else if (directive.present === undefined) undecided(directive);
  };
  consider(scriptSrc);
  for (const name of ['script-src-elem', 'script-src-attr']) consider(policy.directive(name));
  // Scripts fall back to default-src only when script-src is absent.
  if (scriptSrc.present === false && !scriptSrc.open) {
    consider(policy.directive('default-src'), 'script-src is not set');
  }
  for (const { directive } of checked) {
    const onSomeBranches = [...directive.possible].some(
      (token) =>
        RISKS.get(token)?.directives.includes(directive.name) &&
        !directive.certain.some((source) => source.token === token),
    );
    if (directive.open || onSomeBranches) undecided(directive);
  }
  for (const { directive, governsBecause } of checked) {
    const nonceOrHash = isNeutralised(directive, (token) => NONCE_OR_HASH.test(token));
    const strictDynamic = isNeutralised(directive, (token) => token === STRICT_DYNAMIC);
    for (const source of directive.certain) {
      const risk = RISKS.get(source.token);
      if (!risk || !risk.directives.includes(directive.name)) continue;
      if (risk.ignoredWithNonceOrHash && nonceOrHash) continue;
      if (risk.ignoredWithStrictDynamic && strictDynamic) continue;
      found.push({ key: `${directive.name}\0${source.token}`, source, directive, governsBecause, policy });
    }
  }
  return found;
}

function conditionsOf(values: readonly Value[]): readonly EnvRead[] {
  return mergeEnv(...values.map((value) => mergeEnv(value.env, value.conditions ?? [])));
}

function spanKey(span: SourceSpan): string {
  return `${span.file}:${span.line}:${span.column}`;
}

export const cspUnsafeSource: SettingsRule = {
  kind: 'settings',
  id: 'csp-unsafe-source',
  level: 'warning',
  summary:
    "The Content Security Policy lets scripts run from unsafe sources ('unsafe-inline', 'unsafe-eval', *, http:, https:, data:)",
  djangoChecks: [],
  seedItem: 6,
  securitySeverity: 5.4,
  tags: ['security', 'settings', 'xss', 'csp'],
  check({ settings, django, deployment, report }) {
    const reported = new Set<string>();
    for (const alternatives of enforcedPolicies(settings, django, deployment)) {
      // An undecided branch between policies: only what every branch establishes is reported.
      const perAlternative = alternatives.map(unsafeSourcesOf);
      const [first = []] = perAlternative;
      const inEvery = (key: string) => perAlternative.every((found) => found.some((other) => other.key === key));
      const branchOnly = perAlternative.flat().find((unsafe) => !inEvery(unsafe.key));
      if (branchOnly) branchOnly.policy.undecided(branchOnly.directive.name);
      for (const unsafe of first) {
        if (!inEvery(unsafe.key)) continue;
        const { source, directive, governsBecause, policy } = unsafe;
        const where = `${spanKey(source.item.span)}\0${unsafe.key}`;
        if (reported.has(where)) continue;
        reported.add(where);
        const risk = RISKS.get(source.token)!;
        const how = describeEnvironment(conditionsOf([...directive.through, source.item]), source.item.span);
        const named = governsBecause
          ? `${policy.label(directive.name)}, which governs scripts because ${governsBecause},`
          : policy.label(directive.name);
        report({
          span: source.item.span,
          setting: policy.setting === 'CSP_*' ? policy.label(directive.name) : policy.setting,
          message: `${named} allows ${source.written.startsWith("'") ? source.written : `"${source.written}"`}${how ? ` ${how}` : ''}: ${risk.why(directive.name)}.`,
          fix: risk.fix(policy, directive.name),
        });
      }
    }
  },
  docs: {
    what: "Flags sources in the enforced Content Security Policy that let scripts run anyway: `'unsafe-inline'`, `'unsafe-eval'`, `*`, `http:`, `https:` and `data:` in `script-src`, `script-src-elem` and `script-src-attr`, and in `default-src` when `script-src` is not set (scripts then fall back to it). It reads all three shapes: Django 6's `SECURE_CSP` (with `django.utils.csp.CSP` constants), django-csp 4's `CONTENT_SECURITY_POLICY[\"DIRECTIVES\"]` and django-csp 3's `CSP_SCRIPT_SRC`-style tuples.",
    why: "A policy's value is in what it refuses. `'unsafe-inline'` lets any inline `<script>` or `onerror=` attribute run, which is exactly what a cross-site scripting payload is; `'unsafe-eval'` turns strings into code; `*`, `http:`, `https:` and `data:` let a script come from anywhere, a host the attacker runs or a `data:` URL they write into the page. With one of these in the script directives the header is present, scanners see a policy, and injected scripts run as if there were none.",
    example: `from django.utils.csp import CSP

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE, "https:"],
}`,
    useInstead: `from django.utils.csp import CSP

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE, "https://cdn.example.com"],
}
# templates: <script nonce="{{ csp_nonce }}">, with
# "django.template.context_processors.csp" in the context processors`,
    notes: [
      "`'unsafe-inline'` next to a nonce or a hash (`'nonce-…'`, `CSP.NONCE`, `'sha256-…'`) in the same directive is not reported: browsers supporting CSP level 2 or later ignore it then, and it only serves older browsers. Django and django-csp put the nonce in the header only on responses whose template used it; on other pages `'unsafe-inline'` stays in effect, so keep it out of policies that do not need it.",
      "Next to `'strict-dynamic'` (CSP level 3), browsers ignore `'unsafe-inline'`, host sources and schemes in script directives, so they are not reported there; `'unsafe-eval'` still is.",
      'For django-csp 3, a nonce counts only when `CSP_INCLUDE_NONCE_IN` is set and names the directive: its default, `["default-src"]`, says nothing about the project using nonces.',
      "`'unsafe-inline'` in `style-src` and `data:` in `img-src` or `font-src` are not reported: injected styles and images can leak data but do not run code, and both are common in working policies. `default-src` is not checked for scripts when `script-src` is set.",
      'Only the enforced policy that applies is checked: report-only policies, `SECURE_CSP` before Django 6.0, a policy whose middleware is missing, and django-csp settings of the other major version are left to csp-missing.',
      'A source from an environment read is reported with the condition ("when CSP_SCRIPT_SRC is unset"). A directive with a part the scanner cannot evaluate (an unknown variable, a constant it does not know) is not judged for sources that part could neutralise, such as a nonce; an undecided branch is reported only for what every branch contains.',
    ],
    references: [
      { title: 'Django: Content Security Policy', url: 'https://docs.djangoproject.com/en/stable/ref/csp/' },
      {
        title: 'django-csp: configuration',
        url: 'https://django-csp.readthedocs.io/en/latest/configuration.html',
      },
      {
        title: 'MDN: script-src',
        url: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Content-Security-Policy/script-src',
      },
      { title: 'CSP Level 3: strict-dynamic and nonces', url: 'https://www.w3.org/TR/CSP3/#strict-dynamic-usage' },
      { title: 'web.dev: strict CSP', url: 'https://web.dev/articles/strict-csp' },
      {
        title: 'OWASP Content Security Policy Cheat Sheet',
        url: 'https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html',
      },
    ],
  },
};
