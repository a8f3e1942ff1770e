import type { Finding } from '../finding.js';
import type { GateReport } from './report.js';

/** `file:line:col: level rule-id message`, the line compilers and linters print, which editors and grep read. */
export function quietLine(finding: Finding): string {
  const message = finding.message.replace(/\s*\n\s*/g, ' ');
  return `${finding.file}:${finding.line}:${finding.column}: ${finding.level} ${finding.ruleId} ${message}`;
}

/** --quiet: the findings, one line each, and nothing else (no projects, remarks, fixes or verdict). */
export function renderQuiet(report: GateReport): string {
  return report.findings.map((finding) => `${quietLine(finding)}\n`).join('');
}
