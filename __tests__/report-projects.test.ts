// Every output says what was judged (issue 10, README "What the reports say was judged"): the projects, the
// evidence that chose each settings module, the Django version, and the run's remarks.
import { describe, expect, it } from '@jest/globals';
import type { GitHubRequest } from '../src/action/github-client.js';
import type { Finding } from '../src/finding.js';
import { completeCheckRun } from '../src/report/check-run.js';
import { renderJobSummary } from '../src/report/job-summary.js';
import { renderJson } from '../src/report/json-report.js';
import { projectLine, type GateReport } from '../src/report/report.js';
import { renderSarif } from '../src/report/sarif-report.js';
import { renderText } from '../src/report/text-report.js';
import { ALL_RULES } from '../src/rules/registry.js';
import type { ScannedProject } from '../src/scan.js';
import { cli } from './support/cli-harness.js';
import { py } from './support/rule-tester.js';
import { sarifSchemaErrors } from './support/sarif-schema.js';
import { writeTree } from './support/settings-harness.js';

const KUMA: ScannedProject = {
  root: '',
  settingsModule: 'kuma.settings.prod',
  settingsFile: 'kuma/settings/prod.py',
  chosenBy: 'docker/images/kuma/Dockerfile:6',
  judged: true,
  django: '3.2',
  djangoFrom: 'requirements.txt',
  settingsFiles: ['kuma/settings/prod.py', 'kuma/settings/common.py'],
  unjudged: ['ALLOWED_HOSTS'],
};

const SHOP: ScannedProject = {
  root: 'backend',
  settingsModule: 'shop.settings_prod',
  settingsFile: 'backend/shop/settings_prod.py',
  chosenBy: 'backend/Procfile:1',
  judged: true,
  django: '5.2',
  djangoFrom: 'backend/uv.lock',
  settingsFiles: ['backend/shop/settings_prod.py'],
  unjudged: [],
};

const LIBRARY_TESTS: ScannedProject = {
  root: 'wagtail/test',
  settingsModule: 'wagtail.test.settings',
  settingsFile: 'wagtail/test/settings.py',
  chosenBy: 'wagtail/test/manage.py:9',
  judged: false,
  django: '5.2',
  djangoFrom: 'setup.py',
  settingsFiles: ['wagtail/test/settings.py'],
  unjudged: [],
};

const REMARKS = [
  'Skipped a project: project_template/manage.py names {{ project_name }}.settings, a template.',
  'docker-compose.yml:12 sets DJANGO_SETTINGS_MODULE=kuma.settings.local for development; kuma/settings/__init__.py is not it.',
];

const DEBUG_FINDING: Finding = {
  ruleId: 'debug-enabled',
  level: 'error',
  message: 'DEBUG is True in production.',
  file: 'kuma/settings/prod.py',
  line: 3,
  column: 1,
  endLine: 3,
  endColumn: 13,
  fix: 'DEBUG = False',
  source: 'static',
  fingerprint: 'a'.repeat(32),
};

function gateReport(overrides: Partial<GateReport> = {}): GateReport {
  return {
    findings: [DEBUG_FINDING],
    summary: { error: 1, warning: 0, note: 0, passed: false },
    failOn: 'warning',
    rulesRun: [],
    remarks: REMARKS,
    baselined: 0,
    projects: [KUMA, SHOP, LIBRARY_TESTS],
    ...overrides,
  };
}

const NOTHING_JUDGED = gateReport({
  findings: [],
  summary: { error: 0, warning: 0, note: 0, passed: true },
  remarks: [],
  projects: [],
});

const LINES = [
  'judging kuma.settings.prod (docker/images/kuma/Dockerfile:6), Django 3.2 (requirements.txt)',
  'in backend/: judging shop.settings_prod (backend/Procfile:1), Django 5.2 (backend/uv.lock)',
  "in wagtail/test/: not judged: wagtail.test.settings (wagtail/test/manage.py:9) runs the library's tests",
];

/** The keys README's contract gives each project, in its order. */
const PROJECT_KEYS = [
  'root',
  'settingsModule',
  'settingsFile',
  'chosenBy',
  'judged',
  'django',
  'djangoFrom',
  'settingsFiles',
  'unjudged',
];

