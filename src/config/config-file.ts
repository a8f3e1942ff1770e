import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { LEVELS, type Level } from '../finding.js';
import { findRule } from '../rules/registry.js';
import { UsageError } from '../usage-error.js';

export const CONFIG_FILE_NAME = '.django-security.yml';

export type FailOn = Level | 'never';
export const FAIL_ON_VALUES: readonly FailOn[] = ['error', 'warning', 'note', 'never'];

export interface GateConfig {
  /** Where it was read from, when a file was found. */
  file?: string;
  /** The folder of that file, which relative paths in it start from. */
  folder?: string;
  failOn?: FailOn;
  settings?: string;
  exclude: string[];
  /** Per-rule level overrides; `off` drops the rule's findings. */
  rules: Map<string, Level | 'off'>;
  maxFileBytes?: number;
  baseline?: string;
  env: Map<string, string>;
  /** The Django release to judge against, e.g. "4.2", when the project files do not say. */
  djangoVersion?: string;
  /** TLS ends at a proxy in front of Django. */
  tlsTerminatedByProxy?: boolean;
  /** Seconds `check --deploy` may take before it counts as failed. */
  deployCheckTimeout?: number;
  /** Restrict `check --deploy` to these check tags (e.g. security). */
  deployCheckTags: string[];
  /** Level of a deploy-check-failed finding. */
  deployCheckFailure?: Level;
  /** Other tools' suppression comments honoured as ours (`nosec`, `noqa`); none by default. */
  suppressionComments: Array<'nosec' | 'noqa'>;
}

/** A config file the gate cannot use: the message carries file, line and column. */
export class ConfigError extends UsageError {}

const KNOWN_KEYS = [
  'fail-on',
  'settings',
  'exclude',
  'rules',
  'max-file-size',
  'baseline',
  'env',
  'django-version',
  'tls-terminated-by-proxy',
  'deploy-check-timeout',
  'deploy-check-tags',
  'deploy-check-failure',
  'suppression-comments',
];

export function emptyConfig(): GateConfig {
  return { exclude: [], rules: new Map(), env: new Map(), deployCheckTags: [], suppressionComments: [] };
}

