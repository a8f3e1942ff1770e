import type { GateConfig } from '../config/config-file.js';
import type { DeploymentFacts } from '../rules/rule.js';
import { findPackageSpecifier, seriesFromSpecifier } from './django-version.js';

/**
 * What the config file says about the deployment, and what the project's requirements (the nearest that
 * name each library, as for Django's version) say about the libraries whose behaviour the settings rules depend on (django-csp 3 and 4 read different settings).
 */
export function detectDeploymentFacts(projectRoot: string, repoRoot: string, config: GateConfig): DeploymentFacts {
  const facts: DeploymentFacts = { tlsTerminatedByProxy: config.tlsTerminatedByProxy };
  const csp = findPackageSpecifier(projectRoot, repoRoot, 'django-csp');
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
