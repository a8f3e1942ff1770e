import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import type { SettingsModule } from '../settings/settings-model.js';
import { ModuleResolver } from '../settings/module-resolver.js';
import { toRepoPath } from '../parse/source-store.js';
import { UsageError } from '../usage-error.js';

/** A reason the scan cannot start; the CLI turns it into exit code 2 with this message. */
export class DiscoveryError extends UsageError {}

export interface DjangoProject {
  /** The folder of manage.py (Django's working directory and first sys.path entry). */
  root: string;
  manageFile?: string;
  settings: SettingsModule;
  /** How the settings module was chosen, in words: "manage.py", "--settings", ... */
  chosenBy: string;
  /** Things worth telling the user about the choice (another entry point picks a different module). */
  remarks: string[];
}

export interface ProjectDiscoveryOptions {
  path: string;
  repoRoot: string;
  manageFiles: readonly string[];
  pythonFiles: readonly string[];
  settingsOption?: string;
  /** The production environment given with --env / --env-file. */
  givenEnvironment: ReadonlyMap<string, string>;
  /** The process environment, consulted after the given one for DJANGO_SETTINGS_MODULE. */
  processEnvironment: Readonly<Record<string, string | undefined>>;
  isShipped: (absPath: string) => boolean;
}

const DECLARATION = [
  /(?:^|[^\w])(?:os\.)?environ\.setdefault\(\s*["']DJANGO_SETTINGS_MODULE["']\s*,\s*["']([\w.]+)["']/m,
  /(?:^|[^\w])(?:os\.)?environ\[\s*["']DJANGO_SETTINGS_MODULE["']\s*\]\s*=\s*["']([\w.]+)["']/m,
];

/** The settings module a manage.py / wsgi.py / asgi.py selects with `os.environ.setdefault(...)`. */
export function declaredSettingsModule(text: string): string | undefined {
  const code = text
    .split(/\r?\n/)
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n');
  for (const pattern of DECLARATION) {
    const match = pattern.exec(code);
    if (match) return match[1];
  }
  return undefined;
}

/** Files where deployments commonly set the settings module: containers, process files, platform configs. */
const DEPLOYMENT_FILE =
  /^(Dockerfile([.-].*)?|.*\.Dockerfile|(docker-)?compose([.-].*)?\.ya?ml|Procfile|app\.ya?ml|app\.json|fly\.toml|render\.ya?ml|heroku\.yml)$/i;
const DEPLOYMENT_SETTING = /DJANGO_SETTINGS_MODULE["']?\s*[=:]\s*["']?([A-Za-z_][\w.]*)/g;
/** Modules named like these are for tests and CI, not for deployment. */
const NON_PRODUCTION_MODULE = /(^|\.)(tests?|testing|ci|test_settings)$/;

interface DeploymentHint {
  file: string;
  module: string;
}

function deploymentHints(folders: readonly string[]): DeploymentHint[] {
  const hints: DeploymentHint[] = [];
  for (const folder of new Set(folders)) {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => DEPLOYMENT_FILE.test(n)).sort()) {
      const file = join(folder, name);
      for (const match of readText(file).matchAll(DEPLOYMENT_SETTING)) {
        const module = match[1]!;
        if (!NON_PRODUCTION_MODULE.test(module) && !hints.some((h) => h.module === module))
          hints.push({ file, module });
      }
    }
  }
  return hints;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function isUnder(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

function entryPointsUnder(root: string, pythonFiles: readonly string[]): string[] {
  return pythonFiles.filter((file) => {
    const name = basename(file);
    return (name === 'wsgi.py' || name === 'asgi.py') && isUnder(file, root);
  });
}

/**
 * The folders Django would run from: each manage.py's, and for a wsgi.py/asgi.py with no manage.py
 * above it, the folder above its package (where `config.wsgi` is importable from).
 */
function projectRoots(path: string, manageFiles: readonly string[], pythonFiles: readonly string[]): string[] {
  const manageRoots = manageFiles.map((file) => dirname(file));
  const orphanRoots = entryPointsUnder(path, pythonFiles)
    .filter((entry) => !manageRoots.some((root) => isUnder(entry, root)))
    .map((entry) => {
      const root = dirname(dirname(entry));
      return isUnder(root, path) ? root : path;
    });
  const roots = [...new Set([...manageRoots, ...orphanRoots])];
  return roots.length > 0 ? roots : [path];
}

function describeCandidates(root: string, name: string): string {
  const base = join(root, ...name.split('.'));
  return `${base}.py or ${join(base, '__init__.py')}`;
}

/**
 * Finds each Django project under the scanned folder and the settings module Django would load for it:
 * --settings, else DJANGO_SETTINGS_MODULE from the given production environment or the process, else
 * manage.py's default, else wsgi.py's or asgi.py's.
 */
export interface DiscoveredProjects {
  projects: DjangoProject[];
  /** Projects that were found but could not be scanned, each with its reason. */
  skipped: string[];
}

export function discoverProjects(options: ProjectDiscoveryOptions): DiscoveredProjects {
  const { path, repoRoot, manageFiles, pythonFiles } = options;
  const fromEnvironment =
    options.givenEnvironment.get('DJANGO_SETTINGS_MODULE') ?? options.processEnvironment.DJANGO_SETTINGS_MODULE;
  const roots = projectRoots(path, manageFiles, pythonFiles);
  if (manageFiles.length === 0 && !options.settingsOption && !fromEnvironment) {
    const entryPoints = entryPointsUnder(path, pythonFiles);
    if (entryPoints.length === 0) {
      throw new DiscoveryError(
        `no Django project found in ${path}: looked for manage.py, wsgi.py and asgi.py (git-ignored folders and virtualenvs are skipped); pass the project folder or --settings MODULE`,
      );
    }
  }

  const projects: DjangoProject[] = [];
  const failures: string[] = [];
  for (const root of roots) {
    const manageFile = manageFiles.find((file) => dirname(file) === root);
    const resolver = new ModuleResolver([root], options.isShipped);
    const nestedRoots = roots.filter((other) => other !== root && isUnder(other, root));
    const entryPoints = entryPointsUnder(root, pythonFiles).filter(
      (file) => !nestedRoots.some((nested) => isUnder(file, nested)),
    );
    // Each entry point is read once, though both the choice and the remarks ask what it selects.
    const declared = new Map<string, string | undefined>();
    const declaredBy = (file: string) => {
      if (!declared.has(file)) declared.set(file, declaredSettingsModule(readText(file)));
      return { name: declared.get(file), file };
    };

    const candidates: Array<{ name: string | undefined; chosenBy: string }> = [
      { name: options.settingsOption, chosenBy: '--settings' },
      {
        name: options.givenEnvironment.get('DJANGO_SETTINGS_MODULE'),
        chosenBy: 'DJANGO_SETTINGS_MODULE in the given environment',
      },
      {
        name: options.processEnvironment.DJANGO_SETTINGS_MODULE,
        chosenBy: 'DJANGO_SETTINGS_MODULE in the environment',
      },
      ...(manageFile ? [{ name: declaredBy(manageFile).name, chosenBy: toRepoPath(repoRoot, manageFile) }] : []),
      ...entryPoints.map((file) => ({ name: declaredBy(file).name, chosenBy: toRepoPath(repoRoot, file) })),
    ];
    const chosen = candidates.find((candidate) => candidate.name);
    if (!chosen?.name) {
      failures.push(
        `no settings module for the project in ${toRepoPath(repoRoot, root) || '.'}: none given with --settings or DJANGO_SETTINGS_MODULE, and ${
          manageFile ? 'manage.py' : 'no manage.py'
        }${entryPoints.length ? ', wsgi.py or asgi.py' : ''} does not set one with os.environ.setdefault("DJANGO_SETTINGS_MODULE", ...)`,
      );
      continue;
    }
    const resolved = resolver.resolve(chosen.name, 0, join(root, 'manage.py'));
    if (!resolved) {
      failures.push(
        `settings module ${chosen.name} (from ${chosen.chosenBy}) not found: looked for ${describeCandidates(root, chosen.name)}`,
      );
      continue;
    }
    const remarks: string[] = [];
    const chosenByUser = chosen.chosenBy === '--settings' || chosen.chosenBy.startsWith('DJANGO_SETTINGS_MODULE');
    if (!chosenByUser) {
      for (const hint of deploymentHints([root, options.repoRoot])) {
        if (hint.module !== chosen.name && resolver.resolve(hint.module, 0, join(root, 'manage.py'))) {
          remarks.push(
            `${toRepoPath(repoRoot, hint.file)} sets DJANGO_SETTINGS_MODULE=${hint.module} for deployment, while ${chosen.chosenBy} selects ${chosen.name}; the scan judges ${chosen.name}. Pass --settings ${hint.module} to judge what the deployment runs.`,
          );
        }
      }
    }
    for (const entry of entryPoints) {
      const other = declaredBy(entry).name;
      if (other && other !== chosen.name && chosen.chosenBy !== '--settings') {
        remarks.push(
          `${toRepoPath(repoRoot, entry)} selects ${other} while ${chosen.chosenBy} selects ${chosen.name}; the scan judges ${chosen.name}. Pass --settings ${other} if that is what production runs.`,
        );
      }
    }
    projects.push({
      root,
      manageFile,
      settings: { name: chosen.name, absPath: resolved.absPath, file: toRepoPath(repoRoot, resolved.absPath) },
      chosenBy: chosen.chosenBy,
      remarks: [...new Set(remarks)],
    });
  }
  if (projects.length === 0) throw new DiscoveryError(failures.join('; '));
  return { projects, skipped: failures };
}
