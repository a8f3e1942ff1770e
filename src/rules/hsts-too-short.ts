import type { SourceSpan } from '../finding.js';
import { outcomes, repr, truthy, type Value } from '../settings/value.js';
import { hstsOffReason, sendsHstsHeader } from './hsts.js';
import type { SettingsRule } from './rule.js';
import { decidingRead, setInProduction } from './where-production-sets.js';

/** One year: what the HSTS preload list asks for, and the usual production value. */
export const ONE_YEAR = 31536000;

interface Problem {
  what: string;
  span: SourceSpan;
}

type Verdict = Problem | 'fine' | 'unknown';

/** "5 minutes", "about 7 days": how long browsers keep HTTPS-only after a visit. */
export function duration(seconds: number): string {
  const round = (n: number) => (Number.isInteger(n) ? String(n) : `about ${Math.round(n)}`);
  const unit = (n: number, word: string) => `${round(n)} ${word}${Math.round(n) === 1 ? '' : 's'}`;
  if (seconds < 60) return unit(seconds, 'second');
  if (seconds < 3600) return unit(seconds / 60, 'minute');
  if (seconds < 86400) return unit(seconds / 3600, 'hour');
  return unit(seconds / 86400, 'day');
}

function tooShort(seconds: number, span: SourceSpan): Problem {
  if (seconds === 0) {
    return {
      what: 'Django sends "max-age=0", which tells browsers to forget HTTPS-only for the site at once (a non-empty string counts as HSTS being on, so Django\'s security.W004 is silent)',
      span,
    };
  }
  return {
    what: `browsers keep HTTPS-only for only ${duration(seconds)} after a visit, so a visitor who returns later makes the first request over plain HTTP again, open to SSL stripping; the HSTS preload list asks for at least ${ONE_YEAR} (one year)`,
    span,
  };
}

/** SecurityMiddleware writes `"max-age=%s" % SECURE_HSTS_SECONDS`, whatever the type. */
function judge(value: Value): Verdict {
  if (value.kind === 'unknown' || value.kind === 'either') return 'unknown';
  // `if self.sts_seconds and ...`: a false value sends no header at all (hsts-missing).
  if (truthy(value) === false) return 'fine';
  const span = value.span;
  switch (value.kind) {
    case 'int':
      if (value.value < 0) {
        return {
          what: `Django sends "max-age=${value.value}", and a negative max-age is not valid (RFC 6797 asks for digits only), so browsers ignore the header and HSTS is off, although Django's security.W004 passes it`,
          span,
        };
      }
      return value.value < ONE_YEAR ? tooShort(value.value, span) : 'fine';
    case 'float':
      return {
        what: `a float makes Django send "max-age=${repr(value)}", and a max-age with a decimal point is not valid (RFC 6797 asks for digits only), so browsers ignore the header`,
        span,
      };
    case 'bool':
      return {
        what: 'True is not a number of seconds: Django sends "max-age=True", which browsers ignore, so HSTS is off',
        span,
      };
    case 'str': {
      const text = value.value.trim();
      if (/^\d+$/.test(text)) {
        const seconds = Number(text);
        return seconds < ONE_YEAR ? tooShort(seconds, span) : 'fine';
      }
      return {
        what: `Django sends "max-age=${value.value}", which is not a number of seconds, so browsers ignore the header`,
        span,
      };
    }
    default:
      return 'unknown';
  }
}

function fixFor(value: Value, assigned: boolean): string {
  const read = assigned ? decidingRead(value) : undefined;
  if (read?.state === 'given') return `Set ${read.variable}=${ONE_YEAR} (one year) in production's environment`;
  if (read) {
    return `SECURE_HSTS_SECONDS = ${ONE_YEAR} as the default (one year), or ${setInProduction(read, String(ONE_YEAR))}`;
  }
  return `SECURE_HSTS_SECONDS = ${ONE_YEAR}  # one year; ramp up with 300 in staging first`;
}

