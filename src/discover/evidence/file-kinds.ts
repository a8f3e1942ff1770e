/**
 * Which deployment or documentation file a repository-relative path names, by its name and folders only:
 * the walk asks this for every file, so nothing here reads the disk.
 */

export type FileShape =
  | 'dockerfile'
  | 'compose'
  | 'procfile'
  | 'platform-yaml'
  | 'platform-json'
  | 'nginx-unit'
  | 'zappa'
  | 'terraform'
  | 'platform-toml'
  | 'yaml'
  | 'systemd'
  | 'gunicorn'
  | 'uwsgi'
  | 'ini'
  | 'conf'
  | 'elastic-beanstalk'
  | 'ci-yaml'
  | 'ci-ini'
  | 'pyproject'
  | 'env-file'
  | 'script';

/** Folders that hold Helm charts and Kubernetes manifests. */
export const HELM_FOLDERS = new Set(['helm', 'charts', 'chart']);
export const KUBERNETES_FOLDERS = new Set(['k8s', 'kubernetes', 'kube', 'manifests', 'kustomize', 'overlays']);
const YAML = /\.ya?ml(\.(gotmpl|tpl))?$/;
/** Copy-me templates (`Dockerfile.example`, `.env.dist`) are documentation; Jinja templates are rendered at deploy time. */
const COPY_ME_SUFFIX = /\.(example|sample|template|tmpl|dist)$/;
const JINJA_SUFFIX = /\.(j2|jinja2?)$/;
/** Heroku, ECS task and container definitions, Beanstalk's Dockerrun, Railway, Vercel. */
const PLATFORM_JSON = /^(app|railway|vercel)\.json$|task[-_]?def|container[-_]?def|^dockerrun\.aws\.json$/;
const COMPOSE = /^(docker-)?compose([._-].*)?\.ya?ml$/;
/** cookiecutter-django's compose files. */
const COOKIECUTTER_COMPOSE = new Set(['local.yml', 'production.yml', 'docs.yml']);
const CI_FILES = new Set([
  '.gitlab-ci.yml',
  '.travis.yml',
  'bitbucket-pipelines.yml',
  '.drone.yml',
  'azure-pipelines.yml',
  'appveyor.yml',
  '.appveyor.yml',
  'buildspec.yml',
]);
/** App Engine and DigitalOcean (app.yaml), Render, Heroku, Platform.sh, Serverless, App Runner. */
const PLATFORM_YAML = new Set([
  'app.yaml',
  'app.yml',
  'render.yaml',
  'render.yml',
  'heroku.yml',
  'heroku.yaml',
  '.platform.app.yaml',
  'serverless.yml',
  'serverless.yaml',
  'apprunner.yaml',
  'apprunner.yml',
]);
const CI_INI = new Set(['tox.ini', 'pytest.ini', 'setup.cfg']);

function split(repoRelPath: string): { folders: string[]; name: string } {
  const parts = repoRelPath.split(/[\\/]/).filter(Boolean);
  return { folders: parts.slice(0, -1), name: parts[parts.length - 1] ?? '' };
}

/**
 * Folders of recorded data (HTTP cassettes, fixtures, snapshots, translations): their YAML and Markdown files
 * are many and large (DefectDojo's cassettes are 9 MB), and deploy nothing.
 */
const DATA_FOLDERS = new Set([
  'vcr',
  'cassettes',
  'fixtures',
  'testdata',
  'test_data',
  'test-data',
  '__snapshots__',
  'snapshots',
  'locale',
  'locales',
  'static',
  'node_modules',
  'vendor',
]);

function inDataFolder(folders: string[]): boolean {
  return folders.some((folder) => DATA_FOLDERS.has(folder.toLowerCase()));
}

