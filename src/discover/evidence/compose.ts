import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import type { FileToRead, FoundModule } from './reading.js';
import { firstSaying, nameLook, pathLook, type EvidenceLook } from './look.js';
import type { VariableShapes } from './settings-assignments.js';
import { linesOf } from './text-lines.js';
import { yamlMentions } from './yaml-mentions.js';

export const MAX_EVIDENCE_FILE_BYTES = 1024 * 1024;

/**
 * Settings modules a compose file gives its services: `environment:` as a map or a list, commands with
 * `--settings`, and `env_file:` entries naming a committed env file that sets the module (found at that file's
 * line). A service that says development or tests (its name `dev`/`test`/`ci`, its `build.target` stage, its
 * `profiles`) looks so; otherwise the compose file's name decides (`docker-compose.dev.yml`, `local.yml`,
 * `production.yml`), then the env file's path (`.envs/.production/.django`).
 */
export function composeModules(
  file: FileToRead,
  documents: Document.Parsed[] | undefined,
  fileLook: EvidenceLook,
): FoundModule[] {
  const { text, repoRoot, variable } = file;
  const services = servicesOf(documents ?? []);
  const lookOf = (service: string | undefined) =>
    service ? (services.get(service)?.look ?? nameLook(service)) : 'neutral';
  const found: FoundModule[] = [];
  for (const mention of yamlMentions(text, variable, documents)) {
    const service = serviceOf(mention.keys);
    found.push({
      module: mention.module,
      line: mention.line,
      look: firstSaying(lookOf(service), fileLook),
      context: service,
    });
  }
  for (const [service, { envFiles }] of services) {
    for (const envFile of envFiles) {
      const absolute = resolve(dirname(file.absPath), envFile);
      if (absolute !== repoRoot && !absolute.startsWith(repoRoot + sep)) continue;
      if (!file.isShipped(absolute)) continue;
      const relative = absolute
        .slice(repoRoot.length + 1)
        .split(sep)
        .join('/');
      const look = firstSaying(lookOf(service), fileLook, pathLook(relative));
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
  if (keys.length > 1 && !keys[0]!.startsWith('x-') && !NOT_SERVICES.has(keys[0]!)) return keys[0];
  return undefined;
}

const NOT_SERVICES = new Set(['version', 'name', 'volumes', 'networks', 'configs', 'secrets', 'include']);

interface Service {
  look: EvidenceLook;
  /** `env_file:` paths: a string, a list of strings, or a list of `{ path: }`. */
  envFiles: string[];
}

/** Each service by name, with how it looks and the env files it reads. */
function servicesOf(documents: Document.Parsed[]): Map<string, Service> {
  const services = new Map<string, Service>();
  for (const document of documents) {
    const root = document.contents;
    if (!isMap(root)) continue;
    const listed = valueOf(root, 'services');
    const entries = isMap(listed)
      ? listed.items
      : root.items.filter((pair) => isScalar(pair.key) && !NOT_SERVICES.has(String(pair.key.value)));
    for (const pair of entries) {
      if (!isScalar(pair.key) || !isMap(pair.value)) continue;
      const name = String(pair.key.value);
      const node = pair.value;
      const build = valueOf(node, 'build');
      const target = isMap(build) ? scalarText(valueOf(build, 'target')) : undefined;
      const profiles = valueOf(node, 'profiles');
      const profileNames = isSeq(profiles) ? profiles.items.map(scalarText) : [];
      const look = firstSaying(
        nameLook(name),
        nameLook(target ?? ''),
        ...profileNames.map((profile) => nameLook(profile ?? '')),
      );
      services.set(name, { look, envFiles: envFilesOf(valueOf(node, 'env_file')) });
    }
  }
  return services;
}

function envFilesOf(envFile: unknown): string[] {
  const items = isSeq(envFile) ? envFile.items : [envFile];
  return items
    .map((item) => (isMap(item) ? scalarText(valueOf(item, 'path')) : scalarText(item)))
    .filter((path): path is string => path !== undefined && !path.includes('$'));
}

function valueOf(map: { items: { key: unknown; value: unknown }[] }, key: string): unknown {
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key)?.value;
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
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
