import type { EnvironmentOrigins } from '../deploy-check/child-environment.js';
import { describeSpan } from '../parse/span.js';
import type { SettingsModel } from './settings-model.js';
import { readsOf, type Value } from './value.js';

/** The variables a value was read from, its branch's conditions and each outcome's included. */
export function variablesOf(value: Value): Set<string> {
  return new Set(
    readsOf(value)
      .filter((read) => !read.module)
      .map((read) => read.variable),
  );
}

/** Which settings each variable fed ("DJANGO_DEBUG" → ["DEBUG", "TEMPLATE_DEBUG"]). */
export function settingsByVariable(settings: SettingsModel): Map<string, string[]> {
  const fed = new Map<string, string[]>();
  for (const name of settings.names()) {
    for (const variable of variablesOf(settings.get(name).value))
      fed.set(variable, [...(fed.get(variable) ?? []), name]);
  }
  return fed;
}

/**
 * One remark for the fallbacks the given environment hid: the rules judged production's values, so a key or
 * DEBUG written as a read's default was not judged; saying where keeps that trade-off visible.
 */
export function hiddenFallbacksRemark(settings: SettingsModel): string | undefined {
  const hidden = settings.environment.reads.hiddenFallbacks();
  if (hidden.length === 0) return undefined;
  const fed = settingsByVariable(settings);
  const listed = hidden.map((read) => {
    const settingNames = fed.get(read.variable);
    const feeds = settingNames?.length ? ` for ${settingNames.join(', ')}` : '';
    return `${read.variable}${feeds} at ${describeSpan(read.literalFallback ?? read.span)}`;
  });
  return `Fallbacks not judged because the environment given sets their variables: ${listed.join('; ')}. The rules judged the given values; the code's own fallback still applies wherever the variable is unset (a local run, a deployment that forgets it). Leave a variable out of the env to judge its fallback.`;
}

/** Names only: what the settings of `module` were judged and checked with, by where each variable came from. */
export function originsRemark(module: string, origins: EnvironmentOrigins): string | undefined {
  const parts: string[] = [];
  if (origins.given.length > 0) parts.push(`given: ${origins.given.join(', ')}`);
  if (origins.inherited.length > 0) {
    const them = origins.inherited.length === 1 ? 'it' : 'them';
    parts.push(
      `from the runner's own environment: ${origins.inherited.join(', ')} (manage.py check --deploy sees ${them}, the static checks do not: give ${them} in the env / --env to judge production's value, or unset ${them} in the step)`,
    );
  }
  if (parts.length === 0) return undefined;
  return `Environment of ${module} (names only): ${parts.join('; ')}.`;
}

/** Said wherever the run is reported: check --deploy ran with a key nobody gave, and the static checks never saw it. */
export function throwawayRemark(
  module: string,
  origins: EnvironmentOrigins,
  settings: SettingsModel,
): string | undefined {
  const throwaway = origins.throwaway;
  if (!throwaway) return undefined;
  const why =
    throwaway.because === 'empty'
      ? `the environment given sets ${throwaway.variable} empty (a secret a fork's pull request does not get)`
      : `the environment given does not set ${throwaway.variable}`;
  const where = settings.get('SECRET_KEY').origin;
  return `manage.py check --deploy ran ${module} with a throwaway random ${throwaway.variable} because ${why} (SECRET_KEY is read from it at ${describeSpan(where)}). The static checks judged the code's own value, not this key; no secret is needed.`;
}
