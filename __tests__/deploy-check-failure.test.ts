// hintForFailure and deployCheckFailure: what a failed deploy-check run is reported as, on synthetic input.
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { deployCheckFailure, hintForFailure } from '../src/deploy-check/deploy-findings.js';
import { parseCheckOutput } from '../src/deploy-check/parse-check-output.js';
import { type DeployCheckRun } from '../src/deploy-check/run-deploy-check.js';
import { settingsOf } from './support/settings-harness.js';
import { COULD_NOT_IMPORT_DJANGO } from './support/django-check-messages.js';
import { type Failure, SERIES, type Series, parsed, recording } from './support/check-output-recordings.js';
import { MODULE_START, mergeFixture, rule, span } from './support/deploy-check-merge-fixture.js';

const RUN: DeployCheckRun = {
  command: '/usr/bin/python3 manage.py check --deploy',
  exitCode: 1,
  stdout: '',
  stderr: '',
  timedOut: false,
  durationMs: 420,
};

describe('hintForFailure', () => {
  const provide = (name: string) =>
    `Provide ${name} in the production environment the check runs with (--env ${name}=... on the command line, or the env input of the action)`;

  it.each([
    ["KeyError: 'DJANGO_SECRET_KEY'", provide('DJANGO_SECRET_KEY')],
    ['django.core.exceptions.ImproperlyConfigured: Set the DATABASE_URL environment variable', provide('DATABASE_URL')],
    [
      'decouple.UndefinedValueError: DJANGO_SECRET_KEY not found. Declare it as envvar or define a default value.',
      provide('DJANGO_SECRET_KEY'),
    ],
    [
      COULD_NOT_IMPORT_DJANGO,
      'Install Django for /usr/bin/python3 (pip install -r requirements.txt), or point --python / the python input at the interpreter that has it',
    ],
    [
      "ModuleNotFoundError: No module named 'django'",
      'Install Django for /usr/bin/python3 (pip install -r requirements.txt), or point --python / the python input at the interpreter that has it',
    ],
    [
      "ModuleNotFoundError: No module named 'dj_database_url'",
      "Install the project's requirements for this interpreter (the module dj_database_url is missing), e.g. pip install -r requirements.txt",
    ],
    [
      'django.core.exceptions.ImproperlyConfigured: Error loading psycopg2 or psycopg module',
      "Install the project's database driver for this interpreter (pip install -r requirements.txt)",
    ],
    [
      'django.core.exceptions.ImproperlyConfigured: The ALLOWED_HOSTS setting must be a list or a tuple.',
      'Make the settings import in CI with the production environment given through --env / the env input',
    ],
  ])('%s', async (lastLine, hint) => {
    const { settings } = await mergeFixture();
    expect(hintForFailure(lastLine, RUN, settings)).toBe(hint);
  });

  it('names the variable the empty SECRET_KEY is read from, else says to set it', async () => {
    const empty = 'django.core.exceptions.ImproperlyConfigured: The SECRET_KEY setting must not be empty.';
    const fromEnv = await settingsOf(
      { 'mysite/settings.py': 'import os\nSECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")\n' },
      'mysite.settings',
    );
    expect(hintForFailure(empty, RUN, fromEnv)).toBe(
      `${provide('DJANGO_SECRET_KEY')}: use a random value of 50+ characters, not the real key`,
    );
    const literal = await settingsOf({ 'mysite/settings.py': 'SECRET_KEY = ""\n' }, 'mysite.settings');
    expect(hintForFailure(empty, RUN, literal)).toBe(
      'Set SECRET_KEY for the check: use a random value of 50+ characters, not the real key',
    );
  });
});

