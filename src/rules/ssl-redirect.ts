import { hasMiddleware, isNotTrue, SECURITY_MIDDLEWARE } from './django-conditions.js';
import type { SettingsRule } from './rule.js';
import { settingFix } from './where-production-sets.js';

export const sslRedirectDisabled: SettingsRule = {
  kind: 'settings',
  id: 'ssl-redirect-disabled',
  level: 'warning',
  summary: 'SECURE_SSL_REDIRECT is not True, so plain-HTTP requests are served',
  djangoChecks: ['security.W008'],
  seedItem: 3,
  securitySeverity: 5.9,
  tags: ['security', 'settings', 'https'],
  check({ settings, django, deployment, report }) {
    if (hasMiddleware(settings, django, SECURITY_MIDDLEWARE) !== true) return;
    const redirect = settings.get('SECURE_SSL_REDIRECT');
    if (isNotTrue(redirect) !== true) return;
    const proxy = deployment.tlsTerminatedByProxy === true;
    report({
      span: redirect.origin,
      setting: 'SECURE_SSL_REDIRECT',
      djangoCheck: 'security.W008',
      level: proxy ? 'note' : 'warning',
      message: proxy
        ? `SECURE_SSL_REDIRECT is ${redirect.describe()}: the config says TLS ends at a proxy, so that proxy must redirect http:// to https://; Django will not.`
        : `SECURE_SSL_REDIRECT is ${redirect.describe()}: requests over plain HTTP are served as they are, so pages, cookies and form posts can travel unencrypted.`,
      fix: proxy
        ? 'Redirect HTTP to HTTPS at the proxy, or set SECURE_SSL_REDIRECT = True with SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")'
        : `${settingFix(redirect.value, 'SECURE_SSL_REDIRECT = True', 'SECURE_SSL_REDIRECT')} (behind a TLS-terminating proxy, also SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https"))`,
    });
  },
  docs: {
    what: "Checks that `SECURE_SSL_REDIRECT` is `True` when SecurityMiddleware is installed, as Django's security.W008 does.",
    why: 'With the redirect on, SecurityMiddleware answers every plain-HTTP request with a redirect to HTTPS. Without it, a page requested over http:// is served in the clear, and so are the cookies and forms that go with it.',
    example: `SECURE_SSL_REDIRECT = False`,
    useInstead: `SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # when TLS ends at a proxy`,
    notes: [
      'The value must be the bool `True`: like Django, `"true"` or `1` is reported.',
      'With `tls-terminated-by-proxy: true` in the config file the finding is a note: the checklist allows the proxy (nginx, a load balancer) to do the redirect instead.',
      'The seed checklist says that setting both `SECURE_SSL_REDIRECT` and `SECURE_PROXY_SSL_HEADER` causes a redirect loop. Django documents the opposite: a loop happens when the redirect is on behind a TLS proxy *without* a correct proxy header (see `proxy-ssl-header-invalid`).',
    ],
    references: [
      {
        title: 'Django settings: SECURE_SSL_REDIRECT',
        url: 'https://docs.djangoproject.com/en/stable/ref/settings/#secure-ssl-redirect',
      },
      { title: 'SSL redirect', url: 'https://docs.djangoproject.com/en/stable/ref/middleware/#ssl-redirect' },
      { title: 'System check security.W008', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
    ],
  },
};