/** The shape of a deployment file, or undefined when the path names none. */
export function deploymentShape(repoRelPath: string): FileShape | undefined {
  // The walk asks for every file, and most are Python modules: those only matter as gunicorn configs.
  if (repoRelPath.endsWith('.py') && !repoRelPath.slice(repoRelPath.lastIndexOf('/') + 1).includes('gunicorn')) {
    return undefined;
  }
  const { folders, name } = split(repoRelPath);
  if (COPY_ME_SUFFIX.test(name.toLowerCase())) return undefined;
  const lower = name.toLowerCase().replace(JINJA_SUFFIX, '');
  if (/^(docker|container)file([._-].*)?$/.test(lower) || /\.(docker|container)file$/.test(lower)) return 'dockerfile';
  if (inDataFolder(folders)) return undefined;
  if (folders.includes('.ebextensions') && lower.endsWith('.config')) return 'elastic-beanstalk';
  if (folders.includes('.platform')) return 'elastic-beanstalk';
  if (lower === 'procfile' || lower.startsWith('procfile.')) return 'procfile';
  if (lower.endsWith('.json') && PLATFORM_JSON.test(lower)) return 'platform-json';
  if (/^zappa_settings\.(json|ya?ml|toml)$/.test(lower)) return 'zappa';
  if (lower.endsWith('.json') && (/(^|[._-])unit([._-])/.test(lower) || folders.includes('unit'))) return 'nginx-unit';
  if (lower === 'fly.toml' || lower === 'railway.toml' || lower === 'nixpacks.toml') return 'platform-toml';
  if (lower === 'pyproject.toml') return 'pyproject';
  if (/\.(tf|tfvars|hcl)$|\.tf\.json$/.test(lower)) return 'terraform';
  if (lower.endsWith('.service')) return 'systemd';
  if (lower.includes('gunicorn') && /\.(py|conf|cfg|ini)$/.test(lower)) return 'gunicorn';
  if (lower.includes('uwsgi') && /\.(ini|ya?ml|xml)$/.test(lower)) return 'uwsgi';
  // Helm's named templates (`charts/web/templates/_helpers.tpl`) hold the chart's env lists.
  if (/\.(tpl|gotmpl)$/.test(lower) && folders.some((folder) => HELM_FOLDERS.has(folder.toLowerCase()))) return 'yaml';
  if (YAML.test(lower)) {
    if (folders[0] === '.github' && (folders[1] === 'workflows' || folders[1] === 'actions')) return 'ci-yaml';
    if (folders.includes('.circleci') || folders[0] === '.gitlab' || CI_FILES.has(lower)) return 'ci-yaml';
    if (COMPOSE.test(lower) || COOKIECUTTER_COMPOSE.has(lower)) return 'compose';
    if (PLATFORM_YAML.has(lower)) return 'platform-yaml';
    return 'yaml';
  }
  if (CI_INI.has(lower)) return 'ci-ini';
  if (lower.endsWith('.ini')) return 'ini';
  if (lower.endsWith('.conf')) return 'conf';
  if (isEnvironmentFile(folders, lower)) return 'env-file';
  // Entrypoints and start scripts often have no extension (cookiecutter-django's compose/production/django/start).
  if (lower.endsWith('.sh') || /^(docker-)?(entrypoint|start|run)([-_][a-z0-9_-]+)?$/.test(lower)) return 'script';
  return undefined;
}

/** Committed env files: `.env`, `.env.production`, `django.env`, and everything under `.envs/` or `env.d/`. */
function isEnvironmentFile(folders: string[], lower: string): boolean {
  if (lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env')) return true;
  return folders.some((folder) => folder === '.envs' || folder === 'envs' || folder === 'env.d');
}

const TEMPLATE_SUFFIX = /\.(example|sample|template|tmpl|tpl|dist|j2|jinja|jinja2)$/;
const DOCUMENT = /\.(md|markdown|mdx|rst|adoc|asciidoc)$/;
const DOCS_FOLDERS = new Set(['docs', 'doc', 'documentation']);
/** Release notes quote settings modules of the past; they say nothing about today's deployment. */
const HISTORY = /^(changes|changelog|history|news|releases?|release[-_]notes|whatsnew|authors|contributors)([._-]|$)/;

/** Whether a path names documentation or a template that may show the module (README, docs, `*.example`, `env.d/x.dist/`). */
export function documentationShape(repoRelPath: string): boolean {
  if (repoRelPath.endsWith('.py')) return false;
  const { folders, name } = split(repoRelPath);
  const lower = name.toLowerCase();
  const lowerFolders = folders.map((folder) => folder.toLowerCase());
  if (HISTORY.test(lower) || lowerFolders.some((folder) => HISTORY.test(folder))) return false;
  if (inDataFolder(folders)) return false;
  if (lower.startsWith('readme')) return true;
  if (DOCUMENT.test(lower) || TEMPLATE_SUFFIX.test(lower)) return true;
  if (/^(env|dotenv)\.(example|sample|template|dist)$|^(example|sample)\.env$/.test(lower)) return true;
  if (lower.endsWith('.txt') && lowerFolders.some((folder) => DOCS_FOLDERS.has(folder))) return true;
  // `env.d/production.dist/backend`: a folder of templates to copy.
  return lowerFolders.some((folder) => TEMPLATE_SUFFIX.test(folder));
}
