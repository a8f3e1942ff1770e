import type { SourceSpan } from '../finding.js';
import { outcomes, repr, reprText, truthy, type Value } from '../settings/value.js';
import { hasMiddleware, SECURITY_MIDDLEWARE } from './django-conditions.js';
import type { SettingsRule } from './rule.js';

const RECOMMENDED = "('HTTP_X_FORWARDED_PROTO', 'https')";

/**
 * Keys of request.META that the server, not a request header, provides under WSGI (`uwsgi_param HTTPS on`,
 * mod_wsgi's HTTPS). A few setups name them in SECURE_PROXY_SSL_HEADER, and it works there, so they are
 * not reported as badly formed header names.
 */
const SERVER_VARIABLES = new Set(['HTTPS', 'REQUEST_SCHEME', 'SERVER_PORT', 'wsgi.url_scheme']);

/** Values a proxy sends to say "secure": what a header name written in second place is swapped with. */
const SECURE_WORDS = /^(https|on|true|1|ssl)$/i;

interface Problem {
  /** What is wrong, to follow "SECURE_PROXY_SSL_HEADER is <value>: ". */
  what: string;
  fix: string;
  span: SourceSpan;
  /** The setting parses but can never say "https": behind a TLS proxy every request looks like plain HTTP. */
  neverSecure: boolean;
}

type Verdict = Problem | 'fine' | 'unknown';

/** How Django stores a request header in request.META: HTTP_ prefix, upper case, dashes as underscores. */
function metaName(name: string): string {
  const upper = name.trim().toUpperCase().replace(/-/g, '_');
  return upper.startsWith('HTTP_') ? upper : `HTTP_${upper}`;
}

function isMetaHeaderName(name: string): boolean {
  return /^HTTP_\S+$/.test(name) && name === name.toUpperCase() && !name.includes('-');
}

/** The text as Python prints it, so a suggested line can be pasted into the settings. */
const pythonString = reprText;

function fixWith(header: string, secure = 'https'): string {
  return `SECURE_PROXY_SSL_HEADER = (${pythonString(header)}, ${pythonString(secure)})`;
}

function judgeHeader(header: Value, secure: Value, span: SourceSpan): Problem | 'unknown' | undefined {
  if (header.kind === 'unknown' || header.kind === 'either') return 'unknown';
  if (header.kind !== 'str') {
    return {
      what: `the header name ${repr(header)} is not a string, so request.META never holds it and the setting never matches`,
      fix: `SECURE_PROXY_SSL_HEADER = ${RECOMMENDED}`,
      span,
      neverSecure: true,
    };
  }
  const name = header.value;
  if (secure.kind === 'str' && SECURE_WORDS.test(name.trim()) && /^HTTP_|forwarded|-/i.test(secure.value)) {
    return {
      what: `the pair is reversed: Django reads the first item as the header name and the second as the value that means "secure", so it looks for a header called ${pythonString(name)} and the setting never matches`,
      fix: fixWith(metaName(secure.value), name.trim()),
      span,
      neverSecure: true,
    };
  }
  if (SERVER_VARIABLES.has(name) || isMetaHeaderName(name)) return undefined;
  const suggested = name.trim() === '' || SECURE_WORDS.test(name.trim()) ? 'HTTP_X_FORWARDED_PROTO' : metaName(name);
  const shape = /[a-z-]/.test(name)
    ? `is not in request.META form, so it never matches: Django stores a request header as HTTP_ plus its name in upper case with dashes as underscores (here ${pythonString(suggested)})`
    : `lacks the HTTP_ prefix that Django puts on every request header in request.META, so it never matches`;
  return {
    what: `the header name ${pythonString(name)} ${shape}`,
    fix: fixWith(suggested, secure.kind === 'str' ? secure.value.trim() || 'https' : 'https'),
    span,
    neverSecure: true,
  };
}

function judgeSecureValue(header: Value, secure: Value, span: SourceSpan): Problem | 'unknown' | undefined {
  if (secure.kind === 'unknown' || secure.kind === 'either') return 'unknown';
  const name =
    header.kind === 'str' && (isMetaHeaderName(header.value) || SERVER_VARIABLES.has(header.value))
      ? header.value
      : 'HTTP_X_FORWARDED_PROTO';
  if (secure.kind !== 'str') {
    return {
      what: `the value ${repr(secure)} is not a string; header values are strings, so no request ever counts as secure`,
      fix: fixWith(name),
      span,
      neverSecure: true,
    };
  }
  const text = secure.value;
  if (text.trim() === '') {
    return {
      what: 'the value that means "secure" is empty, so only a request that carries the header with nothing in it counts as secure',
      fix: fixWith(name),
      span,
      neverSecure: true,
    };
  }
  if (text.trim().toLowerCase() === 'http') {
    return {
      what: `the value that means "secure" is ${pythonString(text)}: requests that reached the proxy over plain HTTP count as secure, and HTTPS ones as insecure`,
      fix: fixWith(name),
      span,
      neverSecure: true,
    };
  }
  if (text !== text.trim()) {
    return {
      what: `the value ${pythonString(text)} has surrounding spaces, and Django strips them from the header before comparing, so it never matches`,
      fix: fixWith(name, text.trim()),
      span,
      neverSecure: true,
    };
  }
  return undefined;
}

