import { atLeast, type DjangoTarget } from '../discover/django-version.js';
import type { Setting, SettingsModel } from '../settings/settings-model.js';
import { isTrueSingleton, make, pyContains, truthy } from '../settings/value.js';

/**
 * The conditions of Django's deploy checks (django/core/checks/security/base.py, sessions.py, csrf.py),
 * shared by the rules that mirror them, so every rule gates on installed middleware and apps exactly as
 * Django does: plain `in` on the final list, no subclasses, no AppConfig paths.
 */
export const SECURITY_MIDDLEWARE = 'django.middleware.security.SecurityMiddleware';
export const CLICKJACKING_MIDDLEWARE = 'django.middleware.clickjacking.XFrameOptionsMiddleware';
export const CSRF_MIDDLEWARE = 'django.middleware.csrf.CsrfViewMiddleware';
export const SESSION_MIDDLEWARE = 'django.contrib.sessions.middleware.SessionMiddleware';
export const SESSIONS_APP = 'django.contrib.sessions';

/** `entry in SETTING`; undefined when the model does not know the list. */
export function contains(setting: Setting, entry: string): boolean | undefined {
  return pyContains(setting.value, make('str', { value: entry }, setting.origin));
}

export function hasMiddleware(settings: SettingsModel, path: string): boolean | undefined {
  return contains(settings.get('MIDDLEWARE'), path);
}

export function hasApp(settings: SettingsModel, app: string): boolean | undefined {
  return contains(settings.get('INSTALLED_APPS'), app);
}

/** `not setting` in Python; undefined when unknown. */
export function isFalsy(setting: Setting): boolean | undefined {
  const value = truthy(setting.value);
  return value === undefined ? undefined : !value;
}

/** `setting is not True` in Python; undefined when unknown. */
export function isNotTrue(setting: Setting): boolean | undefined {
  const value = isTrueSingleton(setting.value);
  return value === undefined ? undefined : !value;
}

/**
 * The cookie-flag test of W010-W016: Django 3.2 asks for a truthy value, 4.1 and later for `is True`, so
 * `SESSION_COOKIE_SECURE = 1` passes on 3.2 and fails on 4.2.
 */
export function cookieFlagFails(setting: Setting, django: DjangoTarget): boolean | undefined {
  return atLeast(django, 4, 1) ? isNotTrue(setting) : isFalsy(setting);
}