interface SarifLog {
  runs: Array<{
    properties: { projects: Array<Record<string, unknown>>; remarks: string[] };
    invocations: Array<{
      executionSuccessful: boolean;
      toolExecutionNotifications: Array<{ level: string; message: { text: string } }>;
    }>;
  }>;
}

describe('the line that says what a project judged', () => {
  it('names the module, its evidence and the Django version, with the folder when it is not the root', () => {
    expect([KUMA, SHOP, LIBRARY_TESTS].map(projectLine)).toEqual(LINES);
  });
});

describe('JSON: projects and remarks', () => {
  it('carries each project with the contract keys, in order, and the remarks', () => {
    const document = JSON.parse(renderJson(gateReport())) as {
      projects: Array<Record<string, unknown>>;
      remarks: string[];
    };
    expect(document.projects.map((project) => Object.keys(project))).toEqual([
      PROJECT_KEYS,
      PROJECT_KEYS,
      PROJECT_KEYS,
    ]);
    expect(document.projects).toEqual([KUMA, SHOP, LIBRARY_TESTS]);
    expect(document.projects.map((project) => project.judged)).toEqual([true, true, false]);
    expect(document.remarks).toEqual(REMARKS);
  });

  it('leaves out what a scan keeps for itself, so the contract does not grow by accident', () => {
    const withExtra = { ...KUMA, resolverRoots: ['/tmp/x'] } as ScannedProject;
    const document = JSON.parse(renderJson(gateReport({ projects: [withExtra] }))) as {
      projects: Array<Record<string, unknown>>;
    };
    expect(Object.keys(document.projects[0]!)).toEqual(PROJECT_KEYS);
  });

  it('has both lists, empty, when no project was judged', () => {
    const document = JSON.parse(renderJson(NOTHING_JUDGED)) as Record<string, unknown>;
    expect(Object.keys(document)).toEqual([
      'version',
      'tool',
      'findings',
      'summary',
      'projects',
      'remarks',
      'suppressed',
    ]);
    expect(document.projects).toEqual([]);
    expect(document.remarks).toEqual([]);
  });
});

describe('SARIF: runs[0].properties and toolExecutionNotifications', () => {
  it('carries the projects and remarks as JSON does, and each remark as a note from the tool', () => {
    const log = JSON.parse(renderSarif(gateReport())) as SarifLog;
    const json = JSON.parse(renderJson(gateReport())) as { projects: unknown; remarks: unknown };
    const [run] = log.runs;
    expect(run!.properties).toEqual({ projects: json.projects, remarks: json.remarks });
    expect(run!.invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: REMARKS.map((text) => ({ level: 'note', message: { text } })),
      },
    ]);
  });

  it('is valid SARIF 2.1.0, with remarks and without', () => {
    expect(sarifSchemaErrors(JSON.parse(renderSarif(gateReport())))).toEqual([]);
    const empty = JSON.parse(renderSarif(NOTHING_JUDGED)) as SarifLog;
    expect(sarifSchemaErrors(empty)).toEqual([]);
    expect(empty.runs[0]!.properties).toEqual({ projects: [], remarks: [] });
    expect(empty.runs[0]!.invocations[0]!.toolExecutionNotifications).toEqual([]);
  });

  it('the schema check rejects what SARIF does not allow (a notification level of "info")', () => {
    const log = JSON.parse(renderSarif(gateReport())) as SarifLog;
    log.runs[0]!.invocations[0]!.toolExecutionNotifications[0]!.level = 'info';
    expect(sarifSchemaErrors(log)).toContainEqual(
      '/runs/0/invocations/0/toolExecutionNotifications/0/level must be equal to one of the allowed values',
    );
  });
});

describe('text: one line per project before the findings', () => {
  it('says what each project judged, then the remarks, then the findings by file', () => {
    const lines = renderText(gateReport(), false).split('\n');
    expect(lines.slice(0, 7)).toEqual([
      ...LINES,
      ...REMARKS.map((remark) => `· ${remark}`),
      '',
      'kuma/settings/prod.py',
    ]);
  });

  it('prints no header when nothing was judged', () => {
    expect(renderText(NOTHING_JUDGED, false)).toBe(
      `No findings: passed (fail-on: warning, 0 of ${ALL_RULES.length} rules ran)\n`,
    );
  });
});

