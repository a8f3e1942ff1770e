import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import * as core from '@actions/core';
import { checkRunTarget, lineUrlFor, readRunContext } from './action/github-context.js';
import { githubRequest, type GitHubRequest } from './action/github-client.js';
import { abandonCheckRun, completeCheckRun, startCheckRun, type StartedCheckRun } from './report/check-run.js';
import { readInputs } from './action/inputs.js';
import type { Finding } from './finding.js';
import { parseEnvAssignment } from './settings/production-environment.js';
import { renderJobSummary } from './report/job-summary.js';
import { renderSarif } from './report/sarif-report.js';
import { projectLine } from './report/report.js';
import { workflowCommand } from './report/workflow-commands.js';
import { scan } from './scan.js';
import { UsageError } from './usage-error.js';

/** GitHub shows at most this many workflow-command annotations of each level per step. */
const ANNOTATIONS_SHOWN_PER_LEVEL = 10;

/** "403 Resource not accessible by integration", from an Octokit error or anything else thrown. */
function describeApiError(error: unknown): string {
  const status = (error as { status?: number }).status;
  const message = ((error as Error).message ?? String(error)).split('\n')[0];
  return status ? `the Checks API answered ${status} (${message})` : `the Checks API could not be reached (${message})`;
}

/** A workflow-command annotation, written as @actions/core writes them. */
function annotate(finding: Finding): void {
  process.stdout.write(`${workflowCommand(finding)}\n`);
}

/** The action: read inputs, scan, report where people look, set outputs, fail the step on findings. */
export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    const context = readRunContext(process.env);
    const environment = new Map<string, string>();
    const secretValues: string[] = [];
    for (const line of inputs.envLines) {
      const [key, value] = parseEnvAssignment(line);
      // Masking "1" or "True" would blank them out of the whole log; short values are masked only when the
      // variable's name says it holds a secret.
      if (value.length >= 6 || (value && /KEY|SECRET|PASS|PWD|TOKEN|CREDENTIAL|DSN|AUTH/i.test(key))) {
        core.setSecret(value);
        secretValues.push(value);
      }
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

    const target = checkRunTarget(context, inputs.checkName);
    const wantsCheckRun = inputs.annotations === 'auto' || inputs.annotations === 'check-run';
    let checkRun: StartedCheckRun | undefined;
    let fallbackReason: string | undefined;
    let request: GitHubRequest | undefined;
    if (wantsCheckRun) {
      if (context.fromFork)
        fallbackReason = 'this pull request comes from a fork, and GitHub gives such runs a read-only token';
      else if (!target) fallbackReason = 'the run does not say which repository and commit it is for';
      else if (!inputs.token) fallbackReason = 'no token was given';
      else {
        request = githubRequest(inputs.token);
        try {
          checkRun = await startCheckRun(request, target);
        } catch (error) {
          fallbackReason = describeApiError(error);
        }
      }
    }

    let result: Awaited<ReturnType<typeof scan>>;
    try {
      result = await scan({
        path,
        repoRoot: workspace,
        settingsModule: inputs.settingsModule,
        settingsModuleFrom: 'the settings-module input',
        environment,
        processEnvironment: process.env,
        deployCheck,
        python: inputs.python,
        configFile: inWorkspace(inputs.config === '.django-security.yml' ? undefined : inputs.config),
        baselineFile: inWorkspace(inputs.baseline),
        failOn: inputs.failOn,
        // The throwaway key check --deploy gets is no secret of production's, but it stays out of the log all the same.
        maskSecret: (value) => core.setSecret(value),
      });
    } catch (error) {
      if (checkRun && request && target) {
        await abandonCheckRun(request, target, checkRun, (error as Error).message).catch(() => undefined);
      }
      throw error;
    }
    result.remarks.unshift(...remarks);
    // The runner masks secrets in logs, not in files: keep the env input's values out of the summary.
    for (const run of result.deployChecks) {
      for (const secret of secretValues) run.transcript = run.transcript.split(secret).join('***');
    }
    const links = { lineUrl: lineUrlFor(context) };

    let checkRunUrl = '';
    if (checkRun && request && target) {
      try {
        await completeCheckRun(request, target, checkRun, result, links);
        checkRunUrl = checkRun.htmlUrl;
      } catch (error) {
        fallbackReason = describeApiError(error);
        await abandonCheckRun(request, target, checkRun, `Reporting failed: ${fallbackReason}`).catch(() => undefined);
      }
    }
    if (fallbackReason) {
      const message = `No check run was reported: ${fallbackReason}. The findings are reported as workflow-command annotations and in the job summary instead, and the step still passes or fails on them.${
        /\b403\b|read-only/.test(fallbackReason)
          ? ' For same-repository pull requests and pushes, give the job `permissions: checks: write`.'
          : ''
      }`;
      result.remarks.push(message);
      core.warning(message);
    }
    const workflowAnnotations = inputs.annotations === 'workflow' || (wantsCheckRun && !checkRunUrl);
    if (workflowAnnotations) {
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
    for (const project of result.projects) core.info(projectLine(project));
    for (const remark of result.remarks) core.info(remark);

    const sarifPath = resolve(workspace, inputs.sarifFile);
    await writeFile(sarifPath, renderSarif(result));
    await core.summary.addRaw(renderJobSummary(result, links, inputs.checkName)).write();

    core.setOutput('passed', String(result.summary.passed));
    core.setOutput('errors', String(result.summary.error));
    core.setOutput('warnings', String(result.summary.warning));
    core.setOutput('notes', String(result.summary.note));
    core.setOutput('sarif-file', sarifPath);
    core.setOutput('check-run-url', checkRunUrl);
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
