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
