import { existsSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { Level, SourceSpan } from '../finding.js';
import type { DjangoProject } from '../discover/projects.js';
import { ALL_RULES } from '../rules/registry.js';
import { deployCheckFailed, djangoCheck } from '../rules/engine-rules.js';
import type { ReportedProblem, Rule } from '../rules/rule.js';
import { fileStartSpan } from '../parse/span.js';
import type { SettingsModel } from '../settings/settings-model.js';
import { outcomes } from '../settings/value.js';
import { variablesOf } from '../settings/environment-remarks.js';
import { settingOfCheck } from './check-settings.js';
import type { EnvironmentOrigins } from './child-environment.js';
import type { CheckMessage, ParsedCheckOutput } from './parse-check-output.js';
import type { DeployCheckRun } from './run-deploy-check.js';

/** A finding before the engine gives it an id and fingerprint: the rule, what it reports, and who saw it. */
export interface ProjectFinding {
  rule: Rule;
  problem: ReportedProblem;
  source: 'static' | 'deploy-check' | 'both';
}

export interface MergeContext {
  settings: SettingsModel;
  project: DjangoProject;
  repoRoot: string;
  /** Level of a deploy-check-failed finding (config: deploy-check-failure). */
  failureLevel: Level;
  /** The variables check --deploy ran with, by origin: the runner's own ones and a throwaway key explain differences. */
  environment?: EnvironmentOrigins;
}

/** The runner's own variables (not given, so unseen by the static checks) that the setting is read from. */
function runnerVariablesOf(setting: string | undefined, context: MergeContext): string[] {
  const inherited = context.environment?.inherited ?? [];
  if (!setting || inherited.length === 0) return [];
  const read = variablesOf(context.settings.get(setting).value);
  return inherited.filter((name) => read.has(name));
}

function ruleMirroring(id: string): Rule | undefined {
  return ALL_RULES.find((rule) => rule.djangoChecks.includes(id));
}

/**
 * Django's levels as Django means them: security checks keep theirs; other errors break the deploy and
 * are errors; other warnings and infos (a third-party app's model warnings) are notes, so they inform
 * without blocking merges.
 */
export function levelOfMessage(message: CheckMessage): Level {
  const serious = message.level === 'error' || message.level === 'critical';
  if (message.id?.startsWith('security.')) return serious ? 'error' : message.level === 'warning' ? 'warning' : 'note';
  return serious ? 'error' : 'note';
}

function placement(id: string | undefined, settings: SettingsModel): SourceSpan {
  const setting = id ? settingOfCheck(id) : undefined;
  return setting ? settings.get(setting).origin : settings.moduleSpan;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Folds Django's answer into the static findings: a message a static rule also found becomes one finding
 * (source "both") at the static location; a message no static finding matched is placed at its setting;
 * a static prediction Django did not confirm keeps both facts.
 */
export function mergeDeployCheck(
  staticFindings: readonly ProjectFinding[],
  parsed: Extract<ParsedCheckOutput, { kind: 'result' }>,
  context: MergeContext,
): ProjectFinding[] {
  const merged = staticFindings.map((entry) => ({ ...entry, problem: { ...entry.problem } }));
  const reportedIds = new Set(parsed.messages.map((message) => message.id).filter(Boolean));
  const silenced = silencedChecks(context.settings);
  for (const message of parsed.messages) {
    const id = message.id;
    const matches = id ? merged.filter((entry) => entry.problem.djangoCheck === id) : [];
    if (matches.length > 0) {
      for (const entry of matches) {
        entry.source = 'both';
        const confirmation = ` Django's check --deploy confirms it (${id}).`;
        if (!entry.problem.message.endsWith(confirmation)) entry.problem.message += confirmation;
      }
      continue;
    }
    const owner = id ? ruleMirroring(id) : undefined;
    const setting = id ? settingOfCheck(id) : undefined;
    const text = oneLine(message.message);
    const fromRunner = runnerVariablesOf(setting, context);
    const them = fromRunner.length === 1 ? 'it' : 'them';
    const unseen = fromRunner.length
      ? ` manage.py check --deploy ran with ${fromRunner.join(', ')} from the runner's own environment, which the static checks do not see: give ${them} in the env / --env if production sets ${them} so, else unset ${them} in the step.`
      : '';
    merged.push({
      rule: owner ?? djangoCheck,
      source: 'deploy-check',
      problem: {
        span: placement(id, context.settings),
        level: owner ? undefined : levelOfMessage(message),
        message: `Django's check --deploy reports${message.object !== '?' ? ` for ${message.object}` : ''}: ${text}${id ? ` (${id})` : ''}${unseen}`,
        fix: message.hint ? oneLine(message.hint) : `See Django's system check reference for ${id ?? 'this message'}`,
        ...(id ? { djangoCheck: id } : {}),
        ...(setting ? { setting } : {}),
      },
    });
  }
  for (const entry of merged) {
    const id = entry.problem.djangoCheck;
    if (entry.source !== 'static' || !id || reportedIds.has(id)) continue;
    const throwaway = context.environment?.throwaway;
    const fromRunner = runnerVariablesOf(entry.problem.setting ?? settingOfCheck(id), context);
    entry.problem.message += silenced.has(id)
      ? ` Django's check --deploy is told to ignore ${id} (SILENCED_SYSTEM_CHECKS); the problem stays.`
      : throwaway && settingOfCheck(id) === 'SECRET_KEY'
        ? ` Django's check --deploy did not judge the key: it ran with a throwaway random ${throwaway.variable}.`
        : fromRunner.length
          ? ` Django's check --deploy did not report ${id} with the environment it ran in, where the runner's own ${fromRunner.join(', ')} (unseen by the static checks) changes the value.`
          : ` Django's check --deploy did not report ${id} with the environment it ran in.`;
  }
  return merged;
}

function silencedChecks(settings: SettingsModel): Set<string> {
  const ids = new Set<string>();
  for (const value of outcomes(settings.get('SILENCED_SYSTEM_CHECKS').value)) {
    if (value.kind === 'list' || value.kind === 'tuple') {
      for (const item of value.items) if (item.kind === 'str') ids.add(item.value);
    }
  }
  return ids;
}

/** The innermost traceback frame in the repository: where the settings actually broke. */
function failureSpan(frames: readonly { file: string; line: number }[], context: MergeContext): SourceSpan {
  for (const frame of [...frames].reverse()) {
    // "<frozen runpy>", "<string>": Python's own code, not a file of the project.
    if (frame.file.startsWith('<')) continue;
    const absolute = resolve(context.project.root, frame.file);
    if (!existsSync(absolute)) continue;
    const inProject = relative(context.project.root, absolute);
    const installed = /[\\/](site|dist)-packages[\\/]|[\\/]\.cache[\\/]|[\\/]\.?venv[\\/]/.test(absolute);
    if (inProject && !inProject.startsWith('..') && !installed && inProject !== 'manage.py') {
      const file = relative(context.repoRoot, absolute).split(sep).join('/');
      return { file, line: frame.line, column: 1, endLine: frame.line, endColumn: 1 };
    }
  }
  return fileStartSpan(context.settings.module.file);
}

/** What to provide so the check can run, read from the error Django or Python raised. */
export function hintForFailure(lastLine: string, run: DeployCheckRun, settings: SettingsModel): string {
  const envInput = (name: string) =>
    `Provide ${name} in the production environment the check runs with (--env ${name}=... on the command line, or the env input of the action)`;
  const missingVariable =
    /KeyError: '([A-Za-z_][\w]*)'/.exec(lastLine)?.[1] ??
    /Set the ([A-Za-z_]\w*) environment variable/.exec(lastLine)?.[1] ??
    /UndefinedValueError: ([A-Za-z_]\w*) not found/.exec(lastLine)?.[1];
  if (missingVariable) return envInput(missingVariable);
  if (/SECRET_KEY setting must not be empty/.test(lastLine)) {
    const read = settings.get('SECRET_KEY').value.env[0]?.variable;
    return `${read ? envInput(read) : 'Set SECRET_KEY for the check'}: use a random value of 50+ characters, not the real key`;
  }
  const unknownTag = /There is no system check with the "([^"]+)" tag/.exec(lastLine)?.[1];
  if (unknownTag) {
    return `"${unknownTag}" is not a check tag this Django knows: fix deploy-check-tags in the config file (manage.py check --list-tags lists the tags)`;
  }
  if (/No module named '?django'?(\s|$)|Couldn't import Django/.test(lastLine)) {
    return `Install Django for ${run.command.split(' ')[0]} (pip install -r requirements.txt), or point --python / the python input at the interpreter that has it`;
  }
  const module = /No module named '([\w.]+)'/.exec(lastLine)?.[1];
  if (module)
    return `Install the project's requirements for this interpreter (the module ${module} is missing), e.g. pip install -r requirements.txt`;
  if (/psycopg|mysqlclient|MySQLdb/.test(lastLine))
    return "Install the project's database driver for this interpreter (pip install -r requirements.txt)";
  return 'Make the settings import in CI with the production environment given through --env / the env input';
}

