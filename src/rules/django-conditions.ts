import { atLeast, seriesLabel, type DjangoTarget } from '../discover/django-version.js';
import { earlierDefault, plainToValue } from '../settings/django-defaults.js';
import type { Setting, SettingsModel } from '../settings/settings-model.js';
import { describe, negate, type Answer } from '../settings/value.js';

/**
 * The conditions of Django's deploy checks (django/core/checks/security/base.py, sessions.py, csrf.py),
 * shared by the rules that mirror them, so every rule gates on installed middleware and apps exactly as
 * Django does: plain `in` on the final list, no subclasses, no AppConfig paths. Every question goes
 * through `Setting`, so an undecided answer is recorded for the rule asking.
 */
export const SECURITY_MIDDLEWARE = 'django.middleware.security.SecurityMiddleware';
export const CLICKJACKING_MIDDLEWARE = 'django.middleware.clickjacking.XFrameOptionsMiddleware';
export const CSRF_MIDDLEWARE = 'django.middleware.csrf.CsrfViewMiddleware';
export const SESSION_MIDDLEWARE = 'django.contrib.sessions.middleware.SessionMiddleware';
export const SESSIONS_APP = 'django.contrib.sessions';

/** MIDDLEWARE_CLASSES in django/conf/global_settings.py of Django 1.8 to 1.11. */
const OLD_DEFAULT_MIDDLEWARE_CLASSES = [
  'django.middleware.common.CommonMiddleware',
  'django.middleware.csrf.CsrfViewMiddleware',
];

/**
 * The setting that lists the middleware production runs: MIDDLEWARE, or MIDDLEWARE_CLASSES when
 * MIDDLEWARE is not set (settings written for Django before 1.10, whatever release the scan assumes),
 * on Django 1.10-1.11 when MIDDLEWARE is None (its default there, the old-style list then applies), and
 * always before Django 1.10, which knows no MIDDLEWARE.
 */
export function middlewareSetting(settings: SettingsModel, django: DjangoTarget): Setting {
  const classes = () =>
    settings.get(
      'MIDDLEWARE_CLASSES',
      atLeast(django, 2, 0) ? undefined : plainToValue(OLD_DEFAULT_MIDDLEWARE_CLASSES, settings.moduleSpan),
    );
  if (!atLeast(django, 1, 10)) return classes();
  const middleware = settings.get('MIDDLEWARE');
  if (!atLeast(django, 2, 0)) {
    // Django 1.10-1.11: `if settings.MIDDLEWARE is None` selects the old-style handler.
    if (!middleware.isAssigned || middleware.value.kind === 'none') return classes();
    return middleware;
  }
  if (middleware.isAssigned) return middleware;
  const old = settings.get('MIDDLEWARE_CLASSES');
  return old.isAssigned && old.value.kind !== 'none' ? old : middleware;
}

/** A setting as the project's Django release sees it: unset, it takes that release's default. */
export function settingOnRelease(settings: SettingsModel, django: DjangoTarget, name: string): Setting {
  const earlier = earlierDefault(name, django);
  return settings.get(name, earlier === undefined ? undefined : plainToValue(earlier, settings.moduleSpan));
}

/** `setting.describe()`, naming the release when an unset setting takes a default that release changed. */
export function describeOnRelease(setting: Setting, django: DjangoTarget): string {
  if (setting.isAssigned || earlierDefault(setting.name, django) === undefined) return setting.describe();
  return `not set (Django ${seriesLabel(django)}'s default is ${describe(setting.value)})`;
}

/** `path in MIDDLEWARE` (or MIDDLEWARE_CLASSES, whichever production uses). */
export function hasMiddleware(settings: SettingsModel, django: DjangoTarget, path: string): Answer {
  return middlewareSetting(settings, django).contains(path);
}

/** `not setting` in Python; undefined when unknown. */
export function isFalsy(setting: Setting): Answer {
  return negate(setting.truthy());
}

/** `setting is not True` in Python; undefined when unknown. */
export function isNotTrue(setting: Setting): Answer {
  return negate(setting.isTrue());
}

/**
 * The cookie-flag test of W010-W016: Django 3.2 asks for a truthy value, 4.1 and later for `is True`, so
 * `SESSION_COOKIE_SECURE = 1` passes on 3.2 and fails on 4.2.
 */
export function cookieFlagFails(setting: Setting, django: DjangoTarget): Answer {
  return atLeast(django, 4, 1) ? isNotTrue(setting) : isFalsy(setting);
}

/** For the docs of every rule that reads the middleware list. */
export const MIDDLEWARE_CLASSES_NOTE =
  'Settings written for Django before 1.10 list the middleware in `MIDDLEWARE_CLASSES`: it is read when `MIDDLEWARE` is not set (and, on Django 1.10 and 1.11, when `MIDDLEWARE` is `None`), and always on Django before 1.10. The finding names the setting it read.';

/** "MIDDLEWARE does not include", "MIDDLEWARE_CLASSES is not set, so it lacks": the start of a finding. */
export function middlewareLacks(middleware: Setting): string {
  return `${middleware.name} ${middleware.isAssigned ? 'does not include' : 'is not set, so it lacks'}`;
}
