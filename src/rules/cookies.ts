import { atLeast, type DjangoTarget } from '../discover/django-version.js';
import type { Setting, SettingsModel } from '../settings/settings-model.js';
import { make, pyContains, truthy } from '../settings/value.js';
import {
  cookieFlagFails,
  CSRF_MIDDLEWARE,
  hasMiddleware,
  isFalsy,
  middlewareSetting,
  SESSION_MIDDLEWARE,
  SESSIONS_APP,
} from './django-conditions.js';
import type { Report, SettingsRule } from './rule.js';
import { settingFix } from './where-production-sets.js';

/**
 * Django's session-cookie checks come in three shapes: the sessions app only (W010/W013), the session
 * middleware only (W011/W014), or both (W012/W015, replacing the other two). The check applies when either
 * is installed, so one known present is enough; only when neither is known present and one is undecided
 * is the check itself undecided (and recorded for the setting that leaves it so).
 */
function sessionCheckId(
  settings: SettingsModel,
  django: DjangoTarget,
  ids: readonly [string, string, string],
): string | undefined {
  const apps = settings.get('INSTALLED_APPS');
  const middleware = middlewareSetting(settings, django);
  const app = pyContains(apps.value, make('str', { value: SESSIONS_APP }, apps.origin));
  const installed = pyContains(middleware.value, make('str', { value: SESSION_MIDDLEWARE }, middleware.origin));
  if (app === true && installed === true) return ids[2];
  if (app === true) return ids[0];
  if (installed === true) return ids[1];
  if (app === undefined) apps.undecided();
  if (installed === undefined) middleware.undecided();
  return undefined;
}

/** Why a true-ish value still fails: said only when the value is true but not the bool True. */
function flagTest(flag: Setting, django: DjangoTarget): string {
  return truthy(flag.value) === true && atLeast(django, 4, 1) ? ' (Django 4.1 and later want the bool True)' : '';
}

function checkSessionFlag(
  settings: SettingsModel,
  django: DjangoTarget,
  report: Report,
  name: 'SESSION_COOKIE_SECURE' | 'SESSION_COOKIE_HTTPONLY',
  ids: readonly [string, string, string],
  consequence: string,
): void {
  const id = sessionCheckId(settings, django, ids);
  if (!id) return;
  const flag = settings.get(name);
  if (cookieFlagFails(flag, django) !== true) return;
  report({
    span: flag.origin,
    setting: name,
    djangoCheck: id,
    message: `${name} is ${flag.describe()}${flagTest(flag, django)}: ${consequence}`,
    fix: settingFix(flag.value, `${name} = True`, name),
  });
}

export const sessionCookieInsecure: SettingsRule = {
  kind: 'settings',
  id: 'session-cookie-insecure',
  level: 'warning',
  summary: 'SESSION_COOKIE_SECURE is not True, so the session cookie can travel over plain HTTP',
  djangoChecks: ['security.W010', 'security.W011', 'security.W012'],
  seedItem: 5,
  securitySeverity: 5.9,
  tags: ['security', 'settings', 'cookies'],
  check({ settings, django, report }) {
    checkSessionFlag(
      settings,
      django,
      report,
      'SESSION_COOKIE_SECURE',
      ['security.W010', 'security.W011', 'security.W012'],
      'the browser also sends the session cookie over plain HTTP, where a network attacker can copy it and take over the session.',
    );
  },
  docs: {
    what: "Checks that `SESSION_COOKIE_SECURE` is on when sessions are used (the sessions app, its middleware, or both), as Django's security.W010, W011 and W012 do.",
    why: 'A session cookie without the `Secure` flag is sent on any plain-HTTP request to the domain, for example one an attacker provokes with an `http://` image. Whoever reads it is logged in as the user.',
    example: `SESSION_COOKIE_SECURE = False`,
    useInstead: `SESSION_COOKIE_SECURE = True`,
    notes: [
      "Django 3.2 accepts any true value; Django 4.1 and later want the bool `True` (so `1` passes on 3.2 and is reported on 4.2). The rule follows the project's Django version.",
      'The Django check ID depends on what is installed: W010 for the sessions app alone, W011 for the middleware alone, W012 for both.',
    ],
    references: [
      {
        title: 'Django settings: SESSION_COOKIE_SECURE',
        url: 'https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-secure',
      },
      {
        title: 'System checks security.W010-W012',
        url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security',
      },
    ],
  },
};

