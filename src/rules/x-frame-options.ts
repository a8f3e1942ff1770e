import {
  CLICKJACKING_MIDDLEWARE,
  describeOnRelease,
  hasMiddleware,
  middlewareLacks,
  middlewareSetting,
  MIDDLEWARE_CLASSES_NOTE,
  settingOnRelease,
} from './django-conditions.js';
import type { SettingsRule } from './rule.js';

export const xFrameOptionsMiddlewareMissing: SettingsRule = {
  kind: 'settings',
  id: 'x-frame-options-middleware-missing',
  level: 'warning',
  summary: 'XFrameOptionsMiddleware is not in MIDDLEWARE, so pages can be framed (clickjacking)',
  djangoChecks: ['security.W002'],
  seedItem: 7,
  securitySeverity: 4.3,
  tags: ['security', 'settings', 'clickjacking'],
  check({ settings, django, report }) {
    if (hasMiddleware(settings, django, CLICKJACKING_MIDDLEWARE) !== false) return;
    const middleware = middlewareSetting(settings, django);
    report({
      span: middleware.origin,
      setting: middleware.name,
      djangoCheck: 'security.W002',
      message: `${middlewareLacks(middleware)} "${CLICKJACKING_MIDDLEWARE}": responses carry no X-Frame-Options header, so other sites can frame your pages and trick users into clicking them.`,
      fix: `Add "${CLICKJACKING_MIDDLEWARE}" to ${middleware.name}`,
    });
  },
  docs: {
    what: "Checks that `XFrameOptionsMiddleware` is in `MIDDLEWARE`, as Django's security.W002 does.",
    why: 'The middleware sends `X-Frame-Options` on every response. Without it, any site can load your pages in an invisible frame and have users click buttons they cannot see (clickjacking).',
    example: `MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]`,
    useInstead: `MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]`,
    notes: [
      "A Content Security Policy with `frame-ancestors` also prevents framing in current browsers; Django's check does not consider it, and neither does this rule.",
      MIDDLEWARE_CLASSES_NOTE,
    ],
    references: [
      { title: 'Clickjacking protection', url: 'https://docs.djangoproject.com/en/stable/ref/clickjacking/' },
      { title: 'System check security.W002', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
    ],
  },
};

export const xFrameOptionsWeak: SettingsRule = {
  kind: 'settings',
  id: 'x-frame-options-weak',
  level: 'warning',
  summary: 'X_FRAME_OPTIONS is not "DENY"',
  djangoChecks: ['security.W019'],
  seedItem: 7,
  securitySeverity: 3.1,
  tags: ['security', 'settings', 'clickjacking'],
  check({ settings, django, report }) {
    if (hasMiddleware(settings, django, CLICKJACKING_MIDDLEWARE) !== true) return;
    // Before Django 3.0 the default was 'SAMEORIGIN', which this rule reports.
    const option = settingOnRelease(settings, django, 'X_FRAME_OPTIONS');
    if (option.equals('DENY') !== false) return;
    report({
      span: option.origin,
      setting: 'X_FRAME_OPTIONS',
      djangoCheck: 'security.W019',
      message:
        option.value.kind === 'str' && option.value.value.toUpperCase() === 'DENY'
          ? `X_FRAME_OPTIONS is ${describeOnRelease(option, django)}: the middleware sends DENY, but Django's check compares case-sensitively and reports it.`
          : `X_FRAME_OPTIONS is ${describeOnRelease(option, django)}, not "DENY": any page of this site that an attacker can inject markup into can frame and clickjack the others.`,
      fix: 'X_FRAME_OPTIONS = "DENY" (keep "SAMEORIGIN" only if the site frames its own pages, and silence this rule with that reason)',
    });
  },
  docs: {
    what: 'Checks that `X_FRAME_OPTIONS` is exactly `"DENY"` when `XFrameOptionsMiddleware` is installed, as Django\'s security.W019 does.',
    why: "`SAMEORIGIN` lets pages of your own site frame each other, so a single page where an attacker can inject markup can frame and clickjack the rest. `DENY` is Django's default since 3.0 and the checklist's advice unless the site really frames itself.",
    example: `X_FRAME_OPTIONS = "SAMEORIGIN"`,
    useInstead: `X_FRAME_OPTIONS = "DENY"`,
    notes: [
      'The comparison is case-sensitive, like Django\'s: `"deny"` is reported even though the middleware upper-cases it when sending the header.',
      'Only checked when the middleware is installed; without it, `x-frame-options-middleware-missing` applies.',
      'On Django before 3.0 an unset `X_FRAME_OPTIONS` is reported too: those releases default to `"SAMEORIGIN"`.',
    ],
    references: [
      {
        title: 'Django settings: X_FRAME_OPTIONS',
        url: 'https://docs.djangoproject.com/en/stable/ref/settings/#x-frame-options',
      },
      { title: 'System check security.W019', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
    ],
  },
};
