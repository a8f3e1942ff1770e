import type { SourceSpan } from '../finding.js';
import { make, reprText, unknown, type Value } from './value.js';

/**
 * django-environ's `env.email_url()` (alias `env.email()`): the dict `Env.email_url_config` builds from
 * the URL (django-environ 0.11-0.14, environ/environ.py). Its keys are fixed by the URL's scheme and query,
 * so `vars().update(env.email_url(...))` sets exactly those settings, each keeping the environment read it
 * came from.
 */

const EMAIL_SCHEMES: Record<string, string> = {
  smtp: 'django.core.mail.backends.smtp.EmailBackend',
  smtps: 'django.core.mail.backends.smtp.EmailBackend',
  'smtp+tls': 'django.core.mail.backends.smtp.EmailBackend',
  'smtp+ssl': 'django.core.mail.backends.smtp.EmailBackend',
  consolemail: 'django.core.mail.backends.console.EmailBackend',
  filemail: 'django.core.mail.backends.filebased.EmailBackend',
  memorymail: 'django.core.mail.backends.locmem.EmailBackend',
  dummymail: 'django.core.mail.backends.dummy.EmailBackend',
};

/** The query parameters email_url_config lifts to settings; the others go to OPTIONS. */
const EMAIL_BASE_OPTIONS = ['EMAIL_USE_TLS', 'EMAIL_USE_SSL'];

/** The keys email_url_config always sets, whatever the URL. */
const EMAIL_KEYS = [
  'EMAIL_FILE_PATH',
  'EMAIL_HOST_USER',
  'EMAIL_HOST_PASSWORD',
  'EMAIL_HOST',
  'EMAIL_PORT',
  'EMAIL_BACKEND',
];

/** The parts of `urllib.parse.urlparse(text)` email_url_config reads. */
export interface ParsedUrl {
  scheme: string;
  netloc: string;
  path: string;
  query: string;
  username: string | null;
  password: string | null;
  hostname: string | null;
  /** A port that is not a number, or out of range, makes `.port` raise ValueError. */
  port: number | null | 'invalid';
}

/**
 * `urllib.parse.urlparse(text)` for the URLs settings hold. Undefined for text CPython may treat
 * differently across releases (whitespace and control characters it strips, non-ASCII it checks under
 * NFKC, bracketed IPv6 hosts), so those stay unknown rather than guessed.
 */
export function parseUrl(text: string): ParsedUrl | undefined {
  if (!/^[\x21-\x7e]*$/.test(text) || /[[\]]/.test(text)) return undefined;
  let rest = text;
  let scheme = '';
  const colon = rest.indexOf(':');
  if (colon > 0 && /^[A-Za-z][A-Za-z0-9+.-]*$/.test(rest.slice(0, colon))) {
    scheme = rest.slice(0, colon).toLowerCase();
    rest = rest.slice(colon + 1);
  }
  let netloc = '';
  if (rest.startsWith('//')) {
    const end = [...'/?#'].map((c) => rest.indexOf(c, 2)).filter((i) => i >= 0);
    const stop = end.length ? Math.min(...end) : rest.length;
    netloc = rest.slice(2, stop);
    rest = rest.slice(stop);
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const mark = rest.indexOf('?');
  const query = mark >= 0 ? rest.slice(mark + 1) : '';
  const path = mark >= 0 ? rest.slice(0, mark) : rest;

  const at = netloc.lastIndexOf('@');
  const userinfo = at >= 0 ? netloc.slice(0, at) : undefined;
  const hostinfo = at >= 0 ? netloc.slice(at + 1) : netloc;
  const userColon = userinfo?.indexOf(':') ?? -1;
  const username = userinfo === undefined ? null : userColon >= 0 ? userinfo.slice(0, userColon) : userinfo;
  const password = userinfo === undefined || userColon < 0 ? null : userinfo.slice(userColon + 1);
  const hostColon = hostinfo.indexOf(':');
  const host = hostColon >= 0 ? hostinfo.slice(0, hostColon) : hostinfo;
  const portText = hostColon >= 0 ? hostinfo.slice(hostColon + 1) : '';
  // Only the part before a zone index ("%eth0") is lower-cased.
  const zone = host.indexOf('%');
  const hostname = !host ? null : zone >= 0 ? host.slice(0, zone).toLowerCase() + host.slice(zone) : host.toLowerCase();
  let port: ParsedUrl['port'] = null;
  if (portText) {
    const number = /^[0-9]+$/.test(portText) ? Number(portText) : NaN;
    port = Number.isNaN(number) || number > 65535 ? 'invalid' : number;
  }
  return { scheme, netloc, path, query, username, password, hostname, port };
}

/** `urllib.parse.unquote` (with `plus`, `unquote_plus`): %XX sequences decoded as UTF-8, bad ones kept. */
export function unquote(text: string, plus = false): string {
  const source = plus ? text.replace(/\+/g, ' ') : text;
  return source.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = Uint8Array.from(run.match(/%[0-9A-Fa-f]{2}/g)!.map((hex) => parseInt(hex.slice(1), 16)));
    // Python replaces undecodable bytes with U+FFFD, as TextDecoder does.
    return new TextDecoder('utf-8').decode(bytes);
  });
}

