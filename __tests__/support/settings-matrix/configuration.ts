// One configuration of the settings matrix, and what Django's loader is expected to do with it.

/** One settings configuration: a module (and the files it lives in), with what to expect of Django's loader. */
export interface SettingsConfiguration {
  /** Readable and unique, e.g. `one/SECURE_HSTS_SECONDS=-1` or `pairwise/017`. */
  id: string;
  /** Dotted module name Django loads, e.g. `cfg_0042` or `cfg_0500.production`. */
  module: string;
  /** Relative path -> source of every file of the configuration (module names are unique per configuration). */
  files: Record<string, string>;
  /** The source of the module itself, for diff tables. */
  source: string;
  /** What differs from the clean baseline, in one line (`SECURE_HSTS_SECONDS=-1; DEBUG="False"`). */
  summary: string;
  /** A load error Django raises from some release on (`django.conf.Settings` validation), if any. */
  loadError?: ExpectedLoadError;
  /** Python modules the settings import besides os (`environ`, `decouple`). */
  requires: string[];
}

export interface ExpectedLoadError {
  /** First release (major, minor) whose loader rejects the settings. */
  since: readonly [number, number];
  message: string;
}

/** The load error Django `major.minor` raises for the configuration, or undefined when it loads. */
export function expectedLoadError(config: SettingsConfiguration, major: number, minor: number): string | undefined {
  const error = config.loadError;
  if (!error) return undefined;
  const [sinceMajor, sinceMinor] = error.since;
  return major > sinceMajor || (major === sinceMajor && minor >= sinceMinor) ? error.message : undefined;
}

/** Prefix of every environment variable the generated settings read. */
export const ENV_PREFIX = 'DSG_CONF_';
