import type { Setting, SettingsModel } from '../settings/settings-model.js';
import {
  describeConditions,
  dictGet,
  isSuppliedAtDeploy,
  isWrittenInSource,
  outcomes,
  reliesOnUnsetVariable,
  type Value,
} from '../settings/value.js';
import { maskSecret } from './mask-secret.js';
import { moduleRead, setInProduction } from './where-production-sets.js';
import type { Report, SettingsRule } from './rule.js';

/** Setting names (and dict keys) that hold a credential. SECRET_KEY has its own rule. */
const CREDENTIAL_NAME =
  /(^|_)(PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|API_?KEY|ACCESS_KEY|PRIVATE_KEY|AUTH_KEY|CLIENT_SECRET|SECRET_ACCESS_KEY|DSN)$/i;
/** Names that mention a credential but hold something else: a URL, a lifetime, a class path, an identifier. */
const NOT_A_CREDENTIAL =
  /(_URL|_URI|_TYPE|_NAME|_HEADER|_FIELD|_LENGTH|_AGE|_TIMEOUT|_EXPIRE|_EXPIRY|_EXPIRATION|_LIFETIME|_PATH|_FILE|_ID|_ALGORITHM|_HASHERS|_VALIDATORS|_BACKEND|_CLASS|_CLASSES|_PREFIX|_PARAM|_COOKIE|_SALT_LENGTH)$/i;
/** Keys inside dicts (provider configs, OPTIONS): the same words, in any case, as a whole key or its suffix. */
const CREDENTIAL_KEY =
  /(^|_)(password|passwd|pass|pwd|secret|token|api_?key|access_?key|secret_?key|private_?key|client_?secret|auth_?token)$/i;
/** A fallback that points at this machine is a development default, not a deployment's credential. */
const LOCAL_HOST = /^(localhost|127\.0\.0\.1|\[?::1\]?|0\.0\.0\.0|)$/i;
const AWS_ACCESS_KEY = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/;
/** Values that are obviously not real secrets: empty, templated, or placeholders for documentation. */
const PLACEHOLDER = /^(|\s+|none|null|<[^>]*>|\$\{[^}]*\}|\$[A-Z_]+|x+|\*+|\.\.\.|%s|%\(\w+\)s|\{\w*\})$/i;

function isSecretLike(value: Value): value is Value & { kind: 'str' } {
  return value.kind === 'str' && !PLACEHOLDER.test(value.value.trim()) && isWrittenInSource(value);
}

/** The variable to read instead: the one already read, else a name derived from where the value sits. */
function variableFor(where: string, value: Value): string {
  const read = value.env.find((r) => r.state === 'default' || r.state === 'unset');
  if (read) return read.variable;
  const words = where.match(/[A-Za-z0-9]+/g) ?? ['SECRET'];
  const meaningful = words.filter((word) => !/^(the|URL|in|default)$/i.test(word));
  return meaningful
    .join('_')
    .toUpperCase()
    .replace(/^DATABASES_(\w+_)?/, 'DATABASE_');
}

function reportCredential(report: Report, where: string, setting: string, value: Value & { kind: 'str' }): void {
  const fromDefault = reliesOnUnsetVariable(value);
  const variable = variableFor(where, value);
  const how = describeConditions(value);
  const fromModule = fromDefault ? moduleRead(value) : undefined;
  report({
    span: value.span,
    setting,
    level: fromDefault ? 'warning' : 'error',
    message: fromDefault
      ? `${where} falls back to a credential written in the source, ${maskSecret(value.value)}, ${how}: it is readable by anyone with the repository.`
      : `${where} is a credential written in the source, ${maskSecret(value.value)}: anyone who can read the repository (or its history) has it.`,
    fix: fromModule
      ? `Drop the committed default and ${setInProduction(fromModule)}; rotate the committed value`
      : fromDefault
        ? `Drop the default so production must supply it: os.environ["${variable}"]; rotate the committed value`
        : `Read it from the environment with no default, e.g. os.environ["${variable}"], and rotate the committed value`,
  });
}

/** Settings Django itself reads credentials from, whole or per alias (`DATABASES["default"]`). */
const CREDENTIAL_CONTAINERS = new Set(['DATABASES', 'CACHES']);

/** A value the scanner cannot see may hold a credential written somewhere it cannot read; one production supplies does not. */
function mayHideCredential(value: Value): boolean {
  return (value.kind === 'unknown' && !isSuppliedAtDeploy(value)) || value.kind === 'either';
}