/** `urllib.parse.parse_qs(query)`: first value of each name, in order; blank values dropped. */
function parseQuery(query: string): Array<[string, string]> {
  const seen = new Map<string, string>();
  for (const pair of query.split('&')) {
    const equals = pair.indexOf('=');
    if (equals < 0) continue;
    const value = pair.slice(equals + 1);
    if (!value) continue;
    const name = unquote(pair.slice(0, equals), true);
    if (!seen.has(name)) seen.set(name, unquote(value, true));
  }
  return [...seen];
}

type Plain = string | number | boolean | null | Array<[string, Plain]>;

function toValue(plain: Plain, url: Value): Value {
  if (plain === null) return make('none', {}, url.span, url.env);
  if (typeof plain === 'string') return make('str', { value: plain }, url.span, url.env);
  if (typeof plain === 'boolean') return make('bool', { value: plain }, url.span, url.env);
  if (typeof plain === 'number') return make('int', { value: plain }, url.span, url.env);
  const entries = plain.map(([key, value]): [Value, Value] => [
    make('str', { value: key }, url.span),
    toValue(value, url),
  ]);
  return make('dict', { entries }, url.span, url.env);
}

/** `_cast_int`: a string of digits becomes an int. */
function castInt(text: string): string | number {
  return /^[0-9]+$/.test(text) ? Number(text) : text;
}

/**
 * What `email_url_config` returns for a known URL, as ordered entries; a string when it raises (an
 * unknown scheme, a bad port), saying why.
 */
export function emailConfig(text: string, backend?: string): Array<[string, Plain]> | string | undefined {
  const url = parseUrl(text);
  if (!url) return undefined;
  if (url.port === 'invalid') return `the port of ${reprText(text)} is not a valid port (ValueError)`;
  const config: Array<[string, Plain]> = [
    ['EMAIL_FILE_PATH', unquote(url.path.slice(1).split('?')[0]!, true)],
    ['EMAIL_HOST_USER', url.username === null ? null : unquote(url.username)],
    ['EMAIL_HOST_PASSWORD', url.password === null ? null : unquote(url.password)],
    ['EMAIL_HOST', url.hostname],
    ['EMAIL_PORT', url.port],
  ];
  const set = (key: string, value: Plain) => {
    const index = config.findIndex(([k]) => k === key);
    if (index >= 0) config[index] = [key, value];
    else config.push([key, value]);
  };
  if (backend !== undefined) set('EMAIL_BACKEND', backend);
  else if (!(url.scheme in EMAIL_SCHEMES)) return `${reprText(url.scheme)} is not an email scheme django-environ knows`;
  else set('EMAIL_BACKEND', EMAIL_SCHEMES[url.scheme]!);
  if (url.scheme === 'smtps' || url.scheme === 'smtp+tls') set('EMAIL_USE_TLS', true);
  else if (url.scheme === 'smtp+ssl') set('EMAIL_USE_SSL', true);
  if (url.query) {
    const options: Array<[string, Plain]> = [];
    for (const [name, value] of parseQuery(url.query)) {
      const key = name.toUpperCase();
      if (EMAIL_BASE_OPTIONS.includes(key)) set(key, castInt(value));
      else {
        const index = options.findIndex(([k]) => k === key);
        if (index >= 0) options[index] = [key, castInt(value)];
        else options.push([key, castInt(value)]);
      }
    }
    set('OPTIONS', options);
  }
  return config;
}

