import type { EngineRule } from './rule.js';

/** Findings about the input itself: the scan keeps going and says what it could not read. */
export const fileSkipped: EngineRule = {
  kind: 'engine',
  id: 'file-skipped',
  level: 'note',
  summary: 'A file could not be read as Python source and was skipped or read with losses',
  djangoChecks: [],
  securitySeverity: 0,
  tags: ['scan'],
  docs: {
    what: 'Reports files the scan could not read as they are: binary files (NUL bytes), files over the size limit, text that is not valid in its declared encoding, symbolic links that lead outside the repository, and unreadable files.',
    why: 'A gate that silently skips a file can pass code it never saw. Each skipped file is reported, so a "passed" always means every file was read.',
    example: `# config/settings/vendor_blob.py: 40 MB of generated data`,
    useInstead: `# .django-security.yml
exclude:
  - config/settings/vendor_blob.py`,
    notes: [
      'Files over the limit (2 MiB by default) and binary files are skipped; undecodable bytes are replaced and the file is still checked.',
      'In a module of the production settings (the settings module and everything it imports or includes) the finding is an `error`: Python would refuse to import binary or undecodable content, so the deployment would not start, and settings in a file that was not read cannot be judged. Elsewhere it is a note.',
    ],
    references: [{ title: 'PEP 263: source code encodings', url: 'https://peps.python.org/pep-0263/' }],
  },
};

export const pythonSyntaxError: EngineRule = {
  kind: 'engine',
  id: 'python-syntax-error',
  level: 'note',
  summary: 'A Python file has a syntax error; in the production settings the deployment would not start',
  djangoChecks: [],
  securitySeverity: 0,
  tags: ['scan'],
  docs: {
    what: 'Reports the first syntax error in a file the scan parsed (settings modules, and files a code rule had to read).',
    why: 'A settings module with a syntax error means the deployment would fail to start, so the gate fails. Elsewhere the parser recovers and the rest of the file is still checked, but statements next to the error may be misread.',
    example: `DEBUG = False
ALLOWED_HOSTS = ["example.com"`,
    useInstead: `DEBUG = False
ALLOWED_HOSTS = ["example.com"]`,
    notes: [
      'In a module of the production settings (the settings module and everything it imports or includes) the finding is an `error` and fails the gate: Django imports the settings at start-up, so the deployment itself would not start. Elsewhere it is a note.',
    ],
    references: [{ title: 'py_compile', url: 'https://docs.python.org/3/library/py_compile.html' }],
  },
};

