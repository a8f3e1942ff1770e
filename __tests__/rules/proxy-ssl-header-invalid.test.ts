import { proxySslHeaderInvalid } from '../../src/rules/proxy-ssl-header.js';
import { py, ruleTester } from '../support/rule-tester.js';

const SECURITY = 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\n';
const withSecurity = (...lines: string[]) => SECURITY + py(...lines);
const REDIRECT = withSecurity('SECURE_SSL_REDIRECT = True');
const behindProxy = (code: string, extra: object = {}) => ({ code, tlsTerminatedByProxy: true, ...extra });

ruleTester(proxySslHeaderInvalid, {
  flag: [
    // Header names that are not in request.META form never match.
    {
      code: 'SECURE_PROXY_SSL_HEADER = ("X-Forwarded-Proto", "https")',
      line: 1,
      level: 'warning',
      message: /'X-Forwarded-Proto' is not in request\.META form/,
    },
    { code: 'SECURE_PROXY_SSL_HEADER = ("x_forwarded_proto", "https")', message: /not in request\.META form/ },
    { code: 'SECURE_PROXY_SSL_HEADER = ("http_x_forwarded_proto", "https")', message: /not in request\.META form/ },
    { code: 'SECURE_PROXY_SSL_HEADER = ("HTTP_X-FORWARDED-PROTO", "https")', message: /not in request\.META form/ },
    { code: 'SECURE_PROXY_SSL_HEADER = ("X_FORWARDED_PROTO", "https")', message: /lacks the HTTP_ prefix/ },
    { code: 'SECURE_PROXY_SSL_HEADER = ["X-Forwarded-Proto", "https"]', message: /META form/ },
    // The reversed pair seen in the wild.
    { code: 'SECURE_PROXY_SSL_HEADER = ("https", "HTTP_X_FORWARDED_PROTO")', message: /reversed/ },
    { code: 'SECURE_PROXY_SSL_HEADER = ("on", "HTTP_X_FORWARDED_SSL")', message: /reversed/ },
    { code: 'SECURE_PROXY_SSL_HEADER = ("https", "X-Forwarded-Proto")', message: /reversed/ },
    // Values that never (or wrongly) mean "secure".
    { code: 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "")', message: /empty/ },
    { code: 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "http")', message: /plain HTTP count as secure/ },
    { code: 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", True)', message: /not a string/ },
    { code: 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", " https")', message: /surrounding spaces/ },
    { code: 'SECURE_PROXY_SSL_HEADER = (None, "https")', message: /header name None is not a string/ },
    // Shapes Django fails to unpack, on every request that asks for its scheme.
    {
      code: 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https"),',
      message: /trailing comma.*ImproperlyConfigured/,
    },
    { code: 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO",)', message: /one item instead of two/ },
    { code: 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https", "on")', message: /3 items/ },
    { code: 'SECURE_PROXY_SSL_HEADER = "HTTP_X_FORWARDED_PROTO"', message: /string, not a .*pair/ },
    { code: 'SECURE_PROXY_SSL_HEADER = {"HTTP_X_FORWARDED_PROTO": "https"}', message: /dict.*ImproperlyConfigured/ },
    { code: 'SECURE_PROXY_SSL_HEADER = {"HTTP_X_FORWARDED_PROTO": "https", "on": ""}', message: /two keys/ },
    { code: 'SECURE_PROXY_SSL_HEADER = "on"', message: /two-character string/ },
    { code: 'SECURE_PROXY_SSL_HEADER = ("HTTPS", "")', message: /empty/ },
    { code: 'SECURE_PROXY_SSL_HEADER = {"HTTP_X_FORWARDED_PROTO", "https"}', message: /set, whose order/ },
    { code: 'SECURE_PROXY_SSL_HEADER = True', message: /TypeError/ },
    { code: 'SECURE_PROXY_SSL_HEADER = (\n    "https",\n    "HTTP_X_FORWARDED_PROTO",\n)', line: 1 },

    // Environment reads: the default is judged, saying so; or the given value.
    {
      code: 'import os\nSECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", os.environ.get("PROXY_SECURE_VALUE", ""))',
      message: /when PROXY_SECURE_VALUE is unset/,
    },
    {
      code: 'import os\nSECURE_PROXY_SSL_HEADER = tuple(os.environ.get("PROXY_HEADER", "X-Forwarded-Proto,https").split(","))',
      message: /when PROXY_HEADER is unset/,
    },
    {
      code: 'import environ\nenv = environ.Env()\nSECURE_PROXY_SSL_HEADER = env.tuple("PROXY_HEADER", default=("https", "HTTP_X_FORWARDED_PROTO"))',
      line: 3,
      message: /reversed/,
    },
    {
      code: 'import environ\nenv = environ.Env()\nSECURE_PROXY_SSL_HEADER = env.tuple("PROXY_HEADER", default=("HTTP_X_FORWARDED_PROTO", "https"))',
      env: { PROXY_HEADER: 'X-Forwarded-Proto,https' },
      message: /given environment/,
    },
    {
      code: 'from decouple import config\nSECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", config("PROXY_SECURE_VALUE"))',
      env: { PROXY_SECURE_VALUE: 'http' },
      message: /plain HTTP count as secure/,
    },

    // Split settings.
    {
      code: 'from base import *\n',
      files: { 'base.py': 'SECURE_PROXY_SSL_HEADER = ("X-Forwarded-Proto", "https")\n' },
      file: 'base.py',
      line: 1,
    },
    {
      code: 'from base import *\nSECURE_PROXY_SSL_HEADER = ("https", "HTTP_X_FORWARDED_PROTO")\n',
      files: { 'base.py': 'SECURE_PROXY_SSL_HEADER = None\n' },
      file: 'settings.py',
      line: 2,
    },

    // A broken header behind a TLS proxy with the redirect on: the loop is named.
    behindProxy(REDIRECT + 'SECURE_PROXY_SSL_HEADER = ("X-Forwarded-Proto", "https")\n', {
      count: 1,
      line: 3,
      message: /redirected to https:\/\/ again, forever/,
    }),

    // The redirect-loop trap: TLS ends at the proxy, the redirect is on, the header is not set.
    behindProxy(REDIRECT, {
      count: 1,
      line: 2,
      message: /SECURE_SSL_REDIRECT is True while SECURE_PROXY_SSL_HEADER is not set/,
    }),
    behindProxy(withSecurity('SECURE_SSL_REDIRECT = True', 'SECURE_PROXY_SSL_HEADER = None'), {
      line: 3,
      message: /SECURE_PROXY_SSL_HEADER is None/,
    }),
    behindProxy(withSecurity('SECURE_SSL_REDIRECT = 1'), { message: /forever/ }),
    behindProxy(withSecurity('import os', 'SECURE_SSL_REDIRECT = os.environ.get("SSL_REDIRECT", "1") == "1"'), {
      message: /when SSL_REDIRECT is unset/,
    }),
    behindProxy(
      withSecurity(
        'import environ',
        'env = environ.Env()',
        'SECURE_SSL_REDIRECT = env.bool("SSL_REDIRECT", default=False)',
      ),
      {
        env: { SSL_REDIRECT: 'true' },
        message: /given environment/,
      },
    ),
    behindProxy(
      withSecurity(
        'import os',
        'SECURE_SSL_REDIRECT = True',
        'if os.getenv("BEHIND_PROXY"):',
        '    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")',
      ),
      { message: /not set/ },
    ),
    behindProxy('from base import *\nSECURE_SSL_REDIRECT = True\n', {
      files: { 'base.py': SECURITY },
      file: 'settings.py',
      line: 2,
    }),
  ],
  pass: [
    // The documented setting, and the seed checklist's "both" setup: the correct configuration behind a proxy.
    'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")',
    behindProxy(REDIRECT + 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")\n'),
    // Any two-item sequence unpacks: a list works at runtime.
    'SECURE_PROXY_SSL_HEADER = ["HTTP_X_FORWARDED_PROTO", "https"]',
    'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_SSL", "on")',
    'SECURE_PROXY_SSL_HEADER = ("HTTP_CLOUDFRONT_FORWARDED_PROTO", "https")',
    'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "HTTPS")',
    // Variables the WSGI server itself sets (uwsgi_param HTTPS on).
    'SECURE_PROXY_SSL_HEADER = ("HTTPS", "on")',
    'SECURE_PROXY_SSL_HEADER = ("wsgi.url_scheme", "https")',
    // Off: Django skips a false value.
    'SECURE_PROXY_SSL_HEADER = None',
    'SECURE_PROXY_SSL_HEADER = ()',
    'DEBUG = False',

    // Unknown stays unknown.
    'from .proxy import HEADER\nSECURE_PROXY_SSL_HEADER = (HEADER, "https")',
    'from .proxy import VALUE\nSECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", VALUE)',
    'from .proxy import SECURE_PROXY_SSL_HEADER',
    'import os\nSECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", os.environ["PROXY_SECURE_VALUE"])',
    'import sys\nif "test" in sys.argv:\n    SECURE_PROXY_SSL_HEADER = ("X-Forwarded-Proto", "https")\nelse:\n    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")',

    // Environment reads with good defaults, or good given values.
    'import os\nSECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", os.environ.get("PROXY_SECURE_VALUE", "https"))',
    'import environ\nenv = environ.Env()\nSECURE_PROXY_SSL_HEADER = env.tuple("PROXY_HEADER", default=("HTTP_X_FORWARDED_PROTO", "https"))',
    {
      code: 'import environ\nenv = environ.Env()\nSECURE_PROXY_SSL_HEADER = env.tuple("PROXY_HEADER", default=("https", "HTTP_X_FORWARDED_PROTO"))',
      env: { PROXY_HEADER: 'HTTP_X_FORWARDED_PROTO,https' },
    },
    {
      code: 'import os\nSECURE_PROXY_SSL_HEADER = tuple(os.environ.get("PROXY_HEADER", "X-Forwarded-Proto,https").split(","))',
      env: { PROXY_HEADER: 'HTTP_X_FORWARDED_PROTO,https' },
    },

    // Split settings: production fixes what base got wrong.
    {
      code: 'from base import *\nSECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")\n',
      files: { 'base.py': 'SECURE_PROXY_SSL_HEADER = ("X-Forwarded-Proto", "https")\n' },
    },

    // No redirect loop: the deployment does not say TLS ends at a proxy, or Django does not redirect.
    REDIRECT,
    { code: REDIRECT, tlsTerminatedByProxy: false },
    behindProxy(withSecurity('SECURE_SSL_REDIRECT = False')),
    behindProxy(SECURITY),
    // Without SecurityMiddleware nothing redirects.
    behindProxy('SECURE_SSL_REDIRECT = True'),
    behindProxy('from somewhere import MIDDLEWARE\nSECURE_SSL_REDIRECT = True'),
    // A redirect or header the model cannot decide.
    behindProxy(withSecurity('from .flags import REDIRECT', 'SECURE_SSL_REDIRECT = REDIRECT')),
    behindProxy(withSecurity('SECURE_SSL_REDIRECT = True', 'from .proxy import SECURE_PROXY_SSL_HEADER')),
    behindProxy(
      withSecurity(
        'import sys',
        'SECURE_SSL_REDIRECT = True',
        'if "test" in sys.argv:',
        '    SECURE_PROXY_SSL_HEADER = None',
        'else:',
        '    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")',
      ),
    ),
    behindProxy(withSecurity('import os', 'SECURE_SSL_REDIRECT = os.environ.get("SSL_REDIRECT", "0") == "1"')),
    behindProxy(
      withSecurity(
        'import os',
        'SECURE_SSL_REDIRECT = True',
        'if os.getenv("BEHIND_PROXY"):',
        '    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")',
      ),
      { env: { BEHIND_PROXY: '1' } },
    ),
    // Split: the header in base, the redirect in production.
    behindProxy('from base import *\nSECURE_SSL_REDIRECT = True\n', {
      files: { 'base.py': SECURITY + 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")\n' },
    }),
  ],
});
