import * as core from '@actions/core';
import { FAIL_ON_VALUES, type FailOn } from '../config/config-file.js';
import { UsageError } from '../usage-error.js';

export const ANNOTATION_MODES = ['auto', 'check-run', 'workflow', 'none'] as const;
export type AnnotationMode = (typeof ANNOTATION_MODES)[number];

export interface ActionInputs {
  workingDirectory: string;
  settingsModule?: string;
  python: string;
  deployCheck: boolean;
  envLines: string[];
  failOn: FailOn;
  config?: string;
  baseline?: string;
  sarifFile: string;
  checkName: string;
  annotations: AnnotationMode;
  token: string;
  allowPullRequestTarget: boolean;
}

function booleanInput(name: string, fallback: boolean): boolean {
  const raw = core.getInput(name).trim().toLowerCase();
  if (!raw) return fallback;
  if (['true', 'yes', '1', 'on'].includes(raw)) return true;
  if (['false', 'no', '0', 'off'].includes(raw)) return false;
  throw new UsageError(`input ${name} must be true or false, not "${raw}"`);
}

export function readInputs(): ActionInputs {
  const failOn = (core.getInput('fail-on') || 'warning') as FailOn;
  if (!FAIL_ON_VALUES.includes(failOn))
    throw new UsageError(`input fail-on must be one of ${FAIL_ON_VALUES.join(', ')}, not "${failOn}"`);
  const annotations = (core.getInput('annotations') || 'auto') as AnnotationMode;
  if (!ANNOTATION_MODES.includes(annotations)) {
    throw new UsageError(`input annotations must be one of ${ANNOTATION_MODES.join(', ')}, not "${annotations}"`);
  }
  const envLines = core
    .getInput('env')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  return {
    workingDirectory: core.getInput('working-directory') || '.',
    settingsModule: core.getInput('settings-module') || undefined,
    python: core.getInput('python') || 'python',
    deployCheck: booleanInput('deploy-check', true),
    envLines,
    failOn,
    config: core.getInput('config') || undefined,
    baseline: core.getInput('baseline') || undefined,
    sarifFile: core.getInput('sarif-file') || 'django-security.sarif',
    checkName: core.getInput('check-name') || 'Django security',
    annotations,
    token: core.getInput('token'),
    allowPullRequestTarget: booleanInput('allow-pull-request-target', false),
  };
}
