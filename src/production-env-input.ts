import { existsSync, readFileSync } from 'node:fs';
import { parseEnvAssignment, parseEnvLines } from './settings/production-environment.js';
import { UsageError } from './usage-error.js';

/**
 * The production environment from the user's inputs, later sources winning: the --env-file, then each
 * --env KEY=VALUE (the action's multi-line `env` input is the same KEY=VALUE form).
 */
export function productionEnvironmentFrom(
  envFile: string | undefined,
  assignments: readonly string[],
): Map<string, string> {
  const environment = new Map<string, string>();
  if (envFile) {
    if (!existsSync(envFile)) throw new UsageError(`--env-file ${envFile} does not exist`);
    for (const [key, value] of parseEnvLines(readFileSync(envFile, 'utf8'), envFile)) environment.set(key, value);
  }
  for (const assignment of assignments) {
    const [key, value] = parseEnvAssignment(assignment);
    environment.set(key, value);
  }
  return environment;
}
