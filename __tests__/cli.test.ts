import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../src/rules/registry.js';
import { brief, cli, managePy, scanJson, writeRepo, type JsonReport } from './support/cli-harness.js';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
};

/** DEBUG = True (error, line 2) and a "*" host (warning, line 3, with a "%" in the message). */
const SETTINGS =
  'import os\nDEBUG = True\nALLOWED_HOSTS = ["*", "50%.example"]\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n';
const WARNING_ONLY = 'import os\nDEBUG = False\nALLOWED_HOSTS = ["*"]\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n';

function repo(settings = SETTINGS, extra: Record<string, string> = {}): string {
  return writeRepo({
    'manage.py': managePy('config.settings'),
    'config/__init__.py': '',
    'config/settings.py': settings,
    ...extra,
  });
}

/** Clean settings and one note: a syntax error at line 5 of a script outside the settings, which a code rule parses. */
function noteOnlyRepo(): string {
  return repo(WARNING_ONLY.replace('["*"]', '["example.com"]'), {
    'shop/reports.py': 'import os\n\n\n\ndef broken(:\n    cursor.execute("SELECT 1")\n',
  });
}

/** The parts of a SARIF log these tests read. */
interface SarifRule {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri: string;
  help: { text: string; markdown: string };
  properties: { tags: string[]; 'security-severity': string };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: unknown; region: unknown } }>;
  partialFingerprints: Record<string, string>;
  properties: { djangoCheck?: string };
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{ tool: { driver: { name: string; version: string; rules: SarifRule[] } }; results: SarifResult[] }>;
}

const usageError = (run: { code: number; stdout: string; stderr: string }) => {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  return run.stderr.split('\n')[0]!;
};

