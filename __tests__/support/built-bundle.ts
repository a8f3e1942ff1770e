// Where the end-to-end tests find the bundles: a build of the current src/ that Jest's globalSetup
// (scripts/jest-global-setup.js) made before the run. A test that spawns a bundle must get its path here: the
// setup builds only when a selected test imports this module, directly or through another support module.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type BundleName = 'index.js' | 'cli.js';

/** The absolute path of a bundle built from the current src/ (or of DSG_TEST_BUNDLE_DIR's, when set by hand). */
export function builtBundle(name: BundleName): string {
  const failure = process.env.DSG_TEST_BUNDLE_ERROR;
  if (failure) {
    const reason = existsSync(failure) ? readFileSync(failure, 'utf8') : failure;
    throw new Error(`Building src/ for the end-to-end tests failed:\n${reason}`);
  }
  const folder = process.env.DSG_TEST_BUNDLE_DIR;
  if (!folder) {
    throw new Error(
      'No bundle was built for this run: Jest\'s globalSetup (scripts/jest-global-setup.js) builds one when a selected test imports __tests__/support/built-bundle.ts. Run the tests with "npm test" or npx jest.',
    );
  }
  const path = join(folder, name);
  if (!existsSync(path)) throw new Error(`${path} does not exist: the bundle folder ${folder} holds no ${name}.`);
  return path;
}
