import { LEVEL_RANK, type Finding, type Level } from '../finding.js';
import type { FailOn } from '../config/config-file.js';

export interface Summary {
  error: number;
  warning: number;
  note: number;
  passed: boolean;
}

export function failsGate(level: Level, failOn: FailOn): boolean {
  return failOn !== 'never' && LEVEL_RANK[level] >= LEVEL_RANK[failOn];
}

export function summarise(findings: readonly Finding[], failOn: FailOn): Summary {
  const summary: Summary = { error: 0, warning: 0, note: 0, passed: true };
  for (const finding of findings) {
    summary[finding.level] += 1;
    if (failsGate(finding.level, failOn)) summary.passed = false;
  }
  return summary;
}