describe('cli: information', () => {
  it('--help prints usage with every option and exits 0', async () => {
    for (const flag of ['--help', '-h']) {
      const run = await cli([flag]);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^Usage: django-security-gate \[PATH\] \[options\]/);
      for (const option of [
        '--settings MODULE',
        '--format',
        '--output FILE',
        '--fail-on',
        '--no-deploy-check',
        '--python PATH',
        '--env KEY=VALUE',
        '--environment-file FILE',
        '--env-file FILE',
        '--select RULES',
        '--ignore RULES',
        '-q, --quiet',
        '--statistics',
        '--config FILE',
        '--baseline FILE',
        '--update-baseline',
        '--list-rules',
        '--version',
      ]) {
        expect(run.stdout).toContain(option);
      }
      expect(run.stdout).toContain('Exit codes: 0 passed, 1 findings at or above --fail-on, 2 usage');
    }
  });

  it("the README's command-line section documents every option --help lists", async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(
      readme.indexOf('## Command line'),
      readme.indexOf('\n## ', readme.indexOf('## Command line') + 1),
    );
    const options = [...new Set((await cli(['--help'])).stdout.match(/^ {2}(?:-\w, )?--[\w-]+/gm))].map((o) =>
      o.trim(),
    );
    expect(options.length).toBeGreaterThanOrEqual(19);
    for (const option of options.flatMap((o) => o.split(', '))) expect(section).toContain(`\`${option}`);
  });

  it('--version prints the version of package.json', async () => {
    const run = await cli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${packageJson.name} ${packageJson.version}\n`);
  });

  it('--list-rules lists every rule with its level', async () => {
    const run = await cli(['--list-rules']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(ALL_RULES.length);
    for (const rule of ALL_RULES) {
      const line = lines.find((l) => l.split(/\s+/)[0] === rule.id);
      expect(line).toBeDefined();
      expect(line!.split(/\s+/)[1]).toBe(rule.level);
      expect(line).toContain(rule.summary);
    }
    for (const id of ['debug-enabled', 'allowed-hosts-missing', 'allowed-hosts-wildcard', 'file-skipped']) {
      expect(lines.some((l) => l.startsWith(`${id} `))).toBe(true);
    }
  });
});

describe('cli: usage errors exit 2', () => {
  it('an unknown option', async () => {
    const first = usageError(await cli([repo(), '--no-deploy-check', '--colour']));
    expect(first).toContain("'--colour'");
  });

  it('a bad --format', async () => {
    const run = await cli([repo(), '--no-deploy-check', '--format', 'xml']);
    expect(usageError(run)).toBe('django-security-gate: --format must be one of text, json, sarif, github, not "xml"');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('a bad --fail-on', async () => {
    const run = await cli([repo(), '--no-deploy-check', '--fail-on', 'warnings']);
    expect(usageError(run)).toBe(
      'django-security-gate: --fail-on must be one of error, warning, note, never, not "warnings"',
    );
  });

  it('a missing option value', async () => {
    usageError(await cli([repo(), '--no-deploy-check', '--format']));
  });

  it('two PATHs', async () => {
    const root = repo();
    expect(usageError(await cli([root, root, '--no-deploy-check']))).toContain('expected one PATH, got 2');
  });

  it('a malformed --env', async () => {
    const run = await cli([repo(), '--no-deploy-check', '--env', 'DJANGO_DEBUG']);
    expect(usageError(run)).toContain('--env expects KEY=VALUE, got "DJANGO_DEBUG"');
  });
});

describe('cli: file options that cannot be written or read stop the run before the scan', () => {
  // PATH holds no project: had the scan run first, it would have stopped with "no Django project found".
  const noProject = () => writeRepo({ 'README.md': 'no project\n' });
  const folder = () => writeRepo({ 'keep.txt': '' });

  it('--output in a folder that does not exist', async () => {
    const run = await cli([noProject(), '--no-deploy-check', '--output', '/nonexistent/dir/report.json']);
    expect(usageError(run)).toBe(
      'django-security-gate: --output /nonexistent/dir/report.json cannot be written: /nonexistent/dir does not exist; create it first or choose another path',
    );
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('--output naming a folder', async () => {
    const target = folder();
    const run = await cli([noProject(), '--no-deploy-check', '--output', target]);
    expect(usageError(run)).toBe(
      `django-security-gate: --output ${target} is a folder: give the path of a file to write`,
    );
  });

  it('--update-baseline into a folder that does not exist', async () => {
    const run = await cli([noProject(), '--no-deploy-check', '--baseline', '/nope/b.json', '--update-baseline']);
    expect(usageError(run)).toBe(
      'django-security-gate: the baseline /nope/b.json cannot be written: /nope does not exist; create it first or choose another path',
    );
  });

  it('--baseline that cannot be read', async () => {
    const run = await cli([noProject(), '--no-deploy-check', '--baseline', '/nope/b.json']);
    expect(usageError(run)).toMatch(/^django-security-gate: baseline \/nope\/b\.json cannot be read: ENOENT/);
  });

  it('--config naming a folder', async () => {
    const target = folder();
    const run = await cli([noProject(), '--no-deploy-check', '--config', target]);
    expect(usageError(run)).toBe(
      `django-security-gate: config file ${target} is a folder: give the path of the config file (.django-security.yml)`,
    );
  });

  it('none of them is an internal error', async () => {
    for (const args of [
      ['--output', '/tmp'],
      ['--config', '/tmp'],
      ['--baseline', '/tmp', '--update-baseline'],
    ]) {
      const run = await cli([repo(), '--no-deploy-check', ...args]);
      expect(run.code).toBe(2);
      expect(run.stderr).not.toContain('internal error');
    }
  });
});

describe('cli: --fail-on', () => {
  it('never passes a run with errors', async () => {
    const { code, report } = await scanJson(repo(), ['--fail-on', 'never']);
    expect(code).toBe(0);
    expect(report.summary).toEqual({ error: 1, warning: 1, note: 0, passed: true });
  });

  it('error passes a run with only warnings', async () => {
    const { code, report } = await scanJson(repo(WARNING_ONLY), ['--fail-on', 'error']);
    expect(code).toBe(0);
    expect(brief(report.findings)).toEqual([
      { ruleId: 'allowed-hosts-wildcard', file: 'config/settings.py', line: 3, level: 'warning' },
    ]);
    expect(report.summary.passed).toBe(true);
  });

  it('error fails a run with an error', async () => {
    const { code } = await scanJson(repo(), ['--fail-on', 'error']);
    expect(code).toBe(1);
  });

  it('note fails a run with only a note', async () => {
    const passing = await scanJson(noteOnlyRepo());
    expect(brief(passing.report.findings)).toEqual([
      { ruleId: 'python-syntax-error', file: 'shop/reports.py', line: 5, level: 'note' },
    ]);
    expect(passing.code).toBe(0);
    const failing = await scanJson(noteOnlyRepo(), ['--fail-on', 'note']);
    expect(failing.code).toBe(1);
    expect(failing.report.summary).toEqual({ error: 0, warning: 0, note: 1, passed: false });
  });
});

describe('cli: output', () => {
  it('--output writes the report to the file and nothing to stdout', async () => {
    const root = repo();
    const out = join(root, 'report.json');
    const run = await cli([root, '--no-deploy-check', '--format', 'json', '--output', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(existsSync(out)).toBe(true);
    const report = JSON.parse(readFileSync(out, 'utf8')) as JsonReport;
    expect(brief(report.findings)).toEqual([
      { ruleId: 'debug-enabled', file: 'config/settings.py', line: 2, level: 'error' },
      { ruleId: 'allowed-hosts-wildcard', file: 'config/settings.py', line: 3, level: 'warning' },
    ]);
  });

  it('--format text lists findings by file with the verdict', async () => {
    const run = await cli([repo(), '--no-deploy-check']);
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines).toContain('config/settings.py');
    expect(run.stdout).toMatch(/^ {2}2:9 +error +DEBUG is True: .*debug-enabled$/m);
    expect(run.stdout).toMatch(/^ {2}3:18 +warning +ALLOWED_HOSTS is .*allowed-hosts-wildcard$/m);
    expect(run.stdout).toContain('1 error, 1 warning, 0 notes: failed (fail-on: warning');
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('--format github prints workflow commands with escaped messages', async () => {
    const run = await cli([repo(), '--no-deploy-check', '--format', 'github']);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^::error title=debug-enabled,file=config\/settings\.py,line=2,endLine=2,col=9,endColumn=13::DEBUG is True: [^\n]*%0AFix: DEBUG = False/,
    );
    expect(lines[1]).toMatch(
      /^::warning title=allowed-hosts-wildcard,file=config\/settings\.py,line=3,endLine=3,col=18,endColumn=21::ALLOWED_HOSTS is /,
    );
    // "%" in the message is escaped, so the runner does not read "%.e" as an escape.
    expect(lines[1]).toContain("'50%25.example'");
    expect(lines[1]).toContain('%0AFix: ');
  });

  it('--format github uses ::notice for notes', async () => {
    const run = await cli([noteOnlyRepo(), '--no-deploy-check', '--format', 'github']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^::notice title=python-syntax-error,file=shop\/reports\.py,line=5,endLine=5,col=12,endColumn=\d+::shop\/reports\.py has a syntax error/,
    );
  });

  it('--format json has the shape of design.md, with every Finding field', async () => {
    const { code, report, stdout } = await scanJson(repo());
    expect(code).toBe(1);
    expect(Object.keys(report).sort()).toEqual([
      'findings',
      'projects',
      'remarks',
      'summary',
      'suppressed',
      'tool',
      'version',
    ]);
    expect(report.version).toBe(1);
    expect(report.tool).toEqual({ name: 'django-security-gate', version: packageJson.version });
    expect(report.summary).toEqual({ error: 1, warning: 1, note: 0, passed: false });
    expect(stdout.endsWith('\n')).toBe(true);

    const [debug, wildcard] = report.findings;
    expect(debug).toEqual({
      ruleId: 'debug-enabled',
      level: 'error',
      message: expect.stringMatching(/^DEBUG is True: /),
      file: 'config/settings.py',
      line: 2,
      column: 9,
      endLine: 2,
      endColumn: 13,
      fix: expect.stringContaining('DEBUG = False'),
      setting: 'DEBUG',
      djangoCheck: 'security.W018',
      source: 'static',
      fingerprint: expect.stringMatching(/^[0-9a-f]{16,}$/),
    });
    expect(wildcard).toEqual({
      ruleId: 'allowed-hosts-wildcard',
      level: 'warning',
      message: expect.stringContaining('"*" turns off Host header validation'),
      file: 'config/settings.py',
      line: 3,
      column: 18,
      endLine: 3,
      endColumn: 21,
      fix: expect.any(String),
      setting: 'ALLOWED_HOSTS',
      source: 'static',
      fingerprint: expect.stringMatching(/^[0-9a-f]{16,}$/),
    });
    expect(debug!.fingerprint).not.toBe(wildcard!.fingerprint);
  });

  it('--format sarif produces SARIF 2.1.0 with rules and results', async () => {
    const run = await cli([repo(), '--no-deploy-check', '--format', 'sarif']);
    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout) as SarifLog;
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    expect(sarif.runs).toHaveLength(1);
    const sarifRun = sarif.runs[0]!;
    expect(sarifRun.tool.driver.name).toBe('django-security-gate');
    expect(sarifRun.tool.driver.version).toBe(packageJson.version);

    const rules = sarifRun.tool.driver.rules;
    const ruleIds = rules.map((rule) => rule.id);
    expect(ruleIds).toEqual(expect.arrayContaining(['debug-enabled', 'allowed-hosts-wildcard']));
    expect(new Set(ruleIds).size).toBe(ruleIds.length);
    for (const rule of rules) {
      const meta = ALL_RULES.find((r) => r.id === rule.id)!;
      expect(meta).toBeDefined();
      expect(rule.shortDescription).toEqual({ text: meta.summary });
      expect(rule.fullDescription.text).toBe(meta.docs.what);
      expect(rule.helpUri).toMatch(new RegExp(`^https://.*/${rule.id}\\.md$`));
      expect(rule.help.markdown).toContain(`# ${rule.id}`);
      expect(rule.properties.tags).toEqual(meta.tags);
      expect(rule.properties['security-severity']).toBe(meta.securitySeverity.toFixed(1));
      expect(Number.isFinite(Number(rule.properties['security-severity']))).toBe(true);
    }

    const results = sarifRun.results;
    expect(results).toHaveLength(2);
    const [debug, wildcard] = results;
    expect(debug!.ruleId).toBe('debug-enabled');
    expect(rules[debug!.ruleIndex]!.id).toBe('debug-enabled');
    expect(debug!.level).toBe('error');
    expect(debug!.message.text).toMatch(/^DEBUG is True: /);
    expect(debug!.locations).toHaveLength(1);
    expect(debug!.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'config/settings.py', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2, startColumn: 9, endLine: 2, endColumn: 13 },
    });
    expect(Object.values(debug!.partialFingerprints)).toHaveLength(1);
    expect(Object.values(debug!.partialFingerprints)[0]).toMatch(/^[0-9a-f]{16,}$/);
    expect(debug!.properties.djangoCheck).toBe('security.W018');

    expect(wildcard!.ruleId).toBe('allowed-hosts-wildcard');
    expect(rules[wildcard!.ruleIndex]!.id).toBe('allowed-hosts-wildcard');
    expect(wildcard!.level).toBe('warning');
    expect(wildcard!.locations[0]!.physicalLocation.region).toEqual({
      startLine: 3,
      startColumn: 18,
      endLine: 3,
      endColumn: 21,
    });
    expect(wildcard!.properties.djangoCheck).toBeUndefined();
  });

  it('--format sarif carries engine rules that produced findings', async () => {
    const run = await cli([noteOnlyRepo(), '--no-deploy-check', '--format', 'sarif']);
    const sarifRun = (JSON.parse(run.stdout) as SarifLog).runs[0]!;
    expect(sarifRun.results).toHaveLength(1);
    const result = sarifRun.results[0]!;
    expect(result.ruleId).toBe('python-syntax-error');
    expect(result.level).toBe('note');
    expect(result.locations[0]!.physicalLocation.region).toEqual(
      expect.objectContaining({ startLine: 5, startColumn: 12, endLine: 5 }),
    );
    expect(sarifRun.tool.driver.rules[result.ruleIndex]!.id).toBe('python-syntax-error');
  });
});

