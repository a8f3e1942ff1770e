import {
  acceptedPart,
  countsLine,
  describeDeployCheck,
  groupByFile,
  notApplicableGroups,
  projectLine,
  rulesRanLine,
  unjudgedLine,
  type GateReport,
} from './report.js';

const COLOURS = { error: '31', warning: '33', note: '36', dim: '2', bold: '1', green: '32', red: '31' } as const;

/** Plain text for a terminal, grouped by file, coloured only when `colour` is set (a TTY). */
export function renderText(report: GateReport, colour: boolean): string {
  const paint = (code: keyof typeof COLOURS, text: string) =>
    colour ? `\u001b[${COLOURS[code]}m${text}\u001b[0m` : text;
  const out: string[] = [];
  // What was judged comes first: findings about the wrong settings module would mislead.
  for (const project of report.projects) out.push(projectLine(project));
  for (const remark of report.remarks) out.push(paint('dim', `· ${remark}`));
  for (const run of report.deployChecks ?? []) out.push(paint('dim', `· ${describeDeployCheck(run)}`));
  if (out.length > 0) out.push('');
  for (const [file, findings] of groupByFile(report.findings)) {
    out.push(paint('bold', file));
    for (const finding of findings) {
      const where = `${finding.line}:${finding.column}`.padEnd(8);
      const level = paint(finding.level, finding.level.padEnd(7));
      out.push(`  ${where} ${level} ${finding.message}  ${paint('dim', finding.ruleId)}`);
      out.push(`  ${' '.repeat(8)} ${' '.repeat(7)} ${paint('dim', `fix: ${finding.fix}`)}`);
    }
    out.push('');
  }
  const { summary } = report;
  const accepted = acceptedPart(report);
  const baselined = accepted ? ` (${accepted})` : '';
  const verdict = summary.passed ? paint('green', 'passed') : paint('red', 'failed');
  const total = report.findings.length;
  out.push(
    `${total === 0 ? 'No findings' : countsLine(summary)}${baselined}: ${verdict} (fail-on: ${report.failOn}, ${rulesRanLine(report)})`,
  );
  for (const { ruleIds, reason } of notApplicableGroups(report)) {
    out.push(paint('dim', `Not applicable: ${ruleIds.join(', ')}. ${reason}.`));
  }
  const unjudged = unjudgedLine(report);
  if (unjudged) out.push(paint('dim', unjudged));
  return `${out.join('\n')}\n`;
}
