/** The printed report: corpus scores, the cases behind them, and timings. */
import { score } from '../raw-sql-corpus.mjs';
import { BANDIT_TESTS, RUFF_RULES } from './configuration.mjs';

export const TOOLS = { ours: 'django-security-gate', bandit: 'Bandit', ruff: 'Ruff' };
const percent = (value) => `${(value * 100).toFixed(1)}%`;

function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => String(cell).padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function printScores(cases, verdicts, peers) {
  const limitations = cases.filter((testCase) => testCase.knownMiss || testCase.knownFalsePositive);
  console.log(
    `\nCorpus: ${cases.length} labelled cases (${cases.filter((c) => c.flagged).length} to flag, ${cases.filter((c) => !c.flagged).length} to pass), ${limitations.length} of them documented limitations of ours.`,
  );
  console.log(
    `Peers: ${peers.bandit.version}, tests ${BANDIT_TESTS.join('/')}; ${peers.ruff.version}, rules ${RUFF_RULES.join('/')}.\n`,
  );
  const rows = [['tool', 'TP', 'FP', 'FN', 'TN', 'precision', 'recall']];
  for (const [tool, name] of Object.entries(TOOLS)) {
    const s = score(cases, verdicts[tool]);
    rows.push([
      name,
      s.truePositives,
      s.falsePositives,
      s.falseNegatives,
      s.trueNegatives,
      percent(s.precision),
      percent(s.recall),
    ]);
  }
  console.log(table(rows));
  console.log(
    '\nBy fixture: cases each tool got right (flagged when labelled a finding, passed when labelled none):\n',
  );
  const files = [...new Set(cases.map((testCase) => testCase.file))];
  const byFile = [['fixture', 'cases', ...Object.values(TOOLS)]];
  for (const file of files) {
    const inFile = cases.filter((testCase) => testCase.file === file);
    byFile.push([
      file,
      inFile.length,
      ...Object.keys(TOOLS).map(
        (tool) => inFile.filter((testCase) => verdicts[tool].get(testCase.id) === testCase.flagged).length,
      ),
    ]);
  }
  console.log(table(byFile));
}

/** Every case some tool got wrong, with each tool's verdict: where the figures come from. */
export function printDetails(cases, verdicts) {
  console.log('\nCases some tool got wrong (+ flagged, - passed; label first):\n');
  const rows = [['case', 'label', ...Object.values(TOOLS)]];
  for (const testCase of cases) {
    const marks = Object.keys(TOOLS).map((tool) => (verdicts[tool].get(testCase.id) ? '+' : '-'));
    const label = testCase.flagged ? '+' : '-';
    if (marks.every((mark) => mark === label)) continue;
    rows.push([`${testCase.id} ${testCase.name}`.slice(0, 90), label, ...marks]);
  }
  console.log(table(rows));
}

export function printTimings(timings, runs) {
  const rows = [['codebase', '.py files', 'tool', 'median', 'min-max', 'SQL findings']];
  for (const [label, timing] of Object.entries(timings)) {
    for (const [tool, name] of Object.entries(TOOLS)) {
      const { median: middle, min, max, sqlFindings } = timing[tool];
      rows.push([
        label,
        timing.pythonFiles,
        name,
        `${Math.round(middle)} ms`,
        `${Math.round(min)}-${Math.round(max)} ms`,
        sqlFindings ?? '?',
      ]);
    }
  }
  console.log(
    `\nWhole-process scan time (${runs} runs after a warm-up), each tool limited to its SQL rules, the same folders skipped:\n`,
  );
  console.log(table(rows));
}
