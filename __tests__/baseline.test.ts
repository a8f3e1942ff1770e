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
