import { describe, expect, it } from '@jest/globals';
import { readSuppressionComments, type CommentDialect } from '../src/gate/suppression-comments.js';
import { cli, scanJson, writeRepo, type JsonReport } from './support/cli-harness.js';
import { sarifSchemaErrors } from './support/sarif-schema.js';

interface Covered {
  name: string;
  source: string;
  /** [comment line, first covered line, last covered line, ids, reason] for each comment found. */
  expected: Array<[number, number, number, string[], string]>;
  dialects?: CommentDialect[];
}

const COMMENTS: Covered[] = [
  {
    name: 'a trailing comment covers its own line',
    source: 'x = 1\ncursor.execute(q)  # django-security: ignore[raw-sql-injection] q is a constant\n',
    expected: [[2, 2, 2, ['raw-sql-injection'], 'q is a constant']],
  },
  {
    name: 'a comment on its own line covers the statement below, all its lines',
    source: '# django-security: ignore[raw-sql-injection] reviewed\ncursor.execute(\n    f"SELECT {x}",\n)\ny = 2\n',
    expected: [[1, 2, 4, ['raw-sql-injection'], 'reviewed']],
  },
  {
    name: 'several ids, comma separated, with spaces',
    source: 'KEY = "abc"  # django-security: ignore[secret-key-hardcoded, credential-hardcoded]: test settings\n',
    expected: [[1, 1, 1, ['secret-key-hardcoded', 'credential-hardcoded'], 'test settings']],
  },
  {
    name: 'a trailing comment on a later line of a multi-line statement covers the statement',
    source: 'MIDDLEWARE = [\n    "a",  # django-security: ignore[csrf-middleware-missing] api only\n]\n',
    expected: [[2, 1, 3, ['csrf-middleware-missing'], 'api only']],
  },
  {
    name: 'stacked comment lines above one statement all cover it',
    source:
      '# django-security: ignore[debug-enabled] staging\n# plain remark\n# django-security: ignore[allowed-hosts-wildcard] staging\nDEBUG = True\n',
    expected: [
      [1, 4, 4, ['debug-enabled'], 'staging'],
      [3, 4, 4, ['allowed-hosts-wildcard'], 'staging'],
    ],
  },
  {
    name: 'a blank line between the comment and the code: it covers nothing',
    source: '# django-security: ignore[debug-enabled] staging\n\nDEBUG = True\n',
    expected: [],
  },
  {
    name: 'inside a string it is text, not a comment',
    source: 'HELP = "write # django-security: ignore[debug-enabled] to silence"\nDEBUG = True\n',
    expected: [],
  },
  {
    name: 'inside a triple-quoted string it is text, and the statement after is still found',
    source:
      'DOC = """\n# django-security: ignore[debug-enabled] nope\n"""\nDEBUG = True  # django-security: ignore[debug-enabled] dev box\n',
    expected: [[4, 4, 4, ['debug-enabled'], 'dev box']],
  },
  {
    name: 'an escaped quote does not end the string',
    source: 'A = "it\\"s # django-security: ignore[debug-enabled] x"\n',
    expected: [],
  },
  {
    name: 'a backslash continuation joins the lines',
    source: 'SQL = "SELECT " + \\\n    name  # django-security: ignore[raw-sql-injection] name from _meta\n',
    expected: [[2, 1, 2, ['raw-sql-injection'], 'name from _meta']],
  },
  {
    name: 'no reason',
    source: 'DEBUG = True  # django-security: ignore[debug-enabled]\n',
    expected: [[1, 1, 1, ['debug-enabled'], '']],
  },
  {
    name: 'CRLF line endings',
    source: 'x = 1\r\nDEBUG = True  # django-security: ignore[debug-enabled] lab\r\ny = 2\r\n',
    expected: [[2, 2, 2, ['debug-enabled'], 'lab']],
  },
  {
    name: '# nosec and # noqa are not ours by default',
    source: 'cursor.execute(q)  # nosec\ncursor.execute(r)  # noqa: S608\n',
    expected: [],
  },
  {
    name: '# nosec and # noqa when the config honours them',
    source: 'cursor.execute(q)  # nosec B608\ncursor.execute(r)  # noqa: S608\ncursor.execute(s)  # noqa\n',
    dialects: ['nosec', 'noqa'],
    expected: [
      [1, 1, 1, ['B608'], 'nosec B608'],
      [2, 2, 2, ['S608'], 'noqa: S608'],
      [3, 3, 3, [], 'noqa'],
    ],
  },
];

