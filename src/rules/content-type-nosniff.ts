import {
  describeOnRelease,
  hasMiddleware,
  isNotTrue,
  SECURITY_MIDDLEWARE,
  settingOnRelease,
} from './django-conditions.js';
import type { SettingsRule } from './rule.js';

export const contentTypeNosniffDisabled: SettingsRule = {
  kind: 'settings',
  id: 'content-type-nosniff-disabled',
  level: 'warning',
  summary: 'SECURE_CONTENT_TYPE_NOSNIFF is turned off',
  djangoChecks: ['security.W006'],
  securitySeverity: 4.3,
  tags: ['security', 'settings', 'headers'],
  check({ settings, django, report }) {
    if (hasMiddleware(settings, django, SECURITY_MIDDLEWARE) !== true) return;
    // False by default before Django 3.0.
    const nosniff = settingOnRelease(settings, django, 'SECURE_CONTENT_TYPE_NOSNIFF');
    if (isNotTrue(nosniff) !== true) return;
    report({
      span: nosniff.origin,
      setting: 'SECURE_CONTENT_TYPE_NOSNIFF',
      djangoCheck: 'security.W006',
      message: `SECURE_CONTENT_TYPE_NOSNIFF is ${describeOnRelease(nosniff, django)}: without "X-Content-Type-Options: nosniff", browsers may run an uploaded file as script or HTML.`,
      fix: 'SECURE_CONTENT_TYPE_NOSNIFF = True (or delete the line: True is the default)',
    });
  },
  docs: {
    what: "Checks that `SECURE_CONTENT_TYPE_NOSNIFF` is `True` when SecurityMiddleware is installed, as Django's security.W006 does.",
    why: "`X-Content-Type-Options: nosniff` stops browsers from guessing a response's type from its content. Without it, a user upload served as `text/plain` or an image can be interpreted as HTML or JavaScript, turning an upload into cross-site scripting.",
    example: `SECURE_CONTENT_TYPE_NOSNIFF = False`,
    useInstead: `SECURE_CONTENT_TYPE_NOSNIFF = True  # Django's default since 3.0`,
    notes: [
      'The default is `True` since Django 3.0, so this fires only on an explicit other value, such as `False` or the string `"True"`; on older releases the default was `False`, and an unset setting is reported.',
    ],
    references: [
      {
        title: 'X-Content-Type-Options: nosniff',
        url: 'https://docs.djangoproject.com/en/stable/ref/middleware/#x-content-type-options-nosniff',
      },
      { title: 'System check security.W006', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
    ],
  },
};
