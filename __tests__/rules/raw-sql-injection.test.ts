import { beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { readCorpus, score, type CorpusCase } from '../../scripts/raw-sql-corpus.mjs';
import { parsePython } from '../../src/parse/python-parser.js';
import { rawSqlInjection, SAFE_PATTERNS } from '../../src/rules/raw-sql-injection.js';
import { CODE_RULES } from '../../src/rules/registry.js';
import type { ReportedProblem } from '../../src/rules/rule.js';
import { scan } from '../../src/scan.js';
import { writeTree } from '../support/settings-harness.js';

/**
 * The rule's labelled corpus (__tests__/fixtures/raw-sql/*.py, read by scripts/raw-sql-corpus.mjs): every case
 * is a module of its own, labelled "raw-sql-injection error|warning" or "none". Known limitations are labelled
 * with what is true and marked known-miss / known-false-positive with a reason; their tests check that the rule
 * still behaves as documented, so fixing one makes its test fail until the mark is removed.
 */
const CORPUS = readCorpus(join(process.cwd(), '__tests__', 'fixtures', 'raw-sql'));
const results = new Map<string, ReportedProblem[]>();

async function check(testCase: CorpusCase): Promise<ReportedProblem[]> {
  const tree = await parsePython(testCase.source);
  const problems: ReportedProblem[] = [];
  const file = `cases/${testCase.file}`;
  rawSqlInjection.check({
    source: { absPath: file, file, text: testCase.source, tree },
    report: (problem) => problems.push(problem),
  });
  return problems;
}

const isLimitation = (testCase: CorpusCase) => Boolean(testCase.knownMiss ?? testCase.knownFalsePositive);

beforeAll(async () => {
  for (const testCase of CORPUS) results.set(testCase.id, await check(testCase));
});

describe('raw-sql-injection corpus', () => {
  for (const fixture of [...new Set(CORPUS.map((testCase) => testCase.file))]) {
    describe(fixture, () => {
      for (const testCase of CORPUS.filter((candidate) => candidate.file === fixture)) {
        const label = testCase.flagged ? `flags (${testCase.level})` : 'passes';
        const limitation = testCase.knownMiss
          ? ' [known miss]'
          : testCase.knownFalsePositive
            ? ' [known false positive]'
            : '';
        it(`line ${testCase.line}: ${testCase.name} ${label}${limitation}`, () => {
          const problems = results.get(testCase.id)!;
          if (testCase.knownMiss) {
            expect(problems).toEqual([]);
            return;
          }
          if (testCase.knownFalsePositive) {
            expect(problems.length).toBeGreaterThan(0);
            return;
          }
          if (!testCase.flagged) {
            expect(problems.map((problem) => problem.message)).toEqual([]);
            return;
          }
          expect(problems).toHaveLength(1);
          const [problem] = problems as [ReportedProblem];
          expect(problem.level ?? rawSqlInjection.level).toBe(testCase.level);
          // The finding is on the case's own code, not on the shared header.
          expect(problem.span.line).toBeGreaterThan(testCase.headerLines);
          expect(problem.span.endLine).toBeGreaterThanOrEqual(problem.span.line);
          expect(problem.message).toMatch(/^[`A-Z].{40,}\.$/s);
          expect(problem.fix).not.toContain('\n');
          expect(problem.fix.length).toBeGreaterThan(10);
          if (testCase.message) expect(problem.message).toContain(testCase.message);
          if (testCase.fix) expect(problem.fix).toContain(testCase.fix);
        });
      }
    });
  }

  it('has at least 150 labelled cases, with safe and unsafe code for every sink', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(150);
    expect(CORPUS.filter((testCase) => testCase.flagged).length).toBeGreaterThan(60);
    expect(CORPUS.filter((testCase) => !testCase.flagged).length).toBeGreaterThan(60);
    const messages = CORPUS.flatMap((testCase) => results.get(testCase.id)!.map((problem) => problem.message)).join(
      '\n',
    );
    for (const sink of [
      '.execute`',
      '.executemany`',
      '.executescript`',
      '.raw`',
      '`.extra()`',
      '`RawSQL`',
      '`RunSQL`',
      'schema_editor.execute',
    ]) {
      expect(messages).toContain(sink);
    }
    for (const building of ['an f-string', '`%`', '`.format()`', 'concatenated', 'joined', '`string.Template`']) {
      expect(messages).toContain(building);
    }
    expect(messages).toContain('which runs it with');
    expect(messages).toContain('puts quotes around the placeholder');
  });

  it('names a case after every safe pattern of the docs', () => {
    const safeNames = CORPUS.filter((testCase) => !testCase.flagged).map((testCase) => testCase.name);
    for (const pattern of SAFE_PATTERNS) {
      expect(safeNames.filter((name) => name.startsWith(`safe: ${pattern.name}`)).length).toBeGreaterThan(0);
    }
  });

  it('has 100% precision and recall on the corpus, apart from the documented limitations', () => {
    const flagged = new Map(CORPUS.map((testCase) => [testCase.id, results.get(testCase.id)!.length > 0]));
    const judged = CORPUS.filter((testCase) => !isLimitation(testCase));
    const { precision, recall, falsePositives, falseNegatives } = score(judged, flagged);
    expect({ falsePositives, falseNegatives }).toEqual({ falsePositives: 0, falseNegatives: 0 });
    expect(precision).toBe(1);
    expect(recall).toBe(1);
    // Including the limitations, the figures stay high; each limitation has its reason in the corpus.
    const overall = score(CORPUS, flagged);
    expect(overall.precision).toBeGreaterThan(0.98);
    expect(overall.recall).toBeGreaterThan(0.95);
    for (const testCase of CORPUS.filter(isLimitation)) {
      expect((testCase.knownMiss ?? testCase.knownFalsePositive)!.length).toBeGreaterThan(20);
    }
  });
});

describe('raw-sql-injection in a scan', () => {
  const project = {
    '.git/HEAD': '',
    'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n',
    'site/__init__.py': '',
    'site/settings.py': 'import os\nSECRET_KEY = os.environ["K"]\nDEBUG = False\nALLOWED_HOSTS = ["a.example"]\n',
    'shop/__init__.py': '',
    'shop/models.py': 'class Order:\n    pass\n',
    'shop/views.py': [
      'from django.db import connection',
      '',
      '',
      'def search(request):',
      '    term = request.GET["q"]',
      '    with connection.cursor() as cursor:',
      '        cursor.execute(f"SELECT id FROM shop_order WHERE note = \'{term}\'")',
      '        return cursor.fetchall()',
      '',
    ].join('\n'),
    'shop/admin.py': '# no SQL here\n',
  };

  it('is registered and reports at the sink, parsing only the files that mention a sink', async () => {
    expect(CODE_RULES).toContain(rawSqlInjection);
    const result = await scan({
      path: writeTree(project),
      environment: new Map(),
      processEnvironment: {},
      deployCheck: false,
    });
    const findings = result.findings.filter((finding) => finding.ruleId === 'raw-sql-injection');
    expect(findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.level}`)).toEqual([
      'shop/views.py:7:16 error',
    ]);
    expect(findings[0]!.message).toContain('`term` (request data from `request.GET["q"]`)');
    expect(findings[0]!.fix).toBe('cursor.execute("SELECT id FROM shop_order WHERE note = %s", [term])');
    // settings.py and views.py only: manage.py, models.py, admin.py and the __init__ files hold no sink word.
    expect(result.stats.filesParsed).toBe(2);
  });
});
