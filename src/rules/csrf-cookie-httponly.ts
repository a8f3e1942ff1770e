import { CSRF_MIDDLEWARE, hasMiddleware, isFalsy } from './django-conditions.js';
import type { SettingsRule } from './rule.js';

export const csrfCookieHttponlyDisabled: SettingsRule = {
  kind: 'settings',
  id: 'csrf-cookie-httponly-disabled',
  level: 'note',
  summary: 'CSRF_COOKIE_HTTPONLY is off, so scripts on the page can read the CSRF cookie',
  djangoChecks: [],
  seedItem: 5,
  securitySeverity: 2.0,
  tags: ['security', 'settings', 'cookies'],
  check({ settings, django, report }) {
    if (hasMiddleware(settings, django, CSRF_MIDDLEWARE) !== true) return;
    // With CSRF_USE_SESSIONS the token lives in the session and there is no CSRF cookie at all.
    if (isFalsy(settings.get('CSRF_USE_SESSIONS')) !== true) return;
    const httponly = settings.get('CSRF_COOKIE_HTTPONLY');
    // CsrfViewMiddleware passes the value to set_cookie(httponly=...), which tests its truthiness.
    if (isFalsy(httponly) !== true) return;
    report({
      span: httponly.origin,
      setting: 'CSRF_COOKIE_HTTPONLY',
      message: `CSRF_COOKIE_HTTPONLY is ${httponly.describe()}: the CSRF cookie is readable from JavaScript. The checklist asks for HttpOnly; Django's documentation notes it adds little, since a script that runs on the page can read the token from the page anyway.`,
      fix: 'CSRF_COOKIE_HTTPONLY = True, with JavaScript taking the token from the page ({% csrf_token %} or a meta tag) instead of the cookie',
    });
  },
  docs: {
    what: 'Checks that `CSRF_COOKIE_HTTPONLY` is on when `CsrfViewMiddleware` is installed and the token is kept in a cookie (`CSRF_USE_SESSIONS` off). Findings are notes.',
    why: "The seed checklist (item 5) lists `CSRF_COOKIE_HTTPONLY = True` among the cookie settings every production site needs, so that JavaScript cannot read the cookie. Django's own documentation is more measured: marking the CSRF cookie HttpOnly \"doesn't offer any practical protection\", because CSRF protection guards against other sites, and a script that already runs on your pages (through XSS) can read the token from the page's form or send requests itself. Django says the setting offers little practical benefit but is sometimes required by security auditors; that is why this rule reports a note rather than a warning.",
    example: `CSRF_COOKIE_HTTPONLY = False`,
    useInstead: `CSRF_COOKIE_HTTPONLY = True

# JavaScript then reads the token from the page, e.g. the hidden input of {% csrf_token %}:
# document.querySelector("[name=csrfmiddlewaretoken]").value`,
    notes: [
      'Only a note: the real defence against script access to tokens is preventing XSS (escaping, a Content Security Policy). Fail the gate on it with `--fail-on note` if an auditor requires the flag.',
      "Turning it on breaks front-end code that reads the `csrftoken` cookie (the pattern in Django's AJAX documentation); take the token from the DOM instead, as Django's documentation describes for this setting.",
      "Judged by truthiness, as `HttpResponse.set_cookie(httponly=...)` judges it: `CSRF_COOKIE_HTTPONLY = 1` sets the flag and is not reported. Django's default is False, so an unset value is reported at the settings module.",
      'Not reported when `CSRF_USE_SESSIONS` is true (no CSRF cookie exists) or when `CsrfViewMiddleware` is not installed (`csrf-middleware-missing` covers that). Django has had no check for this setting since the removal of security.W017 in Django 1.11.',
      'When the value comes from an environment read, the default is judged when the variable is unset, and the message says so. A value the scanner cannot evaluate is not reported; a `settings-incomplete` note names it.',
    ],
    references: [
      {
        title: 'Django settings: CSRF_COOKIE_HTTPONLY',
        url: 'https://docs.djangoproject.com/en/stable/ref/settings/#csrf-cookie-httponly',
      },
      {
        title: 'Django: using CSRF protection with AJAX',
        url: 'https://docs.djangoproject.com/en/stable/howto/csrf/#using-csrf-protection-with-ajax',
      },
    ],
  },
};
