import { atLeast, seriesLabel, type DjangoTarget } from '../discover/django-version.js';
import type { Setting } from '../settings/settings-model.js';
import { truthy } from '../settings/value.js';
import {
  builtinPolicyState,
  DJANGO_CSP_MIDDLEWARE,
  firstPresent,
  LEGACY_SETTINGS,
  libraryPolicy,
  libraryVersion,
  middlewareFacts,
  presence,
  undecidedLibraryPolicy,
} from './csp/providers.js';
import type { SettingsRule } from './rule.js';

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
        message: `${middleware.libraryName} is installed, but ${stated(policy)}: ${version.label} sends no Content-Security-Policy header without a non-empty CONTENT_SECURITY_POLICY.`,
        fix: LIBRARY_POLICY_EXAMPLE,
      });
      return;
    }
    if (builtinAvailable && middleware.builtin) {
      report({
        span: secureCsp.isAssigned ? secureCsp.origin : middlewareSetting.origin,
        setting: 'SECURE_CSP',
        message: `${middleware.builtinName} is installed, but ${secureCsp.isAssigned ? `SECURE_CSP is ${secureCsp.describe()}` : "SECURE_CSP is not set (Django's default is {})"}: ${truthy(secureCsp.value) ? 'none of its directives has a source, so the header Django sends is empty and restricts nothing' : 'Django sends no Content-Security-Policy header for an empty policy'}.`,
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
      "A project middleware whose class derives from Django's or django-csp's (`class AdminCSPMiddleware(CSPMiddleware)` with `from csp.middleware import CSPMiddleware`) counts as that middleware: the scanner reads the class statement in the project's source, through imports, re-exports and several levels of project subclasses, and judges the settings the base class reads; what overridden methods change per request is not seen. Unlike the rules that mirror Django's checks (`security-middleware-missing` and the others compare exact paths, as Django does), this rule goes beyond Django's checks, so it follows subclasses.",
      "Another middleware whose path names CSP but whose class the scanner cannot follow to Django's or django-csp's (django-security's `ContentSecurityPolicyMiddleware`, a base computed at runtime) is taken as a provider whose policy the scanner cannot see: nothing is reported. A policy set by the web server or CDN is invisible to the settings: turn the rule off for that project in the config file (`rules: {csp-missing: off}`), or keep the finding in the baseline.",
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
