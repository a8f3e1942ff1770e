import { atLeast } from '../discover/django-version.js';
import { describeSpan } from '../parse/span.js';
import type { Setting } from '../settings/settings-model.js';
import { asNumber, isTrueSingleton } from '../settings/value.js';
import { hasMiddleware, isFalsy, isNotTrue, SECURITY_MIDDLEWARE } from './django-conditions.js';
import type { SettingsRule, SettingsRuleContext } from './rule.js';
import { settingFix } from './where-production-sets.js';

const ONE_YEAR = 31536000;

/** Why an HSTS option is not applicable: with HSTS off, Django sends no header for it to change. */
export function hstsOffReason(seconds: Setting): string {
  const where = seconds.isAssigned ? ` (${describeSpan(seconds.origin)})` : '';
  return `HSTS is off: SECURE_HSTS_SECONDS is ${seconds.describe()}${where}`;
}

/** Whether SecurityMiddleware, which sends the header, is installed; says "not applicable" when it surely is not. */
export function sendsHstsHeader({ settings, django, notApplicable }: SettingsRuleContext): boolean | undefined {
  const installed = hasMiddleware(settings, django, SECURITY_MIDDLEWARE);
  if (installed === false) notApplicable?.('SecurityMiddleware, which sends the HSTS header, is not in MIDDLEWARE');
  return installed;
}

/**
 * Whether HSTS is on (SECURE_HSTS_SECONDS true): undefined when the model cannot tell. When it is surely off, the
 * options that shape the header have nothing to judge, and the rule asking says so.
 */
function hstsIsOn({ notApplicable }: SettingsRuleContext, seconds: Setting): boolean | undefined {
  const off = isFalsy(seconds);
  if (off === true) notApplicable?.(hstsOffReason(seconds));
  return off === undefined ? undefined : !off;
}

