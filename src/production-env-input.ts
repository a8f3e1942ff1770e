import { readFileSync, statSync } from 'node:fs';
import { parseEnvAssignment, parseEnvLines } from './settings/production-environment.js';
import { UsageError } from './usage-error.js';

/**
 * The production environment from the user's inputs, later sources winning: the environment file, then each
 * --env KEY=VALUE (the action's multi-line `env` input is the same KEY=VALUE form). `fileOption` is the option
 * the file came from, to name it in messages.
 */
export function productionEnvironmentFrom(
  envFile: string | undefined,
  assignments: readonly string[],
  fileOption = '--environment-file',
): Map<string, string> {
  const environment = new Map<string, string>();
  if (envFile !== undefined) {
    for (const [key, value] of parseEnvLines(readEnvFile(envFile, fileOption), envFile)) environment.set(key, value);
  }
  for (const assignment of assignments) {
    const [key, value] = parseEnvAssignment(assignment);
    environment.set(key, value);
  }
  return environment;
}

/** The file's text, or a one-line reason naming the path: missing, a folder, or unreadable. */
function readEnvFile(path: string, option: string): string {
  let isFolder;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    throw new UsageError(`${option} ${path} does not exist: give the path of a file of KEY=VALUE lines`);
  }
  if (isFolder) throw new UsageError(`${option} ${path} is a folder: give the path of a file of KEY=VALUE lines`);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${option} ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
