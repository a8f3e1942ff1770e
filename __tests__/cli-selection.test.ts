import { describe, expect, it } from '@jest/globals';
import { emptyConfig } from '../src/config/config-file.js';
import { withRuleSelection } from '../src/rules/rule-selection.js';
import { ALL_RULES } from '../src/rules/registry.js';
import { brief, cli, managePy, scanJson, writeRepo } from './support/cli-harness.js';

/** DEBUG = True (error, line 2), a "*" host (warning, line 3), a hard-coded key (line 4), no HSTS. */
const SETTINGS =
  'import os\n' +
  'DEBUG = True\n' +
  'ALLOWED_HOSTS = ["*"]\n' +
  'SECRET_KEY = "django-insecure-0123456789abcdefghijklmnopqrstuvwxyz0123456789"\n';

/** A repository whose config leaves every rule on unless `config` says otherwise. */
function repo(config = 'fail-on: warning\nrules: {}\n', extra: Record<string, string> = {}): string {
  return writeRepo({
    'manage.py': managePy('config.settings'),
    'config/__init__.py': '',
    'config/settings.py': SETTINGS,
    '.django-security.yml': config,
    ...extra,
  });
}

const ruleIds = (findings: readonly { ruleId: string }[]) => [...new Set(findings.map((f) => f.ruleId))].sort();
const idsStartingWith = (prefix: string) =>
  ALL_RULES.map((rule) => rule.id).filter((id) => id.startsWith(`${prefix}-`));