export const hstsMissing: SettingsRule = {
  kind: 'settings',
  id: 'hsts-missing',
  level: 'warning',
  summary: 'SECURE_HSTS_SECONDS is not set, so browsers are not told to use HTTPS only',
  djangoChecks: ['security.W004'],
  seedItem: 4,
  securitySeverity: 5.9,
  tags: ['security', 'settings', 'https'],
  check(context) {
    const { settings, report } = context;
    if (sendsHstsHeader(context) !== true) return;
    const seconds = settings.get('SECURE_HSTS_SECONDS');
    if (isFalsy(seconds) !== true) return;
    report({
      span: seconds.origin,
      setting: 'SECURE_HSTS_SECONDS',
      djangoCheck: 'security.W004',
      message: `SECURE_HSTS_SECONDS is ${seconds.describe()}: no Strict-Transport-Security header is sent, so a network attacker can downgrade a visitor's first request to plain HTTP.`,
      fix: `${settingFix(seconds.value, `SECURE_HSTS_SECONDS = ${ONE_YEAR}`, 'SECURE_HSTS_SECONDS')} (start lower in staging, e.g. 300, then raise it)`,
    });
  },
  docs: {
    what: "Checks that `SECURE_HSTS_SECONDS` is set when SecurityMiddleware is installed, as Django's security.W004 does.",
    why: 'HTTP Strict Transport Security tells browsers to use only HTTPS for your domain for the given time. Without it, a visitor who types the address or follows an http:// link makes a first request in the clear, which an attacker on the network can intercept (SSL stripping).',
    example: `SECURE_HSTS_SECONDS = 0`,
    useInstead: `SECURE_HSTS_SECONDS = 31536000  # one year
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True`,
    notes: [
      'HSTS is hard to undo: browsers remember it for the whole duration. Roll it out with a short value (300 seconds) in staging, check nothing breaks, then raise it to a year (see `hsts-too-short`).',
      'Only checked when SecurityMiddleware is installed, as in Django; without it `security-middleware-missing` applies.',
      'When TLS ends at a proxy that sets the header itself, silence the rule in the config file with that reason.',
    ],
    references: [
      {
        title: 'HTTP Strict Transport Security',
        url: 'https://docs.djangoproject.com/en/stable/ref/middleware/#http-strict-transport-security',
      },
      { title: 'System check security.W004', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
    ],
  },
};

export const hstsSubdomainsMissing: SettingsRule = {
  kind: 'settings',
  id: 'hsts-subdomains-missing',
  level: 'warning',
  summary: 'HSTS is on but SECURE_HSTS_INCLUDE_SUBDOMAINS is not True',
  djangoChecks: ['security.W005'],
  seedItem: 4,
  securitySeverity: 4.3,
  tags: ['security', 'settings', 'https'],
  check(context) {
    const { settings, report } = context;
    if (sendsHstsHeader(context) !== true) return;
    if (hstsIsOn(context, settings.get('SECURE_HSTS_SECONDS')) !== true) return;
    const subdomains = settings.get('SECURE_HSTS_INCLUDE_SUBDOMAINS');
    if (isNotTrue(subdomains) !== true) return;
    report({
      span: subdomains.origin,
      setting: 'SECURE_HSTS_INCLUDE_SUBDOMAINS',
      djangoCheck: 'security.W005',
      message: `SECURE_HSTS_INCLUDE_SUBDOMAINS is ${subdomains.describe()}: subdomains are not covered by HSTS, so an attacker can use an http:// subdomain to set or read cookies for the main site.`,
      fix: 'SECURE_HSTS_INCLUDE_SUBDOMAINS = True (after checking every subdomain serves HTTPS)',
    });
  },
  docs: {
    what: "Checks that `SECURE_HSTS_INCLUDE_SUBDOMAINS` is `True` when HSTS is on (SecurityMiddleware installed and `SECURE_HSTS_SECONDS` set), as Django's security.W005 does.",
    why: 'Without `includeSubDomains`, HSTS protects only the exact host. A subdomain reached over plain HTTP can be spoofed by a network attacker and used to set cookies for the parent domain (cookie tossing).',
    example: `SECURE_HSTS_SECONDS = 31536000`,
    useInstead: `SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True`,
    notes: [
      'The value must be the bool `True`: like Django, `1` or `"True"` is reported.',
      'Turn it on only once every subdomain serves HTTPS, since browsers will refuse plain HTTP for all of them.',
      'While HSTS is off (`SECURE_HSTS_SECONDS` 0 or unset) or SecurityMiddleware is not installed there is nothing to judge: the reports list the rule as not applicable, with the reason, not as passed.',
    ],
    references: [
      {
        title: 'Django settings: SECURE_HSTS_INCLUDE_SUBDOMAINS',
        url: 'https://docs.djangoproject.com/en/stable/ref/settings/#secure-hsts-include-subdomains',
      },
      { title: 'System check security.W005', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
    ],
  },
};

export const hstsPreloadMissing: SettingsRule = {
  kind: 'settings',
  id: 'hsts-preload-missing',
  level: 'warning',
  summary: 'HSTS is on but SECURE_HSTS_PRELOAD is not True',
  djangoChecks: ['security.W021'],
  seedItem: 4,
  securitySeverity: 3.1,
  tags: ['security', 'settings', 'https'],
  check(context) {
    const { settings, django, report, notApplicable } = context;
    // SECURE_HSTS_PRELOAD and its check arrived in Django 1.11: older releases cannot send the directive.
    if (!atLeast(django, 1, 11)) {
      notApplicable?.(`Django ${django.major}.${django.minor} has no SECURE_HSTS_PRELOAD (it arrived in 1.11)`);
      return;
    }
    if (sendsHstsHeader(context) !== true) return;
    const seconds = settings.get('SECURE_HSTS_SECONDS');
    if (hstsIsOn(context, seconds) !== true) return;
    const preload = settings.get('SECURE_HSTS_PRELOAD');
    if (isNotTrue(preload) !== true) return;
    // The preload list only accepts a year or more with subdomains: before that, preload is a later step.
    // Wording only, asked without recording: the finding stands whatever the answer.
    const eligible =
      (asNumber(seconds.value) ?? 0) >= ONE_YEAR &&
      isTrueSingleton(settings.get('SECURE_HSTS_INCLUDE_SUBDOMAINS').value) === true;
    report({
      span: preload.origin,
      setting: 'SECURE_HSTS_PRELOAD',
      djangoCheck: 'security.W021',
      level: eligible ? 'warning' : 'note',
      message: eligible
        ? `SECURE_HSTS_PRELOAD is ${preload.describe()}: the site cannot join the browsers' HSTS preload list, so first visits stay unprotected.`
        : `SECURE_HSTS_PRELOAD is ${preload.describe()}: the browsers' preload list also needs SECURE_HSTS_SECONDS of a year or more and SECURE_HSTS_INCLUDE_SUBDOMAINS = True, so set those first.`,
      fix: 'SECURE_HSTS_PRELOAD = True, then submit the domain at hstspreload.org',
    });
  },
  docs: {
    what: "Checks that `SECURE_HSTS_PRELOAD` is `True` when HSTS is on, as Django's security.W021 does.",
    why: 'HSTS only protects a browser after its first visit. The preload list, built into browsers, protects the first visit too. Sites must send `preload` to be accepted.',
    example: `SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True`,
    useInstead: `SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True`,
    notes: [
      'Reported whenever Django reports W021. It is a warning once the site is eligible for the preload list (a year or more, with subdomains), and a note before that, since preloading is the last step of an HSTS rollout.',
      'Removal from the preload list takes months: preload only a domain that will stay HTTPS-only.',
      'Not checked before Django 1.11, which added the setting: older releases cannot send the directive.',
      'While HSTS is off (`SECURE_HSTS_SECONDS` 0 or unset) or SecurityMiddleware is not installed there is nothing to judge: the reports list the rule as not applicable, with the reason, not as passed.',
    ],
    references: [
      {
        title: 'Django settings: SECURE_HSTS_PRELOAD',
        url: 'https://docs.djangoproject.com/en/stable/ref/settings/#secure-hsts-preload',
      },
      { title: 'HSTS preload list submission requirements', url: 'https://hstspreload.org/#submission-requirements' },
      { title: 'System check security.W021', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
    ],
  },
};
