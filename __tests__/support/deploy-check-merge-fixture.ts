// A settings module with static findings, for the merge of Django's messages with them (mergeDeployCheck).
import { join } from 'node:path';
import { type DjangoProject } from '../../src/discover/projects.js';
import { type MergeContext, type ProjectFinding } from '../../src/deploy-check/deploy-findings.js';
import { ALL_RULES } from '../../src/rules/registry.js';
import { type Rule } from '../../src/rules/rule.js';
import { type SettingsModel } from '../../src/settings/settings-model.js';
import { settingsOf } from './settings-harness.js';

export function rule(id: string): Rule {
  const found = ALL_RULES.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
}

const SETTINGS = `import os

DEBUG = True
ALLOWED_HOSTS = []
SECURE_HSTS_SECONDS = 0
SILENCED_SYSTEM_CHECKS = ["security.W018"]
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]
`;

export async function mergeFixture(): Promise<{ settings: SettingsModel; context: MergeContext; root: string }> {
  const settings = await settingsOf({ 'manage.py': '', 'mysite/settings.py': SETTINGS }, 'mysite.settings');
  const root = settings.module.absPath.replace(/\/mysite\/settings\.py$/, '');
  const project: DjangoProject = {
    root,
    manageFile: join(root, 'manage.py'),
    searchRoots: [root],
    settings: settings.module,
    chosenBy: 'manage.py',
    remarks: [],
    judged: true,
  };
  return { settings, root, context: { settings, project, repoRoot: root, failureLevel: 'error' } };
}

export const span = (line: number, column: number, endLine: number, endColumn: number) => ({
  file: 'mysite/settings.py',
  line,
  column,
  endLine,
  endColumn,
});
export const MODULE_START = span(1, 1, 1, 1);

export function staticFinding(
  id: string,
  djangoCheck: string | undefined,
  at: ReturnType<typeof span>,
): ProjectFinding {
  return {
    rule: rule(id),
    source: 'static',
    problem: {
      span: at,
      message: `${id} says so.`,
      fix: 'Fix it',
      ...(djangoCheck ? { djangoCheck } : {}),
    },
  };
}

/** rule id, source, level, span, message, fix, setting, djangoCheck of each merged finding. */
export function brief(findings: readonly ProjectFinding[]) {
  return findings.map(({ rule: r, source, problem }) => ({
    ruleId: r.id,
    source,
    level: problem.level,
    span: problem.span,
    message: problem.message,
    fix: problem.fix,
    setting: problem.setting,
    djangoCheck: problem.djangoCheck,
  }));
}
