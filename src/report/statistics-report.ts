import { LEVELS, type Level } from '../finding.js';
import { findRule } from '../rules/registry.js';
import { countsLine, type GateReport } from './report.js';

export interface RuleCount {
  ruleId: string;
  count: number;
  /** The levels its findings had, most severe first (a rule's findings may differ, e.g. a settings module's syntax error). */
  levels: Level[];
  summary: string;
}

/** Findings counted per rule, most frequent first, then by rule id. */
export function countByRule(report: GateReport): RuleCount[] {
  const counts = new Map<string, { count: number; levels: Set<Level> }>();
  for (const finding of report.findings) {
    const entry = counts.get(finding.ruleId) ?? { count: 0, levels: new Set<Level>() };
    entry.count += 1;
    entry.levels.add(finding.level);
    counts.set(finding.ruleId, entry);
  }
  return [...counts]
    .map(([ruleId, { count, levels }]) => ({
      ruleId,
      count,
      levels: LEVELS.filter((level) => levels.has(level)),
      summary: findRule(ruleId)?.summary ?? '',
    }))
    .sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId));
}

/**
 * --statistics, as `ruff --statistics` prints it: one line per rule (count, rule id, level, summary), then the
 * counts and verdict unless `quiet`.
 */
export function renderStatistics(report: GateReport, quiet: boolean): string {
  const rows = countByRule(report);
  const countWidth = Math.max(0, ...rows.map((row) => String(row.count).length));
  const idWidth = Math.max(0, ...rows.map((row) => row.ruleId.length));
  const levelWidth = Math.max(0, ...rows.map((row) => row.levels.join(',').length));
  const lines = rows.map((row) =>
    `${String(row.count).padStart(countWidth)}  ${row.ruleId.padEnd(idWidth)}  ${row.levels.join(',').padEnd(levelWidth)}  ${row.summary}`.trimEnd(),
  );
  if (!quiet) {
    const verdict = report.summary.passed ? 'passed' : 'failed';
    const counts = report.findings.length === 0 ? 'No findings' : countsLine(report.summary);
    lines.push(`${counts}: ${verdict} (fail-on: ${report.failOn})`);
  }
  return lines.map((line) => `${line}\n`).join('');
}