/**
 * `env.email_url(...)` given the URL it reads: the settings dict, with every value keeping the URL's
 * provenance ("'password' when DD_EMAIL_URL is unset"). An undecided URL gives one dict per outcome; an
 * unknown one still has its fixed keys, each unknown for the URL's reason.
 */
export function emailFromUrl(url: Value, backend: Value | undefined, span: SourceSpan): Value {
  if (url.kind === 'either') {
    return { ...url, options: url.options.map((option) => emailFromUrl(option, backend, span)) };
  }
  const knownBackend = backend === undefined || backend.kind === 'none' ? undefined : backend;
  if (url.kind === 'str' && (knownBackend === undefined || knownBackend.kind === 'str')) {
    const config = emailConfig(url.value, knownBackend?.kind === 'str' ? knownBackend.value : undefined);
    if (Array.isArray(config)) return toValue(config, url);
    if (typeof config === 'string') {
      return unknown(`env.email_url() raises: ${config}`, url.span, url.env, 'give a valid email URL');
    }
  }
  // The URL is known only at deploy time: the keys are still these, their values the deployment's.
  const why = url.kind === 'unknown' ? url.why : 'an email URL the model cannot parse';
  const hint = url.kind === 'unknown' ? url.hint : undefined;
  const entries = [...EMAIL_KEYS, ...EMAIL_BASE_OPTIONS, 'OPTIONS'].map((key): [Value, Value] => [
    make('str', { value: key }, span),
    unknown(why, url.span, url.env, hint),
  ]);
  return make('dict', { entries }, span, url.env);
}

/**
 * The cache backends of django-environ's CACHE_SCHEMES. The redis and pymemcache drivers depend on the
 * packages installed where the settings run (environ/compat.py), so those stay unknown.
 */
const CACHE_SCHEMES: Record<string, string | undefined> = {
  dbcache: 'django.core.cache.backends.db.DatabaseCache',
  dummycache: 'django.core.cache.backends.dummy.DummyCache',
  filecache: 'django.core.cache.backends.filebased.FileBasedCache',
  locmemcache: 'django.core.cache.backends.locmem.LocMemCache',
  memcache: 'django.core.cache.backends.memcached.MemcachedCache',
  pymemcache: undefined,
  pylibmc: 'django.core.cache.backends.memcached.PyLibMCCache',
  rediscache: undefined,
  redis: undefined,
  rediss: undefined,
};

const CACHE_BASE_OPTIONS = ['TIMEOUT', 'KEY_PREFIX', 'VERSION', 'KEY_FUNCTION', 'BINARY'];

/** A driver chosen by what is installed in production: unknown, and what would tell. */
const INSTALLED_DRIVER = Symbol('installed driver');
/** A query value `ast.literal_eval` would turn into something this does not model. */
const UNMODELLED = Symbol('unmodelled literal');

type CachePlain = Plain | string[] | Array<[string, CachePlain]> | typeof INSTALLED_DRIVER | typeof UNMODELLED;

