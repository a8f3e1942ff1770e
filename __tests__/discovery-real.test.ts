// Discovery cases reduced from real repositories (issue 10; /work/notes/real-projects-issue10.md has the
// repositories read and the evidence): each folder under fixtures/discovery-real is a small repository tree and an
// expected.json saying which settings module production runs, what evidence says so, which Django release the
// project pins, and what the run must and must not remark.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scan, type ScanResult, type ScannedProject } from '../src/scan.js';
import { UsageError } from '../src/usage-error.js';

interface ExpectedProject {
  /** Repository-relative folder of manage.py ("" at the root). */
  root: string;
  settingsModule: string;
  /** Repository-relative file judged as that module (for a module copied in by a Dockerfile: the copied file). */
  settingsFile?: string;
  /** The evidence, e.g. "docker/images/kuma/Dockerfile:6": the reported chosenBy must contain it. */
  chosenBy?: string;
  judged: boolean;
  /** The Django release ("3.2"); left out where the repository pins none (a library's open range). */
  django?: string;
}

interface FindingPattern {
  ruleId: string;
  file?: string;
}

interface DiscoveryCase {
  /** The repository and files the case was reduced from. */
  from: string;
  args?: {
    settings?: string;
    env?: Record<string, string>;
    /** The scanner's own environment (a CI job's `env:`), which is not production's. */
    processEnv?: Record<string, string>;
    /** Folder to scan, relative to the case (default: the case folder, which is also the repository root). */
    path?: string;
  };
  /** Every project of the run, in any order. */
  projects: ExpectedProject[];
  /** Each string must appear in some remark of the run. */
  remarksInclude?: string[];
  /** No remark may contain any of these. */
  remarksExclude?: string[];
  /** Repository-relative files each judged project's settings must (not) pull in. */
  settingsFilesInclude?: string[];
  settingsFilesExclude?: string[];
  findingsInclude?: FindingPattern[];
  findingsExclude?: FindingPattern[];
  /** The CLI's exit code: 0 passed, 1 failed the gate, 2 the run could not judge (a usage error). */
  exitCode?: number;
}

const FIXTURES = fileURLToPath(new URL('fixtures/discovery-real/', import.meta.url));

function cases(): Array<[string, DiscoveryCase]> {
  if (!existsSync(FIXTURES)) return [];
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(FIXTURES, entry.name, 'expected.json')))
    .map((entry) => [entry.name, JSON.parse(readFileSync(join(FIXTURES, entry.name, 'expected.json'), 'utf8'))]);
}

type Outcome = { result: ScanResult; exitCode: 0 | 1 } | { usageError: string; exitCode: 2 };

async function run(folder: string, testCase: DiscoveryCase): Promise<Outcome> {
  try {
    const result = await scan({
      path: join(folder, testCase.args?.path ?? ''),
      repoRoot: folder,
      settingsModule: testCase.args?.settings,
      environment: new Map(Object.entries(testCase.args?.env ?? {})),
      processEnvironment: testCase.args?.processEnv ?? {},
      deployCheck: false,
    });
    return { result, exitCode: result.summary.passed ? 0 : 1 };
  } catch (error) {
    if (error instanceof UsageError) return { usageError: error.message, exitCode: 2 };
    throw error;
  }
}

const matches = (pattern: FindingPattern) => (finding: { ruleId: string; file: string }) =>
  finding.ruleId === pattern.ruleId && (pattern.file === undefined || finding.file === pattern.file);

/** The fields an expected project names, taken from the actual one, so a mismatch shows as a diff. */
function comparable(actual: ScannedProject | undefined, expected: ExpectedProject): Record<string, unknown> {
  if (!actual) return { root: undefined };
  return {
    root: actual.root,
    settingsModule: actual.settingsModule,
    judged: actual.judged,
    ...(expected.settingsFile !== undefined && { settingsFile: actual.settingsFile }),
    ...(expected.django !== undefined && { django: actual.django }),
  };
}

describe('discovery on trees reduced from real repositories', () => {
  it('has at least ten cases', () => {
    expect(cases().length).toBeGreaterThanOrEqual(10);
  });

  for (const [name, testCase] of cases()) {
    it(`${name}: ${testCase.from}`, async () => {
      const outcome = await run(join(FIXTURES, name), testCase);
      if (testCase.exitCode !== undefined) expect(outcome.exitCode).toBe(testCase.exitCode);
      if (!('result' in outcome)) {
        // Every case names at least one project, so a run that could not judge is a failure to show whole.
        expect(outcome.usageError).toBe('');
        return;
      }
      const { result } = outcome;

      expect(result.projects.map((project) => project.root).sort()).toEqual(
        testCase.projects.map((project) => project.root).sort(),
      );
      for (const expected of testCase.projects) {
        const actual = result.projects.find((project) => project.root === expected.root);
        const { chosenBy, ...fields } = expected;
        expect(comparable(actual, expected)).toEqual(fields);
        if (chosenBy !== undefined) expect(actual?.chosenBy).toContain(chosenBy);
      }

      for (const text of testCase.remarksInclude ?? []) {
        expect(result.remarks.filter((remark) => remark.includes(text))).not.toEqual([]);
      }
      for (const text of testCase.remarksExclude ?? []) {
        expect(result.remarks.filter((remark) => remark.includes(text))).toEqual([]);
      }

      const judged = result.projects.filter((project) => project.judged);
      for (const file of testCase.settingsFilesInclude ?? []) {
        for (const project of judged) expect(project.settingsFiles).toContain(file);
      }
      for (const file of testCase.settingsFilesExclude ?? []) {
        for (const project of judged) expect(project.settingsFiles).not.toContain(file);
      }

      const found = result.findings.map(({ ruleId, file, line }) => ({ ruleId, file, line }));
      for (const pattern of testCase.findingsInclude ?? []) {
        expect(found.filter(matches(pattern))).not.toEqual([]);
      }
      for (const pattern of testCase.findingsExclude ?? []) {
        expect(found.filter(matches(pattern))).toEqual([]);
      }
    });
  }
});