/** The config file to use: the one named, else `.django-security.yml` in the scanned folder or the repository root. */
export function locateConfig(explicit: string | undefined, path: string, repoRoot: string): string | undefined {
  if (explicit) {
    if (!existsSync(explicit)) throw new ConfigError(`config file ${explicit} does not exist`);
    if (statSync(explicit).isDirectory())
      throw new ConfigError(
        `config file ${explicit} is a folder: give the path of the config file (${CONFIG_FILE_NAME})`,
      );
    return explicit;
  }
  for (const folder of [path, repoRoot]) {
    const candidate = join(folder, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function loadConfig(file: string | undefined, repoRoot: string): GateConfig {
  if (!file) return emptyConfig();
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `config file ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  const config = parseConfig(text, relative(repoRoot, file) || file);
  config.folder = dirname(resolve(file));
  return config;
}

export function parseConfig(text: string, fileLabel: string): GateConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const where = (node: YamlNode | { range?: [number, number, number] } | null | undefined): string => {
    const offset = node && 'range' in node && node.range ? node.range[0] : 0;
    const { line, col } = lineCounter.linePos(offset);
    return `${fileLabel}:${line}:${col}`;
  };
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    const { line, col } = lineCounter.linePos(error.pos[0]);
    throw new ConfigError(`${fileLabel}:${line}:${col}: ${error.message.split('\n')[0]}`);
  }
  const config = emptyConfig();
  config.file = fileLabel;
  const root = document.contents;
  if (root === null || root === undefined) return config;
  if (!isMap(root)) throw new ConfigError(`${where(root)}: the config file must be a mapping of keys to values`);

  for (const pair of root.items) {
    const keyNode = pair.key as YamlNode;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const valueNode = pair.value as YamlNode | null;
    const scalar = (): string => {
      if (!isScalar(valueNode) || valueNode.value === null)
        throw new ConfigError(`${where(valueNode ?? keyNode)}: ${key} must be a single value`);
      return String(valueNode.value);
    };
    switch (key) {
      case 'fail-on': {
        const value = scalar();
        if (!FAIL_ON_VALUES.includes(value as FailOn)) {
          throw new ConfigError(
            `${where(valueNode)}: fail-on must be one of ${FAIL_ON_VALUES.join(', ')}, not "${value}"`,
          );
        }
        config.failOn = value as FailOn;
        break;
      }
      case 'settings':
        config.settings = scalar();
        break;
      case 'baseline':
        config.baseline = scalar();
        break;
      case 'django-version': {
        const value = scalar();
        if (!/^\d+\.\d+(\.\d+)?$/.test(value)) {
          throw new ConfigError(`${where(valueNode)}: django-version must look like 4.2 or 5.2.3, not "${value}"`);
        }
        config.djangoVersion = value;
        break;
      }
      case 'deploy-check-timeout': {
        const value = Number(scalar());
        if (!Number.isFinite(value) || value <= 0) {
          throw new ConfigError(`${where(valueNode)}: deploy-check-timeout must be a positive number of seconds`);
        }
        config.deployCheckTimeout = value;
        break;
      }
      case 'deploy-check-tags': {
        if (!isSeq(valueNode))
          throw new ConfigError(`${where(valueNode ?? keyNode)}: deploy-check-tags must be a list of check tags`);
        for (const item of valueNode.items) {
          if (!isScalar(item) || typeof item.value !== 'string' || !/^[\w-]+$/.test(item.value)) {
            throw new ConfigError(`${where(item as YamlNode)}: each deploy-check tag must be a word such as security`);
          }
          config.deployCheckTags.push(item.value);
        }
        break;
      }
      case 'deploy-check-failure': {
        const value = scalar();
        if (value !== 'error' && value !== 'warning') {
          throw new ConfigError(`${where(valueNode)}: deploy-check-failure must be error or warning, not "${value}"`);
        }
        config.deployCheckFailure = value;
        break;
      }
      case 'tls-terminated-by-proxy': {
        if (!isScalar(valueNode) || typeof valueNode.value !== 'boolean') {
          throw new ConfigError(`${where(valueNode ?? keyNode)}: tls-terminated-by-proxy must be true or false`);
        }
        config.tlsTerminatedByProxy = valueNode.value;
        break;
      }
      case 'max-file-size': {
        const value = Number(scalar());
        if (!Number.isInteger(value) || value <= 0) {
          throw new ConfigError(`${where(valueNode)}: max-file-size must be a positive number of bytes`);
        }
        config.maxFileBytes = value;
        break;
      }
      case 'exclude': {
        if (!isSeq(valueNode))
          throw new ConfigError(`${where(valueNode ?? keyNode)}: exclude must be a list of paths or glob patterns`);
        for (const item of valueNode.items) {
          if (!isScalar(item) || typeof item.value !== 'string') {
            throw new ConfigError(`${where(item as YamlNode)}: each exclude entry must be a string`);
          }
          config.exclude.push(item.value);
        }
        break;
      }
      case 'rules': {
        if (!isMap(valueNode))
          throw new ConfigError(
            `${where(valueNode ?? keyNode)}: rules must map rule ids to off, error, warning or note`,
          );
        for (const rulePair of valueNode.items) {
          const idNode = rulePair.key as YamlNode;
          const id = isScalar(idNode) ? String(idNode.value) : '';
          if (!findRule(id))
            throw new ConfigError(
              `${where(idNode)}: unknown rule "${id}" (django-security-gate --list-rules lists them)`,
            );
          const levelNode = rulePair.value as YamlNode;
          const level = isScalar(levelNode) ? String(levelNode.value) : '';
          if (level !== 'off' && !LEVELS.includes(level as Level)) {
            throw new ConfigError(
              `${where(levelNode)}: rule ${id} must be set to off, error, warning or note, not "${level}"`,
            );
          }
          config.rules.set(id, level as Level | 'off');
        }
        break;
      }
      case 'suppression-comments': {
        if (!isSeq(valueNode))
          throw new ConfigError(`${where(valueNode ?? keyNode)}: suppression-comments must be a list of nosec, noqa`);
        for (const item of valueNode.items) {
          const dialect = isScalar(item) ? String(item.value) : '';
          if (dialect !== 'nosec' && dialect !== 'noqa')
            throw new ConfigError(
              `${where(item as YamlNode)}: suppression-comments lists nosec or noqa, not "${dialect}"`,
            );
          config.suppressionComments.push(dialect);
        }
        break;
      }
      case 'env': {
        if (!isMap(valueNode))
          throw new ConfigError(`${where(valueNode ?? keyNode)}: env must map variable names to values`);
        for (const envPair of valueNode.items) {
          const name = isScalar(envPair.key) ? String(envPair.key.value) : '';
          const value = envPair.value;
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || !isScalar(value)) {
            throw new ConfigError(`${where(envPair.key as YamlNode)}: env entries must be NAME: value`);
          }
          config.env.set(name, String(value.value ?? ''));
        }
        break;
      }
      default:
        throw new ConfigError(`${where(keyNode)}: unknown key "${key}" (known keys: ${KNOWN_KEYS.join(', ')})`);
    }
  }
  return config;
}
