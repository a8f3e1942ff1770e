import { atLeast } from '../discover/django-version.js';
import { outcomes } from '../settings/value.js';
import { hasMiddleware, SECURITY_MIDDLEWARE } from './django-conditions.js';
import type { SettingsRule } from './rule.js';

const VALID_POLICIES = ['same-origin', 'same-origin-allow-popups', 'unsafe-none'];

export const crossOriginOpenerPolicyInvalid: SettingsRule = {
  kind: 'settings',
  id: 'cross-origin-opener-policy-invalid',
  level: 'error',
  summary: 'SECURE_CROSS_ORIGIN_OPENER_POLICY has a value Django does not accept',
  djangoChecks: ['security.E024'],
  securitySeverity: 3.1,
  tags: ['security', 'settings', 'headers'],
  check({ settings, django, report }) {
    // The setting and its check arrived in Django 4.0.
    if (!atLeast(django, 4, 0)) return;
    if (hasMiddleware(settings, django, SECURITY_MIDDLEWARE) !== true) return;
    const policy = settings.get('SECURE_CROSS_ORIGIN_OPENER_POLICY');
    // None sends no header; a non-string makes Django's own check crash, which check --deploy shows.
    const invalid = outcomes(policy.value).map((option) =>
      option.kind === 'unknown' ? undefined : option.kind === 'str' && !VALID_POLICIES.includes(option.value),
    );
    if (invalid.every((answer) => answer === false)) return;
    if (!invalid.every((answer) => answer === true)) {
      policy.undecided();
      return;
    }
    report({
      span: policy.origin,
      setting: 'SECURE_CROSS_ORIGIN_OPENER_POLICY',
      djangoCheck: 'security.E024',
      message: `SECURE_CROSS_ORIGIN_OPENER_POLICY is ${policy.describe()}, which is not a policy Django accepts: the header does not isolate the site's windows from pages it opens.`,
      fix: `SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin" (valid: ${VALID_POLICIES.join(', ')}; None sends no header)`,
    });
  },
  docs: {
    what: "Checks that `SECURE_CROSS_ORIGIN_OPENER_POLICY` is one of the values Django accepts (or `None`), as Django's security.E024 does from Django 4.0 on.",
    why: "Cross-Origin-Opener-Policy keeps pages of other origins that your site opens, or that open it, out of its browsing context group, which blocks cross-window attacks and is required for cross-origin isolation. A wrong value is rejected by Django's check and the intended isolation does not happen.",
    example: `SECURE_CROSS_ORIGIN_OPENER_POLICY = "noopener-allow-popups"`,
    useInstead: `SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"  # Django's default`,
    notes: [
      'Values are compared exactly, without trimming, like Django. Only checked on Django 4.0 and later, where the setting exists.',
      "A list or other non-string value makes Django's own check crash; that is not reported here, but `check --deploy` would fail.",
    ],
    references: [
      {
        title: 'Cross-Origin Opener Policy',
        url: 'https://docs.djangoproject.com/en/stable/ref/middleware/#cross-origin-opener-policy',
      },
      { title: 'System check security.E024', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
    ],
  },
};
