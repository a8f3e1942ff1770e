import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { SettingsModule } from '../settings/settings-model.js';
import { ModuleResolver } from '../settings/module-resolver.js';
import { isWithin, toRepoPath } from '../parse/source-store.js';
import { UsageError } from '../usage-error.js';
import { isDeploymentFile, readSettingsEvidence, type SettingsEvidence } from './deployment-evidence.js';
import { isModuleName, isServerEntryPoint, readText, settingsDeclaration } from './entry-points.js';
import { moduleSearchPath } from './module-search-path.js';
import { productionImage } from './production-image.js';
import { isNamedForTests, templateReason, testProjectReason } from './project-kinds.js';
import { chooseSettings } from './settings-choice.js';

/** A reason the scan cannot start; the CLI turns it into exit code 2 with this message. */
export class DiscoveryError extends UsageError {}

export interface DjangoProject {
  /** The folder of manage.py (Django's working directory and first sys.path entry). */
  root: string;
  manageFile?: string;
  /** sys.path as Python would have it for this project: where its settings and their imports resolve from. */
  searchRoots: string[];
  settings: SettingsModule;
  /** The evidence for the settings module: "docker/images/kuma/Dockerfile:6", "manage.py:9", "--settings", ... */
  chosenBy: string;
  /** Things worth telling the user about the choice (other evidence names another module). */
  remarks: string[];
  /** False for a project that only runs a library's tests: its code is scanned, its settings are not judged. */
  judged: boolean;
}

export interface ProjectDiscoveryOptions {
  path: string;
  repoRoot: string;
  manageFiles: readonly string[];
  pythonFiles: readonly string[];
  /** Deployment and documentation files anywhere in the repository that may set the settings module. */
  deploymentFiles: readonly string[];
  /** Every manage.py of the repository (default: manageFiles), to tell which project a deployment file is beside. */
  repositoryManageFiles?: readonly string[];
  settingsOption?: string;
  /** What gave settingsOption: "--settings" (default), "the settings-module input", "the config file ...". */
  settingsOptionFrom?: string;
  /** The production environment given with --env / --env-file. */
  givenEnvironment: ReadonlyMap<string, string>;
  /** The process environment, consulted after the given one for DJANGO_SETTINGS_MODULE. */
  processEnvironment: Readonly<Record<string, string | undefined>>;
  isShipped: (absPath: string) => boolean;
}

export interface DiscoveredProjects {
  projects: DjangoProject[];
  /** Projects that were found but could not be scanned, each with its reason. */
  skipped: string[];
  /** Whole sentences about projects left out on purpose (templates). */
  remarks: string[];
}

function entryPointsUnder(root: string, pythonFiles: readonly string[]): string[] {
  return pythonFiles.filter((file) => isServerEntryPoint(file) && isWithin(file, root));
}

/**
 * The folders Django would run from: each manage.py's, and for a wsgi.py/asgi.py with no manage.py
 * above it, the folder above its package (where `config.wsgi` is importable from). Shallow folders first,
 * so that a module reached from several manage.py files is judged from the outermost.
 */
function projectRoots(path: string, manageFiles: readonly string[], pythonFiles: readonly string[]): string[] {
  const manageRoots = manageFiles.map((file) => dirname(file));
  const orphanRoots = entryPointsUnder(path, pythonFiles)
    .filter((entry) => !manageRoots.some((root) => isWithin(entry, root)))
    .map((entry) => {
      const root = dirname(dirname(entry));
      return isWithin(root, path) ? root : path;
    });
  const roots = [...new Set([...manageRoots, ...orphanRoots])];
  const depth = (folder: string) => folder.split(sep).length;
  return roots.length > 0
    ? roots
        .map((root, order) => ({ root, order }))
        .sort((a, b) => depth(a.root) - depth(b.root) || a.order - b.order)
        .map((r) => r.root)
    : [path];
}

/**
 * The nearest folder above `path` (up to the repository root) holding a manage.py the project ships: where a
 * run from inside a project's subfolder finds its project.
 */
