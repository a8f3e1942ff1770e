import { outcomes, type Value } from '../settings/value.js';
import { atLeast } from '../discover/django-version.js';
import { describeOnRelease, hasMiddleware, SECURITY_MIDDLEWARE, settingOnRelease } from './django-conditions.js';
import type { SettingsRule } from './rule.js';

const VALID_POLICIES = new Set([
  'no-referrer',
  'no-referrer-when-downgrade',
  'origin',
  'origin-when-cross-origin',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
  'unsafe-url',
]);

/**
 * Django's E023 test: a string is split on commas and each piece stripped; any other iterable is taken
 * item by item, unstripped; every token must be a valid policy (case-sensitive). Returns the bad tokens,
 * [] for a valid value, or undefined when unknown or when Django would crash on it.
 */
function invalidTokens(value: Value): string[] | undefined {
  let tokens: Value[];
  if (value.kind === 'str')
    return value.value
      .split(',')
      .map((t) => t.trim())
      .filter((t) => !VALID_POLICIES.has(t));
  if (value.kind === 'list' || value.kind === 'tuple' || value.kind === 'set') tokens = value.items;
  else return undefined;
  if (!tokens.every((t) => t.kind === 'str')) return undefined;
  return tokens.map((t) => (t.kind === 'str' ? t.value : '')).filter((t) => !VALID_POLICIES.has(t));
}

export const referrerPolicyMissing: SettingsRule = {
  kind: 'settings',
  id: 'referrer-policy-missing',
  level: 'warning',
  summary: 'SECURE_REFERRER_POLICY is None or invalid, so no valid Referrer-Policy header is sent',
  djangoChecks: ['security.W022', 'security.E023'],
  securitySeverity: 3.1,
  tags: ['security', 'settings', 'headers', 'privacy'],
  check({ settings, django, report }) {
    // The setting and its checks arrived in Django 3.0, with None as the default until 3.1.
    if (!atLeast(django, 3, 0)) return;
    if (hasMiddleware(settings, django, SECURITY_MIDDLEWARE) !== true) return;
    const policy = settingOnRelease(settings, django, 'SECURE_REFERRER_POLICY');
    const verdicts = outcomes(policy.value).map((option) =>
      option.kind === 'none' ? 'none' : option.kind === 'unknown' ? undefined : invalidTokens(option),
    );
    // Every outcome must agree on the problem (or on its absence); otherwise the rule is undecided.
    const none = verdicts.every((verdict) => verdict === 'none');
    const valid = verdicts.every((verdict) => Array.isArray(verdict) && verdict.length === 0);
    const invalid = verdicts.every((verdict) => Array.isArray(verdict) && verdict.length > 0);
    if (valid) return;
    if (!none && !invalid) {
      policy.undecided();
      return;
    }
    if (none) {
      report({
        span: policy.origin,
        setting: 'SECURE_REFERRER_POLICY',
        djangoCheck: 'security.W022',
        message: `SECURE_REFERRER_POLICY is ${describeOnRelease(policy, django)}: no Referrer-Policy header is sent, so full URLs, with any tokens in them, leak to other sites in the Referer header.`,
        fix: 'SECURE_REFERRER_POLICY = "same-origin" (Django\'s default; or delete the line)',
      });
      return;
    }
    const [first] = verdicts;
    if (!Array.isArray(first)) return;
    report({
      span: policy.origin,
      setting: 'SECURE_REFERRER_POLICY',
      djangoCheck: 'security.E023',
      level: 'error',
      message: `SECURE_REFERRER_POLICY is ${describeOnRelease(policy, django)}, and ${first.map((t) => `"${t}"`).join(', ')} ${first.length === 1 ? 'is not a' : 'are not'} valid polic${first.length === 1 ? 'y' : 'ies'} (the names are case-sensitive): browsers ignore a header they cannot parse.`,
      fix: `Use valid names only, e.g. SECURE_REFERRER_POLICY = "same-origin" (valid: ${[...VALID_POLICIES].join(', ')})`,
    });
  },
  docs: {
    what: "Checks that `SECURE_REFERRER_POLICY` is set and valid when SecurityMiddleware is installed: Django's security.W022 (set to `None`) and security.E023 (a name Django does not accept).",
    why: 'Without a Referrer-Policy, browsers send the full URL of the page in the `Referer` header to every site it links to or loads from, including query strings with tokens or personal data. An invalid value is ignored by browsers, which is the same as none.',
    example: `SECURE_REFERRER_POLICY = None`,
    useInstead: `SECURE_REFERRER_POLICY = "same-origin"  # Django's default since 3.1`,
    notes: [
      'A string may list fallbacks separated by commas (`"strict-origin, origin"`); a list or tuple works too. Names are compared case-sensitively, like Django (`"Same-Origin"` is an error).',
      'The default is `"same-origin"` since Django 3.1, so W022 fires only when the setting is explicitly `None`; on Django 3.0 the default was `None`, and an unset setting is reported. Before 3.0 the setting does not exist and nothing is checked.',
    ],
    references: [
      { title: 'Referrer-Policy', url: 'https://docs.djangoproject.com/en/stable/ref/middleware/#referrer-policy' },
      {
        title: 'System checks security.W022 and E023',
        url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security',
      },
    ],
  },
};