describe('suppression comments', () => {
  it.each(COMMENTS)('$name', ({ source, expected, dialects }) => {
    const found = readSuppressionComments(source, new Set(dialects ?? []));
    expect(found.map((c) => [c.line, c.coversFrom, c.coversTo, c.ids, c.reason])).toEqual(expected);
  });
});

const SETTINGS = 'SECRET_KEY = "a"\n';
const MANAGE = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")\n';

function project(files: Record<string, string>): string {
  return writeRepo({ 'manage.py': MANAGE, 'proj/__init__.py': '', 'proj/settings.py': SETTINGS, ...files });
}

const RAW_SQL_VIEW = (suffix: string, above = '') =>
  `from django.db import connection\n\n\ndef search(request):\n    with connection.cursor() as cursor:\n${above ? `        ${above}\n` : ''}        cursor.execute(f"SELECT * FROM shop WHERE name = '{request.GET['q']}'")${suffix}\n`;

const ids = (report: JsonReport) => report.findings.map((finding) => finding.ruleId).sort();

describe('suppressions in a scan', () => {
  const settingsOk = 'import os\n\nSECRET_KEY = os.environ["K"]\nDEBUG = False\nALLOWED_HOSTS = ["shop.example.com"]\n';

  it('suppresses the finding on the line, lists it as suppressed with the reason, and passes', async () => {
    const root = project({
      'proj/settings.py': settingsOk,
      'shop/views.py': RAW_SQL_VIEW('  # django-security: ignore[raw-sql-injection] q is checked by the caller'),
    });
    const { code, report } = await scanJson(root);
    expect(ids(report)).toEqual([]);
    expect(code).toBe(0);
    const suppressed = (report as unknown as { suppressed: Array<{ ruleId: string; justification: string }> })
      .suppressed;
    expect(suppressed.map((f) => [f.ruleId, f.justification])).toEqual([
      ['raw-sql-injection', 'q is checked by the caller'],
    ]);
    const text = await cli([root, '--no-deploy-check']);
    expect(text.stdout).toContain('1 suppressed in the source');
  });

  it('a comment above the statement suppresses it; one for another rule does not', async () => {
    const above = await scanJson(
      project({
        'proj/settings.py': settingsOk,
        'shop/views.py': RAW_SQL_VIEW('', '# django-security: ignore[raw-sql-injection] reviewed in #123'),
      }),
    );
    expect(ids(above.report)).toEqual([]);
    const other = await scanJson(
      project({
        'proj/settings.py': settingsOk,
        'shop/views.py': RAW_SQL_VIEW('  # django-security: ignore[debug-enabled] wrong rule'),
      }),
    );
    expect(ids(other.report)).toEqual(['raw-sql-injection', 'unused-suppression']);
    expect(other.code).toBe(1);
  });

  it('settings findings are suppressed on the settings line', async () => {
    const root = project({
      'proj/settings.py':
        'import os\n\nSECRET_KEY = os.environ["K"]\nDEBUG = False\nALLOWED_HOSTS = ["*"]  # django-security: ignore[allowed-hosts-wildcard] the proxy checks Host\n',
    });
    const { report, code } = await scanJson(root);
    expect(ids(report)).toEqual([]);
    expect(code).toBe(0);
  });

  it('a suppression without a reason still suppresses, and is a note', async () => {
    const { report } = await scanJson(
      project({
        'proj/settings.py': settingsOk,
        'shop/views.py': RAW_SQL_VIEW('  # django-security: ignore[raw-sql-injection]'),
      }),
    );
    expect(ids(report)).toEqual(['suppression-reason-missing']);
    expect(report.findings[0]!.level).toBe('note');
    expect(report.findings[0]!.line).toBe(6);
  });

  it('a suppression that suppresses nothing, or names an unknown rule, is an unused-suppression note', async () => {
    const { report } = await scanJson(
      project({
        'proj/settings.py': `${settingsOk}X = 1  # django-security: ignore[debug-enabled] old\nY = 2  # django-security: ignore[debug-enabeld] typo\n`,
      }),
    );
    expect(report.findings.map((f) => [f.ruleId, f.line, f.level])).toEqual([
      ['unused-suppression', 6, 'note'],
      ['unused-suppression', 7, 'note'],
    ]);
    expect(report.findings[1]!.message).toContain('"debug-enabeld", which is not a rule');
  });

  it('a suppression of a rule that is turned off is not unused', async () => {
    const root = project({
      'proj/settings.py': `${settingsOk}X = 1  # django-security: ignore[raw-sql-injection] old\n`,
    });
    const { report } = await scanJson(root, ['--ignore', 'raw-sql-injection']);
    expect(ids(report)).toEqual([]);
  });

  it('# nosec and # noqa: S608 count only when the config lists them', async () => {
    const files = {
      'proj/settings.py': settingsOk,
      'shop/views.py': RAW_SQL_VIEW('  # noqa: S608'),
    };
    expect(ids((await scanJson(project(files))).report)).toEqual(['raw-sql-injection']);
    const honoured = await scanJson(project({ ...files, '.django-security.yml': 'suppression-comments: [noqa]\n' }));
    expect(ids(honoured.report)).toEqual([]);
    const nosec = await scanJson(
      project({
        ...files,
        'shop/views.py': RAW_SQL_VIEW('  # nosec B105'),
        '.django-security.yml': 'suppression-comments: [nosec]\n',
      }),
    );
    expect(ids(nosec.report)).toEqual(['raw-sql-injection']);
  });

  it('SARIF carries suppressed results with an inSource suppression and stays schema-valid', async () => {
    const root = project({
      'proj/settings.py': settingsOk,
      'shop/views.py': RAW_SQL_VIEW('  # django-security: ignore[raw-sql-injection] q is an enum value'),
    });
    const { stdout, code } = await cli([root, '--format', 'sarif', '--no-deploy-check']);
    expect(code).toBe(0);
    const log = JSON.parse(stdout) as {
      runs: Array<{
        results: Array<{ ruleId: string; suppressions?: Array<{ kind: string; justification: string }> }>;
      }>;
    };
    expect(log.runs[0]!.results.map((r) => [r.ruleId, r.suppressions])).toEqual([
      ['raw-sql-injection', [{ kind: 'inSource', status: 'accepted', justification: 'q is an enum value' }]],
    ]);
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  it('a suppressed finding is not written to the baseline, and the baseline does not hide an unused suppression', async () => {
    const root = project({
      'proj/settings.py': settingsOk,
      'shop/views.py': RAW_SQL_VIEW('  # django-security: ignore[raw-sql-injection] reviewed'),
    });
    const baseline = `${root}/baseline.json`;
    const update = await cli([root, '--no-deploy-check', '--baseline', baseline, '--update-baseline']);
    expect(update.code).toBe(0);
    expect(update.stdout).toContain('1 suppressed in the source');
    const { readFileSync } = await import('node:fs');
    expect(JSON.parse(readFileSync(baseline, 'utf8')).findings).toEqual([]);
  });

  it('a bad suppression-comments entry is a config error naming the line', async () => {
    const root = project({ '.django-security.yml': 'suppression-comments: [bandit]\n' });
    const run = await cli([root, '--no-deploy-check']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('.django-security.yml:1:24: suppression-comments lists nosec or noqa, not "bandit"');
  });
});
