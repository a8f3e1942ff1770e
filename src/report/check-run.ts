import type { Finding, Level } from '../finding.js';
import { ALL_RULES } from '../rules/registry.js';
import { ruleHelpUri } from '../rules/rule-docs.js';
import type { GitHubRequest } from '../action/github-client.js';
import { listedFindings, renderJobSummary, type SummaryLinks } from './job-summary.js';
import { countsLine, describeDeployCheck, type GateReport } from './report.js';

/** The Checks API's limits (https://docs.github.com/en/rest/checks/runs). */
export const ANNOTATIONS_PER_REQUEST = 50;
const TITLE_LIMIT = 255;
const ANNOTATION_TEXT_LIMIT = 60000;
const OUTPUT_TEXT_LIMIT = 65000;

const ANNOTATION_LEVEL: Record<Level, 'failure' | 'warning' | 'notice'> = {
  error: 'failure',
  warning: 'warning',
  note: 'notice',
};

export function truncate(text: string, limit: number): string {
  const characters = [...text];
  return characters.length <= limit ? text : `${characters.slice(0, limit - 1).join('')}…`;
}

/** The same, counting UTF-8 bytes: the API states its 64 KB limits for annotation texts in bytes. */
export function truncateBytes(text: string, limitBytes: number): string {
  if (Buffer.byteLength(text) <= limitBytes) return text;
  let kept = '';
  let bytes = 0;
  for (const character of text) {
    const size = Buffer.byteLength(character);
    if (bytes + size > limitBytes - 3) break;
    kept += character;
    bytes += size;
  }
  return `${kept}…`;
}

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'failure' | 'warning' | 'notice';
  message: string;
  title: string;
  raw_details: string;
}

export function annotationOf(finding: Finding): CheckAnnotation {
  const rule = ALL_RULES.find((r) => r.id === finding.ruleId);
  const annotation: CheckAnnotation = {
    path: finding.file,
    start_line: finding.line,
    end_line: Math.max(finding.endLine, finding.line),
    annotation_level: ANNOTATION_LEVEL[finding.level],
    message: truncateBytes(finding.message, ANNOTATION_TEXT_LIMIT),
    title: truncate(finding.ruleId, TITLE_LIMIT),
    raw_details: truncateBytes(
      `Fix: ${finding.fix}${rule ? `\nDocs: ${ruleHelpUri(rule)}` : ''}`,
      ANNOTATION_TEXT_LIMIT,
    ),
  };
  // The API accepts columns only on a single-line annotation.
  if (finding.line === finding.endLine && finding.endColumn >= finding.column) {
    annotation.start_column = finding.column;
    annotation.end_column = finding.endColumn;
  }
  return annotation;
}

export type Conclusion = 'success' | 'failure' | 'neutral';

export function conclusionOf(report: GateReport): Conclusion {
  if (!report.summary.passed) return 'failure';
  return report.failOn === 'never' && report.findings.length > 0 ? 'neutral' : 'success';
}

export interface CheckRunTarget {
  owner: string;
  repo: string;
  headSha: string;
  name: string;
}

export interface StartedCheckRun {
  id: number;
  htmlUrl: string;
}

/** Creates the check run as `in_progress` on the commit the findings are about. */
export async function startCheckRun(request: GitHubRequest, target: CheckRunTarget): Promise<StartedCheckRun> {
  const { data } = await request('POST /repos/{owner}/{repo}/check-runs', {
    owner: target.owner,
    repo: target.repo,
    name: target.name,
    head_sha: target.headSha,
    status: 'in_progress',
    output: { title: 'Scanning', summary: 'django-security-gate is checking the Django settings and code.' },
  });
  const run = data as { id: number; html_url?: string };
  return { id: run.id, htmlUrl: run.html_url ?? '' };
}

/** The findings the summary had no room for, then the `check --deploy` transcripts, within the limit. */
function outputText(report: GateReport, listed: number): string {
  const parts: string[] = [];
  const rest = report.findings.slice(listed);
  if (rest.length > 0) {
    parts.push(`### Findings not listed in the summary (${rest.length})`, '');
    for (const finding of rest) {
      parts.push(
        `- \`${finding.file}:${finding.line}\` ${finding.level} ${finding.ruleId}: ${finding.message.replace(/\s+/g, ' ')}`,
      );
    }
    parts.push('');
  }
  for (const run of report.deployChecks ?? []) {
    parts.push(
      `### ${describeDeployCheck(run).replace(/`/g, '')}`,
      '',
      '```text',
      run.transcript.replace(/```/g, "'''") || '(no output)',
      '```',
      '',
    );
  }
  const text = parts.join('\n');
  return text.length <= OUTPUT_TEXT_LIMIT
    ? text
    : `${truncate(text, OUTPUT_TEXT_LIMIT - 200)}\n\n(cut at the Checks API's size limit; every finding is annotated and in the SARIF file)`;
}

/**
 * Sends every finding as annotations, in sequential batches of 50 (parallel updates invite secondary
 * rate limits and overwrite each other's output), then completes the run with the verdict.
 */
export async function completeCheckRun(
  request: GitHubRequest,
  target: CheckRunTarget,
  run: StartedCheckRun,
  report: GateReport,
  links: SummaryLinks,
): Promise<void> {
  const title = truncate(report.findings.length === 0 ? 'No findings' : countsLine(report.summary), TITLE_LIMIT);
  const summary = renderJobSummary(report, { ...links, withoutTranscripts: true }, target.name, OUTPUT_TEXT_LIMIT);
  const output = { title, summary, text: outputText(report, listedFindings(summary)) || undefined };
  const annotations = report.findings.map(annotationOf);
  for (let start = 0; start < annotations.length; start += ANNOTATIONS_PER_REQUEST) {
    await request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      owner: target.owner,
      repo: target.repo,
      check_run_id: run.id,
      output: {
        title,
        summary: `Sending annotations ${start + 1}-${Math.min(start + ANNOTATIONS_PER_REQUEST, annotations.length)} of ${annotations.length}.`,
        annotations: annotations.slice(start, start + ANNOTATIONS_PER_REQUEST),
      },
    });
  }
  await request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
    owner: target.owner,
    repo: target.repo,
    check_run_id: run.id,
    status: 'completed',
    conclusion: conclusionOf(report),
    completed_at: new Date().toISOString(),
    output,
  });
}

/** A run left in progress blocks a required check, so an internal error still completes it. */
export async function abandonCheckRun(
  request: GitHubRequest,
  target: CheckRunTarget,
  run: StartedCheckRun,
  reason: string,
): Promise<void> {
  await request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
    owner: target.owner,
    repo: target.repo,
    check_run_id: run.id,
    status: 'completed',
    conclusion: 'neutral',
    completed_at: new Date().toISOString(),
    output: { title: 'The scan did not complete', summary: truncate(reason, OUTPUT_TEXT_LIMIT) },
  });
}