describe('cli: --select and --ignore', () => {
  it('without them every rule runs (the baseline for the tests below)', async () => {
    const { report } = await scanJson(repo());
    expect(ruleIds(report.findings)).toEqual(
      expect.arrayContaining(['allowed-hosts-wildcard', 'csp-missing', 'debug-enabled', 'secret-key-hardcoded']),
    );
  });

  it('--select an id runs only that rule', async () => {
    const { code, report, stdout } = await scanJson(repo(), ['--select', 'debug-enabled']);
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([
      { ruleId: 'debug-enabled', file: 'config/settings.py', line: 2, level: 'error' },
    ]);
    // Rules not selected did not run: the report does not count them as passed either.
    expect(stdout).not.toContain('hsts');
  });

  it('--select a prefix selects every rule whose id starts with its words', async () => {
    const { report } = await scanJson(repo(), ['--select', 'secret-key']);
    expect(ruleIds(report.findings)).toEqual(['secret-key-hardcoded', 'secret-key-weak']);
    const text = await cli([repo(), '--no-deploy-check', '--select', 'hsts']);
    const hsts = idsStartingWith('hsts');
    expect(hsts.length).toBeGreaterThanOrEqual(3);
    // The verdict counts the rules that ran: the hsts-* ones and the engine rules that say why a selected rule
    // could not judge or how suppressions fared; Django's two need check --deploy.
    const engine = ALL_RULES.filter(
      (rule) => rule.kind === 'engine' && !['django-check', 'deploy-check-failed'].includes(rule.id),
    );
    expect(text.stdout).toContain(
      `No findings: passed (fail-on: warning, ${hsts.length + engine.length} of ${ALL_RULES.length} rules ran)`,
    );
  });

  it('a prefix matches whole words only: "hst" is not "hsts"', async () => {
    const run = await cli([repo(), '--no-deploy-check', '--select', 'hst']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^django-security-gate: --select hst matches no rule: .*did you mean hsts-/);
  });

  it('comma-separated and repeated selectors add up', async () => {
    const { report } = await scanJson(repo(), ['--select', 'debug-enabled,allowed-hosts', '--select', 'secret-key']);
    expect(ruleIds(report.findings)).toEqual([
      'allowed-hosts-wildcard',
      'debug-enabled',
      'secret-key-hardcoded',
      'secret-key-weak',
    ]);
  });

  it('--ignore drops a rule and wins over --select', async () => {
    const all = await scanJson(repo());
    const ignored = await scanJson(repo(), ['--ignore', 'debug-enabled,hsts']);
    expect(ruleIds(ignored.report.findings)).toEqual(
      ruleIds(all.report.findings).filter((id) => id !== 'debug-enabled' && !id.startsWith('hsts-')),
    );
    const both = await scanJson(repo(), ['--select', 'secret-key,debug', '--ignore', 'debug-enabled,secret-key-weak']);
    expect(ruleIds(both.report.findings)).toEqual(['secret-key-hardcoded']);
  });

  it('an unknown id or prefix is a usage error, before the scan', async () => {
    // PATH holds no project: had the scan run first, it would have said "no Django project found".
    const noProject = writeRepo({ 'README.md': 'no project\n' });
    for (const [option, value] of [
      ['--select', 'debug-enabeld'],
      ['--ignore', 'hsts,nope'],
    ] as const) {
      const run = await cli([noProject, '--no-deploy-check', option, value]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      const bad = value.split(',').pop()!;
      expect(run.stderr).toMatch(new RegExp(`^django-security-gate: ${option} ${bad} matches no rule: `));
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it("selected rules keep the config file's levels", async () => {
    const { code, report } = await scanJson(repo('rules:\n  debug-enabled: note\n'), ['--select', 'debug']);
    expect(brief(report.findings)).toEqual([
      { ruleId: 'debug-enabled', file: 'config/settings.py', line: 2, level: 'note' },
    ]);
    expect(code).toBe(0);
  });

  it('a rule the config turns off stays off under a prefix, and runs when --select names its id', async () => {
    const config = 'rules:\n  secret-key-hardcoded: off\n';
    const byPrefix = await scanJson(repo(config), ['--select', 'secret-key']);
    expect(ruleIds(byPrefix.report.findings)).toEqual(['secret-key-weak']);
    const byId = await scanJson(repo(config), ['--select', 'secret-key-hardcoded']);
    expect(ruleIds(byId.report.findings)).toEqual(['secret-key-hardcoded']);
    expect(byId.report.findings[0]!.level).toBe(ALL_RULES.find((r) => r.id === 'secret-key-hardcoded')!.level);
  });

  it('notes about the scan itself stay under --select; --ignore removes them', async () => {
    // A module of the settings that Python could not import: the settings it holds went unjudged.
    const broken = { 'config/settings.py': `${SETTINGS}from .local import *\n`, 'config/local.py': 'X = (\n' };
    const selected = await scanJson(repo(undefined, broken), ['--select', 'debug-enabled']);
    expect(ruleIds(selected.report.findings)).toEqual(['debug-enabled', 'python-syntax-error']);
    const ignored = await scanJson(repo(undefined, broken), ['--select', 'debug-enabled', '--ignore', 'python']);
    expect(ruleIds(ignored.report.findings)).toEqual(['debug-enabled']);
  });

  it('a code rule not selected reports nothing', async () => {
    const sql = {
      'shop/views.py': 'def view(cursor, name):\n    cursor.execute(f"SELECT * FROM t WHERE n = {name}")\n',
    };
    const all = await scanJson(repo(undefined, sql));
    expect(ruleIds(all.report.findings)).toContain('raw-sql-injection');
    const run = await scanJson(repo(undefined, sql), ['--select', 'debug-enabled']);
    expect(ruleIds(run.report.findings)).toEqual(['debug-enabled']);
  });
});

describe('withRuleSelection', () => {
  it('turns off exactly the rules not selected, leaving the config it was given alone', () => {
    const config = emptyConfig();
    config.rules.set('debug-enabled', 'note');
    const selected = withRuleSelection(config, { select: ['hsts', 'debug-enabled'], ignore: ['hsts-preload'] });
    const on = ALL_RULES.map((rule) => rule.id).filter((id) => selected.rules.get(id) !== 'off');
    expect(on).toEqual(
      expect.arrayContaining(['debug-enabled', 'hsts-missing', 'file-skipped', 'deploy-check-failed']),
    );
    expect(on).not.toContain('hsts-preload-missing');
    expect(on).not.toContain('django-check');
    expect(on).not.toContain('secret-key-hardcoded');
    expect(selected.rules.get('debug-enabled')).toBe('note');
    expect(config.rules.size).toBe(1);
  });

  it('an empty selection is the config unchanged', () => {
    const config = emptyConfig();
    expect(withRuleSelection(config, { select: [], ignore: [] })).toBe(config);
    expect(withRuleSelection(config, undefined)).toBe(config);
  });
});
