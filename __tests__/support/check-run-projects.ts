// Django projects the check-run tests scan: hardened settings, insecure ones, and variations of each.

const MANAGE = `import os, sys
if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
`;

/** HTTPS, headers and middleware as production needs them, so each scenario's findings are its own. */
const HARDENING = `MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]
SECURE_CSP = {"default-src": ["'self'"]}
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
`;

export const HARDENED = `import os
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["shop.example.com"]
${HARDENING}`;

/** Two errors (debug-enabled at 3, credential-hardcoded at 5) and a warning (allowed-hosts-wildcard at 4). */
export const INSECURE = `import os
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["*"]
EMAIL_HOST_PASSWORD = "smtp-password-123"
${HARDENING}`;

/** One warning, x-frame-options-middleware-missing, on the whole MIDDLEWARE list: lines 5 to 9. */
export const WITHOUT_CLICKJACKING = HARDENED.replace(
  '    "django.middleware.clickjacking.XFrameOptionsMiddleware",\n',
  '',
);

/** A hardened settings module with `count` credentials written in it: one credential-hardcoded error each. */
export function withCredentials(count: number): string {
  const lines = Array.from(
    { length: count },
    (_, i) => `SERVICE_${i + 1}_PASSWORD = "pw-${String(i + 1).padStart(4, '0')}-s3cr3t"`,
  );
  return `${HARDENED}${lines.join('\n')}\n`;
}

export function project(folder: string, settings: string): Record<string, string> {
  const prefix = folder === '.' ? '' : `${folder}/`;
  return {
    '.git/HEAD': 'ref: refs/heads/main\n',
    [`${prefix}manage.py`]: MANAGE,
    [`${prefix}shop/__init__.py`]: '',
    [`${prefix}shop/settings.py`]: settings,
  };
}