describe('job summary and check run summary: the same line per project, and the remarks', () => {
  const markdownLines = LINES.map((line) => `- ${line}`);

  it('lists each project under the counts, then the remarks', () => {
    const summary = renderJobSummary(gateReport());
    expect(summary).toContain(`${markdownLines.join('\n')}\n`);
    expect(summary).toContain(
      '> - Skipped a project: project_template/manage.py names {{ project_name }}.settings, a template.',
    );
    expect(summary).toContain(
      '> - docker-compose.yml:12 sets DJANGO_SETTINGS_MODULE=kuma.settings.local for development; kuma/settings/\\_\\_init\\_\\_.py is not it.',
    );
    expect(summary.indexOf(markdownLines[0]!)).toBeLessThan(summary.indexOf('### `kuma/settings/prod.py`'));
  });

  /** Completes a check run against a recording stand-in for the API; returns the completing request's output. */
  async function completedOutput(report: GateReport) {
    const bodies: Array<Record<string, unknown>> = [];
    const request: GitHubRequest = (_route, parameters) => {
      bodies.push(parameters);
      return Promise.resolve({ data: {} });
    };
    const target = { owner: 'acme', repo: 'shop', headSha: 'f'.repeat(40), name: 'Django security' };
    await completeCheckRun(request, target, { id: 7, htmlUrl: '' }, report, {});
    return bodies.at(-1)!.output as { summary: string; text?: string };
  }

  it('puts them in the check run summary', async () => {
    const { summary } = await completedOutput(gateReport());
    expect(summary).toContain(`${markdownLines.join('\n')}\n`);
    expect(summary).toContain('> - Skipped a project: project_template/manage.py');
  });

  it('keeps them when the findings overflow the summary limit', async () => {
    const findings = Array.from({ length: 1200 }, (_, i) => ({
      ...DEBUG_FINDING,
      line: i + 1,
      message: `DEBUG is True in production, as line ${i + 1} of this long generated module says again and again.`,
    }));
    const { summary } = await completedOutput(
      gateReport({ findings, summary: { error: 1200, warning: 0, note: 0, passed: false } }),
    );
    expect(summary.length).toBeLessThanOrEqual(65535);
    expect(summary).toMatch(/The summary is cut at GitHub's size limit: \d+ of 1200 findings are listed here/);
    expect(summary).toContain(`${markdownLines.join('\n')}\n`);
  });
});

describe('from a scan: the CLI says what it judged', () => {
  const repository = () =>
    writeTree({
      'backend/requirements.txt': 'Django==4.2.11\n',
      'backend/manage.py': py('import os', 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")'),
      'backend/site/__init__.py': '',
      'backend/site/settings.py': py('import os', 'SECRET_KEY = os.environ["SECRET_KEY"]', 'DEBUG = False'),
    });

  it('text: the header line before the findings', async () => {
    const run = await cli([repository(), '--no-deploy-check']);
    expect(run.stdout.split('\n')[0]).toMatch(
      /^in backend\/: judging site\.settings \(backend\/manage\.py(:\d+)?\), Django 4\.2 \(backend\/requirements\.txt\)$/,
    );
  });

  it('JSON and SARIF: the same project', async () => {
    const json = JSON.parse((await cli([repository(), '--no-deploy-check', '--format', 'json'])).stdout) as {
      projects: Array<Record<string, unknown>>;
    };
    expect(json.projects).toEqual([
      {
        root: 'backend',
        settingsModule: 'site.settings',
        settingsFile: 'backend/site/settings.py',
        chosenBy: expect.stringMatching(/^backend\/manage\.py(:\d+)?$/),
        judged: true,
        django: '4.2',
        djangoFrom: 'backend/requirements.txt',
        settingsFiles: ['backend/site/settings.py'],
        unjudged: [],
      },
    ]);
    const sarif = JSON.parse((await cli([repository(), '--no-deploy-check', '--format', 'sarif'])).stdout) as SarifLog;
    expect(sarif.runs[0]!.properties.projects).toEqual(json.projects);
    expect(sarifSchemaErrors(sarif)).toEqual([]);
  });
});
