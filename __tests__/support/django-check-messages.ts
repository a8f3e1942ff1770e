// Django's deploy-check messages, verbatim, as the recordings of __tests__/fixtures/check-output show them.
import { type CheckMessage } from '../../src/deploy-check/parse-check-output.js';
import type { Series } from './check-output-recordings.js';

// Django's texts, verbatim.
export const W004: CheckMessage = {
  level: 'warning',
  object: '?',
  id: 'security.W004',
  message:
    'You have not set a value for the SECURE_HSTS_SECONDS setting. If your entire site is served only over SSL, you may want to consider setting a value and enabling HTTP Strict Transport Security. Be sure to read the documentation first; enabling HSTS carelessly can cause serious, irreversible problems.',
};
export const W008: CheckMessage = {
  level: 'warning',
  object: '?',
  id: 'security.W008',
  message:
    'Your SECURE_SSL_REDIRECT setting is not set to True. Unless your site should be available over both SSL and non-SSL connections, you may want to either set this setting True or configure a load balancer or reverse-proxy server to redirect all connections to HTTPS.',
};
export function w009(series: Series): CheckMessage {
  return {
    level: 'warning',
    object: '?',
    id: 'security.W009',
    message: `Your SECRET_KEY has less than 50 characters, less than 5 unique characters, or it's prefixed with 'django-insecure-' indicating that it was generated automatically by Django. Please generate a long and random ${series === '3.2' ? 'SECRET_KEY' : 'value'}, otherwise many of Django's security-critical features will be vulnerable to attack.`,
  };
}
const W012: CheckMessage = {
  level: 'warning',
  object: '?',
  id: 'security.W012',
  message:
    'SESSION_COOKIE_SECURE is not set to True. Using a secure-only session cookie makes it more difficult for network traffic sniffers to hijack user sessions.',
};
const W016: CheckMessage = {
  level: 'warning',
  object: '?',
  id: 'security.W016',
  message:
    "You have 'django.middleware.csrf.CsrfViewMiddleware' in your MIDDLEWARE, but you have not set CSRF_COOKIE_SECURE to True. Using a secure-only CSRF cookie makes it more difficult for network traffic sniffers to steal the CSRF token.",
};
export const W018: CheckMessage = {
  level: 'warning',
  object: '?',
  id: 'security.W018',
  message: 'You should not have DEBUG set to True in deployment.',
};
export const W020: CheckMessage = {
  level: 'warning',
  object: '?',
  id: 'security.W020',
  message: 'ALLOWED_HOSTS must not be empty in deployment.',
};
export const E023: CheckMessage = {
  level: 'error',
  object: '?',
  id: 'security.E023',
  message: 'You have set the SECURE_REFERRER_POLICY setting to an invalid value.',
  hint: 'Valid values are: no-referrer, no-referrer-when-downgrade, origin, origin-when-cross-origin, same-origin, strict-origin, strict-origin-when-cross-origin, unsafe-url.',
};
export const MAIL_E001: CheckMessage = {
  level: 'error',
  object: '?',
  id: 'mail.E001',
  message:
    "Your MAILERS setting uses a development-only email backend in the 'default' entry (django.core.mail.backends.console.EmailBackend).",
  hint: 'Use a production-ready email backend, such as the SMTP backend, otherwise email will not be sent.',
};
export const ADMIN_E403: CheckMessage = {
  level: 'error',
  object: '?',
  id: 'admin.E403',
  message:
    "A 'django.template.backends.django.DjangoTemplates' instance must be configured in TEMPLATES in order to use the admin application.",
};
export const ADMIN_E409: CheckMessage = {
  level: 'error',
  object: '?',
  id: 'admin.E409',
  message:
    "'django.contrib.messages.middleware.MessageMiddleware' must be in MIDDLEWARE in order to use the admin application.",
};
export const MODELS_W042: CheckMessage = {
  level: 'warning',
  object: 'shop.Product',
  id: 'models.W042',
  message:
    "Auto-created primary key used when not defining a primary key type, by default 'django.db.models.AutoField'.",
  hint: "Configure the DEFAULT_AUTO_FIELD setting or the ShopConfig.default_auto_field attribute to point to a subclass of AutoField, e.g. 'django.db.models.BigAutoField'.",
};
export const AUDIT: CheckMessage[] = [
  { level: 'critical', object: '?', id: 'audit.C001', message: 'The audit log is not writable.' },
  { level: 'warning', object: 'audit.Entry', message: 'Retention is not configured.\nEntries are kept forever.' },
  { level: 'info', object: 'audit', id: 'audit.I001', message: 'Audit logging is on.', hint: 'Nothing to do.' },
  { level: 'debug', object: '?', id: 'audit.D001', message: 'Audit checks ran.' },
];
/** The recordings' payment app: hints with blank lines, and continuation lines shaped like `Word: text`. */
export const PAYMENTS: CheckMessage[] = [
  {
    level: 'error',
    object: '?',
    id: 'payments.E001',
    message: 'PAYMENTS_WEBHOOK_SECRET is not set.\nWebhook: incoming events cannot be verified.',
    hint: 'Set it in the environment of every web worker.\n\nExample: PAYMENTS_WEBHOOK_SECRET=whsec_...\nDocs: https://payments.example.com/webhooks',
  },
  { level: 'warning', object: 'payments.Gateway', message: 'Sandbox mode is on.\nMode: sandbox (no real charges).' },
  {
    level: 'warning',
    object: 'payments',
    id: 'payments.W002',
    message: 'PAYMENTS_TIMEOUT is 0.',
    hint: 'Requests to the gateway never time out.\n\n\nDefault: 30 seconds.',
  },
];
export const STARTPROJECT = (series: Series): CheckMessage[] => [W004, W008, w009(series), W012, W016, W018, W020];
export const COULD_NOT_IMPORT_DJANGO =
  "ImportError: Couldn't import Django. Are you sure it's installed and available on your PYTHONPATH environment variable? Did you forget to activate a virtual environment?";
