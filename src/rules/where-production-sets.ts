import { readsOf, type EnvRead, type Value } from '../settings/value.js';

/**
 * Where production changes a value the settings read: an environment variable, a name in the deploy-time
 * configuration module (netbox's `getattr(configuration, "NAME", default)`), or, for dynaconf, the
 * PREFIX_NAME variable or the settings file. Fixes say the one that applies: "set NAME in the production
 * environment" is wrong advice for a name production's configuration module sets.
 */

/** The read that decided the value: given, or unset so its default applied. */
export function decidingRead(value: Value): EnvRead | undefined {
  return [...value.env, ...(value.conditions ?? [])].find((read) => read.state !== 'required');
}

/**
 * The read of a deploy-time module attribute among the value's reads (or those of its outcomes, when a
 * condition chose between modules), if any; a module named in the repository's imports comes first.
 */
export function moduleRead(value: Value): EnvRead | undefined {
  const fromModules = readsOf(value).filter((read) => read.module !== undefined);
  return fromModules.find((read) => read.module!.startsWith('the deploy-time module ')) ?? fromModules[0];
}

/** "netbox.configuration (the deploy-time configuration module)", from the read's module wording. */
export function modulePlace(module: string): string {
  const deployTime = /^the deploy-time module (\S+)$/.exec(module);
  if (deployTime) return `${deployTime[1]} (the deploy-time configuration module)`;
  const outside = /^the module (\S+) \(not in the repository\)$/.exec(module);
  if (outside) return `${outside[1]} (a module the repository does not hold)`;
  return `the configuration module production loads (${module})`;
}

/** The setting name a dynaconf read stands for ("DEBUG" for PULP_DEBUG), when the read is dynaconf's. */
function dynaconfName(read: EnvRead): string | undefined {
  return read.orElse ? /dynaconf settings file sets (\w+)$/.exec(read.orElse)?.[1] : undefined;
}

/**
 * "set SECURE_HSTS_SECONDS = 31536000 in netbox.configuration (the deploy-time configuration module)",
 * "set PULP_DEBUG=false in production's environment, or DEBUG in the dynaconf settings file", or
 * "set DJANGO_HSTS=31536000 in production's environment", for `value` written as production would.
 */
export function setInProduction(read: EnvRead, value?: string): string {
  if (read.module) return `set ${read.variable}${value ? ` = ${value}` : ''} in ${modulePlace(read.module)}`;
  const assignment = `${read.variable}${value ? `=${value}` : ''}`;
  const key = dynaconfName(read);
  if (key)
    return `set ${assignment} in production's environment, or ${key} in the dynaconf settings file production reads`;
  return `set ${assignment} in production's environment`;
}

/**
 * A fix written as a settings line (`SESSION_COOKIE_SECURE = True`), said where production changes it
 * when the value is a deploy-time module's default: the module, or the getattr default in the settings.
 */
export function settingFix(value: Value, line: string, setting?: string): string {
  const read = moduleRead(value);
  if (!read || (setting && read.variable !== setting)) return line;
  return `${line} in ${modulePlace(read.module!)}, or make it the default the settings fall back to`;
}

/** The same advice starting a sentence. */
export function setInProductionSentence(read: EnvRead, value?: string): string {
  const advice = setInProduction(read, value);
  return advice.charAt(0).toUpperCase() + advice.slice(1);
}
