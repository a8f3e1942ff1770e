/**
 * The labelled corpus of the raw-sql-injection rule (__tests__/fixtures/raw-sql/*.py), read by the rule's test
 * and by scripts/compare-peers.mjs, so both judge exactly the same cases.
 *
 * A fixture file is a header (imports shared by its cases) followed by cases:
 *
 *   # case: f-string with a parameter
 *   # expect: raw-sql-injection error        (or warning, or: none)
 *   # message: a function parameter          (optional: text the message must contain)
 *   # fix: cursor.execute("... %s", [name])  (optional: text the fix must contain)
 *   # known-miss: reason                     (optional: the rule is known not to flag this case, and why)
 *   # known-false-positive: reason           (optional: the rule is known to flag this safe case, and why)
 *   def view(name):
 *       ...
 *
 * Each case is a module of its own: the header, then the case's code.
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const CASE = /^# case: (.+)$/;
const META = /^# (expect|message|fix|known-miss|known-false-positive): (.+)$/;

/** Reads every fixture file of `folder` into cases. */
export function readCorpus(folder) {
  const cases = [];
  for (const fileName of readdirSync(folder)
    .filter((name) => name.endsWith('.py'))
    .sort()) {
    const lines = readFileSync(join(folder, fileName), 'utf8').split('\n');
    const firstCase = lines.findIndex((line) => CASE.test(line));
    if (firstCase < 0) continue;
    const header = lines.slice(0, firstCase).join('\n');
    let current;
    const finish = () => {
      if (!current) return;
      while (current.body.length && current.body[current.body.length - 1].trim() === '') current.body.pop();
      const expect = current.meta.expect ?? '';
      const match = /^(raw-sql-injection) (error|warning)$/.exec(expect);
      if (!match && expect !== 'none') {
        throw new Error(`${fileName}:${current.line}: "# expect:" must be "raw-sql-injection error|warning" or "none"`);
      }
      cases.push({
        id: `${fileName.replace(/\.py$/, '')}:${current.line}`,
        file: fileName,
        line: current.line,
        name: current.name,
        flagged: Boolean(match),
        level: match ? match[2] : undefined,
        message: current.meta.message,
        fix: current.meta.fix,
        knownMiss: current.meta['known-miss'],
        knownFalsePositive: current.meta['known-false-positive'],
        headerLines: header.split('\n').length,
        source: `${header}\n${current.body.join('\n')}\n`,
      });
      current = undefined;
    };
    lines.slice(firstCase).forEach((line, offset) => {
      const caseMatch = CASE.exec(line);
      if (caseMatch) {
        finish();
        current = { name: caseMatch[1].trim(), line: firstCase + offset + 1, meta: {}, body: [], inMeta: true };
        return;
      }
      const metaMatch = current.inMeta ? META.exec(line) : null;
      if (metaMatch) current.meta[metaMatch[1]] = metaMatch[2].trim();
      else {
        current.inMeta = false;
        current.body.push(line);
      }
    });
    finish();
  }
  return cases;
}

/** A file name for a case, unique and readable: `<fixture>-<line>-<name>.py`. */
export function caseFileName(testCase) {
  const slug = testCase.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 48);
  return `${testCase.file.replace(/\.py$/, '')}_${String(testCase.line).padStart(4, '0')}_${slug}.py`;
}

/** Writes each case as a module of its own into `folder`; returns the file name of each case, by id. */
export function writeCaseFiles(cases, folder) {
  mkdirSync(folder, { recursive: true });
  const names = new Map();
  for (const testCase of cases) {
    const name = caseFileName(testCase);
    writeFileSync(join(folder, name), testCase.source);
    names.set(testCase.id, name);
  }
  return names;
}

/** Precision and recall of verdicts (`caseId -> flagged`) against the labels. */
export function score(cases, flaggedById) {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  let trueNegatives = 0;
  for (const testCase of cases) {
    const flagged = Boolean(flaggedById.get(testCase.id));
    if (flagged && testCase.flagged) truePositives += 1;
    else if (flagged) falsePositives += 1;
    else if (testCase.flagged) falseNegatives += 1;
    else trueNegatives += 1;
  }
  const precision = truePositives + falsePositives ? truePositives / (truePositives + falsePositives) : 1;
  const recall = truePositives + falseNegatives ? truePositives / (truePositives + falseNegatives) : 1;
  return { truePositives, falsePositives, falseNegatives, trueNegatives, precision, recall };
}