function judge(value: Value): Verdict {
  if (value.kind === 'unknown' || value.kind === 'either') return 'unknown';
  // `if settings.SECURE_PROXY_SSL_HEADER:` in HttpRequest.scheme: a false value switches the setting off.
  if (truthy(value) === false) return 'fine';
  const span = value.span;
  const crash = (what: string): Problem => ({
    what: `${what}; Django unpacks the setting into a header name and a value and, when that fails, raises ImproperlyConfigured ("must be a tuple containing two values") on every request that asks whether it is secure`,
    fix: `SECURE_PROXY_SSL_HEADER = ${RECOMMENDED}`,
    span,
    neverSecure: false,
  });
  switch (value.kind) {
    case 'tuple':
    case 'list': {
      const [first, second] = value.items;
      if (value.items.length === 1 && first && (first.kind === 'tuple' || first.kind === 'list')) {
        return crash(
          'it holds one item, a pair wrapped in another tuple (a trailing comma after the closing parenthesis?)',
        );
      }
      if (value.items.length !== 2 || !first || !second) {
        return crash(
          `it holds ${value.items.length === 1 ? 'one item' : `${value.items.length} items`} instead of two`,
        );
      }
      const header = judgeHeader(first, second, span);
      if (header && header !== 'unknown') return header;
      const secure = judgeSecureValue(first, second, span);
      if (secure) return secure;
      return header ?? 'fine';
    }
    case 'str':
      // Any two-item iterable unpacks: a two-character string becomes two one-character strings.
      return [...value.value].length === 2
        ? {
            what: 'it is a two-character string, which Django unpacks into a one-character header name and value that never match',
            fix: `SECURE_PROXY_SSL_HEADER = ${RECOMMENDED}`,
            span,
            neverSecure: true,
          }
        : crash('it is a string, not a (header name, value) pair');
    case 'set':
      return {
        what: 'it is a set, whose order changes from one process to the next (string hashes are randomised), so the header name and the value swap places at random',
        fix: `SECURE_PROXY_SSL_HEADER = ${RECOMMENDED}`,
        span,
        neverSecure: false,
      };
    case 'dict':
      return value.entries.length === 2
        ? {
            what: 'it is a dict, and Django unpacks its two keys as the header name and the value, not a key and its value',
            fix: `SECURE_PROXY_SSL_HEADER = ${RECOMMENDED}`,
            span,
            neverSecure: true,
          }
        : crash('it is a dict, which unpacks into its keys');
    case 'bool':
    case 'int':
    case 'float':
      return {
        what: `it is not a (header name, value) pair; unpacking ${repr(value)} raises TypeError on every request that asks whether it is secure`,
        fix: `SECURE_PROXY_SSL_HEADER = ${RECOMMENDED}`,
        span,
        neverSecure: false,
      };
    default:
      return 'unknown';
  }
}