/** django-environ's `_cast`: `ast.literal_eval(text)`, or the text itself when that fails. */
function literalOrText(text: string): CachePlain {
  if (/^[0-9]+$/.test(text)) return Number(text);
  if (text === 'True' || text === 'False') return text === 'True';
  if (text === 'None') return null;
  // Anything that could be a number, a container or a quoted string in Python is left unmodelled.
  if (/^[\s+-]*[0-9.]|[[\]{}()'"]/.test(text)) return UNMODELLED;
  return text;
}

/** What `cache_url_config` returns for a known URL; a string when it raises. */
export function cacheConfig(text: string, backend?: string): Array<[string, CachePlain]> | string | undefined {
  const url = parseUrl(text);
  if (!url) return undefined;
  if (!(url.scheme in CACHE_SCHEMES)) return `${reprText(url.scheme)} is not a cache scheme django-environ knows`;
  const hosts = url.netloc.split(',');
  let location: CachePlain = hosts.length === 1 ? hosts[0]! : hosts;
  if (url.scheme === 'filecache') location = url.netloc + url.path;
  if (!url.netloc && (url.scheme === 'memcache' || url.scheme === 'pymemcache')) location = `unix:${url.path}`;
  else if (url.scheme.startsWith('redis')) {
    const scheme = url.hostname ? url.scheme.replace('cache', '') : 'unix';
    const locations = hosts.map((host) => `${scheme}://${host}${url.path}`);
    location = locations.length === 1 ? locations[0]! : locations;
  }
  const config: Array<[string, CachePlain]> = [
    ['BACKEND', CACHE_SCHEMES[url.scheme] ?? INSTALLED_DRIVER],
    ['LOCATION', location],
  ];
  if (url.query) {
    const options: Array<[string, CachePlain]> = [];
    for (const [name, value] of parseQuery(url.query)) {
      const key = name.toUpperCase();
      const target = CACHE_BASE_OPTIONS.includes(key) ? config : options;
      const index = target.findIndex(([k]) => k === key);
      if (index >= 0) target[index] = [key, literalOrText(value)];
      else target.push([key, literalOrText(value)]);
    }
    config.push(['OPTIONS', options]);
  }
  if (backend !== undefined) config[0] = ['BACKEND', backend];
  return config;
}

function cacheValue(plain: CachePlain, url: Value): Value {
  if (plain === INSTALLED_DRIVER) {
    return unknown(
      "the cache driver django-environ picks from the installed packages (django-redis, Django's own, or redis_cache)",
      url.span,
      url.env,
      'pass --python with the interpreter production runs, so the scan can see which packages are installed',
    );
  }
  if (plain === UNMODELLED)
    return unknown('a cache option django-environ reads with ast.literal_eval', url.span, url.env);
  if (Array.isArray(plain) && plain.every((item) => typeof item === 'string')) {
    return make('list', { items: (plain as string[]).map((item) => toValue(item, url)) }, url.span, url.env);
  }
  if (Array.isArray(plain)) {
    const entries = (plain as Array<[string, CachePlain]>).map(([key, value]): [Value, Value] => [
      make('str', { value: key }, url.span),
      cacheValue(value, url),
    ]);
    return make('dict', { entries }, url.span, url.env);
  }
  return toValue(plain, url);
}

/** `env.cache_url(...)` given the URL it reads: the CACHES entry, keeping the URL's provenance. */
export function cacheFromUrl(url: Value, backend: Value | undefined, span: SourceSpan): Value {
  if (url.kind === 'either') {
    return { ...url, options: url.options.map((option) => cacheFromUrl(option, backend, span)) };
  }
  const knownBackend = backend === undefined || backend.kind === 'none' ? undefined : backend;
  if (url.kind === 'str' && (knownBackend === undefined || knownBackend.kind === 'str')) {
    const config = cacheConfig(url.value, knownBackend?.kind === 'str' ? knownBackend.value : undefined);
    if (Array.isArray(config)) return cacheValue(config, url);
    if (typeof config === 'string') {
      return unknown(`env.cache_url() raises: ${config}`, url.span, url.env, 'give a valid cache URL');
    }
  }
  return unknown(`a cache configured from a URL`, span, url.env, url.kind === 'unknown' ? url.hint : undefined);
}