export function findProjectAbove(
  path: string,
  repoRoot: string,
  isShipped: (absPath: string) => boolean,
): string | undefined {
  if (!isWithin(path, repoRoot)) return undefined;
  for (let folder = path; folder !== repoRoot;) {
    folder = dirname(folder);
    const manage = join(folder, 'manage.py');
    if (existsSync(manage) && isShipped(manage)) return folder;
    if (dirname(folder) === folder) break;
  }
  return undefined;
}

/** The deepest project folder holding `file`, of all the repository's projects. */
function ownerOf(file: string, roots: readonly string[]): string | undefined {
  return roots.filter((root) => isWithin(file, root)).sort((a, b) => b.length - a.length)[0];
}

/**
 * Where a module name leads from a project's sys.path (the same folders scan.ts resolves the settings' imports
 * from); a module a deployment file names that the checkout lacks may be a file that deployment's image
 * copies in (`cp docker/config.py settings/config.py`).
 */
function moduleFinder(
  root: string,
  searchRoots: readonly string[],
  options: Pick<ProjectDiscoveryOptions, 'repoRoot' | 'deploymentFiles' | 'isShipped'>,
): (module: string, evidenceFile?: string) => string | undefined {
  const importer = join(root, 'manage.py');
  const checkout = new ModuleResolver(searchRoots, options.isShipped);
  const images = new Map<string, ModuleResolver | undefined>();
  const imageOf = (evidenceFile: string) => {
    if (!images.has(evidenceFile)) {
      const image = productionImage({
        projectRoot: root,
        repoRoot: options.repoRoot,
        deploymentFiles: options.deploymentFiles,
        preferredFile: evidenceFile,
      });
      images.set(evidenceFile, image && new ModuleResolver(searchRoots, options.isShipped, image));
    }
    return images.get(evidenceFile);
  };
  return (module, evidenceFile) => {
    if (!isModuleName(module)) return undefined;
    const inCheckout = checkout.resolve(module, 0, importer)?.absPath;
    if (inCheckout || !evidenceFile) return inCheckout;
    return imageOf(evidenceFile)?.resolve(module, 0, importer)?.absPath;
  };
}

/**
 * Finds each Django project under the scanned folder and the settings module production runs for it
 * (settings-choice.ts), resolving modules from the project's sys.path (module-search-path.ts). Template
 * projects are left out with a remark; a project that only runs a library's tests is kept but not judged.
 */
