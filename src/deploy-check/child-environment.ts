import { randomBytes } from 'node:crypto';
import { outcomes, type Value } from '../settings/value.js';

/**
 * The environment `manage.py` runs with: the scanner's own, minus everything that would hand the action's
 * credentials or the runner's command files to project code, plus the production environment the user gave.
 */
const SCRUBBED_NAMES = new Set([
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'GITHUB_ENV',
  'GITHUB_OUTPUT',
  'GITHUB_PATH',
  'GITHUB_STATE',
  'GITHUB_STEP_SUMMARY',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
]);

export function isScrubbed(name: string): boolean {
  const upper = name.toUpperCase();
  return upper.startsWith('INPUT_') || upper.startsWith('ACTIONS_') || SCRUBBED_NAMES.has(upper);
}

export function childEnvironment(
  inherited: Readonly<Record<string, string | undefined>>,
  given: ReadonlyMap<string, string>,
  settingsModule: string,
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(inherited)) {
    if (value !== undefined && !isScrubbed(name)) environment[name] = value;
  }
  for (const [name, value] of given) environment[name] = value;
  environment.DJANGO_SETTINGS_MODULE = settingsModule;
  // Python's own output encoding, so messages in any language parse the same way.
  environment.PYTHONIOENCODING = 'utf-8';
  environment.PYTHONUNBUFFERED = '1';
  return environment;
}

/**
 * A key Django's checks accept (50+ characters, many distinct, no "django-insecure-" prefix), new for each
 * run: check --deploy needs a strong key to import the settings, never the real one.
 */
export function throwawaySecretKey(): string {
  return randomBytes(48).toString('base64url');
}

/** Why the child gets a throwaway key: the variable is missing, or given empty (a secret forks do not get). */
export interface ThrowawayKey {
  variable: string;
  because: 'unset' | 'empty';
}

/**
 * The variable SECRET_KEY is read from, when neither the given environment nor the runner's own sets it to
 * something: the one variable check --deploy may get a throwaway value for. None when SECRET_KEY is
 * written in the source, read from a deploy-time module, or any of its variables is set.
 */
export function throwawayKeyFor(
  secretKey: Value,
  given: ReadonlyMap<string, string>,
  inherited: Readonly<Record<string, string | undefined>>,
): ThrowawayKey | undefined {
  // A key chosen by a branch (`if "KEY" in os.environ: ... else: ...`) is read in one of its outcomes.
  const reads = [secretKey, ...outcomes(secretKey)].flatMap((value) => value.env).filter((read) => !read.module);
  const valueOf = (name: string) => given.get(name) ?? (isScrubbed(name) ? undefined : inherited[name]);
  if (reads.some((read) => read.state === 'given' && read.given !== '')) return undefined;
  if (reads.some((read) => valueOf(read.variable))) return undefined;
  const variable = reads.find((read) => !read.variable.endsWith('_FILE'))?.variable;
  if (!variable) return undefined;
  return { variable, because: given.has(variable) ? 'empty' : 'unset' };
}

/**
 * The variables of the child's environment that the settings read, by where they came from (names only:
 * values may be production secrets).
 */
export interface EnvironmentOrigins {
  /** Given with --env / --env-file / the `env` input / the config file's `env`. */
  given: string[];
  /** Not given, but set in the runner's own environment, which the child inherits and the static checks do not see. */
  inherited: string[];
  throwaway?: ThrowawayKey;
}

export function environmentOrigins(
  readVariables: readonly string[],
  given: ReadonlyMap<string, string>,
  inherited: Readonly<Record<string, string | undefined>>,
  throwaway?: ThrowawayKey,
): EnvironmentOrigins {
  const origins: EnvironmentOrigins = {
    given: [...given.keys()].sort(),
    inherited: readVariables.filter(
      (name) =>
        !given.has(name) && inherited[name] !== undefined && !isScrubbed(name) && name !== 'DJANGO_SETTINGS_MODULE',
    ),
  };
  if (throwaway) origins.throwaway = throwaway;
  return origins;
}

/** The transcript's first line: what the child's environment held, by origin. */
export function describeOrigins(origins: EnvironmentOrigins): string {
  const parts = [
    `given: ${origins.given.join(', ') || 'none'}`,
    `inherited from the runner and read by the settings: ${origins.inherited.join(', ') || 'none'}`,
  ];
  if (origins.throwaway) parts.push(`throwaway random value: ${origins.throwaway.variable}`);
  return `Environment variables (names only) — ${parts.join('; ')}.`;
}
