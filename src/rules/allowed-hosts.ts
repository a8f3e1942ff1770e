import { outcomes, reliesOnUnsetVariable } from '../settings/value.js';
import type { SettingsRule } from './rule.js';

export const allowedHostsMissing: SettingsRule = {
  kind: 'settings',
  id: 'allowed-hosts-missing',
  level: 'warning',
  summary: 'ALLOWED_HOSTS is empty, so production rejects every request',
  djangoChecks: ['security.W020'],
  seedItem: 2,
  securitySeverity: 3.0,
  tags: ['settings', 'availability'],
  check({ settings, report }) {
    const hosts = settings.get('ALLOWED_HOSTS');
    const value = hosts.value;
    if (hosts.truthy() === false) {
      const fromDefault = hosts.isAssigned && reliesOnUnsetVariable(value);
      report({
        span: hosts.origin,
        setting: 'ALLOWED_HOSTS',
        djangoCheck: 'security.W020',
        level: fromDefault ? 'note' : 'warning',
        message: `ALLOWED_HOSTS is ${hosts.describe()}: with DEBUG off, Django answers every request with 400 Bad Request.`,
        fix: fromDefault
          ? "Set the variable in production's environment (e.g. ALLOWED_HOSTS=example.com,www.example.com)."
          : 'ALLOWED_HOSTS = ["example.com", "www.example.com"] (or read them from the environment)',
      });
      return;
    }
    if (value.kind === 'list' || value.kind === 'tuple') {
      const strings = value.items.filter((item) => item.kind === 'str');
      if (
        strings.length === value.items.length &&
        strings.every((item) => item.kind === 'str' && item.value.trim() === '')
      ) {
        report({
          span: hosts.origin,
          setting: 'ALLOWED_HOSTS',
          level: 'note',
          message: `ALLOWED_HOSTS is ${hosts.describe()}: an empty host name matches no request, so every request gets 400 Bad Request (Django's check does not notice).`,
          fix: 'Drop empty entries, e.g. [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h], and set the variable in production.',
        });
      }
    }
  },
  docs: {
    what: 'Checks that `ALLOWED_HOSTS` names at least one host in production.',
    why: "With `DEBUG = False`, Django refuses every request whose `Host` header is not in `ALLOWED_HOSTS`. An empty list means the site answers nothing but 400 errors. Django's `check --deploy` reports it as security.W020.",
    example: `ALLOWED_HOSTS = []`,
    useInstead: `ALLOWED_HOSTS = ["example.com", "www.example.com"]`,
    notes: [
      'An empty list that comes from an unset variable\'s default (`env.list("ALLOWED_HOSTS", default=[])`) fails closed, so it is reported as a note: set the variable in production.',
      '`os.environ.get("ALLOWED_HOSTS", "").split(",")` gives `[""]` when the variable is unset. Django does not warn, but no request matches; this is reported as a note too.',
    ],
    references: [
      {
        title: 'Django settings: ALLOWED_HOSTS',
        url: 'https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts',
      },
      { title: 'System check security.W020', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
    ],
  },
};

export const allowedHostsWildcard: SettingsRule = {
  kind: 'settings',
  id: 'allowed-hosts-wildcard',
  level: 'warning',
  summary: 'ALLOWED_HOSTS accepts any host name',
  djangoChecks: [],
  seedItem: 2,
  securitySeverity: 5.3,
  tags: ['security', 'settings', 'host-header'],
  check({ settings, report }) {
    const hosts = settings.get('ALLOWED_HOSTS');
    // Django matches the pattern "*" exactly (validate_host); " *" matches nothing.
    const wildcards = outcomes(hosts.value).map((value) =>
      value.kind === 'list' || value.kind === 'tuple'
        ? value.items.find((item) => item.kind === 'str' && item.value === '*')
        : undefined,
    );
    // Only a wildcard on every path the model sees is established; an undecided branch is not.
    const [wildcard] = wildcards;
    if (wildcard && wildcards.every(Boolean)) {
      report({
        span: wildcard.span,
        setting: 'ALLOWED_HOSTS',
        message: `ALLOWED_HOSTS is ${hosts.describe()}: "*" turns off Host header validation, so forged Host headers reach the application (poisoned password-reset links, cache poisoning).`,
        fix: 'ALLOWED_HOSTS = ["example.com", "www.example.com"]; use ".example.com" to allow its subdomains',
      });
    }
  },
  docs: {
    what: 'Checks that `ALLOWED_HOSTS` does not contain `"*"`.',
    why: 'Django builds absolute URLs, such as the link in a password-reset email, from the request\'s `Host` header. `ALLOWED_HOSTS` is what stops a forged header; `"*"` accepts any. Django\'s own check only asks for a non-empty list, so it passes `["*"]`.',
    example: `ALLOWED_HOSTS = ["*"]`,
    useInstead: `ALLOWED_HOSTS = [".example.com"]  # example.com and its subdomains`,
    notes: [
      'A `"*"` that only applies when a variable is unset (`config("ALLOWED_HOSTS", default="*", cast=Csv())`) is reported with that condition.',
    ],
    references: [
      {
        title: 'Django settings: ALLOWED_HOSTS',
        url: 'https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts',
      },
      {
        title: 'Host header validation',
        url: 'https://docs.djangoproject.com/en/stable/topics/security/#host-header-validation',
      },
    ],
  },
};
