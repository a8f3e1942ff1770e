import type { SourceSpan } from '../finding.js';
import { make, type Value } from './value.js';

type Plain = boolean | number | string | null | Plain[] | { [key: string]: Plain };

/**
 * Django's global defaults for the settings the rules read (django/conf/global_settings.py). They hold for
 * Django 3.2 to 6.1 for every setting listed here.
 */
export const DJANGO_DEFAULTS: Record<string, Plain> = {
  DEBUG: false,
  ALLOWED_HOSTS: [],
  SECRET_KEY: '',
  SECRET_KEY_FALLBACKS: [],
  MIDDLEWARE: [],
  INSTALLED_APPS: [],
  DATABASES: {},
  EMAIL_HOST_PASSWORD: '',
  SECURE_HSTS_SECONDS: 0,
  SECURE_HSTS_INCLUDE_SUBDOMAINS: false,
  SECURE_HSTS_PRELOAD: false,
  SECURE_CONTENT_TYPE_NOSNIFF: true,
  SECURE_SSL_REDIRECT: false,
  SECURE_PROXY_SSL_HEADER: null,
  SECURE_REFERRER_POLICY: 'same-origin',
  SECURE_CROSS_ORIGIN_OPENER_POLICY: 'same-origin',
  SESSION_COOKIE_SECURE: false,
  SESSION_COOKIE_HTTPONLY: true,
  CSRF_COOKIE_SECURE: false,
  CSRF_COOKIE_HTTPONLY: false,
  CSRF_USE_SESSIONS: false,
  X_FRAME_OPTIONS: 'DENY',
};

/**
 * Defaults that changed between releases, for projects on an older Django: the value each setting had
 * before the release named, read from django/conf/global_settings.py of those releases. X_FRAME_OPTIONS was
 * 'SAMEORIGIN' and SECURE_CONTENT_TYPE_NOSNIFF False until 3.0; SECURE_REFERRER_POLICY came in 3.0 as None
 * and became 'same-origin' in 3.1.
 */
const EARLIER_DEFAULTS: Record<string, ReadonlyArray<{ before: readonly [number, number]; value: Plain }>> = {
  X_FRAME_OPTIONS: [{ before: [3, 0], value: 'SAMEORIGIN' }],
  SECURE_CONTENT_TYPE_NOSNIFF: [{ before: [3, 0], value: false }],
  SECURE_REFERRER_POLICY: [{ before: [3, 1], value: null }],
};

/**
 * Django's default for `name` on release `major.minor`, when it differs from DJANGO_DEFAULTS (the default of
 * every release the rules target from 3.2 on); undefined when it does not.
 */
export function earlierDefault(name: string, release: { major: number; minor: number }): Plain | undefined {
  const older = (bound: readonly [number, number]) =>
    release.major < bound[0] || (release.major === bound[0] && release.minor < bound[1]);
  // Oldest bound first, so the earliest change that postdates the release wins.
  const changes = [...(EARLIER_DEFAULTS[name] ?? [])].sort(
    (a, b) => a.before[0] - b.before[0] || a.before[1] - b.before[1],
  );
  return changes.find((change) => older(change.before))?.value;
}

export function plainToValue(plain: Plain, span: SourceSpan): Value {
  if (plain === null) return make('none', {}, span);
  if (typeof plain === 'boolean') return make('bool', { value: plain }, span);
  if (typeof plain === 'number') return make(Number.isInteger(plain) ? 'int' : 'float', { value: plain }, span);
  if (typeof plain === 'string') return make('str', { value: plain }, span);
  if (Array.isArray(plain)) return make('list', { items: plain.map((item) => plainToValue(item, span)) }, span);
  const entries: Array<[Value, Value]> = Object.entries(plain).map(([k, v]) => [
    make('str', { value: k }, span),
    plainToValue(v, span),
  ]);
  return make('dict', { entries }, span);
}
