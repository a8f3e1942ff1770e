import { isKnown, outcomes, reliesOnUnsetVariable, type Value } from '../settings/value.js';
import { publicSuffixCovered, type PublicSuffixMatch } from './public-suffixes.js';
import type { SettingsRule } from './rule.js';
import { moduleRead, setInProductionSentence } from './where-production-sets.js';

/** Where production names its hosts: the deploy-time module, or the variable the settings read. */
function allowedHostsFix(value: Value): string {
  const read = moduleRead(value);
  if (read) return `${setInProductionSentence(read, '["example.com", "www.example.com"]')}.`;
  return "Set the variable in production's environment (e.g. ALLOWED_HOSTS=example.com,www.example.com).";
}

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
          ? allowedHostsFix(value)
          : 'ALLOWED_HOSTS = ["example.com", "www.example.com"] (or read them from the environment)',
      });
      return;
    }
    // Members the model cannot see may be real host names: only a fully known list is all blanks.
    if ((value.kind === 'list' || value.kind === 'tuple') && !value.open && value.items.length > 0) {
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

// allowed-hosts-wildcard: "*", and (since the public-suffix extension) a leading-dot entry covering a
// public suffix. Everything from here to the end of the file belongs to that rule.

/** An entry that lets forged Host headers through: "*", or ".<public suffix>" with the suffix it covers. */
interface BroadEntry {
  item: Value & { kind: 'str' };
  suffix?: PublicSuffixMatch;
}

function broadEntry(items: readonly Value[]): BroadEntry | undefined {
  // Django matches the pattern "*" exactly (validate_host); " *" matches nothing.
  const star = items.find((item) => item.kind === 'str' && item.value === '*');
  if (star?.kind === 'str') return { item: star };
  for (const item of items) {
    // validate_host lower-cases the pattern; ".D" matches D and every name ending in ".D".
    if (item.kind !== 'str' || !item.value.startsWith('.')) continue;
    const suffix = publicSuffixCovered(item.value.slice(1).toLowerCase());
    if (suffix) return { item, suffix };
  }
  return undefined;
}

/**
 * The broad entry of one outcome; 'none' when there is none; undefined when an unknown item (or an unseen
 * member of an open list) could be one.
 */
function broadEntryOf(value: Value): BroadEntry | 'none' | undefined {
  if (value.kind !== 'list' && value.kind !== 'tuple') return value.kind === 'unknown' ? undefined : 'none';
  const found = broadEntry(value.items);
  if (found) return found;
  const unseen = value.open !== undefined || value.items.some((item) => !isKnown(item));
  return unseen ? undefined : 'none';
}

function broadMessage(entry: BroadEntry): string {
  const { item, suffix } = entry;
  if (!suffix) {
    return '"*" turns off Host header validation, so forged Host headers reach the application (poisoned password-reset links, cache poisoning).';
  }
  const domain = item.value.slice(1).toLowerCase();
  const where = !suffix.exact
    ? `every host under ${domain}, which holds the public suffix ${suffix.suffix}, shared by other customers`
    : suffix.platform
      ? `every app under ${domain}, a public suffix the platform shares with all its customers`
      : `every site under ${domain}, a public suffix where anyone can register a name`;
  const example = suffix.exact ? ` (attacker.${domain})` : '';
  return `"${item.value}" matches ${where}, so a forged Host header naming someone else's site there${example} passes validation (poisoned password-reset links, cache poisoning).`;
}

function broadFix(entry: BroadEntry): string {
  const { item, suffix } = entry;
  if (!suffix) return 'ALLOWED_HOSTS = ["example.com", "www.example.com"]; use ".example.com" to allow its subdomains';
  const domain = item.value.slice(1).toLowerCase();
  if (!suffix.exact) {
    return 'List the exact host names you were given instead of a leading-dot pattern; keep the leading dot for a domain you own (".example.com")';
  }
  if (suffix.platform) {
    return `List your own names: ALLOWED_HOSTS = ["your-app.${domain}"]; keep the leading dot for a domain you own (".example.com")`;
  }
  return `List your own names: ALLOWED_HOSTS = ["example.${domain}", "www.example.${domain}"], or ".example.${domain}" for a domain you own and its subdomains`;
}

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
    const entries = outcomes(hosts.value).map(broadEntryOf);
    // Only a broad entry on every path the model sees is established; an undecided branch is not.
    const [entry] = entries;
    if (typeof entry === 'object' && entries.every((found) => typeof found === 'object')) {
      report({
        span: entry.item.span,
        setting: 'ALLOWED_HOSTS',
        message: `ALLOWED_HOSTS is ${hosts.describe()}: ${broadMessage(entry)}`,
        fix: broadFix(entry),
      });
    } else if (!entries.every((found) => found === 'none')) {
      hosts.undecided();
    }
  },
  docs: {
    what: 'Checks that `ALLOWED_HOSTS` contains neither `"*"` nor a leading-dot entry that covers a whole public suffix (`".com"`, `".co.uk"`, `".herokuapp.com"`), which accepts every site under it.',
    why: 'Django builds absolute URLs, such as the link in a password-reset email, from the request\'s `Host` header. `ALLOWED_HOSTS` is what stops a forged header; `"*"` accepts any. Django\'s own check only asks for a non-empty list, so it passes `["*"]`.',
    example: `ALLOWED_HOSTS = ["*"]

# or every app on the platform, not just yours
ALLOWED_HOSTS = [".herokuapp.com"]`,
    useInstead: `ALLOWED_HOSTS = [".example.com"]  # example.com and its subdomains
# or the one name the platform gave you
ALLOWED_HOSTS = ["my-app.herokuapp.com"]`,
    notes: [
      'A `"*"` that only applies when a variable is unset (`config("ALLOWED_HOSTS", default="*", cast=Csv())`) is reported with that condition.',
      'Django treats an entry that starts with a dot as "this domain and every subdomain", after lower-casing it. On a public suffix, a name under which anyone can register or be given a name, that is every site there: `".com"` accepts `attacker.com`, and `".herokuapp.com"` accepts any other Heroku app. An attacker who controls such a name can send it as the Host header and get it into password-reset links and cached pages. For cloud-hosting suffixes (`.herokuapp.com`, `.pythonanywhere.com`, `.azurewebsites.net`, `.onrender.com`, `.fly.dev`, `.vercel.app`, `*.run.app`...) this is reported too: the pattern is often written to cover one app\'s preview or staging names, but the suffix is shared with every other tenant. A domain above a public suffix (`".amazonaws.com"`, which holds `*.compute.amazonaws.com`) is reported for the same reason; `".example.com"` is not.',
      'The public suffixes come from a compact subset of the Public Suffix List kept in `src/rules/public-suffixes.ts`: every two-letter country code, the common generic TLDs, the common registry second levels (`co.uk`, `com.au`, `co.jp`...) and the hosting, serverless and tunnel domains Django projects are deployed to. A suffix missing from it is not reported. Internal names (`".localhost"`, `".local"`, `".internal"`, `".svc.cluster.local"`) are not public suffixes and are left alone.',
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
      { title: 'Public Suffix List', url: 'https://publicsuffix.org/' },
    ],
  },
};