export const hstsTooShort: SettingsRule = {
  kind: 'settings',
  id: 'hsts-too-short',
  level: 'warning',
  summary: 'SECURE_HSTS_SECONDS is on but shorter than a year, negative or not a whole number',
  djangoChecks: [],
  seedItem: 4,
  securitySeverity: 3.7,
  tags: ['security', 'settings', 'https'],
  check(context) {
    const { settings, report, notApplicable } = context;
    if (sendsHstsHeader(context) !== true) return;
    const seconds = settings.get('SECURE_HSTS_SECONDS');
    const verdicts = outcomes(seconds.value).map(judge);
    // Only a problem on every path the model sees is established; an undecided branch is not.
    const [first] = verdicts;
    if (verdicts.every((verdict) => verdict === 'fine')) {
      // A false value on every path sends no header at all: there is no duration to judge.
      if (outcomes(seconds.value).every((value) => truthy(value) === false)) notApplicable?.(hstsOffReason(seconds));
      return;
    }
    if (!first || first === 'fine' || first === 'unknown' || verdicts.some((v) => v === 'fine' || v === 'unknown')) {
      seconds.undecided();
      return;
    }
    report({
      span: first.span,
      setting: 'SECURE_HSTS_SECONDS',
      message: `SECURE_HSTS_SECONDS is ${seconds.describe()}: ${first.what}.`,
      fix: fixFor(seconds.value, seconds.isAssigned),
    });
  },
  docs: {
    what: 'Checks that `SECURE_HSTS_SECONDS`, when set and SecurityMiddleware is installed, is a whole number of at least 31536000 (one year). It also reports values that switch HSTS off while looking set: negative numbers, floats, `True`, `"0"` and other strings that are not digits.',
    why: "HSTS protects a visitor only while the browser remembers it: each HTTPS response renews it for `max-age` seconds. With an hour or a week, a visitor who comes back later types the address and makes the first request over plain HTTP, where a network attacker can strip TLS. The browsers' preload list, which protects the very first visit, accepts only a year or more. Django's own check (security.W004) only asks for a true value, so `SECURE_HSTS_SECONDS = 300` or `-1` passes it.",
    example: `SECURE_HSTS_SECONDS = 3600  # left over from the rollout

# or a default that production silently keeps
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=60)`,
    useInstead: `SECURE_HSTS_SECONDS = 31536000  # one year
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True`,
    notes: [
      'The seed checklist (item 4) advises starting with a short value, 300 seconds, in staging to verify nothing breaks, then raising it to a year. That is the right rollout, since browsers keep HSTS for the whole duration and it cannot be recalled; this rule checks the settings production loads, where the rollout should be finished. A short value in a staging settings module is reported only if that module is scanned as production.',
      'Production should use a year because the HSTS preload list (hstspreload.org) requires `max-age` of at least 31536000 together with `includeSubDomains` and `preload`, and because anything shorter lapses for visitors who return less often.',
      'Django writes the header as `"max-age=%s" % SECURE_HSTS_SECONDS`. RFC 6797 allows only digits there, and browsers ignore a header whose directives are malformed, so `-1`, `31536000.0` (a float, for example from `timedelta(...).total_seconds()`) and `True` send a header that does nothing. A string of digits (an environment variable read without a cast) works and is judged by its number; `"0"` is true to Django but tells browsers to drop HSTS.',
      'When the value comes from an environment read with a default (`int(os.environ.get("HSTS_SECONDS", "3600"))`, `env.int(...)`, `config(..., cast=int)`), the default is judged when the variable is unset, and the message says so; with `--env`, the given value decides.',
      'Only checked when SecurityMiddleware is installed, since it sends the header. A zero or unset value is `hsts-missing`, and this rule is then listed as not applicable (HSTS is off), not as passed. A value the scanner cannot evaluate, or one decided by a condition it cannot evaluate whose branches disagree, is not reported; a `settings-incomplete` note names it.',
    ],
    references: [
      {
        title: 'Django settings: SECURE_HSTS_SECONDS',
        url: 'https://docs.djangoproject.com/en/stable/ref/settings/#secure-hsts-seconds',
      },
      {
        title: 'HTTP Strict Transport Security',
        url: 'https://docs.djangoproject.com/en/stable/ref/middleware/#http-strict-transport-security',
      },
      { title: 'HSTS preload list submission requirements', url: 'https://hstspreload.org/#submission-requirements' },
      { title: 'RFC 6797, section 6.1.1: max-age', url: 'https://www.rfc-editor.org/rfc/rfc6797#section-6.1.1' },
    ],
  },
};
