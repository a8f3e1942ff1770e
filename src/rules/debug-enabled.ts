import { outcomes } from '../settings/value.js';
import type { SettingsRule } from './rule.js';
import { moduleRead, settingFix } from './where-production-sets.js';

export const debugEnabled: SettingsRule = {
  kind: 'settings',
  id: 'debug-enabled',
  level: 'error',
  summary: 'DEBUG is on in production',
  djangoChecks: ['security.W018'],
  seedItem: 1,
  securitySeverity: 7.5,
  tags: ['security', 'settings', 'information-disclosure'],
  check({ settings, report }) {
    const debug = settings.get('DEBUG');
    const raw = debug.value.rawEnv;
    const rawGiven = debug.value.env.some((read) => read.variable === raw && read.state === 'given');
    if (debug.isAssigned && raw && !rawGiven && debug.truthy() !== true) {
      report({
        span: debug.origin,
        setting: 'DEBUG',
        // Beyond Django: W018 fires only once the variable is set, which is the point of this finding.
        message: `DEBUG takes the text of ${raw} uncast: any non-empty value turns it on, "False" and "0" included, so a production that sets ${raw}=False runs with DEBUG on.`,
        fix: `Compare or cast the value: DEBUG = os.environ.get("${raw}", "") == "1" (or env.bool("${raw}", default=False))`,
      });
      return;
    }
    if (debug.truthy() !== true) return;
    const stringTrap = outcomes(debug.value).some((value) => value.kind === 'str');
    report({
      span: debug.origin,
      setting: 'DEBUG',
      djangoCheck: 'security.W018',
      message:
        `DEBUG is ${debug.describe()}: error pages would show settings, source code and SQL to any visitor.` +
        (stringTrap ? ' Environment values are strings, and every non-empty string is true, "False" included.' : ''),
      fix: moduleRead(debug.value)
        ? settingFix(debug.value, 'DEBUG = False', 'DEBUG')
        : 'DEBUG = False, or read it as a boolean with a False default: DEBUG = env.bool("DJANGO_DEBUG", default=False)',
    });
  },
  docs: {
    what: 'Checks that `DEBUG` is false in the settings production loads, including when it is read from the environment and the variable is unset.',
    why: 'With `DEBUG = True`, Django answers every error with a detailed page: the traceback, local variables, every setting that is not obviously secret, and the SQL that ran. It also keeps every query in memory. Anyone who can trigger an error can read them.',
    example: `import os

DEBUG = os.environ.get("DJANGO_DEBUG", "False")  # a non-empty string: always true`,
    useInstead: `import os

DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"`,
    notes: [
      'The value is judged as Python would compute it: `os.environ.get("DEBUG", False)` is the string "False" whenever the variable is set, and a non-empty string is true.',
      'Without `--env`, a read falls back to its default, and the finding says so ("True when DJANGO_DEBUG is unset"). With `--env DJANGO_DEBUG=0` the given value decides.',
      'DEBUG set to a variable\'s text without a cast (`os.environ.get("DEBUG", False)`, `bool(os.getenv("DEBUG"))`, `config("DEBUG", default=False)` without `cast=bool`) is reported even when the variable is unset: the first production that sets it, to anything but an empty string, runs with DEBUG on.',
      'When a condition the scanner cannot evaluate decides DEBUG and its branches disagree, no finding is reported; a `settings-incomplete` note names the condition and what would decide it (e.g. the variable to pass with `--env`).',
    ],
    references: [
      { title: 'Django settings: DEBUG', url: 'https://docs.djangoproject.com/en/stable/ref/settings/#debug' },
      {
        title: 'Deployment checklist',
        url: 'https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#debug',
      },
      { title: 'System check security.W018', url: 'https://docs.djangoproject.com/en/stable/ref/checks/#security' },
    ],
  },
};
