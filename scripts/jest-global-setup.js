// Jest's globalSetup: the end-to-end tests spawn the bundles (index.js as the runner runs it, cli.js as a user
// does), and they must run the src/ being tested, not the committed dist/. So, before any test, src/ is built
// into .cache/test-dist/<hash of its inputs>/ (git-ignored) and the tests find it through DSG_TEST_BUNDLE_DIR.
// A build is reused while its inputs are unchanged, and skipped when no selected test needs it, so a focused
// run of unit tests costs nothing. DSG_TEST_BUNDLE_DIR set by hand (e.g. to `dist`) tests that folder instead.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** The support module every bundle-spawning test reaches (directly or through another support module). */
const BUNDLE_MODULE = '__tests__/support/built-bundle.ts';
/** Files whose change changes the bundles. */
const BUILD_INPUTS = [
  'src',
  'rollup.config.js',
  'package-lock.json',
  'tsconfig.json',
  'scripts/build-bundles-for-tests.js',
];
/** Builds older than this, other than the current one, are removed; a concurrent run may still use a newer one. */
const STALE_MS = 60 * 60 * 1000;

function filesUnder(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => filesUnder(join(path, entry.name)));
}

function inputsHash(rootDir) {
  const hash = createHash('sha256');
  for (const file of BUILD_INPUTS.flatMap((input) => filesUnder(join(rootDir, input)))) {
    hash
      .update(`${relative(rootDir, file)}\0`)
      .update(readFileSync(file))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Relative imports of a test or support file that stay inside __tests__ (`../support/x.js` -> its .ts file). */
function localImports(file) {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]/g)]
    .map((match) => resolve(dirname(file), (match[1] ?? match[2]).replace(/\.js$/, '.ts')))
    .filter((path) => existsSync(path) && path.includes(`${join('__tests__', '')}`));
}

function reachesBundle(file, target, seen = new Set()) {
  if (file === target) return true;
  if (seen.has(file)) return false;
  seen.add(file);
  return localImports(file).some((next) => reachesBundle(next, target, seen));
}

/** Whether this run selects a test that spawns a bundle; when the selection is not a plain path filter, assume so. */
function runNeedsBundle(globalConfig) {
  const { rootDir } = globalConfig;
  if (globalConfig.onlyChanged || globalConfig.findRelatedTests || globalConfig.watch || globalConfig.watchAll)
    return true;
  const patterns = globalConfig.testPathPatterns;
  const selected = filesUnder(join(rootDir, '__tests__')).filter(
    (file) =>
      file.endsWith('.test.ts') &&
      !file.includes(`${join('__tests__', 'fixtures')}`) &&
      (!patterns?.isSet?.() || patterns.toExecutor({ rootDir }).isMatch(file)),
  );
  const target = join(rootDir, BUNDLE_MODULE);
  return selected.some((file) => reachesBundle(file, target));
}

function removeStaleBuilds(cacheDir, current) {
  for (const entry of readdirSync(cacheDir)) {
    const path = join(cacheDir, entry);
    if (entry !== current && Date.now() - statSync(path).mtimeMs > STALE_MS)
      rmSync(path, { recursive: true, force: true });
  }
}

export default function buildBundlesForTests(globalConfig) {
  if (process.env.DSG_TEST_BUNDLE_DIR) return;
  if (!runNeedsBundle(globalConfig)) return;
  const { rootDir } = globalConfig;
  const cacheDir = join(rootDir, '.cache', 'test-dist');
  const hash = inputsHash(rootDir);
  const bundleDir = join(cacheDir, hash);
  mkdirSync(cacheDir, { recursive: true });
  if (!existsSync(join(bundleDir, 'index.js')) || !existsSync(join(bundleDir, 'cli.js'))) {
    // Built beside and renamed into place, so a concurrent run never sees half a build.
    const partial = `${bundleDir}.${process.pid}.partial`;
    const started = Date.now();
    const run = spawnSync(process.execPath, [join(rootDir, 'scripts', 'build-bundles-for-tests.js'), partial], {
      cwd: rootDir,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    if (run.status !== 0) {
      rmSync(partial, { recursive: true, force: true });
      // The tests that need the bundle fail with this reason; the others still run.
      const reason = join(cacheDir, `${hash}.error.txt`);
      writeFileSync(reason, `${run.stderr || run.stdout || `exit ${run.status}`}`);
      process.env.DSG_TEST_BUNDLE_ERROR = reason;
      return;
    }
    try {
      renameSync(partial, bundleDir);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another run finished the same build first
    }
    process.stdout.write(`\nBuilt src/ for the end-to-end tests in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
  }
  removeStaleBuilds(cacheDir, hash);
  process.env.DSG_TEST_BUNDLE_DIR = bundleDir;
}
