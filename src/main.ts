import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import * as core from '@actions/core';
import { lineUrlFor, readRunContext } from './action/github-context.js';
import { readInputs } from './action/inputs.js';
import type { Finding } from './finding.js';
import { parseEnvAssignment } from './settings/production-environment.js';
import { renderJobSummary } from './report/job-summary.js';
import { renderSarif } from './report/sarif-report.js';
import { annotationMessage } from './report/workflow-commands.js';
import { scan } from './scan.js';
import { UsageError } from './usage-error.js';

/** GitHub shows at most this many workflow-command annotations of each level per step. */
const ANNOTATIONS_SHOWN_PER_LEVEL = 10;

function annotate(finding: Finding): void {
  const properties: core.AnnotationProperties = {
    title: finding.ruleId,
    file: finding.file,
    startLine: finding.line,
    endLine: finding.endLine,
  };
  if (finding.line === finding.endLine) {
    properties.startColumn = finding.column;
    properties.endColumn = finding.endColumn;
  }
  const message = annotationMessage(finding);
  if (finding.level === 'error') core.error(message, properties);
  else if (finding.level === 'warning') core.warning(message, properties);
  else core.notice(message, properties);
}

/** The action: read inputs, scan, report where people look, set outputs, fail the step on findings. */
export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    const context = readRunContext(process.env);
    const environment = new Map<string, string>();
    for (const line of inputs.envLines) {
      const [key, value] = parseEnvAssignment(line);
      if (value) core.setSecret(value);
      environment.set(key, value);
    }
    const remarks: string[] = [];
    let deployCheck = inputs.deployCheck;
    if (deployCheck && context.eventName === 'pull_request_target' && !inputs.allowPullRequestTarget) {
      deployCheck = false;
      remarks.push(
        "manage.py was not run: this is a pull_request_target event, where the pull request's code would run with a write token and secrets. The static checks ran; set allow-pull-request-target: true only if the checked-out code is trusted.",
      );
    }
    const workspace = resolve(context.workspace);
    const path = resolve(workspace, inputs.workingDirectory);
    const inWorkspace = (file: string | undefined) =>
      file === undefined
        ? undefined
        : isAbsolute(file)
          ? file
          : existsSync(resolve(path, file))
            ? resolve(path, file)
            : join(workspace, file);

    const result = await scan({
      path,
      repoRoot: workspace,
      settingsModule: inputs.settingsModule,
      environment,
      processEnvironment: {},
      deployCheck,
      python: inputs.python,
      configFile: inWorkspace(inputs.config === '.django-security.yml' ? undefined : inputs.config),
      baselineFile: inWorkspace(inputs.baseline),
      failOn: inputs.failOn,
    });
    result.remarks.unshift(...remarks);
    // The runner masks secrets in logs, not in files: keep the env input's values out of the summary.
    const secrets = [...environment.values()].filter((value) => value.length >= 4);
    for (const run of result.deployChecks) {
      for (const secret of secrets) run.transcript = run.transcript.split(secret).join('***');
    }

    if (inputs.annotations === 'check-run') {
      result.remarks.push(
        'Check-run annotations arrive in a later release; the findings were reported as workflow-command annotations.',
      );
    }
    if (inputs.annotations !== 'none') {
      for (const finding of result.findings) annotate(finding);
      const crowded = (['error', 'warning', 'note'] as const).filter(
        (level) => result.findings.filter((f) => f.level === level).length > ANNOTATIONS_SHOWN_PER_LEVEL,
      );
      if (crowded.length > 0) {
        core.info(
          `GitHub shows at most ${ANNOTATIONS_SHOWN_PER_LEVEL} annotations per level for a step; all ${result.findings.length} findings are in the job summary and ${inputs.sarifFile}.`,
        );
      }
    }
    for (const remark of result.remarks) core.info(remark);

    const sarifPath = resolve(workspace, inputs.sarifFile);
    await writeFile(sarifPath, renderSarif(result));
    await core.summary.addRaw(renderJobSummary(result, { lineUrl: lineUrlFor(context) }, inputs.checkName)).write();

    core.setOutput('passed', String(result.summary.passed));
    core.setOutput('errors', String(result.summary.error));
    core.setOutput('warnings', String(result.summary.warning));
    core.setOutput('notes', String(result.summary.note));
    core.setOutput('sarif-file', sarifPath);
    core.setOutput('check-run-url', '');
    if (!result.summary.passed) {
      core.setFailed(
        `Django security gate failed: ${result.summary.error} error(s), ${result.summary.warning} warning(s), ${result.summary.note} note(s); fail-on is ${result.failOn}.`,
      );
    } else {
      core.info(`Django security gate passed (${result.findings.length} finding(s) below fail-on ${result.failOn}).`);
    }
  } catch (error) {
    if (error instanceof UsageError) core.setFailed(error.message);
    else core.setFailed(`internal error: ${(error as Error).stack ?? String(error)}`);
  }
}
