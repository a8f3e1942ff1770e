import { readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { toRepoPath } from '../parse/source-store.js';
import { moduleLook, type EvidenceLook, type SettingsEvidence } from './deployment-evidence.js';
import { readText, type SettingsDeclaration } from './entry-points.js';

/** Where, in the project, a settings module name came from, strongest first. */
type EvidenceSource = 'environment' | 'deployment' | 'sibling' | 'entry-point' | 'documentation';

/** One piece of evidence for the settings module production runs. */
interface Evidence {
  module: string;
  /** Where it is said: "docker/images/kuma/Dockerfile:6", "manage.py:9", "--settings". */
  where: string;
  source: EvidenceSource;
  /** The file the module resolves to from the project's sys.path, if any. */
  absPath?: string;
  look: EvidenceLook;
  /** Only a build step gets it (a Dockerfile `RUN ... collectstatic`): not what the running container has. */
  buildOnly?: boolean;
}

export interface ChosenSettings {
  module: string;
  absPath: string;
  /** The evidence, as reports show it ("docker/images/kuma/Dockerfile:6", "production sibling of manage.py:9"). */
  chosenBy: string;
  /** Whether the user named it (--settings, the input, the config file, DJANGO_SETTINGS_MODULE). */
  givenByUser: boolean;
  /** Whether a deployment file (not documentation, not a dev or test one) names this module. */
  deployed: boolean;
  /** Words on the choice when other evidence names other modules; one remark at most. */
  remark?: string;
}

export interface SettingsChoiceInput {
  repoRoot: string;
  /** Repository-relative folder of the project, for messages ("" at the root). */
  projectLabel: string;
  /** `--settings`, the settings-module input or the config file's `settings`, with which of those. */
  explicit?: { module: string; where: string };
  givenEnvironment?: string;
  processEnvironment?: string;
  /** What deployment files in the repository set, already limited to this project's files. */
  evidence: readonly SettingsEvidence[];
  /** What documentation and templates set; read only when no entry point names a module (there may be hundreds). */
  documentation: () => readonly SettingsEvidence[];
  /** manage.py first, then wsgi.py and asgi.py, each with what it declares. */
  entryPoints: ReadonlyArray<{ file: string; declaration?: SettingsDeclaration }>;
  /**
   * The file a module resolves to from the project's sys.path; for a module a deployment file names, also
   * in the image that file builds (the file the image copies in).
   */
  resolve: (module: string, evidenceFile?: string) => string | undefined;
  /** That sys.path, for the message when a module is not found. */
  searchRoots: readonly string[];
}

export type SettingsChoice = { chosen: ChosenSettings } | { failure: string };

/** Last module parts that say a module is the production one. */
const PRODUCTION_PART = /(^|_)(prod|production|deploy|deployment|live)$/i;
/** Within a development module's last part, the word to swap for a production one (`settings_dev` → `settings_prod`). */
const DEVELOPMENT_WORD = /(^|_)(dev|development|local|docker)$/i;
const PRODUCTION_WORDS = ['prod', 'production', 'deploy', 'live'];

/** A `from X import *` at the top level: settings layered on another module. */
const STAR_IMPORT = /^from\s+(\.*)([\w.]*)\s+import\s+\*/gm;

/** The absolute module a star import names, from the module holding it. */
function starImportedModules(module: string, absPath: string): string[] {
  const isPackage = basename(absPath) === '__init__.py';
  const modules: string[] = [];
  for (const match of readText(absPath).matchAll(STAR_IMPORT)) {
    const [, dots, name] = match;
    if (!dots) {
      modules.push(name!);
      continue;
    }
    const parts = module.split('.');
    const base = parts.slice(0, parts.length - dots.length + (isPackage ? 1 : 0));
    modules.push([...base, ...(name ? [name] : [])].join('.'));
  }
  return modules;
}

/**
 * How a module looks, by its name and, for a neutral name (`settings.docker`), by what it is layered on: a
 * module whose code star-imports a development module is that development setup under another name.
 */
function lookOfModule(module: string, absPath: string | undefined): EvidenceLook {
  const byName = moduleLook(module);
  if (byName !== 'neutral' || !absPath) return byName;
  const layeredOn = starImportedModules(module, absPath).map((imported) => moduleLook(imported));
  if (layeredOn.includes('development')) return 'development';
  if (layeredOn.includes('test')) return 'test';
  return 'neutral';
}

/** A file's look and its module's: either saying development or test makes it so. */
function combinedLook(fileLook: EvidenceLook, module: string, absPath: string | undefined): EvidenceLook {
  if (fileLook === 'development' || fileLook === 'test') return fileLook;
  const ofModule = lookOfModule(module, absPath);
  if (ofModule !== 'neutral') return ofModule;
  return fileLook;
}

const isProductionCandidate = (e: Evidence) => e.look === 'production' || e.look === 'neutral';

/**
 * Modules beside a development default that say production: `settings.production` beside `settings.dev`,
 * `project.settings_prod` beside `project.settings_dev`, preferred in the order prod, production, deploy, live.
 */
function productionSiblings(module: string, absPath: string, resolve: (m: string) => string | undefined): string[] {
  const parts = module.split('.');
  const last = parts.at(-1)!;
  const parent = parts.slice(0, -1);
  const candidates = new Set<string>();
  const swapped = DEVELOPMENT_WORD.exec(last);
  if (swapped) {
    const stem = last.slice(0, swapped.index + swapped[1]!.length);
    for (const word of PRODUCTION_WORDS) candidates.add(stem + word);
  }
  // In a settings package (`config.settings.dev`), any other module named for production; elsewhere a module
  // named `deploy` is more likely a deployment script than settings, so only the swapped names are tried.
  const folder = dirname(basename(absPath) === '__init__.py' ? dirname(absPath) : absPath);
  let names: string[] = [];
  if (/settings|conf/i.test(parent.at(-1) ?? '')) {
    try {
      names = readdirSync(folder).sort();
    } catch {
      // The package folder cannot be listed: only the swapped names are tried.
    }
  }
  for (const word of PRODUCTION_WORDS) {
    for (const name of names) {
      const stem = name.endsWith('.py') ? name.slice(0, -3) : name;
      if (PRODUCTION_PART.test(stem) && stem.toLowerCase().endsWith(word)) candidates.add(stem);
    }
  }
  return [...candidates]
    .map((name) => [...parent, name].join('.'))
    .filter((sibling) => sibling !== module && resolve(sibling) !== undefined);
}

function lookWords(evidence: Evidence): string {
  if (!evidence.absPath) return ', not found';
  if (evidence.buildOnly) return ', a build step';
  const { look } = evidence;
  if (look === 'development') return ', development';
  if (look === 'test') return ', tests';
  return '';
}

/** The one remark naming the modules other evidence points at, with where each is said. */
function disagreement(
  input: SettingsChoiceInput,
  chosen: Evidence,
  reason: string,
  others: readonly Evidence[],
): string | undefined {
  const byModule = new Map<string, Evidence[]>();
  for (const other of others) {
    // An entry point naming a module that is not there is worth saying; other files may name another project's.
    if (other.absPath === chosen.absPath || (!other.absPath && other.source !== 'entry-point')) continue;
    byModule.set(other.module, [...(byModule.get(other.module) ?? []), other]);
  }
  if (byModule.size === 0) return undefined;
  // Modules that could be production's first, then development ones, test ones, and missing ones.
  const rank = (e: Evidence) =>
    !e.absPath ? 3 : e.look === 'test' ? 2 : e.look === 'development' || e.buildOnly ? 1 : 0;
  const named = [...byModule]
    .sort(([, a], [, b]) => rank(a[0]!) - rank(b[0]!))
    .map(([module, where]) => `${module} (${where.map((e) => e.where).join(', ')}${lookWords(where[0]!)})`);
  const list = named.length === 1 ? named[0]! : `${named.slice(0, -1).join(', ')} and ${named.at(-1)!}`;
  const project = input.projectLabel ? `For the project in ${input.projectLabel}: ` : '';
  return `${project}${list} ${named.length === 1 ? 'is' : 'are'} named too; the scan judges ${chosen.module}, ${reason}. Pass --settings MODULE to judge another module.`;
}

/**
 * The settings module production runs, from the strongest evidence: what the user gives, then deployment
 * files (production-looking before neutral ones; development and test ones never), then a production module
 * beside a development default, then manage.py / wsgi.py / asgi.py (a non-development one first), then
 * documentation when no entry point names a module.
 */
export function chooseSettings(input: SettingsChoiceInput): SettingsChoice {
  // What the user names is judged as named, and is never a test project's by accident.
  const given: Array<{ module?: string; where: string }> = [
    { module: input.explicit?.module, where: input.explicit?.where ?? '' },
    { module: input.givenEnvironment, where: 'DJANGO_SETTINGS_MODULE in the given environment' },
  ];
  for (const { module, where } of given) {
    if (!module) continue;
    const absPath = input.resolve(module);
    if (!absPath) return { failure: notFound(input, module, where) };
    return { chosen: { module, absPath, chosenBy: where, givenByUser: true, deployed: false } };
  }
  // The scanner's own environment decides too, unless it is a development shell's or a test job's.
  const environment: Evidence[] = [];
  if (input.processEnvironment) {
    const module = input.processEnvironment;
    const where = 'DJANGO_SETTINGS_MODULE in the environment';
    const absPath = input.resolve(module);
    if (!absPath) return { failure: notFound(input, module, where) };
    const look = lookOfModule(module, absPath);
    if (look === 'production' || look === 'neutral')
      return { chosen: { module, absPath, chosenBy: where, givenByUser: true, deployed: false } };
    environment.push({ module, where, source: 'environment', absPath, look });
  }

  const repoPath = (file: string) => toRepoPath(input.repoRoot, file);
  const fromFiles = (evidence: readonly SettingsEvidence[], source: 'deployment' | 'documentation'): Evidence[] =>
    evidence.flatMap((e) => {
      const absPath = input.resolve(e.module, source === 'deployment' ? e.file : undefined);
      if (!absPath) return [];
      const look = combinedLook(e.look, e.module, absPath);
      return [
        { module: e.module, where: `${repoPath(e.file)}:${e.line}`, source, absPath, look, buildOnly: e.buildOnly },
      ];
    });
  const deployment = fromFiles(input.evidence, 'deployment');
  const running = deployment.filter((e) => !e.buildOnly);
  const entryPoints: Evidence[] = input.entryPoints.flatMap(({ file, declaration }) => {
    if (!declaration) return [];
    const absPath = input.resolve(declaration.module);
    return [
      {
        module: declaration.module,
        where: `${repoPath(file)}:${declaration.line}`,
        source: 'entry-point' as const,
        absPath,
        look: lookOfModule(declaration.module, absPath),
      },
    ];
  });
  const deployedFiles = new Set(running.filter(isProductionCandidate).map((e) => e.absPath));
  const choose = (chosen: Evidence, reason: string, chosenBy = chosen.where): SettingsChoice => ({
    chosen: {
      module: chosen.module,
      absPath: chosen.absPath!,
      chosenBy,
      givenByUser: false,
      deployed: deployedFiles.has(chosen.absPath),
      remark: disagreement(input, chosen, reason, [...environment, ...deployment, ...entryPoints]),
    },
  });

  const production = running.find((e) => e.look === 'production');
  if (production) return choose(production, `set for production in ${production.where}`);
  const neutral = running.find((e) => e.look === 'neutral');
  if (neutral) return choose(neutral, `set in ${neutral.where}`);

  const resolvedEntryPoints = entryPoints.filter((e) => e.absPath);
  const defaultModule = resolvedEntryPoints[0];
  if (defaultModule && (defaultModule.look === 'development' || defaultModule.look === 'test')) {
    const sibling = productionSiblings(defaultModule.module, defaultModule.absPath!, input.resolve)[0];
    if (sibling) {
      const evidence: Evidence = {
        module: sibling,
        where: defaultModule.where,
        source: 'sibling',
        absPath: input.resolve(sibling),
        look: 'production',
      };
      return choose(
        evidence,
        `the production module beside the development default ${defaultModule.module}`,
        `production sibling of ${defaultModule.where}`,
      );
    }
  }
  const entryPoint = resolvedEntryPoints.find(isProductionCandidate) ?? defaultModule;
  if (entryPoint) return choose(entryPoint, `set in ${entryPoint.where}`);

  if (entryPoints.length === 0) {
    const looks: EvidenceLook[] = ['production', 'neutral', 'development'];
    const documentation = fromFiles(input.documentation(), 'documentation');
    const documented = looks.map((look) => documentation.find((e) => e.look === look)).find(Boolean);
    if (documented) return choose(documented, `documented in ${documented.where} (no entry point sets a module)`);
  }
  const unresolved = entryPoints[0];
  if (unresolved) return { failure: notFound(input, unresolved.module, unresolved.where) };
  return {
    failure: `no settings module for the project in ${input.projectLabel || '.'}: none given with --settings or DJANGO_SETTINGS_MODULE, no deployment file sets one, and ${
      input.entryPoints.length ? 'manage.py, wsgi.py or asgi.py' : 'no manage.py'
    } does not set one with os.environ.setdefault("DJANGO_SETTINGS_MODULE", ...)`,
  };
}

/** The module was looked for under every folder of the project's sys.path. */
function notFound(input: SettingsChoiceInput, module: string, where: string): string {
  const [first, ...others] = input.searchRoots;
  const base = join(first ?? '.', ...module.split('.'));
  const also = others.length ? `, and the same under ${others.join(', ')}` : '';
  return `settings module ${module} (from ${where}) not found: looked for ${base}.py or ${join(base, '__init__.py')}${also}`;
}

/** The deployment or documentation file a `chosenBy` names ("env.d/production.dist/backend:4" → its absolute path), if it is one of them. */
export function evidenceFileOf(
  chosenBy: string | undefined,
  repoRoot: string,
  deploymentFiles: readonly string[],
): string | undefined {
  const match = chosenBy ? /^(.+?):\d+$/.exec(chosenBy) : null;
  if (!match) return undefined;
  const file = resolve(repoRoot, match[1]!);
  return deploymentFiles.includes(file) ? file : undefined;
}
