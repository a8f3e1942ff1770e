import type { GateConfig } from '../config/config-file.js';
import type { DeploymentFacts } from '../rules/rule.js';
import { findPackageSpecifier, seriesFromSpecifier } from './django-version.js';

/**
 * What the config file says about the deployment, and what the project's requirements say about the
 * libraries whose behaviour the settings rules depend on (django-csp 3 and 4 read different settings).
 */
export function detectDeploymentFacts(
  folders: readonly string[],
  config: GateConfig,
  repoRoot: string,
): DeploymentFacts {
  const facts: DeploymentFacts = { tlsTerminatedByProxy: config.tlsTerminatedByProxy };
  const csp = findPackageSpecifier(folders, 'django-csp', repoRoot);
  if (csp) {
    // An unpinned requirement installs the newest release, which is django-csp 4.
    const version = csp.specifier
      ? seriesFromSpecifier(csp.specifier, [
          [3, 0],
          [4, 0],
        ])
      : [4, 0];
    if (version) {
      facts.djangoCspMajor = version[0];
      facts.djangoCspSource = csp.file;
    }
  }
  return facts;
}
