import { describe, expect, it } from '@jest/globals';
import type { Level } from '../../src/finding.js';
import { newestDjango } from '../../src/discover/django-version.js';
import type { ReportedProblem, SettingsRule } from '../../src/rules/rule.js';
import { settingsOf } from './settings-harness.js';

/** A settings source, or a case with an environment and expectations about the finding. */
export type RuleCase =
  | string
  | {
      code: string;
      /** Production environment (--env) for this case. */
      env?: Record<string, string>;
      /** Extra files next to settings.py (e.g. base.py for star imports). */
      files?: Record<string, string>;
      level?: Level;
      /** Where the first finding must be: the file (relative to the temp root) and the line. */
      file?: string;
      line?: number;
      /** Text the message must contain. */
      message?: string | RegExp;
      /** How many findings (default: at least one for flag cases). */
      count?: number;
      /** A secret that no finding may show in full, in its message or its fix. */
      secret?: string;
      /** The Django release to judge against, e.g. "3.2" (default: the newest). */
      django?: string;
      /** TLS ends at a proxy in front of Django (the config key tls-terminated-by-proxy). */
      tlsTerminatedByProxy?: boolean;
    };

function normalise(testCase: RuleCase) {
  return typeof testCase === 'string' ? { code: testCase } : testCase;
}

export async function runRule(rule: SettingsRule, testCase: RuleCase): Promise<ReportedProblem[]> {
  const { code, env = {}, files = {}, django: series, tlsTerminatedByProxy } = normalise(testCase);
  const settings = await settingsOf({ ...files, 'settings.py': code }, 'settings', env);
  const problems: ReportedProblem[] = [];
  const [major, minor] = (series ?? '').split('.').map(Number);
  const django = series ? { major: major!, minor: minor!, source: 'test' } : newestDjango();
  rule.check({ settings, django, deployment: { tlsTerminatedByProxy }, report: (problem) => problems.push(problem) });
  return problems;
}

function title(testCase: RuleCase): string {
  const { code, env, files, django } = normalise(testCase);
  const beside = files ? ` beside ${Object.keys(files).join(', ')}` : '';
  const on = django ? ` on Django ${django}` : '';
  return `${code.replace(/\s+/g, ' ').slice(0, 100)}${env ? ` with ${JSON.stringify(env)}` : ''}${beside}${on}`;
}

/** ESLint's RuleTester, for settings rules: code it must flag and code it must pass. */
export function ruleTester(rule: SettingsRule, cases: { flag: RuleCase[]; pass: RuleCase[] }): void {
  describe(rule.id, () => {
    describe('flags', () => {
      for (const testCase of cases.flag) {
        const { level, file, line, message, count, secret } = normalise(testCase);
        it(title(testCase), async () => {
          const problems = await runRule(rule, testCase);
          if (count !== undefined) expect(problems).toHaveLength(count);
          else expect(problems.length).toBeGreaterThan(0);
          const [first] = problems;
          expect(first!.message.length).toBeGreaterThan(20);
          expect(first!.fix.length).toBeGreaterThan(5);
          if (level) expect(first!.level ?? rule.level).toBe(level);
          if (file) expect(first!.span.file).toBe(file);
          if (line) expect(first!.span.line).toBe(line);
          if (message) expect(first!.message).toMatch(message);
          if (secret) {
            for (const problem of problems) {
              expect(problem.message).not.toContain(secret);
              expect(problem.fix).not.toContain(secret);
            }
          }
        });
      }
    });
    describe('passes', () => {
      for (const testCase of cases.pass) {
        it(title(testCase), async () => {
          expect(await runRule(rule, testCase)).toEqual([]);
        });
      }
    });
  });
}

/** Python source from lines, so multi-line settings read top to bottom in a table. */
export const py = (...lines: string[]): string => `${lines.join('\n')}\n`;
