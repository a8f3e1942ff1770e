// A deterministic matrix of Django settings modules for the conformance test (__tests__/conformance.test.ts),
// which runs each one through real Django's deploy checks and through the static rules.
//
// The matrix is built from a clean baseline (settings on which no deploy check fires) in five groups:
//   one/      every value of every dimension, alone on the baseline;
//   pairwise/ the dimensions crossed so that every pair of values of two dimensions appears together at
//             least once (a greedy covering array, deterministic);
//   cross/    full crosses where a check depends on three things at once (session app x middleware x
//             cookie flag, CSRF middleware x CSRF_USE_SESSIONS x cookie flag, SecurityMiddleware x HSTS
//             seconds x subdomains/preload, the middleware flags, SECRET_KEY x fallbacks);
//   env/      values read from the environment with defaults, written as real projects write them;
//   project/  startproject-like and split (base + production) settings packages.
// Identical modules are generated once. No randomness: the same code gives the same matrix.
//
// Environment variables read by the settings are all named DSG_CONF_*; the conformance test runs Django
// with none of them set and the static model with an empty production environment, so both use defaults.

import { type SettingsConfiguration } from './settings-matrix/configuration.js';
import { crossGroup, oneFactor, pairwiseGroup } from './settings-matrix/dimension-groups.js';
import { envGroup } from './settings-matrix/env-group.js';
import { projectGroup } from './settings-matrix/project-group.js';
import { header, renderBody } from './settings-matrix/rendering.js';
export {
  ENV_PREFIX,
  expectedLoadError,
  type ExpectedLoadError,
  type SettingsConfiguration,
} from './settings-matrix/configuration.js';
export { STRONG_KEY } from './settings-matrix/dimensions.js';

// ---------------------------------------------------------------------------------------------------------

let cachedMatrix: SettingsConfiguration[] | undefined;

/** Every configuration of the matrix, in a fixed order; identical modules appear once (the first id wins). */
export function settingsMatrix(): SettingsConfiguration[] {
  if (cachedMatrix) return cachedMatrix;
  const entries = [...oneFactor(), ...pairwiseGroup(), ...crossGroup(), ...envGroup(), ...projectGroup()];
  const seen = new Set<string>();
  const configurations: SettingsConfiguration[] = [];
  for (const entry of entries) {
    const name = `cfg_${String(configurations.length + 1).padStart(4, '0')}`;
    let configuration: SettingsConfiguration;
    if (entry.point) {
      const { body, loadError, summary } = renderBody(entry.point);
      const source = header(entry.point.imports) + body + '\n';
      configuration = {
        id: entry.id,
        module: name,
        files: { [`${name}.py`]: source },
        source,
        summary: summary.join('; ') || 'baseline',
        requires: entry.point.requires ?? [],
        ...(loadError ? { loadError } : {}),
      };
    } else {
      const pkg = entry.package!;
      const files = Object.fromEntries(
        Object.entries(pkg.files).map(([path, text]) => [`${name}/${path}`, text] as const),
      );
      if (!(`${name}/__init__.py` in files)) files[`${name}/__init__.py`] = '';
      configuration = {
        id: entry.id,
        module: `${name}.${pkg.module}`,
        files,
        source: files[`${name}/${pkg.module}.py`]!,
        summary: pkg.summary,
        requires: pkg.requires ?? [],
      };
    }
    const fingerprint = JSON.stringify(
      Object.entries(configuration.files).map(([path, text]) => [path.slice(name.length), text]),
    );
    if (seen.has(fingerprint)) continue;
    seen.add(fingerprint);
    configurations.push(configuration);
  }
  cachedMatrix = configurations;
  return configurations;
}