export const sessionCookieHttponlyDisabled: SettingsRule = {
  kind: 'settings',
  id: 'session-cookie-httponly-disabled',
  level: 'warning',
  summary: 'SESSION_COOKIE_HTTPONLY is turned off, so scripts can read the session cookie',
  djangoChecks: ['security.W013', 'security.W014', 'security.W015'],
  seedItem: 5,
  securitySeverity: 5.4,
  tags: ['security', 'settings', 'cookies'],
  check({ settings, django, report }) {
    checkSessionFlag(
      settings,
      django,
      report,
      'SESSION_COOKIE_HTTPONLY',
      ['security.W013', 'security.W014', 'security.W015'],
      'JavaScript on the page can read the session cookie, so any cross-site scripting hole leaks sessions.',
    );
  },
  docs: {
    what: "Checks that `SESSION_COOKIE_HTTPONLY` is on when sessions are used, as Django's security.W013, W014 and W015 do.",
    why: '`HttpOnly` keeps the session cookie out of `document.cookie`. Without it, a single cross-site scripting bug lets an attacker steal the session of every user who views the page.',
    example: `SESSION_COOKIE_HTTPONLY = False`,
    useInstead: `SESSION_COOKIE_HTTPONLY = True  # Django's default`,
    notes: [
      'The default is `True`, so this fires only when the setting is overridden. As with the Secure flag, Django 3.2 accepts any true value and 4.1+ want the bool `True`.',
    ],
    references: [
      {
        title: 'Django settings: SESSION_COOKIE_HTTPONLY',
        url: 'https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-httponly',
      },
      {
        title: 'System checks security.W013-W015',
        url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security',
      },
    ],
  },
};

export const csrfCookieInsecure: SettingsRule = {
  kind: 'settings',
  id: 'csrf-cookie-insecure',
  level: 'warning',
  summary: 'CSRF_COOKIE_SECURE is not True, so the CSRF cookie can travel over plain HTTP',
  djangoChecks: ['security.W016'],
  seedItem: 5,
  securitySeverity: 4.3,
  tags: ['security', 'settings', 'cookies', 'csrf'],
  check({ settings, django, report }) {
    if (hasMiddleware(settings, django, CSRF_MIDDLEWARE) !== true) return;
    // With CSRF_USE_SESSIONS the token lives in the session, not in a cookie of its own.
    if (isFalsy(settings.get('CSRF_USE_SESSIONS')) !== true) return;
    const flag = settings.get('CSRF_COOKIE_SECURE');
    if (cookieFlagFails(flag, django) !== true) return;
    report({
      span: flag.origin,
      setting: 'CSRF_COOKIE_SECURE',
      djangoCheck: 'security.W016',
      message: `CSRF_COOKIE_SECURE is ${flag.describe()}${flagTest(flag, django)}: the CSRF cookie is also sent over plain HTTP, where a network attacker can read or replace it.`,
      fix: settingFix(flag.value, 'CSRF_COOKIE_SECURE = True', 'CSRF_COOKIE_SECURE'),
    });
  },
  docs: {
    what: "Checks that `CSRF_COOKIE_SECURE` is on when `CsrfViewMiddleware` is installed and the token is kept in a cookie (`CSRF_USE_SESSIONS` off), as Django's security.W016 does.",
    why: 'Without the `Secure` flag the CSRF cookie rides along on plain-HTTP requests, where an attacker on the network can read it, or set one of their own and then forge requests that carry a matching token.',
    example: `CSRF_COOKIE_SECURE = False`,
    useInstead: `CSRF_COOKIE_SECURE = True`,
    notes: [
      'Django 3.2 accepts any true value; 4.1 and later want the bool `True`. `CSRF_USE_SESSIONS` exempts the check when it is true in any form, as in Django.',
    ],
    references: [
      {
        title: 'Django settings: CSRF_COOKIE_SECURE',
        url: 'https://docs.djangoproject.com/en/stable/ref/settings/#csrf-cookie-secure',
      },
      { title: 'System check security.W016', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
    ],
  },
};
