import { beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { builtBundle } from './support/built-bundle.js';
import { brief, cli, managePy, scanJson, writeRepo } from './support/cli-harness.js';

const SETTINGS =
  'import os\nDEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"\nALLOWED_HOSTS = ["example.com"]\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n';

/** A project whose DEBUG follows DJANGO_DEBUG (default on), with `production.env` turning it off. */
function repo(): { root: string; envFile: string } {
  const root = writeRepo({
    'manage.py': managePy('config.settings'),
    'config/__init__.py': '',
    'config/settings.py': SETTINGS,
    'production.env': 'DJANGO_DEBUG=0\n',
  });
  return { root, envFile: join(root, 'production.env') };
}

// PATH holds no project: had the scan run first, it would have stopped with "no Django project found".
const noProject = () => writeRepo({ 'README.md': 'no project\n' });

const oneLineError = (run: { code: number; stdout: string; stderr: string }) => {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  return run.stderr.trimEnd();
};

describe('cli: --environment-file', () => {
  it('sets the production environment, and --env-file is the same', async () => {
    const { root, envFile } = repo();
    const without = await scanJson(root);
    expect(brief(without.report.findings).map((f) => f.ruleId)).toEqual(['debug-enabled']);
    for (const option of ['--environment-file', '--env-file']) {
      const { code, report } = await scanJson(root, [option, envFile]);
      expect(report.findings).toEqual([]);
      expect(code).toBe(0);
    }
  });

  it('--env wins over it', async () => {
    const { root, envFile } = repo();
    const { report } = await scanJson(root, ['--environment-file', envFile, '--env', 'DJANGO_DEBUG=1']);
    expect(brief(report.findings).map((f) => f.ruleId)).toEqual(['debug-enabled']);
  });

  it('both spellings at once is a usage error', async () => {
    const { root, envFile } = repo();
    const run = await cli([root, '--no-deploy-check', '--environment-file', envFile, '--env-file', envFile]);
    expect(oneLineError(run)).toBe(
      'django-security-gate: give --environment-file or --env-file (its older spelling), not both',
    );
  });

  it('a file that does not exist, or a folder, stops the run before the scan, naming the option used', async () => {
    const folder = noProject();
    for (const option of ['--environment-file', '--env-file']) {
      const missing = join(folder, 'missing.env');
      expect(oneLineError(await cli([noProject(), '--no-deploy-check', option, missing]))).toBe(
        `django-security-gate: ${option} ${missing} does not exist: give the path of a file of KEY=VALUE lines`,
      );
      expect(oneLineError(await cli([noProject(), '--no-deploy-check', option, folder]))).toBe(
        `django-security-gate: ${option} ${folder} is a folder: give the path of a file of KEY=VALUE lines`,
      );
    }
  });
});

describe('cli: writes that fail only when written', () => {
  // /dev/full passes every check made before the scan (a file in an existing folder) and refuses every write.
  it('--output is one line naming the path, never an internal error', async () => {
    const { root } = repo();
    expect(oneLineError(await cli([root, '--no-deploy-check', '--output', '/dev/full']))).toBe(
      'django-security-gate: --output /dev/full cannot be written: ENOSPC',
    );
  });

  it('--update-baseline is one line naming the path', async () => {
    const { root } = repo();
    const run = await cli([root, '--no-deploy-check', '--baseline', '/dev/full', '--update-baseline']);
    expect(oneLineError(run)).toBe('django-security-gate: the baseline /dev/full cannot be written: ENOSPC');
  });
});

/**
 * Node 20 and later read `--env-file FILE` themselves wherever it stands before `--`, even after the script's
 * name: a missing FILE stops node before the CLI starts ("node: FILE: not found", exit 9), an existing one is
 * passed on to the script. This runs the CLI as users do, a bundle of the current src/ under this Node.
 */
describe('the built CLI under this Node', () => {
  let cliPath = '';

  beforeAll(() => {
    // The bundle of the current src/ that Jest's globalSetup built with rollup.config.js (built-bundle.ts).
    cliPath = builtBundle('cli.js');
  });

  const run = (args: readonly string[]) => {
    const child = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8' });
    return { code: child.status ?? -1, stdout: child.stdout, stderr: child.stderr };
  };

  it('the build writes the CLI executable', () => {
    expect(statSync(cliPath).mode & 0o777).toBe(0o755);
  });

  it('--environment-file reaches the CLI whether its file exists or not', () => {
    const { root, envFile } = repo();
    const passing = run([root, '--no-deploy-check', '--format', 'json', '--environment-file', envFile]);
    expect(passing.stderr).toBe('');
    expect(passing.code).toBe(0);
    expect(JSON.parse(passing.stdout).findings).toEqual([]);
    const missing = join(root, 'missing.env');
    const failing = run([root, '--no-deploy-check', '--environment-file', missing]);
    expect(failing).toEqual({
      code: 2,
      stdout: '',
      stderr: `django-security-gate: --environment-file ${missing} does not exist: give the path of a file of KEY=VALUE lines\n`,
    });
  });

  it('--env-file works when its file exists, in both forms', () => {
    const { root, envFile } = repo();
    for (const args of [['--env-file', envFile], [`--env-file=${envFile}`]]) {
      const passing = run([root, '--no-deploy-check', '--format', 'json', ...args]);
      expect(passing.code).toBe(0);
      expect(JSON.parse(passing.stdout).findings).toEqual([]);
    }
  });

  it('--env-file naming a missing file fails without a report, whoever stops it', () => {
    const { root } = repo();
    const failing = run([root, '--no-deploy-check', '--env-file', join(root, 'missing.env')]);
    expect(failing.code).not.toBe(0);
    expect(failing.stdout).toBe('');
    expect(failing.stderr).toContain('missing.env');
  });
});