describe('cli: production environment', () => {
  const envSettings =
    'import os\nDEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"\nALLOWED_HOSTS = os.environ.get("HOSTS", "*").split(",")\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n';

  it('without --env the defaults are judged', async () => {
    const { code, report } = await scanJson(repo(envSettings));
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([
      { ruleId: 'debug-enabled', file: 'config/settings.py', line: 2, level: 'error' },
      { ruleId: 'allowed-hosts-wildcard', file: 'config/settings.py', line: 3, level: 'warning' },
    ]);
  });

  it('--env sets the production environment', async () => {
    const { code, report } = await scanJson(repo(envSettings), [
      '--env',
      'DJANGO_DEBUG=0',
      '--env',
      'HOSTS=example.com,www.example.com',
    ]);
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
  });

  it('--env-file works like --env (comments, export and quotes allowed)', async () => {
    const root = repo(envSettings);
    const envFile = join(root, 'production.env');
    writeFileSync(envFile, '# production\n\nexport DJANGO_DEBUG=0\nHOSTS="example.com,www.example.com"\n');
    const { code, report } = await scanJson(root, ['--env-file', envFile]);
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
  });

  it('--env wins over --env-file', async () => {
    const root = repo(envSettings);
    const envFile = join(root, 'production.env');
    writeFileSync(envFile, 'DJANGO_DEBUG=0\nHOSTS=example.com\n');
    const { code, report } = await scanJson(root, ['--env-file', envFile, '--env', 'DJANGO_DEBUG=1']);
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([
      { ruleId: 'debug-enabled', file: 'config/settings.py', line: 2, level: 'error' },
    ]);
  });

  it('a malformed --env-file line exits 2 with the file and line', async () => {
    const root = repo(envSettings);
    const envFile = join(root, 'production.env');
    writeFileSync(envFile, 'DJANGO_DEBUG=0\nHOSTS example.com\n');
    const run = await cli([root, '--no-deploy-check', '--format', 'json', '--env-file', envFile]);
    expect(usageError(run)).toBe(`django-security-gate: ${envFile}:2: expected KEY=VALUE, found "HOSTS example.com"`);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('a missing --env-file exits 2', async () => {
    const root = repo(envSettings);
    const run = await cli([root, '--no-deploy-check', '--env-file', join(root, 'nope.env')]);
    expect(usageError(run)).toContain('nope.env does not exist');
  });
});
