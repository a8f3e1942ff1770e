import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HARDENING_OFF, brief, cli, managePy, scanJson, writeRepo } from './support/cli-harness.js';

/** DEBUG = True (error, line 2) and ALLOWED_HOSTS = ["*"] (warning, line 3). */
const SETTINGS = 'import os\nDEBUG = True\nALLOWED_HOSTS = ["*"]\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n';
const DEBUG = { ruleId: 'debug-enabled', file: 'config/settings.py', line: 2, level: 'error' };
const WILDCARD = { ruleId: 'allowed-hosts-wildcard', file: 'config/settings.py', line: 3, level: 'warning' };

function repo(config: string | undefined, settings = SETTINGS, extra: Record<string, string> = {}): string {
  return writeRepo({
    'manage.py': managePy('config.settings'),
    'config/__init__.py': '',
    'config/settings.py': settings,
    ...(config === undefined ? {} : { '.django-security.yml': config }),
    ...extra,
  });
}

/** Only the warning-level wildcard problem. */
const WARNING_ONLY = 'import os\nDEBUG = False\nALLOWED_HOSTS = ["*"]\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n';

describe('config: fail-on', () => {
  it('defaults to failing on warnings', async () => {
    const { code, report } = await scanJson(repo(undefined, WARNING_ONLY));
    expect(code).toBe(1);
    expect(report.summary).toEqual({ error: 0, warning: 1, note: 0, passed: false });
  });

  it('fail-on: error passes a run with only warnings', async () => {
    const { code, report } = await scanJson(repo('fail-on: error\n', WARNING_ONLY));
    expect(code).toBe(0);
    expect(brief(report.findings)).toEqual([WILDCARD]);
    expect(report.summary).toEqual({ error: 0, warning: 1, note: 0, passed: true });
  });

  it('fail-on: never passes a run with errors', async () => {
    const { code, report } = await scanJson(repo('fail-on: never\n'));
    expect(code).toBe(0);
    expect(report.summary).toEqual({ error: 1, warning: 1, note: 0, passed: true });
  });

  it('--fail-on on the command line wins over the config file', async () => {
    const { code, report } = await scanJson(repo('fail-on: never\n'), ['--fail-on', 'error']);
    expect(code).toBe(1);
    expect(report.summary.passed).toBe(false);
  });
});

describe('config: rules', () => {
  it('off drops the rule’s findings', async () => {
    const { code, report } = await scanJson(repo(`rules:\n  debug-enabled: off\n${HARDENING_OFF}`));
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([WILDCARD]);
  });

  it('off for every rule with findings passes the run', async () => {
    const { code, report } = await scanJson(
      repo(`rules:\n  debug-enabled: off\n  allowed-hosts-wildcard: off\n${HARDENING_OFF}`),
    );
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.summary).toEqual({ error: 0, warning: 0, note: 0, passed: true });
  });

  it('a level changes the findings’ level and the verdict', async () => {
    const { code, report } = await scanJson(
      repo(`rules:\n  debug-enabled: note\n  allowed-hosts-wildcard: note\n${HARDENING_OFF}`),
    );
    expect(code).toBe(0);
    expect(brief(report.findings)).toEqual([
      { ...DEBUG, level: 'note' },
      { ...WILDCARD, level: 'note' },
    ]);
    expect(report.summary).toEqual({ error: 0, warning: 0, note: 2, passed: true });
  });

  it('a level can raise a warning to an error', async () => {
    const { code, report } = await scanJson(
      repo(`fail-on: error\nrules:\n  allowed-hosts-wildcard: error\n${HARDENING_OFF}`, WARNING_ONLY),
    );
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([{ ...WILDCARD, level: 'error' }]);
  });
});

describe('config: exclude', () => {
  const legacy = {
    'legacy/manage.py': managePy('old.settings'),
    'legacy/old/__init__.py': '',
    'legacy/old/settings.py': 'DEBUG = True\n',
  };

  it('scans a second project when nothing is excluded', async () => {
    const { report } = await scanJson(repo(undefined, SETTINGS, legacy));
    expect(report.findings.map((f) => f.file)).toContain('legacy/old/settings.py');
  });

  it('leaves out excluded folders', async () => {
    const { code, report } = await scanJson(repo('exclude:\n  - legacy/\n', SETTINGS, legacy));
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([DEBUG, WILDCARD]);
  });

  it('treats an excluded optional settings module like a git-ignored one', async () => {
    const settings = `${WARNING_ONLY}try:\n    from .local import *\nexcept ImportError:\n    pass\n`;
    const extra = { 'config/local.py': 'DEBUG = True\n' };
    const included = await scanJson(repo('fail-on: error\n', settings, extra));
    expect(brief(included.report.findings)).toEqual([
      { ruleId: 'debug-enabled', file: 'config/local.py', line: 1, level: 'error' },
      WILDCARD,
    ]);
    expect(included.code).toBe(1);

    const excluded = await scanJson(repo('fail-on: error\nexclude:\n  - "config/local.py"\n', settings, extra));
    expect(brief(excluded.report.findings)).toEqual([WILDCARD]);
    expect(excluded.code).toBe(0);
  });
});

