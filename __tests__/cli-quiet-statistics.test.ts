import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRule } from '../src/rules/registry.js';
import { cli, managePy, scanJson, writeRepo } from './support/cli-harness.js';

/** DEBUG = True (error, line 2), a "*" host (warning, line 3) and a hard-coded startproject key (line 4). */
const SETTINGS =
  'import os\n' +
  'DEBUG = True\n' +
  'ALLOWED_HOSTS = ["*"]\n' +
  'SECRET_KEY = "django-insecure-0123456789abcdefghijklmnopqrstuvwxyz0123456789"\n';

function repo(extra: Record<string, string> = {}): string {
  return writeRepo({
    'manage.py': managePy('config.settings'),
    'config/__init__.py': '',
    'config/settings.py': SETTINGS,
    ...extra,
  });
}

/** A repository with a raw SQL injection in two views: one rule, two findings. */
function sqlRepo(): string {
  const view = (name: string) =>
    `def ${name}(cursor, term):\n    cursor.execute(f"SELECT * FROM t WHERE n = {term}")\n`;
  return repo({ 'shop/views.py': `${view('first')}\n\n${view('second')}` });
}

describe('cli: --quiet', () => {
  it('prints each finding as file:line:col: level rule-id message, and nothing else', async () => {
    const root = repo();
    const { report } = await scanJson(root);
    expect(report.findings.length).toBeGreaterThanOrEqual(3);
    for (const flag of ['--quiet', '-q']) {
      const run = await cli([root, '--no-deploy-check', flag]);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe(
        report.findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.level} ${f.ruleId} ${f.message}\n`).join(''),
      );
    }
    const run = await cli([root, '--no-deploy-check', '-q']);
    expect(run.stdout.split('\n')[0]).toMatch(/^config\/settings\.py:2:9: error debug-enabled DEBUG is True/);
    // No projects line, remarks, fixes or verdict.
    expect(run.stdout).not.toMatch(/judging|fix:|fail-on/);
  });

  it('prints nothing for a passing run, and the exit code still says the verdict', async () => {
    const root = repo({
      'config/settings.py':
        'import os\nDEBUG = False\nALLOWED_HOSTS = ["example.com"]\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n',
    });
    const run = await cli([root, '--no-deploy-check', '--quiet']);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('writes the same lines to --output', async () => {
    const root = repo();
    const out = join(root, 'findings.txt');
    const run = await cli([root, '--no-deploy-check', '--quiet', '--output', out]);
    expect(run.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe((await cli([root, '--no-deploy-check', '--quiet'])).stdout);
  });

  it('with another --format is a usage error', async () => {
    const run = await cli([repo(), '--no-deploy-check', '--quiet', '--format', 'json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'django-security-gate: --quiet changes the text format; --format json already prints only the report\n',
    );
  });
});

describe('cli: --statistics', () => {
  it('counts findings per rule, most frequent first, then the verdict', async () => {
    const root = sqlRepo();
    const { report } = await scanJson(root);
    const sql = report.findings.filter((f) => f.ruleId === 'raw-sql-injection');
    expect(sql).toHaveLength(2);
    const run = await cli([root, '--no-deploy-check', '--statistics']);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    const rows = lines.slice(0, -1).map((line) => line.split(/\s{2,}/));
    const ids = [...new Set(report.findings.map((f) => f.ruleId))];
    expect(rows.map((row) => row[1]).sort()).toEqual(ids.sort());
    for (const [count, id, levels, summary] of rows) {
      const findings = report.findings.filter((f) => f.ruleId === id);
      expect(Number(count)).toBe(findings.length);
      expect(levels!.split(',').sort()).toEqual([...new Set(findings.map((f) => f.level))].sort());
      expect(summary).toBe(findRule(id!)!.summary);
    }
    expect(rows[0]).toEqual(['2', 'raw-sql-injection', sql[0]!.level, findRule('raw-sql-injection')!.summary]);
    const counts = rows.map((row) => Number(row[0]));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(lines.at(-1)).toMatch(/^\d+ errors?, \d+ warnings?, \d+ notes?: failed \(fail-on: warning\)$/);
  });

  it('with --quiet prints the rows only; with --select only the rules selected', async () => {
    const run = await cli([sqlRepo(), '--no-deploy-check', '--statistics', '-q', '--select', 'raw-sql,debug']);
    expect(
      run.stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.split(/\s{2,}/).slice(0, 2)),
    ).toEqual([
      ['2', 'raw-sql-injection'],
      ['1', 'debug-enabled'],
    ]);
  });

  it('with another --format is a usage error', async () => {
    const run = await cli([repo(), '--no-deploy-check', '--statistics', '--format', 'sarif']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--statistics changes the text format');
  });
});
