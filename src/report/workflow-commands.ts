import type { Finding, Level } from '../finding.js';
import type { GateReport } from './report.js';

/** Escaping as @actions/core does it, so messages with newlines, commas or colons survive. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND: Record<Level, string> = { error: 'error', warning: 'warning', note: 'notice' };

export function annotationProperties(finding: Finding): Record<string, string | number> {
  // The order @actions/core writes them in, so the CLI's and the action's annotations read the same.
  const properties: Record<string, string | number> = {
    title: finding.ruleId,
    file: finding.file,
    line: finding.line,
    endLine: finding.endLine,
  };
  // Columns only make sense to GitHub on a single-line region.
  if (finding.line === finding.endLine) {
    properties.col = finding.column;
    properties.endColumn = finding.endColumn;
  }
  return properties;
}

export function annotationMessage(finding: Finding): string {
  return `${finding.message}\nFix: ${finding.fix}`;
}

export function workflowCommand(finding: Finding): string {
  const properties = Object.entries(annotationProperties(finding))
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${COMMAND[finding.level]} ${properties}::${escapeData(annotationMessage(finding))}`;
}

/** `--format github`: one workflow command per finding, which the runner turns into annotations. */
export function renderWorkflowCommands(report: GateReport): string {
  return report.findings.map((finding) => `${workflowCommand(finding)}\n`).join('');
}
