// The outputs recorded from real Django 3.2, 4.2, 5.2 and 6.1 (__tests__/fixtures/check-output, re-recorded
// with its record.mjs), and what parseCheckOutput must make of each of them.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseCheckOutput,
  type CheckMessage,
  type ParsedCheckOutput,
  type TracebackFrame,
} from '../../src/deploy-check/parse-check-output.js';
import {
  ADMIN_E403,
  ADMIN_E409,
  AUDIT,
  COULD_NOT_IMPORT_DJANGO,
  E023,
  MAIL_E001,
  MODELS_W042,
  PAYMENTS,
  STARTPROJECT,
  W018,
  W020,
  w009,
} from './django-check-messages.js';

interface Recording {
  scenario: string;
  django: string | null;
  python: string;
  args: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
}

const FIXTURES = join(process.cwd(), '__tests__', 'fixtures', 'check-output');
export const SERIES = ['3.2', '4.2', '5.2', '6.1'] as const;
export type Series = (typeof SERIES)[number];

export function recording(series: string, scenario: string): Recording {
  return JSON.parse(readFileSync(join(FIXTURES, series, `${scenario}.json`), 'utf8')) as Recording;
}

export function parsed(rec: Recording): ParsedCheckOutput {
  return parseCheckOutput(rec.stdout, rec.stderr);
}

export type Result = Extract<ParsedCheckOutput, { kind: 'result' }>;
export type Failure = Extract<ParsedCheckOutput, { kind: 'failure' }>;

interface ResultCase {
  exitCode: number;
  /** Where Django printed its report. */
  stream: 'stdout' | 'stderr';
  result: Result;
}

interface FailureCase {
  exitCode: number;
  lastLine: string;
  /** Every frame of the traceback(s). */
  frameCount: number;
  /** The innermost frame. */
  innermost?: TracebackFrame;
  /** The frames in the project (/srv/app), outermost first. */
  projectFrames: string[];
}

export const result = (messages: CheckMessage[], silenced = 0): Result => ({ kind: 'result', messages, silenced });

/** What each recording must parse to, per series. */
export const RESULT_CASES: Record<string, (series: Series) => ResultCase | undefined> = {
  startproject: (series) =>
    series === '6.1'
      ? { exitCode: 1, stream: 'stderr', result: result([MAIL_E001, ...STARTPROJECT(series)]) }
      : { exitCode: 0, stream: 'stderr', result: result(STARTPROJECT(series)) },
  'startproject-fail-level-warning': (series) => ({
    exitCode: 1,
    stream: 'stderr',
    result: result(series === '6.1' ? [MAIL_E001, ...STARTPROJECT(series)] : STARTPROJECT(series)),
  }),
  'startproject-tag-security': (series) => ({ exitCode: 0, stream: 'stderr', result: result(STARTPROJECT(series)) }),
  hardened: () => ({ exitCode: 0, stream: 'stdout', result: result([]) }),
  'silenced-one': () => ({ exitCode: 0, stream: 'stderr', result: result([W020], 1) }),
  'silenced-all': () => ({ exitCode: 0, stream: 'stdout', result: result([], 2) }),
  'referrer-policy-invalid': () => ({ exitCode: 1, stream: 'stderr', result: result([E023, W018]) }),
  'referrer-policy-invalid-colour': () => ({ exitCode: 1, stream: 'stderr', result: result([E023, W018]) }),
  'non-security': (series) => ({
    exitCode: 1,
    stream: 'stderr',
    // Django 6.0 made BigAutoField the default primary key type: no models.W042 any more.
    result: result(series === '6.1' ? [ADMIN_E403, ADMIN_E409] : [ADMIN_E403, ADMIN_E409, MODELS_W042]),
  }),
  'custom-checks': () => ({ exitCode: 1, stream: 'stderr', result: result(AUDIT) }),
  'multi-line-hints': () => ({ exitCode: 1, stream: 'stderr', result: result(PAYMENTS) }),
  'settings-print': () => ({ exitCode: 0, stream: 'stderr', result: result([W018]) }),
  // 3.2 crashes while loading the admin (below); later releases report the empty key as weak.
  'secret-key-empty': (series) =>
    series === '3.2' ? undefined : { exitCode: 0, stream: 'stderr', result: result([w009(series)]) },
  // A load error on 4.2+ (below); 3.2 reports an empty list.
  'allowed-hosts-none': (series) =>
    series === '3.2' ? { exitCode: 0, stream: 'stderr', result: result([W020]) } : undefined,
};

