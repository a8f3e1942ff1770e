import { describe, expect, it } from '@jest/globals';
import type { Finding } from '../src/finding.js';
import { renderJobSummary } from '../src/report/job-summary.js';
import { cli, scanJson } from './support/cli-harness.js';
import { py } from './support/rule-tester.js';
import { writeTree } from './support/settings-harness.js';

const MANAGE = py('import os', 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")');

/** Settings that judge everything but DEBUG and ALLOWED_HOSTS, which a deploy-time module decides. */
const repository = () =>
  writeTree({
    'manage.py': MANAGE,
    'site/__init__.py': '',
    'site/settings.py': py(
      'import os',
      'from deploy_config import load',
      'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
      'DEBUG = load("DEBUG")',
      'ALLOWED_HOSTS = load("ALLOWED_HOSTS")',
    ),
    '.django-security.yml': py('rules:', ...HARDENING.map((id) => `  ${id}: off`)),
  });

const HARDENING = [
  'security-middleware-missing',
  'csrf-middleware-missing',
  'x-frame-options-middleware-missing',
  'csp-missing',
  'session-cookie-insecure',
  'csrf-cookie-insecure',
];

interface Project {
  root: string;
  unjudged: string[];
}

describe('settings left unjudged, in every report', () => {
  it('JSON: projects[].unjudged, and one note for the construct that hides them', async () => {
    const { report } = await scanJson(repository());
    const { projects } = report as unknown as { projects: Project[] };
    expect(projects.map((project) => project.unjudged)).toEqual([['ALLOWED_HOSTS', 'DEBUG']]);
    // design.md: what was judged, from what evidence, and what could not be.
    expect(Object.keys(projects[0]!).sort()).toEqual([
      'chosenBy',
      'django',
      'djangoFrom',
      'judged',
      'root',
      'settingsFile',
      'settingsFiles',
      'settingsModule',
      'unjudged',
    ]);
    const notes = report.findings.filter((finding: Finding) => finding.ruleId === 'settings-incomplete');
    // Both calls of load() from deploy_config are one cause: one note, at the first, with each setting's line.
    expect(notes.map((note) => [note.file, note.line])).toEqual([['site/settings.py', 4]]);
    expect(notes[0]!.message).toBe(
      'The scanner cannot evaluate the result of load(), so 2 settings could not be judged: ' +
        'DEBUG (line 4: debug-enabled), ALLOWED_HOSTS (line 5: allowed-hosts-missing, allowed-hosts-wildcard).',
    );
  });

  it('one note per unknown callable: the sites of SecretFileValue() make one, another callable its own', async () => {
    const root = writeTree({
      'manage.py': MANAGE,
      'site/__init__.py': '',
      'site/settings.py': py(
        'import os',
        'from lasuite.configuration.values import SecretFileValue',
        'from deploy_config import load',
        'ALLOWED_HOSTS = ["example.com"]',
        'SECRET_KEY = SecretFileValue(None)',
        'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql",',
        '    "PASSWORD": SecretFileValue(None, environ_name="DB_PASSWORD")}}',
        'DEBUG = load("DEBUG")',
        'EMAIL_HOST_PASSWORD = SecretFileValue("EMAIL")',
      ),
      '.django-security.yml': py('rules:', ...HARDENING.map((id) => `  ${id}: off`)),
    });
    const { report } = await scanJson(root);
    const notes = report.findings.filter((finding: Finding) => finding.ruleId === 'settings-incomplete');
    expect(notes.map((note) => [note.line, note.message])).toEqual([
      [
        5,
        'The scanner cannot evaluate the result of SecretFileValue(), so 3 settings could not be judged: ' +
          'SECRET_KEY (line 5: secret-key-hardcoded, secret-key-weak), DATABASES (line 7: credential-hardcoded), ' +
          'EMAIL_HOST_PASSWORD (line 9: credential-hardcoded).',
      ],
      [8, 'The scanner cannot evaluate the result of load(), so 1 setting could not be judged: DEBUG (debug-enabled).'],
    ]);
  });

  it('SARIF: runs[0].properties.projects', async () => {
    const run = await cli([repository(), '--format', 'sarif', '--no-deploy-check']);
    const sarif = JSON.parse(run.stdout) as { runs: Array<{ properties: { projects: Project[] } }> };
    expect(sarif.runs[0]!.properties.projects[0]!.unjudged).toEqual(['ALLOWED_HOSTS', 'DEBUG']);
  });

  it('text: the summary says how many settings could not be judged', async () => {
    const run = await cli([repository(), '--no-deploy-check']);
    expect(run.stdout).toContain('2 settings could not be judged: see the settings-incomplete notes.');
  });

  it('job summary: says it under the counts, and says nothing when every setting was judged', () => {
    const base = {
      findings: [],
      summary: { error: 0, warning: 0, note: 0, passed: true },
      failOn: 'warning' as const,
      rulesRun: [],
      remarks: [],
      baselined: 0,
    };
    const project = {
      root: '',
      django: '6.1',
      djangoFrom: 'requirements.txt',
      settingsModule: 'site.settings',
      settingsFile: 'site/settings.py',
      chosenBy: 'manage.py',
      judged: true,
      settingsFiles: ['site/settings.py'],
    };
    const unjudged = renderJobSummary({ ...base, projects: [{ ...project, unjudged: ['DEBUG'] }] });
    expect(unjudged).toContain('1 setting could not be judged.');
    const note = {
      ruleId: 'settings-incomplete',
      level: 'note' as const,
      message:
        'The scanner cannot evaluate the result of load(), so 1 setting could not be judged: DEBUG (debug-enabled).',
      file: 'site/settings.py',
      line: 4,
      column: 1,
      endLine: 4,
      endColumn: 9,
      fix: 'Give load() a module the scanner can read',
      source: 'static' as const,
      fingerprint: 'f'.repeat(32),
    };
    const noted = renderJobSummary({ ...base, findings: [note], projects: [{ ...project, unjudged: ['DEBUG'] }] });
    expect(noted).toContain('1 setting could not be judged: see the settings-incomplete notes.');
    const judged = renderJobSummary({ ...base, projects: [{ ...project, unjudged: [] }] });
    expect(judged).not.toContain('could not be judged');
  });
});
