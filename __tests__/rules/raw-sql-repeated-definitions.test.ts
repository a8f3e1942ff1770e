import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePython } from '../../src/parse/python-parser.js';
import { rawSqlInjection } from '../../src/rules/raw-sql-injection.js';
import type { ReportedProblem } from '../../src/rules/rule.js';

const FILE = join(process.cwd(), '__tests__', 'fixtures', 'raw-sql-definitions', 'repeated-definitions.py');

async function flaggedLines(text: string): Promise<number[]> {
  const tree = await parsePython(text);
  const problems: ReportedProblem[] = [];
  rawSqlInjection.check({
    source: { absPath: FILE, file: 'repeated-definitions.py', text, tree },
    report: (problem) => problems.push(problem),
  });
  return problems.map((problem) => problem.span.line).sort((a, b) => a - b);
}

/** The line of each `cursor.execute` whose text matches, so the table below reads as the fixture does. */
function lineOf(text: string, fragment: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(fragment));
  if (index < 0) throw new Error(`no line holds ${fragment}`);
  return index + 1;
}

describe('raw-sql-injection judges every definition, not the last one per name', () => {
  const text = readFileSync(FILE, 'utf8');
  const flaggedBodies: Array<[string, string]> = [
    ['the first of three module-level functions named search', "name = '{request.GET['q']}'"],
    ['the second search', `sku = '%s'" % request.GET`],
    ['purge on the if branch', '"DELETE FROM " + table'],
    ['purge on the else branch', 'f"TRUNCATE {table}"'],
    ["a property's getter", 'WHERE {self._where}'],
    ["the same property's setter", 'UPDATE report SET body'],
    ['the implementation after typing overloads', "key = '{key}'"],
    ['a method of a class defined in an except block', 'COPY %s TO STDOUT'],
    ['a method of the first of two classes named Archive', 'FROM {table}")'],
  ];
  const safeBodies: Array<[string, string]> = [
    ['the third search passes its value as a parameter', 'sku = %s", ['],
    ['the second Archive passes its value as a parameter', 'WHERE id = %s", [table]'],
  ];

  it.each(flaggedBodies)('flags %s', async (_name, fragment) => {
    expect(await flaggedLines(text)).toContain(lineOf(text, fragment));
  });

  it.each(safeBodies)('does not flag %s', async (_name, fragment) => {
    expect(await flaggedLines(text)).not.toContain(lineOf(text, fragment));
  });

  it('reports each flagged body once', async () => {
    const lines = await flaggedLines(text);
    expect(lines).toEqual(flaggedBodies.map(([, fragment]) => lineOf(text, fragment)).sort((a, b) => a - b));
  });
});
