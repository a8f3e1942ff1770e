import { readFileSync, statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { composeModules, envFileModules, MAX_EVIDENCE_FILE_BYTES } from './evidence/compose.js';
import { documentationModules } from './evidence/documentation.js';
import { dockerfileModules } from './evidence/dockerfile.js';
import {
  deploymentShape,
  documentationShape,
  HELM_FOLDERS,
  KUBERNETES_FOLDERS,
  type FileShape,
} from './evidence/file-kinds.js';
import type { FileToRead, FoundModule } from './evidence/reading.js';
import { HASH_COMMENT, INI_COMMENT, lineFileModules } from './evidence/line-files.js';
import { firstSaying, isExamplePath, nameLook, pathLook, type EvidenceLook } from './evidence/look.js';
import { SETTINGS_VARIABLE, VariableShapes } from './evidence/settings-assignments.js';
import { lineMentions, parseYaml, rootKeys, yamlMentions } from './evidence/yaml-mentions.js';

export type { EvidenceLook } from './evidence/look.js';
export { moduleLook } from './evidence/look.js';

export interface SettingsEvidence {
  /** The dotted module name as written (never template syntax). */
  module: string;
  /** Absolute path of the file that sets it, and the 1-based line. */
  file: string;
  line: number;
  /**
   * What kind of file: 'Dockerfile' | 'compose' | 'Procfile' | 'platform' (app.json, app.yaml, fly.toml,
   * render.yaml, heroku.yml) | 'kubernetes' | 'helm' | 'systemd' | 'gunicorn' | 'uwsgi' | 'supervisor' |
   * 'elastic-beanstalk' | 'ci' | 'documentation' | 'env-file' (committed `.env`, `.envs/`, `env.d/`) |
   * 'script' (shell scripts, entrypoints) | 'terraform' | 'nginx-unit' | 'deployment' (other YAML, ini and conf
   * files: Ansible vars, nginx, Apache).
   */
  kind: string;
  /** Whether the file (its path, compose service, Dockerfile stage, CI job) looks like production, dev or test. */
  look: EvidenceLook;
  /**
   * True when only a build step gets the module (a Dockerfile `RUN DJANGO_SETTINGS_MODULE=x manage.py collectstatic`,
   * an `ARG` no `ENV` passes on): it says what the build uses, not what production runs. Absent otherwise.
   */
  buildOnly?: true;
  /** Where in the file, when the file has parts: the Dockerfile stage, compose service, CI job, docs heading, YAML keys. */
  context?: string;
}

export interface EvidenceOptions {
  /**
   * Whether a file that a deployment file points at ships with the repository (a compose `env_file:` that git
   * ignores is a developer's local file): the scan's ignore rules. Every file counts when omitted.
   */
  isShipped?: (absPath: string) => boolean;
}

/** Whether a repository-relative path may be a deployment file worth reading (by name and folder). */
export function isDeploymentFile(repoRelPath: string): boolean {
  return deploymentShape(repoRelPath) !== undefined;
}

/** Whether it is a template/doc that may mention the module (README*, docs/**, *.example, *.template, *.sample, *.md/rst). */
export function isDocumentationFile(repoRelPath: string): boolean {
  return documentationShape(repoRelPath);
}

/**
 * Every DJANGO_SETTINGS_MODULE (or --settings=) a deployment or documentation file sets, in file order. Files
 * over 1 MB, binary files and unreadable files give nothing; a file that does not parse is read line by line.
 */
export function readSettingsEvidence(
  absPath: string,
  repoRoot: string,
  options: EvidenceOptions = {},
): SettingsEvidence[] {
  return readEnvironmentEvidence(absPath, repoRoot, SETTINGS_VARIABLE, options);
}

/**
 * Every value a deployment or documentation file gives an environment variable (`DJANGO_CONFIGURATION` for
 * django-configurations), with its command options where Django has them (`--configuration`). `module` then
 * holds the value (a class name for DJANGO_CONFIGURATION).
 */
export function readEnvironmentEvidence(
  absPath: string,
  repoRoot: string,
  variableName: string,
  options: EvidenceOptions = {},
): SettingsEvidence[] {
  const repoRelPath = relative(repoRoot, absPath).split(sep).join('/');
  const shape = deploymentShape(repoRelPath);
  // Copy-me templates and env templates are documentation; Jinja and Helm templates render deployment files.
  const documentation = (shape === undefined || shape === 'env-file') && documentationShape(repoRelPath);
  if (!documentation && shape === undefined) return [];
  const text = readText(absPath);
  if (text === undefined) return [];
  const variable = VariableShapes.of(variableName);
  const mayPointAtEnvFile = (shape === 'compose' || shape === 'yaml') && text.includes('env_file');
  if (!variable.mayMention(text) && !mayPointAtEnvFile) return [];
  try {
    const isShipped = options.isShipped ?? (() => true);
    const file: FileToRead = { text, absPath, repoRoot, repoRelPath, look: pathLook(repoRelPath), variable, isShipped };
    const { kind, found } = documentation
      ? { kind: 'documentation', found: documentationModules(text, file.look, variable) }
      : readShape(shape!, file);
    return ordered(
      found.map((item) => ({
        module: item.module,
        file: item.file ?? absPath,
        line: item.line,
        kind,
        look: item.look,
        ...(item.buildOnly ? { buildOnly: true as const } : {}),
        ...(item.context ? { context: item.context } : {}),
      })),
      absPath,
    );
  } catch {
    // A reader meeting a shape it did not expect must not stop the scan: the file simply gives no evidence.
    return [];
  }
}

function readText(absPath: string): string | undefined {
  try {
    if (statSync(absPath).size > MAX_EVIDENCE_FILE_BYTES) return undefined;
    const text = readFileSync(absPath, 'utf8');
    return text.slice(0, 8000).includes('\u0000') ? undefined : text;
  } catch {
    return undefined;
  }
}

/**
 * Deployment files run somewhere real: with nothing in their path saying otherwise, they look like production,
 * unless they sit among examples or docs (`documentation/examples/helm/values.yaml` shows a shape to copy).
 */
function deployed(file: FileToRead): EvidenceLook {
  return firstSaying(file.look, deployedDefault(file));
}

function deployedDefault(file: FileToRead): EvidenceLook {
  return isExamplePath(file.repoRelPath) ? 'neutral' : 'production';
}

function readShape(shape: FileShape, file: FileToRead): { kind: string; found: FoundModule[] } {
  const { text, look, variable } = file;
  const deployedLook = deployed(file);
  const lines = (comments: RegExp, lineLook: EvidenceLook, literalsOnly = false) =>
    lineFileModules(text, variable, { comments, commands: true, look: () => lineLook, literalsOnly });
  switch (shape) {
    case 'dockerfile':
      return { kind: 'Dockerfile', found: dockerfileModules(text, look, variable, deployedDefault(file)) };
    case 'compose':
      return {
        kind: 'compose',
        found: composeModules(file, parseYaml(text), look),
      };
    case 'procfile':
      return {
        kind: 'Procfile',
        found: lineFileModules(text, variable, {
          comments: HASH_COMMENT,
          commands: true,
          processes: true,
          look: (process) => firstSaying(nameLook(process ?? ''), deployedLook),
        }),
      };
    case 'nginx-unit':
      return { kind: 'nginx-unit', found: structuredModules(file, undefined, deployedLook) };
    case 'terraform': {
      // Terraform JSON parses as YAML; HCL is read line by line (`name = "..."` / `value = "..."` pairs, maps).
      const found = file.repoRelPath.endsWith('.json')
        ? structuredModules(file, undefined, deployedLook)
        : lineMentions(text, variable, true).map((mention) => ({
            module: mention.module,
            line: mention.line,
            look: deployedLook,
          }));
      return { kind: 'terraform', found };
    }
    case 'zappa':
      return { kind: 'platform', found: iniOrYaml(file, deployedLook) };
    case 'platform-json':
    case 'platform-yaml':
      return { kind: 'platform', found: structuredModules(file, undefined, deployedLook) };
    case 'platform-toml':
      return { kind: 'platform', found: lines(HASH_COMMENT, deployedLook, true) };
    case 'pyproject':
      return { kind: 'ci', found: lines(HASH_COMMENT, 'test', true) };
    case 'ci-ini':
      return { kind: 'ci', found: lines(INI_COMMENT, 'test') };
    case 'ci-yaml':
      return { kind: 'ci', found: structuredModules(file, undefined, 'test', () => 'test') };
    case 'systemd':
      return { kind: 'systemd', found: lines(INI_COMMENT, deployedLook) };
    case 'gunicorn':
      return { kind: 'gunicorn', found: lines(HASH_COMMENT, deployedLook, file.repoRelPath.endsWith('.py')) };
    case 'uwsgi':
      return { kind: 'uwsgi', found: iniOrYaml(file, deployedLook) };
    case 'ini':
    case 'conf': {
      const kind = iniKind(file.repoRelPath, text);
      return { kind, found: iniOrYaml(file, kind === 'ci' ? 'test' : kind === 'deployment' ? look : deployedLook) };
    }
    case 'elastic-beanstalk':
      return { kind: 'elastic-beanstalk', found: iniOrYaml(file, deployedLook) };
    case 'env-file':
      return { kind: 'env-file', found: envFileModules(file.absPath, variable).map((item) => ({ ...item, look })) };
    case 'script':
      return { kind: 'script', found: lines(HASH_COMMENT, look) };
    case 'yaml':
      return yamlByContent(file);
  }
}

/** A YAML file known by its content: compose, Kubernetes, Helm values, uwsgi, Beanstalk, a workflow, or other. */
function yamlByContent(file: FileToRead): { kind: string; found: FoundModule[] } {
  const { text, look, repoRelPath } = file;
  const deployedLook = deployed(file);
  const documents = parseYaml(text);
  const keys = documents ? rootKeys(documents) : new Set<string>();
  const folders = repoRelPath.toLowerCase().split('/').slice(0, -1);
  const name = repoRelPath.split('/').pop()!.toLowerCase();
  if (keys.has('services') && !keys.has('apiVersion')) {
    // A Docker Swarm stack file (`docker-stack.yml`) is deployed; a compose file of another name says nothing.
    const composeLook = /stack/.test(name) ? deployedLook : look;
    return {
      kind: 'compose',
      found: composeModules(file, documents, composeLook),
    };
  }
  if (keys.has('jobs') && keys.has('on')) {
    return { kind: 'ci', found: structuredModules(file, documents, 'test', () => 'test') };
  }
  if (keys.has('uwsgi')) return { kind: 'uwsgi', found: structuredModules(file, documents, deployedLook) };
  if (keys.has('option_settings')) {
    return { kind: 'elastic-beanstalk', found: structuredModules(file, documents, deployedLook) };
  }
  const helm = folders.some((folder) => HELM_FOLDERS.has(folder)) || name.startsWith('values');
  if (helm) return { kind: 'helm', found: structuredModules(file, documents, deployedLook) };
  const kubernetes =
    (keys.has('apiVersion') && keys.has('kind')) || folders.some((folder) => KUBERNETES_FOLDERS.has(folder));
  if (kubernetes) return { kind: 'kubernetes', found: structuredModules(file, documents, deployedLook) };
  return { kind: 'deployment', found: structuredModules(file, documents, look) };
}

/**
 * YAML or JSON evidence, looked at from the innermost mapping key out (`environments.test.env`, a Helm values
 * `dev:` block), then the file's own look.
 */
function structuredModules(
  file: FileToRead,
  documents: ReturnType<typeof parseYaml>,
  fileLook: EvidenceLook,
  override?: (keys: string[]) => EvidenceLook,
): FoundModule[] {
  return yamlMentions(file.text, file.variable, documents).map((mention) => ({
    module: mention.module,
    line: mention.line,
    look: override ? override(mention.keys) : firstSaying(...[...mention.keys].reverse().map(nameLook), fileLook),
    context: mention.keys.join('.') || undefined,
  }));
}

function iniOrYaml(file: FileToRead, look: EvidenceLook): FoundModule[] {
  if (/\.(ya?ml|json|config)$/i.test(file.repoRelPath)) return structuredModules(file, undefined, look);
  return lineFileModules(file.text, file.variable, { comments: INI_COMMENT, commands: true, look: () => look });
}

function iniKind(repoRelPath: string, text: string): string {
  const name = repoRelPath.toLowerCase();
  if (/^\s*\[uwsgi\]/m.test(text) || name.includes('uwsgi')) return 'uwsgi';
  if (/^\s*\[program:/m.test(text) || name.includes('supervisor')) return 'supervisor';
  if (/^\s*\[(pytest|tox|testenv)/m.test(text)) return 'ci';
  return 'deployment';
}

/** The read file's own lines in order, then lines of files it points at (a compose service's env file). */
function ordered(evidence: SettingsEvidence[], absPath: string): SettingsEvidence[] {
  const seen = new Set<string>();
  return evidence
    .filter((item) => {
      const key = `${item.file}\0${item.line}\0${item.module}\0${item.look}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) =>
      a.file === b.file ? a.line - b.line : a.file === absPath ? -1 : b.file === absPath ? 1 : a.file < b.file ? -1 : 1,
    );
}
