/**
 * Issue 11, item 9: a team adopting the gate on an existing project, step by step, as a new user would. The
 * fixture is reduced from healthchecks (/work/realprojects/issue11/adoption.sh runs the same steps on a copy of
 * the real repository): settings that read every value from the environment with laptop defaults (a
 * committed fallback key "---", DEBUG "True"), and a view with raw SQL passed as parameters. Each step runs
 * the CLI in-process on one copy, which the steps change in turn, as a repository's history would.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brief, cli, scanJson } from './support/cli-harness.js';

const fixture = fileURLToPath(new URL('./fixtures/adoption-real', import.meta.url));
const settings = 'monitor/settings.py';
const views = 'pings/views.py';

/** What the first scan reports on the project as committed: its laptop defaults and missing hardening. */
const firstFindings = [
  { ruleId: 'csrf-cookie-insecure', file: settings, line: 1, level: 'warning' },
  { ruleId: 'hsts-missing', file: settings, line: 1, level: 'warning' },
  { ruleId: 'session-cookie-insecure', file: settings, line: 1, level: 'warning' },
  { ruleId: 'ssl-redirect-disabled', file: settings, line: 1, level: 'warning' },
  { ruleId: 'csrf-cookie-httponly-disabled', file: settings, line: 1, level: 'note' },
  { ruleId: 'secret-key-hardcoded', file: settings, line: 19, level: 'warning' },
  { ruleId: 'secret-key-weak', file: settings, line: 19, level: 'warning' },
  { ruleId: 'debug-enabled', file: settings, line: 20, level: 'error' },
  { ruleId: 'csp-missing', file: settings, line: 30, level: 'warning' },
];

/** A search view that formats the query string into SQL: the one vulnerability a pull request adds. */
const injectedSearch = `

def search(request):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT code FROM pings_check WHERE name = '{request.GET['q']}'")
        rows = cursor.fetchall()
    return HttpResponse(str(rows))
`;
const injectedLine = 14;

let sortedLine = 0;
const lineOf = (text: string, fragment: string) => text.split('\n').findIndex((line) => line.includes(fragment)) + 1;

/** A sort column checked against an allow-list, then formatted into SQL: reviewed, and suppressed with a reason. */
const sortedView = `

SORT_COLUMNS = {"name", "created", "last_ping"}


def sorted_checks(request):
    if request.GET["sort"] not in SORT_COLUMNS:
        return HttpResponse(status=400)
    with connection.cursor() as cursor:
        # django-security: ignore[raw-sql-injection] sort is one of SORT_COLUMNS, checked above
        cursor.execute(f"SELECT code FROM pings_check ORDER BY {request.GET['sort']}")
        return HttpResponse(str(cursor.fetchall()))
`;