export function deployCheckFailure(
  run: DeployCheckRun,
  parsed: Extract<ParsedCheckOutput, { kind: 'failure' }> | undefined,
  context: MergeContext,
  timeoutSeconds: number,
): ProjectFinding {
  const where = fileStartSpan(context.settings.module.file);
  let message: string;
  let fix: string;
  let span = where;
  if (run.notFound) {
    // The error's own sentence may end with a full stop already (@actions/exec's does).
    message = `\`${run.command}\` could not start: ${run.notFound.split('\n')[0]!.replace(/\.+$/, '')}.`;
    fix =
      "Install Python with the project's requirements, or pass --python / the python input with the interpreter to use";
  } else if (run.timedOut) {
    message = `\`${run.command}\` did not finish within ${timeoutSeconds} seconds, so its checks did not run.`;
    fix =
      'Find what blocks at import (a database or network call in the settings), or raise deploy-check-timeout in the config file';
  } else {
    const lastLine = parsed?.lastLine || `exit code ${run.exitCode} with no output`;
    span = parsed ? failureSpan(parsed.frames, context) : where;
    message = `\`${run.command}\` could not run its checks: ${lastLine}`;
    fix = hintForFailure(lastLine, run, context.settings);
  }
  return {
    rule: deployCheckFailed,
    source: 'deploy-check',
    problem: { span, message, fix, level: context.failureLevel, setting: undefined },
  };
}