describe('deployCheckFailure', () => {
  /** A recording's frames, moved from /srv/app into the test's project folder. */
  function failureOf(series: Series, scenario: string, root: string): Failure {
    const out = parsed(recording(series, scenario)) as Failure;
    return { ...out, frames: out.frames.map((f) => ({ ...f, file: f.file.replace(/^\/srv\/app/, root) })) };
  }

  it('puts a settings error at the settings line that raised, with the exception and the hint', async () => {
    const { context, root } = await mergeFixture();
    const finding = deployCheckFailure(RUN, failureOf('6.1', 'environ-improperly-configured', root), context, 300);
    expect(finding).toEqual({
      rule: rule('deploy-check-failed'),
      source: 'deploy-check',
      problem: {
        span: span(51, 1, 51, 1),
        message:
          '`/usr/bin/python3 manage.py check --deploy` could not run its checks: django.core.exceptions.ImproperlyConfigured: Set the DATABASE_URL environment variable',
        fix: 'Provide DATABASE_URL in the production environment the check runs with (--env DATABASE_URL=... on the command line, or the env input of the action)',
        level: 'error',
        setting: undefined,
      },
    });
  });

  it('puts a missing module at the import in the settings, on releases that print two tracebacks too', async () => {
    const { context, root } = await mergeFixture();
    for (const series of SERIES) {
      const finding = deployCheckFailure(RUN, failureOf(series, 'missing-module', root), context, 300);
      expect([finding.problem.span, finding.problem.message]).toEqual([
        span(48, 1, 48, 1),
        "`/usr/bin/python3 manage.py check --deploy` could not run its checks: ModuleNotFoundError: No module named 'dj_database_url'",
      ]);
    }
  });

  it('puts an error raised inside Django or installed packages at the start of the settings module', async () => {
    const { context, root } = await mergeFixture();
    const finding = deployCheckFailure(RUN, failureOf('5.2', 'allowed-hosts-none', root), context, 300);
    expect([finding.problem.span, finding.problem.fix]).toEqual([
      MODULE_START,
      'Make the settings import in CI with the production environment given through --env / the env input',
    ]);
    const venv = deployCheckFailure(
      RUN,
      {
        kind: 'failure',
        lastLine: 'ValueError: bad',
        frames: [
          { file: join(root, 'manage.py'), line: 22 },
          { file: join(root, '.venv/lib/python3.12/site-packages/pkg/mod.py'), line: 9 },
        ],
      },
      context,
      300,
    );
    expect(venv.problem.span).toEqual(MODULE_START);
  });

  it("ends the could-not-start message with one full stop when the error's own sentence has one", async () => {
    const { context } = await mergeFixture();
    const finding = deployCheckFailure(
      {
        ...RUN,
        command: 'python9 manage.py check --deploy',
        exitCode: -1,
        notFound:
          'Unable to locate executable file: python9. Also verify the file has a valid extension for an executable file.',
      },
      undefined,
      context,
      300,
    );
    expect(finding.problem.message).toBe(
      '`python9 manage.py check --deploy` could not start: Unable to locate executable file: python9. Also verify the file has a valid extension for an executable file.',
    );
  });

  it('says the interpreter could not start, at the settings module, at the configured level', async () => {
    const { context } = await mergeFixture();
    const finding = deployCheckFailure(
      {
        ...RUN,
        command: 'python9 manage.py check --deploy',
        exitCode: -1,
        notFound: 'Unable to locate executable file: python9. Please verify\nmore',
      },
      undefined,
      { ...context, failureLevel: 'warning' },
      300,
    );
    expect(finding.problem).toEqual({
      span: MODULE_START,
      message:
        '`python9 manage.py check --deploy` could not start: Unable to locate executable file: python9. Please verify.',
      fix: "Install Python with the project's requirements, or pass --python / the python input with the interpreter to use",
      level: 'warning',
      setting: undefined,
    });
  });

  it('says how long it waited when it timed out', async () => {
    const { context } = await mergeFixture();
    const finding = deployCheckFailure({ ...RUN, timedOut: true }, undefined, context, 7);
    expect([finding.problem.span, finding.problem.message, finding.problem.fix]).toEqual([
      MODULE_START,
      '`/usr/bin/python3 manage.py check --deploy` did not finish within 7 seconds, so its checks did not run.',
      'Find what blocks at import (a database or network call in the settings), or raise deploy-check-timeout in the config file',
    ]);
  });

  it('says the exit code when the command printed nothing', async () => {
    const { context } = await mergeFixture();
    const finding = deployCheckFailure({ ...RUN, exitCode: 137 }, parseCheckOutput('', '') as Failure, context, 300);
    expect(finding.problem.message).toBe(
      '`/usr/bin/python3 manage.py check --deploy` could not run its checks: exit code 137 with no output',
    );
  });
});