export const settingsIncomplete: EngineRule = {
  kind: 'engine',
  id: 'settings-incomplete',
  level: 'note',
  summary: 'Some settings could not be judged: a construct made them unknown',
  djangoChecks: [],
  securitySeverity: 0,
  tags: ['scan', 'settings'],
  docs: {
    what: 'Names the settings no rule could judge, at the construct that made them unknown: a module that is not in the repository (imported, star-imported, or read with `getattr(module, "NAME")`), the result of a function the scanner cannot follow, an environment variable production must set or whose name is not known, an `if` whose condition the scanner cannot decide and whose branches give different answers, a list or dict with members it cannot see (`[*EXTRA_APPS, ...]`, `{**BASE}`), or names set with `globals().update(...)`. There is one note per construct, listing each setting it hides with the rules that needed it, and the fix says what would make them judgeable.',
    why: 'A rule cannot report what it cannot see, and a clean result on settings it could not read is not a pass. Every settings rule ends in a finding, a pass on a value the scanner knows, or this note, so an unknown never passes in silence. The text and job summaries say how many settings could not be judged, and `projects[].unjudged` in the JSON and SARIF reports lists them.',
    example: `import os

from .secrets import *  # secrets.py is git-ignored and not in the repository

if os.environ["FEATURE"] == "on":  # FEATURE is not given to the scan
    SESSION_COOKIE_SECURE = True
else:
    SESSION_COOKIE_SECURE = False`,
    useInstead: `# pass production's environment to the scan (--env FEATURE=on, or the action's env input),
# and commit the settings production loads, or read them from the environment:
import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
SESSION_COOKIE_SECURE = True`,
    notes: [
      'A question every branch answers alike is judged: `if os.environ["FEATURE"] == "on": MIDDLEWARE = MIDDLEWARE + ["x.Y"]` keeps SecurityMiddleware in MIDDLEWARE either way, so the middleware rules judge it and no note is written. Known members of a partly unknown list are known present: `INSTALLED_APPS = ["django.contrib.sessions", *env_apps]` has the sessions app.',
      'A value production supplies on purpose, such as `SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]` or a password read without a default, is judged as "not written in the source" by the secret and credential rules and needs no note. Other rules that need such a value (DEBUG read without a default, say) name the variable to pass with `--env`.',
      'A rule that reported a finding about a setting needs no note for it. A construct the scanner already reports for another reason (a missing project module, `globals().update(...)`) gets one note, with the settings it hides added.',
      'A `try: from .local import * / except ImportError` around a git-ignored module is understood as optional and is not reported.',
      "When the deploy check runs (`deploy-check`), Django judges the settings as loaded with the given environment: the rules that mirror Django's checks are then judged and need no note, and only the rules beyond them (`hsts-too-short`, `csp-unsafe-source`, `credential-hardcoded`...) can leave a setting unjudged.",
    ],
    references: [
      { title: 'Splitting settings', url: 'https://code.djangoproject.com/wiki/SplitSettings' },
      {
        title: 'check --deploy',
        url: 'https://docs.djangoproject.com/en/stable/ref/django-admin/#cmdoption-check-deploy',
      },
    ],
  },
};

export const djangoCheck: EngineRule = {
  kind: 'engine',
  id: 'django-check',
  level: 'warning',
  summary: "A message from Django's `check --deploy` that no static rule covers",
  djangoChecks: [],
  securitySeverity: 4.0,
  tags: ['security', 'deploy-check'],
  docs: {
    what: "Carries a message printed by `manage.py check --deploy` that none of the static rules corresponds to, with Django's check ID in `djangoCheck`.",
    why: "Django's checks know things a static reading cannot, such as third-party apps' own checks. Keeping every message means the gate never claims less than Django does.",
    example: `?: (security.E102) The CSRF failure view 'myapp.views.csrf_failure' could not be imported.`,
    useInstead: `CSRF_FAILURE_VIEW = "myapp.views.csrf_failure"  # a view that exists and takes (request, reason="")`,
    notes: [
      'Produced only when the deploy check runs (the `deploy-check` input, or the CLI without `--no-deploy-check`).',
    ],
    references: [{ title: 'System check framework', url: 'https://docs.djangoproject.com/en/stable/ref/checks/' }],
  },
};

export const deployCheckFailed: EngineRule = {
  kind: 'engine',
  id: 'deploy-check-failed',
  level: 'error',
  summary: '`manage.py check --deploy` could not run',
  djangoChecks: [],
  securitySeverity: 5.0,
  tags: ['deploy-check'],
  docs: {
    what: "Reports that `manage.py check --deploy` could not run: Django is not installed for the interpreter, the settings raise on import (a missing environment variable, a missing module), or the command timed out. The finding carries the error line and says what to provide. A missing key is not among the causes: when the environment given does not set the variable SECRET_KEY is read from, the check runs with a throwaway random value for it (and says so), and the static rules still judge the code's own fallback.",
    why: 'A check that could not run has not passed. Treating it as a pass is how insecure settings reach production unnoticed.',
    example: `django.core.exceptions.ImproperlyConfigured: Set the DATABASE_URL environment variable`,
    useInstead: `# pass the variables production sets to the check (values for a check, not production's secrets)
- uses: django-security-gate/django-security-gate@v1
  with:
    env: |
      DATABASE_URL=sqlite:///check.sqlite3`,
    references: [
      {
        title: 'check --deploy',
        url: 'https://docs.djangoproject.com/en/stable/ref/django-admin/#cmdoption-check-deploy',
      },
    ],
  },
};