export async function discoverProjects(options: ProjectDiscoveryOptions): Promise<DiscoveredProjects> {
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

  const isDeployment = (file: string) => isDeploymentFile(toRepoPath(repoRoot, file).split(sep).join('/'));
  const evidence: SettingsEvidence[] = options.deploymentFiles
    .filter(isDeployment)
    .flatMap((file) => readSettingsEvidence(file, repoRoot, { isShipped: options.isShipped }));
  let documentation: SettingsEvidence[] | undefined;
  const documentationEvidence = () =>
    (documentation ??= options.deploymentFiles
      .filter((file) => !isDeployment(file))
      .flatMap((file) => readSettingsEvidence(file, repoRoot, { isShipped: options.isShipped })));
  const allRoots = [
    ...new Set([...(options.repositoryManageFiles ?? manageFiles).map((file) => dirname(file)), ...roots]),
  ];
  // A deployment file inside one project's folder speaks for that project only.
  const belongsTo = (root: string) => (e: SettingsEvidence) => {
    const owner = ownerOf(e.file, allRoots);
    return owner === undefined || owner === root;
  };
  const projects: DjangoProject[] = [];
  const failures: string[] = [];
  const remarks: string[] = [];
  const judgedFiles = new Set<string>();
  for (const root of roots) {
    const label = toRepoPath(repoRoot, root);
    const manageFile = manageFiles.find((file) => dirname(file) === root);
    const nestedRoots = roots.filter((other) => other !== root && isWithin(other, root));
    const serverEntryPoints = entryPointsUnder(root, pythonFiles).filter(
      (file) => !nestedRoots.some((nested) => isWithin(file, nested)),
    );
    const entryPoints = [...(manageFile ? [manageFile] : []), ...serverEntryPoints].map((file) => ({
      file,
      declaration: settingsDeclaration(readText(file)),
    }));
    const declared = entryPoints.find((entry) => entry.declaration);
    const template = templateReason(
      root,
      repoRoot,
      declared && {
        module: declared.declaration!.module,
        where: `${toRepoPath(repoRoot, declared.file)}:${declared.declaration!.line}`,
      },
    );
    if (template) {
      remarks.push(`Skipped the project template in ${label || '.'}: ${template}.`);
      continue;
    }
    // A name built at run time (`"%s.settings" % PROJECT`) says nothing the scan can follow.
    const declaring = entryPoints.map(({ file, declaration }) => ({
      file,
      declaration: declaration && isModuleName(declaration.module) ? declaration : undefined,
    }));

    const searchRoots = await moduleSearchPath(
      root,
      repoRoot,
      entryPoints.map((entry) => entry.file),
    );
    const choice = chooseSettings({
      repoRoot,
      projectLabel: label,
      explicit: options.settingsOption
        ? { module: options.settingsOption, where: options.settingsOptionFrom ?? '--settings' }
        : undefined,
      givenEnvironment: options.givenEnvironment.get('DJANGO_SETTINGS_MODULE'),
      processEnvironment: options.processEnvironment.DJANGO_SETTINGS_MODULE,
      evidence: evidence.filter(belongsTo(root)),
      documentation: () => documentationEvidence().filter(belongsTo(root)),
      entryPoints: declaring,
      resolve: moduleFinder(root, searchRoots, options),
      searchRoots,
    });
    if ('failure' in choice) {
      failures.push(choice.failure);
      continue;
    }
    const { chosen } = choice;
    // Several manage.py files reaching one settings module (a library's root manage.py and its app's) are one project.
    if (judgedFiles.has(chosen.absPath)) continue;
    judgedFiles.add(chosen.absPath);

    const settings: SettingsModule = {
      name: chosen.module,
      absPath: chosen.absPath,
      file: toRepoPath(repoRoot, chosen.absPath),
    };
    const testReason =
      chosen.givenByUser || chosen.deployed
        ? undefined
        : testProjectReason(repoRoot, { manageFile, settingsFile: chosen.absPath });
    // Which module a test project's evidence names matters little when its settings are not judged.
    const projectRemarks = chosen.remark && !testReason ? [chosen.remark] : [];
    if (!testReason && !chosen.givenByUser && !chosen.deployed && isNamedForTests(chosen.module)) {
      projectRemarks.push(
        `${chosen.module} (${chosen.chosenBy}) is named for tests, and nothing else names the module production runs: it is judged as production. Pass --settings with production's module, or set DJANGO_SETTINGS_MODULE in --env.`,
      );
    }
    if (testReason) {
      projectRemarks.push(
        `The project in ${label || '.'} runs a library's tests (${testReason}) and no deployment file names ${chosen.module}: its code is scanned, its settings are not judged as production. Pass --settings ${chosen.module} to judge them.`,
      );
    }
    projects.push({
      root,
      manageFile,
      searchRoots,
      settings,
      chosenBy: chosen.chosenBy,
      remarks: projectRemarks,
      judged: testReason === undefined,
    });
  }
  if (projects.length === 0 && failures.length > 0) throw new DiscoveryError(failures.join('; '));
  return { projects, skipped: failures, remarks };
}

/** The repository-relative folder a run from inside a project moved up to, in words. */
export function projectAboveRemark(repoRoot: string, path: string, projectRoot: string): string {
  const from = relative(repoRoot, path) || '.';
  const to = toRepoPath(repoRoot, projectRoot) || '.';
  return `No Django project in ${from}/; scanning the project in ${to} found above it.`;
}