export const FAILURE_CASES: Record<string, (series: Series) => FailureCase | undefined> = {
  'environ-keyerror': (series) => ({
    exitCode: 1,
    lastLine: "KeyError: 'DJANGO_SECRET_KEY'",
    frameCount: 16,
    innermost: { file: '<frozen os>', line: series === '6.1' ? 716 : 679 },
    projectFrames: ['manage.py:22', 'manage.py:18', 'mysite/settings.py:48'],
  }),
  'environ-improperly-configured': (series) => ({
    exitCode: 1,
    lastLine: 'django.core.exceptions.ImproperlyConfigured: Set the DATABASE_URL environment variable',
    frameCount: { '3.2': 25, '4.2': 25, '5.2': 27, '6.1': 27 }[series],
    innermost: { file: '/usr/lib/python3/dist-packages/environ/environ.py', line: series === '3.2' ? 275 : 413 },
    projectFrames: ['manage.py:22', 'manage.py:18', 'mysite/settings.py:51'],
  }),
  'missing-module': (series) => ({
    exitCode: 1,
    lastLine: "ModuleNotFoundError: No module named 'dj_database_url'",
    // 3.2 and 4.2 import the settings a second time while closing connections: two chained tracebacks.
    frameCount: { '3.2': 39, '4.2': 40, '5.2': 23, '6.1': 23 }[series],
    innermost: { file: '/srv/app/mysite/settings.py', line: 48 },
    projectFrames:
      series === '3.2' || series === '4.2'
        ? ['mysite/settings.py:48', 'manage.py:22', 'manage.py:18', 'mysite/settings.py:48']
        : ['manage.py:22', 'manage.py:18', 'mysite/settings.py:48'],
  }),
  'secret-key-empty': (series) =>
    series === '3.2'
      ? {
          exitCode: 1,
          lastLine: 'django.core.exceptions.ImproperlyConfigured: The SECRET_KEY setting must not be empty.',
          frameCount: 21,
          innermost: { file: '/usr/lib/python3/dist-packages/django/conf/__init__.py', line: 90 },
          projectFrames: ['manage.py:22', 'manage.py:18'],
        }
      : undefined,
  'allowed-hosts-none': (series) =>
    series === '3.2'
      ? undefined
      : {
          exitCode: 1,
          lastLine: 'django.core.exceptions.ImproperlyConfigured: The ALLOWED_HOSTS setting must be a list or a tuple.',
          frameCount: { '3.2': 0, '4.2': 13, '5.2': 15, '6.1': 15 }[series],
          innermost: {
            file: '/usr/lib/python3/dist-packages/django/conf/__init__.py',
            line: { '3.2': 0, '4.2': 234, '5.2': 183, '6.1': 268 }[series],
          },
          projectFrames: ['manage.py:22', 'manage.py:18'],
        },
  'django-missing': () => ({
    exitCode: 1,
    lastLine: COULD_NOT_IMPORT_DJANGO,
    frameCount: 3,
    innermost: { file: '/srv/app/manage.py', line: 13 },
    projectFrames: ['manage.py:11', 'manage.py:22', 'manage.py:13'],
  }),
  'unknown-tag': () => ({
    exitCode: 1,
    lastLine: 'CommandError: There is no system check with the "nosuchtag" tag.',
    frameCount: 0,
    projectFrames: [],
  }),
};

export const recorded = SERIES.flatMap((series) =>
  readdirSync(join(FIXTURES, series))
    .filter((name) => name.endsWith('.json'))
    .map((name) => [series, name.replace(/\.json$/, '')] as const),
);