/** Walks a setting's dicts for credential-named keys: DATABASES[...]["PASSWORD"], CACHES OPTIONS, provider configs. */
function checkNested(report: Report, setting: Setting, path: string, value: Value, depth: number): void {
  if (depth > 6) return;
  const container = CREDENTIAL_CONTAINERS.has(setting.name) && depth <= 1;
  if (container && mayHideCredential(value)) setting.undecided(value);
  if (value.kind === 'either') {
    for (const option of value.options) checkNested(report, setting, path, option, depth);
    return;
  }
  if (value.kind === 'dict') {
    if (container && value.open) setting.undecided([value.open]);
    const host = dictGet(value, 'HOST');
    const local = host?.kind === 'str' && LOCAL_HOST.test(host.value);
    for (const [key, item] of value.entries) {
      if (key.kind !== 'str') continue;
      const where = `${path}["${key.value}"]`;
      const credentialKey = CREDENTIAL_KEY.test(key.value) && !NOT_A_CREDENTIAL.test(key.value);
      if (credentialKey && isSecretLike(item)) {
        if (!(local && reliesOnUnsetVariable(item))) reportCredential(report, where, setting.name, item);
      } else if (credentialKey && mayHideCredential(item)) {
        setting.undecided(item);
      } else checkNested(report, setting, where, item, depth + 1);
    }
  } else if (value.kind === 'list' || value.kind === 'tuple') {
    value.items.forEach((item, index) => checkNested(report, setting, `${path}[${index}]`, item, depth + 1));
  } else if (value.kind === 'str' && isWrittenInSource(value)) {
    const urlPassword = /^[\w+.-]+:\/\/[^:@/\s]*:([^@/\s]+)@([^:/?#\s]*)/.exec(value.value);
    const localFallback = urlPassword && reliesOnUnsetVariable(value) && LOCAL_HOST.test(urlPassword[2]!);
    if (urlPassword && !PLACEHOLDER.test(urlPassword[1]!) && !localFallback) {
      reportCredential(report, `the URL in ${path}`, setting.name, { ...value, value: urlPassword[1]! });
    } else if (AWS_ACCESS_KEY.test(value.value)) {
      reportCredential(report, path, setting.name, value);
    }
  }
}

/**
 * A DSN written as a URL holds a credential only in its password: Sentry's `https://<public key>@o1.ingest.sentry.io/1`
 * names a client key that every page the SDK serves publishes anyway, while `https://<key>:<secret>@...` (Sentry's
 * old form) or a database DSN with `user:password@` holds a secret. Such a value is judged as a connection URL.
 */
function isDsnUrl(name: string, value: Value): boolean {
  return /(^|_)DSN$/i.test(name) && value.kind === 'str' && /^[a-z][\w+.-]*:\/\//i.test(value.value);
}

/** A credential written in the source is exposed whichever branch production takes, so every outcome counts. */
function checkSetting(report: Report, setting: Setting): void {
  const { name } = setting;
  if (name === 'SECRET_KEY' || name === 'SECRET_KEY_FALLBACKS') return;
  for (const value of outcomes(setting.value)) {
    if (isDsnUrl(name, value)) {
      checkNested(report, setting, name, value, 0);
    } else if (CREDENTIAL_NAME.test(name) && !NOT_A_CREDENTIAL.test(name)) {
      if (isSecretLike(value)) reportCredential(report, name, name, value);
      else if (mayHideCredential(value)) setting.undecided(value);
    } else {
      checkNested(report, setting, name, value, 0);
    }
  }
}

export const credentialHardcoded: SettingsRule = {
  kind: 'settings',
  id: 'credential-hardcoded',
  level: 'error',
  summary: 'A password, token or API key is written in the settings',
  djangoChecks: [],
  seedItem: 8,
  securitySeverity: 8.1,
  tags: ['security', 'settings', 'secrets'],
  check({ settings, report }: { settings: SettingsModel; report: Report }) {
    const names = settings.names();
    for (const name of names) {
      const setting = settings.get(name);
      if (setting.isAssigned) checkSetting(report, setting);
    }
    // Django's own credential settings, when something the scanner cannot see (a star import) may set them.
    for (const name of [...CREDENTIAL_CONTAINERS, 'EMAIL_HOST_PASSWORD']) {
      if (names.includes(name)) continue;
      const setting = settings.get(name);
      if (setting.isAssigned) checkSetting(report, setting);
    }
  },
  docs: {
    what: 'Flags credentials written in the settings production loads: database passwords in `DATABASES`, `EMAIL_HOST_PASSWORD`, settings named like `*_PASSWORD`, `*_TOKEN`, `*_API_KEY`, `*_SECRET`, passwords inside connection URLs, and AWS access key IDs.',
    why: 'A credential in the repository is shared with everyone who can read it, with every fork and every CI log that prints settings, and it stays in git history after it is removed. Leaked database and email passwords are among the most exploited findings in public repositories.',
    example: `DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "shop",
        "PASSWORD": "s3cr3t-pa55",
    }
}`,
    useInstead: `DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "shop",
        "PASSWORD": os.environ["DATABASE_PASSWORD"],
    }
}`,
    notes: [
      'A literal is an error; a default of an environment read (`os.environ.get("DB_PASSWORD", "postgres")`) is a warning, since it applies only when the variable is unset.',
      'Names that mention a credential but hold something else (`PASSWORD_RESET_TIMEOUT`, `*_TOKEN_URL`, `*_TOKEN_TYPE`, `PASSWORD_HASHERS`, `AWS_ACCESS_KEY_ID`) are not flagged, nor are empty values and placeholders such as `"<password>"` or `"${DB_PASSWORD}"`.',
      'A fallback that points at this machine (`env("BROKER_URL", default="amqp://guest:guest@localhost//")`, or a `DATABASES` entry whose `HOST` is `localhost` with an environment default for the password) is a development default, not a deployment\'s credential, and is not flagged. The same literal without an environment read is.',
      'A DSN written as a URL is reported only when it holds a password: a Sentry DSN (`https://<public key>@o123.ingest.sentry.io/456`) names a public client key, which the browser SDK publishes in every page, so it is not flagged; `https://<key>:<secret>@...` and `postgres://user:password@host/db` are.',
      'Messages show only a masked prefix and the length.',
    ],
    references: [
      {
        title: 'Deployment checklist: keep secrets out of source',
        url: 'https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#secret-key',
      },
      {
        title: 'OWASP: Use of hard-coded password',
        url: 'https://owasp.org/www-community/vulnerabilities/Use_of_hard-coded_password',
      },
      { title: 'CWE-798: Use of Hard-coded Credentials', url: 'https://cwe.mitre.org/data/definitions/798.html' },
    ],
  },
};
