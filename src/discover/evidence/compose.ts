import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import type { FoundModule } from './found-module.js';
import { firstSaying, nameLook, pathLook, type EvidenceLook } from './look.js';
import type { VariableShapes } from './settings-assignments.js';
import { linesOf } from './text-lines.js';
import { yamlMentions } from './yaml-mentions.js';

export const MAX_EVIDENCE_FILE_BYTES = 1024 * 1024;

/**
 * Settings modules a compose file gives its services: `environment:` as a map or a list, commands with
 * `--settings`, and `env_file:` entries naming a committed env file that sets the module (found at that file's
 * line). A service named for development or tests (`dev`, `test`, `ci`) looks so; otherwise the compose file's
 * name decides (`docker-compose.dev.yml`, `local.yml`, `production.yml`), then the env file's path
 * (`.envs/.production/.django`).
 */
export function composeModules(
  text: string,
  documents: Document.Parsed[] | undefined,
  composePath: string,
  repoRoot: string,
  fileLook: EvidenceLook,
  variable: VariableShapes,
): FoundModule[] {
  const found: FoundModule[] = [];
  for (const mention of yamlMentions(text, variable, documents)) {
    const service = serviceOf(mention.keys);
    found.push({
      module: mention.module,
      line: mention.line,
      look: firstSaying(service ? nameLook(service) : 'neutral', fileLook),
      context: service,
    });
  }
  for (const document of documents ?? []) {
    for (const [service, envFile] of envFiles(document)) {
      const absolute = resolve(dirname(composePath), envFile);
      if (absolute !== repoRoot && !absolute.startsWith(repoRoot + sep)) continue;
      const relative = absolute
        .slice(repoRoot.length + 1)
        .split(sep)
        .join('/');
      const look = firstSaying(nameLook(service), fileLook, pathLook(relative));
      for (const { module, line } of envFileModules(absolute, variable)) {
        found.push({ module, line, look, context: service, file: absolute });
      }
    }
  }
  return found;
}

function serviceOf(keys: string[]): string | undefined {
  if (keys[0] === 'services') return keys[1];
  // Compose file format 1 has services at the root.
  if (
    keys.length > 1 &&
    !keys[0]!.startsWith('x-') &&
    !['volumes', 'networks', 'configs', 'secrets'].includes(keys[0]!)
  ) {
    return keys[0];
  }
  return undefined;
}

/** `[service, path]` for every `env_file:` entry: a string, a list of strings, or a list of `{ path: }`. */
function envFiles(document: Document.Parsed): [string, string][] {
  const root = document.contents;
  if (!isMap(root)) return [];
  const servicesNode = root.items.find((pair) => isScalar(pair.key) && pair.key.value === 'services')?.value;
  const services = isMap(servicesNode) ? servicesNode : root;
  const entries: [string, string][] = [];
  for (const pair of services.items) {
    if (!isScalar(pair.key) || !isMap(pair.value)) continue;
    const service = String(pair.key.value);
    const envFile = pair.value.items.find((item) => isScalar(item.key) && item.key.value === 'env_file')?.value;
    const items = isSeq(envFile) ? envFile.items : [envFile];
    for (const item of items) {
      const path = isScalar(item)
        ? item.value
        : isMap(item)
          ? item.items.find((entry) => isScalar(entry.key) && entry.key.value === 'path')?.value
          : undefined;
      const value = isScalar(path) ? path.value : path;
      if (typeof value === 'string' && !value.includes('$')) entries.push([service, value]);
    }
  }
  return entries;
}

/** `KEY=value` lines of an env file, comments skipped; a missing or oversized file gives nothing. */
export function envFileModules(absPath: string, variable: VariableShapes): { module: string; line: number }[] {
  let text: string;
  try {
    if (statSync(absPath).size > MAX_EVIDENCE_FILE_BYTES) return [];
    text = readFileSync(absPath, 'utf8');
  } catch {
    return [];
  }
  if (!text.includes(variable.name)) return [];
  const modules: { module: string; line: number }[] = [];
  linesOf(text).forEach((line, index) => {
    if (/^\s*#/.test(line)) return;
    for (const mention of variable.environmentMentions(line)) modules.push({ module: mention.module, line: index + 1 });
  });
  return modules;
}
