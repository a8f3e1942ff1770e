import {
  CSRF_MIDDLEWARE,
  hasMiddleware,
  middlewareLacks,
  middlewareSetting,
  MIDDLEWARE_CLASSES_NOTE,
  SECURITY_MIDDLEWARE,
} from './django-conditions.js';
import type { SettingsRule } from './rule.js';

export const securityMiddlewareMissing: SettingsRule = {
  kind: 'settings',
  id: 'security-middleware-missing',
  level: 'warning',
  summary: 'SecurityMiddleware is not in MIDDLEWARE, so HTTPS redirects and security headers are off',
  djangoChecks: ['security.W001'],
  securitySeverity: 5.3,
  tags: ['security', 'settings', 'headers'],
  check({ settings, django, report }) {
    if (hasMiddleware(settings, django, SECURITY_MIDDLEWARE) !== false) return;
    const middleware = middlewareSetting(settings, django);
    report({
      span: middleware.origin,
      setting: middleware.name,
      djangoCheck: 'security.W001',
      message: `${middlewareLacks(middleware)} "${SECURITY_MIDDLEWARE}": SECURE_SSL_REDIRECT, HSTS, nosniff, Referrer-Policy and Cross-Origin-Opener-Policy settings have no effect.`,
      fix: `Put "${SECURITY_MIDDLEWARE}" first in ${middleware.name}`,
    });
  },
  docs: {
    what: "Checks that Django's `SecurityMiddleware` is in `MIDDLEWARE`, as Django's security.W001 does: the exact dotted path, in the final list.",
    why: 'SecurityMiddleware is what acts on `SECURE_SSL_REDIRECT`, `SECURE_HSTS_*`, `SECURE_CONTENT_TYPE_NOSNIFF`, `SECURE_REFERRER_POLICY` and `SECURE_CROSS_ORIGIN_OPENER_POLICY`. Without it those settings do nothing, whatever they say, and Django skips the checks that depend on it.',
    example: `MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
]`,
    useInstead: `MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
]`,
    notes: [
      'Like Django, the rule looks for the exact path: a subclass under another name does not count (Django reports W001 for it too). Silence the rule in the config file if you use one.',
      'When `MIDDLEWARE` is never assigned, the finding sits at the settings module, where the list should be written.',
      MIDDLEWARE_CLASSES_NOTE,
    ],
    references: [
      {
        title: 'SecurityMiddleware',
        url: 'https://docs.djangoproject.com/en/stable/ref/middleware/#module-django.middleware.security',
      },
      { title: 'System check security.W001', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
    ],
  },
};

export const csrfMiddlewareMissing: SettingsRule = {
  kind: 'settings',
  id: 'csrf-middleware-missing',
  level: 'warning',
  summary: 'CsrfViewMiddleware is not in MIDDLEWARE, so forms are not protected against CSRF',
  djangoChecks: ['security.W003'],
  securitySeverity: 6.5,
  tags: ['security', 'settings', 'csrf'],
  check({ settings, django, report }) {
    if (hasMiddleware(settings, django, CSRF_MIDDLEWARE) !== false) return;
    const middleware = middlewareSetting(settings, django);
    report({
      span: middleware.origin,
      setting: middleware.name,
      djangoCheck: 'security.W003',
      message: `${middlewareLacks(middleware)} "${CSRF_MIDDLEWARE}": views are open to cross-site request forgery unless each one is decorated with csrf_protect.`,
      fix: `Add "${CSRF_MIDDLEWARE}" to ${middleware.name} (after SessionMiddleware)`,
    });
  },
  docs: {
    what: "Checks that `CsrfViewMiddleware` is in `MIDDLEWARE`, as Django's security.W003 does.",
    why: "Without the middleware, Django does not check the CSRF token of POST, PUT, PATCH and DELETE requests, so another site can make a logged-in user's browser submit forms on your site. Protecting each view by hand with `csrf_protect` is easy to forget.",
    example: `MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
]`,
    useInstead: `MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]`,
    notes: [
      'A purely token-authenticated API may not need it; silence the rule in the config file with that reason.',
      MIDDLEWARE_CLASSES_NOTE,
    ],
    references: [
      { title: 'Cross Site Request Forgery protection', url: 'https://docs.djangoproject.com/en/stable/ref/csrf/' },
      { title: 'System check security.W003', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
    ],
  },
};
