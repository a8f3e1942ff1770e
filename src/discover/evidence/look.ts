/**
 * Whether a name (a settings module, a file path, a compose service, a Dockerfile stage, a docs heading) says
 * production, development or test. Staging counts as production: a staging deployment runs the production
 * settings (or a module importing them) to rehearse production, so its evidence points where production does.
 */

export type EvidenceLook = 'production' | 'neutral' | 'development' | 'test';

const MODULE_DEVELOPMENT = new Set(['dev', 'development', 'develop', 'local', 'debug']);
const MODULE_TEST = new Set([
  'test',
  'tests',
  'testing',
  'ci',
  'pytest',
  'test_settings',
  'settings_test',
  'tests_settings',
]);
const MODULE_PRODUCTION = new Set(['prod', 'production', 'deploy', 'deployment', 'live', 'release']);

/**
 * What a settings module's own name says: its last part (`config.settings.local`, `foo.test_settings`,
 * `bakerydemo.settings.production`). A pure function of the name; what the module imports is judged elsewhere.
 * A `staging` module stays neutral: unlike a staging deployment file, it is a module of its own, not production's.
 */
export function moduleLook(module: string): EvidenceLook {
  const last = module.split('.').pop()!.toLowerCase();
  const look = moduleWordLook(last);
  if (look !== 'neutral') return look;
  // `settings_dev`, `dev_settings`, `prod_settings`: the word beside "settings" decides.
  const words = last.split('_').filter((word) => word !== 'settings' && word !== 'config');
  return words.length === 1 && words[0] !== last ? moduleWordLook(words[0]!) : 'neutral';
}

function moduleWordLook(word: string): EvidenceLook {
  if (MODULE_TEST.has(word)) return 'test';
  if (MODULE_DEVELOPMENT.has(word)) return 'development';
  if (MODULE_PRODUCTION.has(word)) return 'production';
  return 'neutral';
}

const WORD_DEVELOPMENT = new Set([
  'dev',
  'development',
  'develop',
  'developing',
  'local',
  'debug',
  'devcontainer',
  'vagrant',
  'contributing',
]);
const WORD_TEST = new Set(['test', 'tests', 'testing', 'ci', 'e2e', 'integration', 'pytest', 'unittest']);
const WORD_PRODUCTION = new Set([
  'prod',
  'production',
  'release',
  'deploy',
  'deploying',
  'deployment',
  'deployments',
  'live',
  'staging',
  'stage',
  'stg',
]);

/** What one word says, ignoring case. */
export function wordLook(word: string): EvidenceLook {
  const lower = word.toLowerCase();
  if (WORD_TEST.has(lower)) return 'test';
  if (WORD_DEVELOPMENT.has(lower)) return 'development';
  if (WORD_PRODUCTION.has(lower)) return 'production';
  return 'neutral';
}

/** What a name made of words (`docker-compose.dev.yml`, `test_runner`, `Deploying to production`) says. */
export function nameLook(name: string): EvidenceLook {
  const looks = name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(wordLook)
    .filter((look) => look !== 'neutral');
  // Development and test words outweigh production ones: `deploy-dev`, `prod-test` are not production.
  if (looks.includes('test')) return 'test';
  if (looks.includes('development')) return 'development';
  return looks[0] ?? 'neutral';
}

/** Folders whose files deploy somewhere: they look like production unless a name in the path says otherwise. */
const DEPLOYMENT_FOLDERS = new Set([
  'k8s',
  'kubernetes',
  'kube',
  'helm',
  'charts',
  'chart',
  'deploy',
  'deployment',
  'deployments',
  'manifests',
  'infra',
  'infrastructure',
  'ops',
  'ansible',
  'terraform',
  '.platform',
  '.ebextensions',
]);

const CI_FOLDERS = new Set(['.github', '.gitlab', '.circleci', '.buildkite']);
const EXAMPLE_FOLDERS = new Set(['example', 'examples', 'sample', 'samples', 'demo', 'demos']);
const DOCS_FOLDERS = new Set(['docs', 'doc', 'documentation']);

/** Whether a path sits among examples or documentation: its files show a shape to copy and deploy nothing themselves. */
export function isExamplePath(repoRelPath: string): boolean {
  const folders = repoRelPath.toLowerCase().split('/').slice(0, -1);
  return folders.some((folder) => EXAMPLE_FOLDERS.has(folder) || DOCS_FOLDERS.has(folder));
}

/**
 * What a repository-relative path says, from the file name up: the nearest name that says something wins
 * (`deploy/dev/values.yaml` is development, `docker/dev/../Dockerfile.prod` production). A path through a
 * deployment folder that says nothing else looks like production.
 */
export function pathLook(repoRelPath: string): EvidenceLook {
  const parts = repoRelPath.split('/').filter(Boolean);
  for (let i = parts.length - 1; i >= 0; i--) {
    const look = nameLook(parts[i]!);
    if (look !== 'neutral') return look;
  }
  const folders = parts.slice(0, -1).map((part) => part.toLowerCase());
  if (isExamplePath(repoRelPath)) return 'neutral';
  // Scripts and configs that CI runs (`.github/workflows/scripts/script.sh`) set up a test run.
  if (CI_FOLDERS.has(folders[0] ?? '')) return 'test';
  return folders.some((folder) => DEPLOYMENT_FOLDERS.has(folder)) ? 'production' : 'neutral';
}

/** The first look that says something. */
export function firstSaying(...looks: EvidenceLook[]): EvidenceLook {
  return looks.find((look) => look !== 'neutral') ?? 'neutral';
}
