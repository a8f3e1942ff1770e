// Regression cases reduced from real projects: each folder under fixtures/real-settings is a small
// repository tree and a case.json with the exact findings the static scan must produce.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../src/finding.js';
import { scan } from '../src/scan.js';

interface ExpectedFinding {
  ruleId: string;
  level: string;
  file: string;
  line: number;
  setting?: string;
  /** Text the finding's message must contain. */
  message?: string;
}

/** One scan of the case's tree: under a production environment, with the exact findings it must give. */
interface RealSettingsRun {
  /** Says what differs from the other runs of the same tree ("SECRET_KEY_FILE given"). */
  name?: string;
  env?: Record<string, string>;
  findings: ExpectedFinding[];
  unjudged?: string[];
}

/** A tree with one run (fields at the top level) or several (`runs`, e.g. without and with --env). */
interface RealSettingsCase extends Partial<RealSettingsRun> {
  from: string;
  settings?: string;
  runs?: RealSettingsRun[];
  /** Set by whoever reduced the case before the model could evaluate it: the runner refuses it. */
  pending?: boolean;
}

const FIXTURES = fileURLToPath(new URL('fixtures/real-settings/', import.meta.url));

function cases(): Array<[string, RealSettingsCase]> {
  if (!existsSync(FIXTURES)) return [];
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(FIXTURES, entry.name, 'case.json')))
    .map((entry) => [entry.name, JSON.parse(readFileSync(join(FIXTURES, entry.name, 'case.json'), 'utf8'))]);
}

const key = (f: { ruleId: string; level: string; file: string; line: number; setting?: string }) =>
  `${f.ruleId} ${f.level} ${f.file}:${f.line}${f.setting ? ` ${f.setting}` : ''}`;

describe('settings reduced from real projects', () => {
  it('has cases', () => {
    expect(cases().length).toBeGreaterThan(0);
  });

  for (const [name, testCase] of cases()) {
    const runs: RealSettingsRun[] = testCase.runs ?? [
      { env: testCase.env, findings: testCase.findings ?? [], unjudged: testCase.unjudged },
    ];
    for (const run of runs) {
      it(`${name}${run.name ? ` (${run.name})` : ''}: ${testCase.from}`, async () => {
        expect(testCase.pending).not.toBe(true);
        const folder = join(FIXTURES, name);
        const result = await scan({
          path: folder,
          repoRoot: folder,
          settingsModule: testCase.settings,
          environment: new Map(Object.entries(run.env ?? {})),
          processEnvironment: {},
          deployCheck: false,
        });
        const actual = result.findings.map(key).sort();
        expect(actual).toEqual(run.findings.map(key).sort());
        for (const expected of run.findings.filter((f) => f.message)) {
          const found = result.findings.find((f: Finding) => key(f) === key(expected));
          expect(found?.message).toContain(expected.message);
        }
        if (run.unjudged) {
          const unjudged = result.projects.flatMap((project) => project.unjudged ?? []);
          expect([...new Set(unjudged)].sort()).toEqual([...run.unjudged].sort());
        }
      });
    }
  }
});