describe('adopting the gate on a project reduced from healthchecks', () => {
  const root = mkdtempSync(join(tmpdir(), 'dsg-adoption-'));
  const baseline = '.django-security-baseline.json';
  const withBaseline = ['--baseline', join(root, baseline)];

  beforeAll(() => {
    cpSync(fixture, root, { recursive: true });
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  });

  it('1. the first scan reports the committed defaults and fails', async () => {
    const run = await scanJson(root);
    expect(run.code).toBe(1);
    expect(brief(run.report.findings)).toEqual(firstFindings);
    expect(run.report.summary).toEqual({ error: 1, warning: 7, note: 1, passed: false });
  });

  it('2. --update-baseline accepts every finding and passes', async () => {
    const run = await cli([root, '--no-deploy-check', ...withBaseline, '--update-baseline']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Wrote 9 finding(s) to the baseline ${join(root, baseline)}.`);
    const written = JSON.parse(readFileSync(join(root, baseline), 'utf8')) as {
      findings: Array<{ ruleId: string; file: string; count: number }>;
    };
    expect(written.findings.map(({ ruleId, file, count }) => ({ ruleId, file, count }))).toEqual(
      firstFindings.map(({ ruleId, file }) => ({ ruleId, file, count: 1 })),
    );
  });

  it('3. a scan with the baseline passes and says how many findings it accepted', async () => {
    const run = await cli([root, '--no-deploy-check', ...withBaseline]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^No findings \(9 accepted by the baseline\): passed \(fail-on: warning/m);
    expect((await scanJson(root, withBaseline)).report.findings).toEqual([]);
  });

  it('4. a raw SQL f-string added to a view is the only finding, and it fails', async () => {
    appendFileSync(join(root, views), injectedSearch);
    const run = await scanJson(root, withBaseline);
    expect(run.code).toBe(1);
    expect(brief(run.report.findings)).toEqual([
      { ruleId: 'raw-sql-injection', file: views, line: injectedLine, level: 'error' },
    ]);
    expect(run.report.findings[0].message).toContain("`request.GET['q']` (request data) is interpolated");
    const text = await cli([root, '--no-deploy-check', ...withBaseline]);
    expect(text.stdout).toMatch(/^1 error, 0 warnings, 0 notes \(9 accepted by the baseline\): failed/m);
  });

  it('5. the fix with a parameter passes again', async () => {
    const source = readFileSync(join(root, views), 'utf8');
    const fixed = source.replace(
      `cursor.execute(f"SELECT code FROM pings_check WHERE name = '{request.GET['q']}'")`,
      `cursor.execute("SELECT code FROM pings_check WHERE name = %s", [request.GET["q"]])`,
    );
    expect(fixed).not.toBe(source);
    writeFileSync(join(root, views), fixed);
    const run = await scanJson(root, withBaseline);
    expect(run.code).toBe(0);
    expect(run.report.findings).toEqual([]);
  });

  it('5b. a reviewed f-string suppressed with a reason passes, is counted, and is in SARIF with its reason', async () => {
    appendFileSync(join(root, views), sortedView);
    sortedLine = lineOf(readFileSync(join(root, views), 'utf8'), 'ORDER BY {');
    const run = await scanJson(root, withBaseline);
    expect(run.code).toBe(0);
    expect(run.report.findings).toEqual([]);
    const suppressed = (
      run.report as unknown as { suppressed: Array<{ ruleId: string; line: number; justification: string }> }
    ).suppressed;
    expect(suppressed.map(({ ruleId, line, justification }) => ({ ruleId, line, justification }))).toEqual([
      { ruleId: 'raw-sql-injection', line: sortedLine, justification: 'sort is one of SORT_COLUMNS, checked above' },
    ]);
    const text = await cli([root, '--no-deploy-check', ...withBaseline]);
    expect(text.stdout).toMatch(/^No findings \(9 accepted by the baseline, 1 suppressed in the source\): passed/m);
    const sarif = JSON.parse((await cli([root, '--no-deploy-check', ...withBaseline, '--format', 'sarif'])).stdout) as {
      runs: Array<{
        results: Array<{ ruleId: string; suppressions?: Array<{ kind: string; justification: string }> }>;
      }>;
    };
    expect(sarif.runs[0]!.results.map((result) => [result.ruleId, result.suppressions?.[0]?.kind])).toEqual([
      ['raw-sql-injection', 'inSource'],
    ]);
  });

  it('5c. a suppression without a reason, and one that suppresses nothing, are notes that do not gate', async () => {
    const source = readFileSync(join(root, views), 'utf8');
    writeFileSync(join(root, views), source.replace(' sort is one of SORT_COLUMNS, checked above', ''));
    const settingsSource = readFileSync(join(root, settings), 'utf8');
    writeFileSync(
      join(root, settings),
      settingsSource.replace(
        'ALLOWED_HOSTS = os.getenv("ALLOWED_HOSTS", "localhost").split(",")',
        'ALLOWED_HOSTS = os.getenv("ALLOWED_HOSTS", "localhost").split(",")  # django-security: ignore[allowed-hosts-wildcard] old',
      ),
    );
    const run = await scanJson(root, withBaseline);
    expect(run.code).toBe(0);
    expect(brief(run.report.findings)).toEqual([
      { ruleId: 'unused-suppression', file: settings, line: 21, level: 'note' },
      { ruleId: 'suppression-reason-missing', file: views, line: sortedLine - 1, level: 'note' },
    ]);
    writeFileSync(join(root, views), source);
    writeFileSync(join(root, settings), settingsSource);
  });

  it('6. a misspelled config key stops the run with one line naming the file, line and key (exit 2)', async () => {
    writeFileSync(join(root, '.django-security.yml'), 'fail-on: warning\nrulez:\n  csp-missing: off\n');
    const run = await cli([root, '--no-deploy-check', ...withBaseline]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(
      /^django-security-gate: \S*\.django-security\.yml:2:1: unknown key "rulez" \(known keys: .*\brules\b/,
    );
    writeFileSync(join(root, '.django-security.yml'), 'rules:\n  csp-mising: off\n');
    const misspeltRule = await cli([root, '--no-deploy-check', ...withBaseline]);
    expect(misspeltRule.code).toBe(2);
    expect(misspeltRule.stderr).toMatch(
      /^django-security-gate: \S*\.django-security\.yml:2:3: unknown rule "csp-mising"/,
    );
    writeFileSync(join(root, '.django-security.yml'), 'rules:\n  csp-missing: off\n');
    const corrected = await cli([root, '--no-deploy-check', ...withBaseline]);
    expect(corrected.code).toBe(0);
  });
});