export const proxySslHeaderInvalid: SettingsRule = {
  kind: 'settings',
  id: 'proxy-ssl-header-invalid',
  level: 'warning',
  summary: 'SECURE_PROXY_SSL_HEADER is malformed, or missing where a TLS proxy makes SECURE_SSL_REDIRECT loop',
  djangoChecks: [],
  seedItem: 3,
  securitySeverity: 5.3,
  tags: ['security', 'settings', 'https', 'proxy'],
  check({ settings, django, deployment, report }) {
    const header = settings.get('SECURE_PROXY_SSL_HEADER');
    const redirect = settings.get('SECURE_SSL_REDIRECT');
    const behindProxy = deployment.tlsTerminatedByProxy === true;
    // SecurityMiddleware: `if self.redirect and not request.is_secure()`, so truthiness decides. Asked only
    // behind a TLS proxy, the one deployment where the answer matters.
    const redirecting = () =>
      hasMiddleware(settings, django, SECURITY_MIDDLEWARE) === true && redirect.truthy() === true;
    const verdicts = outcomes(header.value).map(judge);
    // Only a problem on every path the model sees is established; an undecided branch is not.
    const [first] = verdicts;
    if (first && first !== 'fine' && first !== 'unknown' && verdicts.every((v) => v !== 'fine' && v !== 'unknown')) {
      const loop =
        first.neverSecure && behindProxy && redirecting()
          ? ` With SECURE_SSL_REDIRECT on behind the TLS proxy, every request is redirected to https:// again, forever.`
          : '';
      report({
        span: first.span,
        setting: 'SECURE_PROXY_SSL_HEADER',
        message: `SECURE_PROXY_SSL_HEADER is ${header.describe()}: ${first.what}.${loop}`,
        fix: first.fix,
      });
      return;
    }
    if (!verdicts.every((v) => v === 'fine')) {
      header.undecided();
      return;
    }
    // The trap Django's docs describe: TLS ends at the proxy, Django sees http:// and redirects forever.
    if (behindProxy && redirecting() && header.truthy() === false) {
      report({
        span: header.isAssigned ? header.origin : redirect.origin,
        setting: 'SECURE_PROXY_SSL_HEADER',
        message: `SECURE_SSL_REDIRECT is ${redirect.describe()} while SECURE_PROXY_SSL_HEADER is ${header.describe()}, and TLS ends at a proxy (tls-terminated-by-proxy): every request reaches Django over plain HTTP, so it redirects each one to https:// again, forever ("too many redirects").`,
        fix: `SECURE_PROXY_SSL_HEADER = ${RECOMMENDED}, with the proxy setting X-Forwarded-Proto and overwriting any value the client sent`,
      });
    }
  },
  docs: {
    what: 'Checks that `SECURE_PROXY_SSL_HEADER`, when set, is a pair of a `request.META` header name (`"HTTP_X_FORWARDED_PROTO"`) and the non-empty value that means "secure" (`"https"`); and, when the config file says TLS ends at a proxy (`tls-terminated-by-proxy: true`), that it is set whenever `SECURE_SSL_REDIRECT` is on.',
    why: 'Behind a proxy that terminates TLS, every request reaches Django over plain HTTP. Django only knows which ones were HTTPS from the header this setting names, and it matches the name against `request.META`, where `X-Forwarded-Proto` is stored as `HTTP_X_FORWARDED_PROTO`. A name in any other form, or a reversed pair, never matches: `request.is_secure()` is always false, absolute URLs and redirects use `http://`, and `SECURE_SSL_REDIRECT` redirects every request to itself forever. Django runs no check on this setting, and a value that is not a pair fails only when a request arrives, with ImproperlyConfigured.',
    example: `SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("X-Forwarded-Proto", "https")  # header form, never in request.META

# or reversed
SECURE_PROXY_SSL_HEADER = ("https", "HTTP_X_FORWARDED_PROTO")`,
    useInstead: `SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")`,
    notes: [
      'The shape follows `HttpRequest.scheme` in `django/http/request.py`: `header, secure_value = settings.SECURE_PROXY_SSL_HEADER`, with ValueError turned into ImproperlyConfigured. Any two-item sequence unpacks, so a two-item list works like the documented tuple and is not reported. One item, three items, a string or a dict fails with ImproperlyConfigured on every request that asks for its scheme (a two-character string or a two-key dict unpacks, into a pair that never matches); a set unpacks in an order that changes between processes; `True` raises TypeError. A false value (`None`, `()`) turns the setting off.',
      'A common slip is a trailing comma, `SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https"),`, which makes a one-item tuple holding the pair.',
      'Names the server itself puts into `request.META` under WSGI (`HTTPS`, `REQUEST_SCHEME`, `SERVER_PORT`, `wsgi.url_scheme`) are accepted: `("HTTPS", "on")` works with `uwsgi_param HTTPS on`. They do not exist under ASGI.',
      'The value is compared exactly (since Django 4.1, with the first comma-separated entry of the header, stripped). An empty value, `"http"` (which marks plain-HTTP requests as secure), a non-string and a value with surrounding spaces are reported; the case of a non-empty value is not, since a proxy may send any text.',
      'The loop is reported only when the config file says `tls-terminated-by-proxy: true`, SecurityMiddleware is installed and `SECURE_SSL_REDIRECT` is true, since only the deployment knows where TLS ends.',
      'The seed checklist says that setting both `SECURE_SSL_REDIRECT` and `SECURE_PROXY_SSL_HEADER` "causes an infinite redirect loop". Django documents the opposite: both together is the correct setup behind a TLS proxy, and an infinite redirect after turning on `SECURE_SSL_REDIRECT` means the proxy header is missing or wrong. Setting both is therefore never reported; letting the proxy redirect instead (`SECURE_SSL_REDIRECT = False`) is equally fine.',
      'The setting is safe only if the proxy strips or overwrites the header a client sends; otherwise anyone can claim HTTPS. That is proxy configuration, which the scanner cannot see.',
      'When the value comes from an environment read, the default is judged when the variable is unset (the message says so), and the given value with `--env`. A value the scanner cannot evaluate, or one decided by a condition it cannot evaluate whose branches disagree, is not reported; a `settings-incomplete` note names it.',
    ],
    references: [
      {
        title: 'Django settings: SECURE_PROXY_SSL_HEADER',
        url: 'https://docs.djangoproject.com/en/stable/ref/settings/#secure-proxy-ssl-header',
      },
      {
        title: 'Django settings: SECURE_SSL_REDIRECT',
        url: 'https://docs.djangoproject.com/en/stable/ref/settings/#secure-ssl-redirect',
      },
      { title: 'SSL redirect', url: 'https://docs.djangoproject.com/en/stable/ref/middleware/#ssl-redirect' },
      {
        title: 'HttpRequest.scheme (django/http/request.py)',
        url: 'https://github.com/django/django/blob/main/django/http/request.py',
      },
    ],
  },
};
