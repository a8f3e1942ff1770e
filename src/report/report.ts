import type { Finding } from '../finding.js';
import type { SuppressedFinding } from '../gate/suppressions.js';
import type { Summary } from '../gate/verdict.js';
import type { NotApplicableRule } from '../rules/not-applicable.js';
import { ALL_RULES } from '../rules/registry.js';
import type { Rule } from '../rules/rule.js';
import type { FailOn } from '../config/config-file.js';
import type { DeployCheckRecord, ScannedProject } from '../scan.js';

/** Everything a reporter may use: the final findings and what the run was. Reporters never re-derive findings. */
export interface GateReport {
  findings: readonly Finding[];
  summary: Summary;
  failOn: FailOn;
  rulesRun: readonly Rule[];
  /** Rules that ran with nothing to judge (HSTS options while HSTS is off): neither passed nor failed. */
  notApplicable?: readonly NotApplicableRule[];
  /** What the run itself wants the user to know (choices made, projects skipped, evidence that disagreed). */
  remarks: readonly string[];
  baselined: number;
  /** Findings a suppression comment in the source accepted: reported apart, never gating. */
  suppressed?: readonly SuppressedFinding[];
  /** Each `manage.py check --deploy` run: what ran, how long, and what it printed. */
  deployChecks?: readonly DeployCheckRecord[];
  /** The Django projects found: which settings were judged, from what evidence, and what could not be judged. */
  projects: readonly ScannedProject[];
}

/** One project as the JSON and SARIF reports carry it (README, "What the reports say was judged"): a fixed set of keys. */
export function projectContract(project: ScannedProject) {
  return {
    root: project.root,
    settingsModule: project.settingsModule,
    settingsFile: project.settingsFile,
    chosenBy: project.chosenBy,
    judged: project.judged,
    django: project.django,
    djangoFrom: project.djangoFrom,
    settingsFiles: project.settingsFiles,
    unjudged: project.unjudged,
  };
}

/**
 * What one project's scan judged, said the same way in the terminal, the job summary and the check run:
 * "in backend/: judging kuma.settings.prod (docker/images/kuma/Dockerfile:6), Django 3.2 (requirements.txt)".
 */
export function projectLine(project: ScannedProject): string {
  const where = project.root ? `in ${project.root}/: ` : '';
  if (!project.judged) {
    return `${where}not judged: ${project.settingsModule} (${project.chosenBy}) runs the library's tests`;
  }
  return `${where}judging ${project.settingsModule} (${project.chosenBy}), Django ${project.django} (${project.djangoFrom})`;
}

/** "3 settings could not be judged: see the settings-incomplete notes.", or undefined when all were judged. */
export function unjudgedLine(report: GateReport): string | undefined {
  const count = report.projects
    .filter((project) => project.judged)
    .reduce((sum, project) => sum + project.unjudged.length, 0);
  if (count === 0) return undefined;
  const settings = count === 1 ? '1 setting' : `${count} settings`;
  // The notes may be turned off in the config file, or accepted by the baseline.
  const noted = report.findings.some((finding) => finding.ruleId === 'settings-incomplete');
  return `${settings} could not be judged${noted ? ': see the settings-incomplete notes' : ''}.`;
}

export function describeDeployCheck(run: DeployCheckRecord): string {
  const version = run.djangoVersion ? `Django ${run.djangoVersion}, ` : '';
  const where = run.project ? ` in ${run.project}` : '';
  const outcome = run.outcome === 'ran' ? 'ran' : 'could not run its checks';
  return `\`${run.command}\`${where} ${outcome} (${version}${(run.durationMs / 1000).toFixed(1)} s)`;
}

/**
 * How many rules ran, out of the rules --list-rules lists: "31 rules", or "29 of 31 rules ran; not run:
 * django-check, deploy-check-failed". `code` wraps a rule id (backticks in Markdown).
 */
export function rulesRanLine(report: GateReport, code: (id: string) => string = (id) => id): string {
  const notRun = ALL_RULES.filter((rule) => !report.rulesRun.includes(rule));
  if (notRun.length === 0) return `${ALL_RULES.length} rules`;
  const which = notRun.length <= 3 ? `; not run: ${notRun.map((rule) => code(rule.id)).join(', ')}` : '';
  return `${report.rulesRun.length} of ${ALL_RULES.length} rules ran${which}`;
}

/** The not-applicable rules grouped by reason: the HSTS options share "HSTS is off: ...". */
export function notApplicableGroups(report: GateReport): Array<{ ruleIds: string[]; reason: string }> {
  const byReason = new Map<string, string[]>();
  for (const { ruleId, reason } of report.notApplicable ?? []) {
    byReason.set(reason, [...(byReason.get(reason) ?? []), ruleId]);
  }
  return [...byReason].map(([reason, ruleIds]) => ({ ruleIds, reason }));
}

/** "3 accepted by the baseline, 2 suppressed in the source", or "" when neither happened. */
export function acceptedPart(report: GateReport): string {
  const parts = [
    report.baselined ? `${report.baselined} accepted by the baseline` : '',
    report.suppressed?.length ? `${report.suppressed.length} suppressed in the source` : '',
  ];
  return parts.filter(Boolean).join(', ');
}

export function pluralise(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function countsLine(summary: Summary): string {
  return `${pluralise(summary.error, 'error')}, ${pluralise(summary.warning, 'warning')}, ${pluralise(summary.note, 'note')}`;
}

export function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.file) ?? [];
    group.push(finding);
    groups.set(finding.file, group);
  }
  return groups;
}