describe('config: env', () => {
  const envSettings =
    'import os\nDEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"\nALLOWED_HOSTS = ["example.com"]\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n';

  it('without the production environment, the dangerous default is the finding', async () => {
    const { code, report } = await scanJson(repo(undefined, envSettings));
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([{ ...DEBUG }]);
    expect(report.findings[0]!.message).toContain('DJANGO_DEBUG is unset');
  });

  it('env values are the production environment', async () => {
    const { code, report } = await scanJson(repo('env:\n  DJANGO_DEBUG: "0"\n', envSettings));
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
  });

  it('--env wins over the config file’s env', async () => {
    const { code, report } = await scanJson(repo('env:\n  DJANGO_DEBUG: "0"\n', envSettings), [
      '--env',
      'DJANGO_DEBUG=1',
    ]);
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([DEBUG]);
    expect(report.findings[0]!.message).toContain("DJANGO_DEBUG='1'");
  });
});

describe('config: where it is found', () => {
  it('uses the file named with --config', async () => {
    const root = repo(undefined);
    writeFileSync(join(root, 'gate.yml'), `rules:\n  debug-enabled: off\n${HARDENING_OFF}`);
    const { code, report } = await scanJson(root, ['--config', join(root, 'gate.yml')]);
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([WILDCARD]);
  });

  it('finds .django-security.yml at the repository root when PATH is a subfolder', async () => {
    const root = writeRepo({
      '.django-security.yml': `rules:\n  debug-enabled: off\n${HARDENING_OFF}`,
      'backend/manage.py': managePy('config.settings'),
      'backend/config/__init__.py': '',
      'backend/config/settings.py': SETTINGS,
    });
    const { report } = await scanJson(join(root, 'backend'));
    expect(brief(report.findings)).toEqual([{ ...WILDCARD, file: 'backend/config/settings.py' }]);
  });

  it('prefers the config file in PATH over the one at the repository root', async () => {
    const root = writeRepo({
      '.django-security.yml': `rules:\n  debug-enabled: off\n${HARDENING_OFF}`,
      'backend/.django-security.yml': `rules:\n  allowed-hosts-wildcard: off\n${HARDENING_OFF}`,
      'backend/manage.py': managePy('config.settings'),
      'backend/config/__init__.py': '',
      'backend/config/settings.py': SETTINGS,
    });
    const { report } = await scanJson(join(root, 'backend'));
    expect(brief(report.findings)).toEqual([{ ...DEBUG, file: 'backend/config/settings.py' }]);
  });
});

describe('config: errors exit 2 with file:line:col', () => {
  const errorOf = async (config: string) => {
    const run = await cli([repo(config), '--format', 'json', '--no-deploy-check']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    return run.stderr;
  };

  it('broken YAML: a mapping on the line of its key', async () => {
    expect(await errorOf('fail-on: warning\nrules: debug-enabled: off\n')).toMatch(
      /^django-security-gate: \.django-security\.yml:2:8: /,
    );
  });

  it('broken YAML: tab indentation', async () => {
    expect(await errorOf('exclude:\n  - a\n  - b\n\tc: 1\n')).toMatch(/\.django-security\.yml:4:1: .*[Tt]ab/);
  });

  it('broken YAML: a rule set twice', async () => {
    expect(await errorOf('rules:\n  debug-enabled: off\n  debug-enabled: note\n')).toMatch(
      /\.django-security\.yml:3:3: .*unique/,
    );
  });

  it('an unknown key', async () => {
    const message = await errorOf('fail-on: error\nfailon: warning\n');
    expect(message).toContain('.django-security.yml:2:1: unknown key "failon"');
  });

  it('an unknown rule id', async () => {
    const message = await errorOf('rules:\n  debug-enabled: note\n  debug-enable: off\n');
    expect(message).toContain('.django-security.yml:3:3: unknown rule "debug-enable"');
  });

  it('a bad level for a rule', async () => {
    const message = await errorOf('rules:\n  debug-enabled: fatal\n');
    expect(message).toContain('.django-security.yml:2:18: ');
    expect(message).toContain('"fatal"');
  });

  it('a bad fail-on value', async () => {
    const message = await errorOf('# gate\nfail-on: sometimes\n');
    expect(message).toContain('.django-security.yml:2:10: ');
    expect(message).toContain('"sometimes"');
  });

  it('exclude that is not a list', async () => {
    expect(await errorOf('exclude: legacy\n')).toContain('.django-security.yml:1:10: exclude must be a list');
  });

  it('an env entry with an invalid name', async () => {
    expect(await errorOf('env:\n  DJANGO_DEBUG: "0"\n  1BAD: x\n')).toContain('.django-security.yml:3:3: ');
  });

  it('a max-file-size that is not a positive number', async () => {
    expect(await errorOf('max-file-size: -3\n')).toContain('.django-security.yml:1:16: ');
  });

  it('a config file that is not a mapping', async () => {
    expect(await errorOf('- fail-on\n- error\n')).toContain('.django-security.yml:1:1: ');
  });

  it('--config naming a missing file', async () => {
    const root = repo(undefined);
    const missing = join(root, 'nope.yml');
    const run = await cli([root, '--format', 'json', '--no-deploy-check', '--config', missing]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(missing);
  });
});
