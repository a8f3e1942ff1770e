import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brief, cli, managePy, scanJson, writeRepo } from './support/cli-harness.js';

const SETTINGS = [
  'import os',
  'DEBUG = True',
  'ALLOWED_HOSTS = ["example.com"]',
  'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
  '',
].join('\n');

function project(prefix = ''): { root: string; settings: string; baseline: string } {
  const root = writeRepo({
    [`${prefix}manage.py`]: managePy('config.settings'),
    [`${prefix}config/__init__.py`]: '',
    [`${prefix}config/settings.py`]: SETTINGS,
  });
  return {
    root,
    settings: join(root, prefix, 'config', 'settings.py'),
    baseline: join(root, '.security-baseline.json'),
  };
}

describe('baseline', () => {
  it('--update-baseline writes the current findings and passes', async () => {
    const { root, baseline } = project();
    const before = await scanJson(root);
    expect(before.code).toBe(1);
    expect(brief(before.report.findings)).toEqual([
      { ruleId: 'debug-enabled', file: 'config/settings.py', line: 2, level: 'error' },
    ]);

    const update = await scanJson(root, ['--baseline', baseline, '--update-baseline']);
    expect(update.code).toBe(0);
    expect(update.report.findings).toEqual([]);
    expect(update.report.summary.passed).toBe(true);

    expect(existsSync(baseline)).toBe(true);
    const written = JSON.parse(readFileSync(baseline, 'utf8'));
    expect(written).toEqual({
      version: 1,
      findings: [
        {
          fingerprint: before.report.findings[0]!.fingerprint,
          ruleId: 'debug-enabled',
          file: 'config/settings.py',
          count: 1,
        },
      ],
    });
  });

  it('a later run on the same code passes with no findings', async () => {
    const { root, baseline } = project();
    expect((await scanJson(root, ['--baseline', baseline, '--update-baseline'])).code).toBe(0);
    const again = await scanJson(root, ['--baseline', baseline]);
    expect(again.code).toBe(0);
    expect(again.report.findings).toEqual([]);
    expect(again.report.summary).toEqual({ error: 0, warning: 0, note: 0, passed: true });
  });

  it('says in the text report how many findings the baseline accepted', async () => {
    const { root, baseline } = project();
    await scanJson(root, ['--baseline', baseline, '--update-baseline']);
    const text = await cli([root, '--no-deploy-check', '--baseline', baseline]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('No findings (1 accepted by the baseline): passed');
  });

  it('reports only the new problem after the old one moved down', async () => {
    const { root, settings, baseline } = project();
    await scanJson(root, ['--baseline', baseline, '--update-baseline']);

    writeFileSync(
      settings,
      [
        'import os',
        '',
        '',
        '# Production settings.',
        '',
        'DEBUG = True',
        'ALLOWED_HOSTS = ["example.com", "*"]',
        'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
        '',
      ].join('\n'),
    );
    const { code, report } = await scanJson(root, ['--baseline', baseline]);
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([
      { ruleId: 'allowed-hosts-wildcard', file: 'config/settings.py', line: 7, level: 'warning' },
    ]);
    expect(report.summary).toEqual({ error: 0, warning: 1, note: 0, passed: false });

    // Without the baseline, the moved problem is still there, at its new line.
    const all = await scanJson(root);
    expect(brief(all.report.findings)).toEqual([
      { ruleId: 'debug-enabled', file: 'config/settings.py', line: 6, level: 'error' },
      { ruleId: 'allowed-hosts-wildcard', file: 'config/settings.py', line: 7, level: 'warning' },
    ]);
  });

  it('matches findings whichever folder is scanned (paths are relative to the repository root)', async () => {
    const { root, baseline } = project('backend/');
    await scanJson(root, ['--baseline', baseline, '--update-baseline']);
    const fromSubfolder = await scanJson(join(root, 'backend'), ['--baseline', baseline]);
    expect(fromSubfolder.code).toBe(0);
    expect(fromSubfolder.report.findings).toEqual([]);
  });

  it('exits 2 on a baseline file that is not JSON', async () => {
    const { root, baseline } = project();
    writeFileSync(baseline, '{"version": 1, "findings": [');
    const run = await cli([root, '--format', 'json', '--no-deploy-check', '--baseline', baseline]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(`baseline ${baseline} cannot be read`);
  });

  it('exits 2 on JSON that is not a baseline', async () => {
    const { root, baseline } = project();
    writeFileSync(baseline, JSON.stringify({ version: 2, results: [] }));
    const run = await cli([root, '--format', 'json', '--no-deploy-check', '--baseline', baseline]);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('is not a django-security-gate baseline');
  });

  it('exits 2 on --update-baseline without --baseline', async () => {
    const { root } = project();
    const run = await cli([root, '--format', 'json', '--no-deploy-check', '--update-baseline']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--update-baseline needs a baseline file');
  });

  it('resolves a baseline named in the config file against that file, wherever the CLI runs', async () => {
    const { root, baseline } = project('backend/');
    writeFileSync(join(root, '.django-security.yml'), 'baseline: .security-baseline.json\n');
    const update = await cli([join(root, 'backend'), '--no-deploy-check', '--update-baseline']);
    expect(update.code).toBe(0);
    expect(existsSync(baseline)).toBe(true);
    const again = await scanJson(join(root, 'backend'));
    expect(again.code).toBe(0);
    expect(again.report.findings).toEqual([]);
  });
});

/** Settings with a database password, for baselines that must tell credentials apart. */
function databases(...aliases: Array<[alias: string, password: string]>): string {
  return [
    'import os',
    'DEBUG = False',
    'ALLOWED_HOSTS = ["example.com"]',
    'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
    'DATABASES = {',
    ...aliases.flatMap(([alias, password]) => [
      `    "${alias}": {`,
      '        "ENGINE": "django.db.backends.postgresql",',
      `        "PASSWORD": "${password}",`,
      '    },',
    ]),
    '}',
    '',
  ].join('\n');
}

/** A repository whose files are `files`, with a baseline of what they hold now; returns a rescan after `edit`. */
async function baselineThenEdit(
  files: Record<string, string>,
  edit: Record<string, string>,
): Promise<Awaited<ReturnType<typeof scanJson>> & { root: string }> {
  const root = writeRepo(files);
  const baseline = join(root, '.security-baseline.json');
  expect((await scanJson(root, ['--baseline', baseline, '--update-baseline'])).code).toBe(0);
  for (const [path, text] of Object.entries(edit)) writeFileSync(join(root, path), text);
  return { ...(await scanJson(root, ['--baseline', baseline])), root };
}

const SINGLE_PROJECT = { 'manage.py': managePy('config.settings'), 'config/__init__.py': '' };

describe('what the baseline tells apart', () => {
  it('reports a different credential written where an accepted one was (a different snippet)', async () => {
    const { report } = await baselineThenEdit(
      { ...SINGLE_PROJECT, 'config/settings.py': databases(['default', 'accepted-pass-1']) },
      { 'config/settings.py': databases(['default', 'another-pass-2']) },
    );
    // Same rule, file, setting and line: only the flagged text differs.
    expect(brief(report.findings)).toEqual([
      { ruleId: 'credential-hardcoded', file: 'config/settings.py', line: 8, level: 'error' },
    ]);
  });

  it('reports an accepted problem that appears in another file after it was fixed in its own', async () => {
    const settings = (debug: string) =>
      ['import os', `DEBUG = ${debug}`, 'ALLOWED_HOSTS = ["example.com"]', 'SECRET_KEY = os.environ["K"]', ''].join(
        '\n',
      );
    const { report } = await baselineThenEdit(
      {
        'legacy/manage.py': managePy('config.settings'),
        'legacy/config/__init__.py': '',
        'legacy/config/settings.py': settings('True'),
        'api/manage.py': managePy('config.settings'),
        'api/config/__init__.py': '',
        'api/config/settings.py': settings('False'),
      },
      { 'legacy/config/settings.py': settings('False'), 'api/config/settings.py': settings('True') },
    );
    expect(brief(report.findings)).toEqual([
      { ruleId: 'debug-enabled', file: 'api/config/settings.py', line: 2, level: 'error' },
    ]);
    expect(report.summary.passed).toBe(false);
  });

  it('reports a second copy of an accepted problem: the baseline counts each fingerprint', async () => {
    const { report } = await baselineThenEdit(
      { ...SINGLE_PROJECT, 'config/settings.py': databases(['default', 'shared-pass-1']) },
      { 'config/settings.py': databases(['default', 'shared-pass-1'], ['replica', 'shared-pass-1']) },
    );
    // The two PASSWORD lines are the same text, so the two findings share a fingerprint; one was accepted.
    expect(new Set(report.findings.map((finding) => finding.fingerprint)).size).toBe(1);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ ruleId: 'credential-hardcoded', level: 'error' });
  });

  it('accepts every copy a baseline written with several holds', async () => {
    const twice = databases(['default', 'shared-pass-1'], ['replica', 'shared-pass-1']);
    const root = writeRepo({ ...SINGLE_PROJECT, 'config/settings.py': twice });
    const baseline = join(root, '.security-baseline.json');
    await scanJson(root, ['--baseline', baseline, '--update-baseline']);
    const written = JSON.parse(readFileSync(baseline, 'utf8')) as { findings: Array<{ count: number }> };
    expect(written.findings.map((entry) => entry.count)).toEqual([2]);

    const again = await scanJson(root, ['--baseline', baseline]);
    expect(again.report.findings).toEqual([]);
    expect(again.code).toBe(0);
    const text = await cli([root, '--no-deploy-check', '--baseline', baseline]);
    expect(text.stdout).toContain('No findings (2 accepted by the baseline): passed');

    // A third copy is one more than the baseline accepts.
    writeFileSync(
      join(root, 'config/settings.py'),
      databases(['default', 'shared-pass-1'], ['replica', 'shared-pass-1'], ['analytics', 'shared-pass-1']),
    );
    expect((await scanJson(root, ['--baseline', baseline])).report.findings).toHaveLength(1);
  });

  it('still accepts a problem after whitespace-only edits to its line', async () => {
    const { code, report, root } = await baselineThenEdit(
      {
        ...SINGLE_PROJECT,
        'config/settings.py': [
          'import os',
          'DEBUG = True',
          'ALLOWED_HOSTS = ["example.com"]',
          'SECRET_KEY = os.environ["K"]',
          '',
        ].join('\n'),
      },
      {
        // Runs of spaces, a tab and trailing blanks: the same statement, as a formatter would undo.
        'config/settings.py': [
          'import os',
          '',
          'DEBUG  =\tTrue   ',
          'ALLOWED_HOSTS = ["example.com"]',
          'SECRET_KEY = os.environ["K"]',
          '',
        ].join('\n'),
      },
    );
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
    // The problem is still there: the baseline accepts it, at its new line.
    expect(brief((await scanJson(root)).report.findings)).toEqual([
      { ruleId: 'debug-enabled', file: 'config/settings.py', line: 3, level: 'error' },
    ]);
  });
});
