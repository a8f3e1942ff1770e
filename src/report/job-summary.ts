import type { Finding } from '../finding.js';
import { ruleHelpUri } from '../rules/rule-docs.js';
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

/** GitHub's step summary limit is 1 MiB; stay below it and say what was left out. */
export const SUMMARY_LIMIT_BYTES = 1000 * 1024;
const TRANSCRIPT_LIMIT = 20000;

const ICON = { error: '🔴 error', warning: '🟠 warning', note: '🔵 note' } as const;

/** How many findings a rendered summary lists (its table rows), so the rest can be listed elsewhere. */
export function listedFindings(markdown: string): number {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Where') && !line.startsWith('| ---')).length;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * Plain text inside a Markdown line: paths and module names hold `*` and `_`, and `__init__.py` would show as a
 * bold "init". An `_` inside a word never makes emphasis, so it stays as written (pull_request_target).
 */
function inline(text: string): string {
  return cell(text.replace(/[\\`*<>[\]]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, (character) => `\\${character}`));
}

export interface SummaryLinks {
  /** A link to a line of a file at the scanned commit, when the run knows the repository. */
  lineUrl?: (file: string, line: number) => string;
  /** Leave out the `check --deploy` transcripts (the check run carries them in its own text field). */
  withoutTranscripts?: boolean;
}

/** Markdown for the job summary: verdict, counts, findings by file with links, and the rules that passed. */
export function renderJobSummary(
  report: GateReport,
  links: SummaryLinks = {},
  title = 'Django security',
  limitBytes = SUMMARY_LIMIT_BYTES,
): string {
  const { summary } = report;
  const head = [
    `## ${summary.passed ? '✅' : '❌'} ${title}: ${summary.passed ? 'passed' : 'failed'}`,
    '',
    `${countsLine(summary)} (fails on ${report.failOn}${report.failOn === 'never' ? '' : ' and above'})${acceptedPart(report) ? `; ${acceptedPart(report)}` : ''}.`,
    '',
    ...report.projects.map((project) => `- ${inline(projectLine(project))}`),
    ...(report.projects.length ? [''] : []),
    ...(unjudgedLine(report) ? [`⚠️ ${unjudgedLine(report)!}`, ''] : []),
    ...report.remarks.map((remark) => `> - ${inline(remark)}`),
    ...(report.remarks.length ? [''] : []),
  ];
  const rows: string[] = [];
  const location = (finding: Finding) => {
    const text = `${finding.file}:${finding.line}`;
    return links.lineUrl ? `[${cell(text)}](${links.lineUrl(finding.file, finding.line)})` : `\`${cell(text)}\``;
  };
  for (const [file, findings] of groupByFile(report.findings)) {
    rows.push(
      `### \`${cell(file)}\``,
      '',
      '| Where | Level | Rule | Problem | Fix |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const finding of findings) {
      const rule = report.rulesRun.find((r) => r.id === finding.ruleId);
      const ruleCell = rule ? `[${finding.ruleId}](${ruleHelpUri(rule)})` : finding.ruleId;
      rows.push(
        `| ${location(finding)} | ${ICON[finding.level]} | ${ruleCell} | ${cell(finding.message)} | ${cell(finding.fix)} |`,
      );
    }
    rows.push('');
  }
  if (report.suppressed?.length) {
    rows.push(
      `<details><summary>Suppressed in the source (${report.suppressed.length})</summary>`,
      '',
      '| Where | Rule | Reason given |',
      '| --- | --- | --- |',
      ...report.suppressed.map(
        (finding) => `| ${location(finding)} | ${finding.ruleId} | ${cell(finding.justification || '(none)')} |`,
      ),
      '',
      '</details>',
      '',
    );
  }
  const failed = new Set(report.findings.map((f) => f.ruleId));
  const notApplicable = new Set((report.notApplicable ?? []).map(({ ruleId }) => ruleId));
  const code = (id: string) => `\`${id}\``;
  const passed = report.rulesRun
    .filter((rule) => !failed.has(rule.id) && !notApplicable.has(rule.id))
    .map((rule) => code(rule.id));
  const tail = [
    '',
    `**Rules that passed (${passed.length}):** ${passed.join(', ') || 'none'}`,
    '',
    ...(notApplicable.size
      ? [
          `**Not applicable (${notApplicable.size}):** ${notApplicableGroups(report)
            .map(({ ruleIds, reason }) => `${ruleIds.map(code).join(', ')}. ${inline(reason)}.`)
            .join(' ')}`,
          '',
        ]
      : []),
    `${rulesRanLine(report, code)}.`,
    '',
  ];
  for (const run of links.withoutTranscripts ? [] : (report.deployChecks ?? [])) {
    const transcript =
      run.transcript.length > TRANSCRIPT_LIMIT
        ? `${run.transcript.slice(0, TRANSCRIPT_LIMIT)}\n… (cut)`
        : run.transcript;
    tail.push(
      `<details><summary>${describeDeployCheck(run).replace(/`/g, '')}</summary>`,
      '',
      '```text',
      transcript.replace(/```/g, "'''") || '(no output)',
      '```',
      '',
      '</details>',
      '',
    );
  }

  let body = [...head, ...rows].join('\n');
  const tailText = tail.join('\n');
  if (Buffer.byteLength(body + tailText) > limitBytes) {
    let kept = '';
    for (const line of [...head, ...rows]) {
      if (Buffer.byteLength(kept + line + tailText) > limitBytes - 400) break;
      kept += `${line}\n`;
    }
    const shown = listedFindings(kept);
    body = `${kept}\n> The summary is cut at GitHub's size limit: ${shown} of ${report.findings.length} findings are listed here; the SARIF file holds all of them.\n`;
  }
  return body + tailText;
}
