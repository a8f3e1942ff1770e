import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { posix } from 'node:path';
import { readDockerfileInstructions } from './dockerfile-instructions.js';
import { DockerIgnore } from './dockerignore.js';
import { nameLook } from './evidence/look.js';
import { readStages, type Layer, type Stage } from './image-layers.js';
import { isWithin } from '../parse/source-store.js';

/**
 * What a Dockerfile ships: which repository files end up at which path of the image (COPY/ADD from the
 * build context minus `.dockerignore`, WORKDIR, `COPY --from` another stage, RUN cp/mv/ln/rm), so the
 * scan judges the modules production imports rather than the checkout's.
 */

/** Where a path of the image gets its content. */
export type ImageSource =
  /** A repository file (absolute path), put there by the instruction at `line`. */
  | { kind: 'repository'; file: string; line: number }
  /** Nothing puts it there (never copied, excluded by .dockerignore, or removed at `line`). */
  | { kind: 'absent'; removedAt?: number }
  /** The image makes it itself (a RUN command, a URL, a heredoc): the checkout cannot say. */
  | { kind: 'unknown' };

export interface ImageDescription {
  dockerfile: string;
  context: string;
  /** The ignore file that applied, if any. */
  ignoreFile?: string;
  stages: readonly Stage[];
  /** The stage the image is (the last, or the one named by a compose file's `target`). */
  target: number;
  /** The working folder of that stage. */
  workdir: string;
  /** Where an image path's content comes from. */
  sourceOf(imagePath: string): ImageSource;
  /** Whether a repository file (absolute) is in the build context: inside it and not .dockerignored. */
  inContext(absPath: string): boolean;
  /** The image paths a repository folder lands at (COPY of it, of a folder above it, or of files below it). */
  landingsOf(folder: string): string[];
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function under(path: string, folder: string): string | undefined {
  if (path === folder) return '';
  const prefix = folder.endsWith('/') ? folder : `${folder}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
}

function joinPosix(base: string, rel: string): string {
  return rel ? (base ? posix.join(base, rel) : rel) : base;
}

/** Candidate sources of image path `path` under one mapping layer, in the order Docker's semantics make likely. */
function candidatesOf(layer: Extract<Layer, { kind: 'map' }>, path: string): string[] {
  const rel = under(path, layer.dest);
  if (layer.glob) {
    return rel && !rel.includes('/') && layer.glob.test(rel) ? [joinPosix(layer.source, rel)] : [];
  }
  const candidates: string[] = [];
  // A folder source copies its contents into dest.
  if (rel) candidates.push(joinPosix(layer.source, rel));
  // A file source lands at dest, or inside dest when dest is (or already was) a folder.
  const name = posix.basename(layer.source);
  if (!layer.destIsDir && rel === '') candidates.push(layer.source);
  if (name && rel === name) candidates.push(layer.source);
  return [...new Set(candidates)];
}

/** The Dockerfile's own view: stages, context and ignore file; no project involved yet. */
export function describeImage(
  dockerfile: string,
  repoRoot: string,
  options: {
    /** The build context when a compose file (or the caller) names it; else it is inferred. */
    context?: string;
    /** The stage to build (compose's `build.target`); else the last. */
    target?: string;
    /** A folder the image is expected to hold (the project), which an inferred context must contain. */
    holding?: string;
    /** Values for ARGs (compose `build.args`). */
    buildArgs?: ReadonlyMap<string, string>;
  } = {},
): ImageDescription {
  const stages = readStages(readDockerfileInstructions(readFileSync(dockerfile, 'utf8')), options.buildArgs);
  const context = options.context ?? buildContext(dockerfile, repoRoot, stages, options.holding);
  const { ignore, file: ignoreFile } = DockerIgnore.forBuild(dockerfile, context);
  const named = options.target
    ? stages.findIndex((stage) => stage.name?.toLowerCase() === options.target!.toLowerCase())
    : -1;
  const target = named >= 0 ? named : defaultTarget(stages);

  const contextFile = (rel: string): string | undefined => {
    if (rel.startsWith('..') || ignore.excludes(rel)) return undefined;
    const absolute = join(context, ...rel.split('/'));
    return isFile(absolute) ? absolute : undefined;
  };

  const lookup = (stageIndex: number, limit: number, path: string, depth: number): ImageSource => {
    const stage = stages[stageIndex];
    if (!stage || depth > 32) return { kind: 'unknown' };
    const name = posix.basename(path);
    // A stage that removed the file before another copied its folder: said when nothing else holds it.
    let removedAt: number | undefined;
    for (let i = Math.min(limit, stage.layers.length) - 1; i >= 0; i--) {
      const layer = stage.layers[i]!;
      if (layer.kind === 'remove') {
        const rel = under(path, layer.path);
        if (rel !== undefined && (!layer.glob || layer.glob.test(rel.split('/')[0] ?? '')))
          return { kind: 'absent', removedAt: layer.line };
        continue;
      }
      if (layer.kind === 'generated') {
        if (layer.dest !== undefined ? under(path, layer.dest) !== undefined : writesFile(layer.command ?? '', name))
          return { kind: 'unknown' };
        continue;
      }
      for (const candidate of candidatesOf(layer, path)) {
        const withinSource =
          candidate === layer.source
            ? posix.basename(candidate)
            : layer.source === ''
              ? candidate
              : under(candidate, layer.source);
        if (layer.exclude && withinSource && layer.exclude.excludes(withinSource)) continue;
        if (layer.from.kind === 'context') {
          const file = contextFile(candidate);
          if (file) return { kind: 'repository', file, line: layer.line };
          continue;
        }
        const found =
          layer.from.kind === 'stage'
            ? lookup(layer.from.stage, Infinity, candidate, depth + 1)
            : lookup(stageIndex, i, candidate, depth + 1);
        if (found.kind === 'repository') return { ...found, line: layer.line };
        if (found.kind === 'unknown') return found;
        removedAt ??= found.removedAt;
      }
    }
    const below = 'stage' in stage.base ? lookup(stage.base.stage, Infinity, path, depth + 1) : undefined;
    return below && (below.kind !== 'absent' || below.removedAt) ? below : { kind: 'absent', removedAt };
  };

  const landings = (stageIndex: number, folder: string, depth: number): string[] => {
    const stage = stages[stageIndex];
    if (!stage || depth > 32) return [];
    const found: string[] = 'stage' in stage.base ? landings(stage.base.stage, folder, depth + 1) : [];
    for (const layer of stage.layers) {
      if (layer.kind !== 'map') continue;
      if (layer.from.kind === 'context') {
        const source = join(context, ...layer.source.split('/').filter(Boolean));
        if (layer.glob) {
          // A wildcard copies the matching files of one folder: it places that folder when it copies Python.
          if (source === folder && pythonMatches(source, layer.glob)) found.push(layer.dest);
          continue;
        }
        const sourceIsFolder = isDirectory(source);
        // Where `source` itself lands: a folder's contents go into dest, a file goes to dest or inside it.
        const placed = sourceIsFolder
          ? layer.dest
          : layer.destIsDir
            ? posix.join(layer.dest, posix.basename(layer.source))
            : layer.dest;
        const down = relative(source, folder);
        if (!down.startsWith('..') && !isAbsolutePath(down)) {
          found.push(joinPosix(placed, down.split(sep).join('/')));
          continue;
        }
        // A copy of something below the folder places the folder too, when the destination keeps the path.
        // A single file says little unless it is Python (`COPY requirements.txt /tmp/` places no project).
        const up = relative(folder, source).split(sep).join('/');
        const telling = sourceIsFolder || layer.source.endsWith('.py');
        if (telling && !up.startsWith('..') && placed.endsWith(`/${up}`))
          found.push(placed.slice(0, -up.length - 1) || '/');
      } else {
        // From another stage, or moved within this one (`RUN cp -r /src /app`): the folder follows its copy.
        const before = layer.from.kind === 'stage' ? landings(layer.from.stage, folder, depth + 1) : [...found];
        for (const landing of before) {
          const rel = under(landing, layer.source);
          if (rel !== undefined) found.push(joinPosix(layer.dest, rel));
        }
      }
    }
    return [...new Set(found)];
  };

  return {
    dockerfile,
    context,
    ...(ignoreFile ? { ignoreFile } : {}),
    stages,
    target,
    workdir: stages[target]?.workdir ?? '/',
    sourceOf: (imagePath) => lookup(target, Infinity, imagePath, 0),
    inContext: (absPath) => {
      const rel = relative(context, absPath).split(sep).join('/');
      return !rel.startsWith('..') && !ignore.excludes(rel);
    },
    landingsOf: (folder) => landings(target, folder, 0),
  };
}

/** Programs that create or replace files they name; most RUN commands only read the files they mention. */
const WRITERS = /^\s*(\S+=\S*\s+)*(touch|curl|wget|tee|install|git|tar|unzip|envsubst|sed\s+-i|dd|rsync|cat\s*>)/;

/** Whether a RUN command line we do not model could write a file of this name (`echo x > local.py`, `curl -o`). */
function writesFile(command: string, name: string): boolean {
  if (!name || !command.includes(name)) return false;
  return new RegExp(`>>?\\s*\\S*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(command) || WRITERS.test(command);
}

/**
 * The stage `docker build` makes: the last, unless it or a stage it is built from is named for development or
 * tests and an earlier stage is named for production (DefectDojo's `release`, before `development` and the
 * `django-unittests` built from it: CI builds `--target release`).
 */
function defaultTarget(stages: readonly Stage[]): number {
  const last = stages.length - 1;
  let developmentOrTest = false;
  let stage: Stage | undefined = stages[last];
  while (stage && !developmentOrTest) {
    const look = nameLook(stage.name ?? '');
    developmentOrTest = look === 'development' || look === 'test';
    stage = 'stage' in stage.base ? stages[stage.base.stage] : undefined;
  }
  if (!developmentOrTest) return last;
  for (let i = last - 1; i >= 0; i--) if (nameLook(stages[i]!.name ?? '') === 'production') return i;
  return last;
}

function pythonMatches(folder: string, glob: RegExp): boolean {
  try {
    return readdirSync(folder).some((name) => name.endsWith('.py') && glob.test(name));
  } catch {
    return false;
  }
}

function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:/.test(path);
}

/** The folders a build context may be: the Dockerfile's own, then each above it up to the repository root. */
function foldersUp(from: string, repoRoot: string): string[] {
  const folders = [from];
  let folder = from;
  while (folder !== repoRoot && dirname(folder) !== folder && isWithin(folder, repoRoot)) {
    folder = dirname(folder);
    folders.push(folder);
  }
  return folders;
}

const BUILD_FILES = /^(Dockerfile|Containerfile)|\.(dockerfile|containerfile)$|\.dockerignore$|^README/i;

/**
 * The build context when nothing names it: the nearest folder from the Dockerfile's up to the repository
 * root where every COPY/ADD source exists. When the Dockerfile copies its whole context (`COPY . /app`), that
 * context holds the project it builds, and is more than a folder of build files (kuma's
 * docker/images/kuma/Dockerfile is built with the repository root as its context).
 */
function buildContext(dockerfile: string, repoRoot: string, stages: readonly Stage[], holding?: string): string {
  const sources = stages.flatMap((stage) =>
    stage.layers.flatMap((layer) => (layer.kind === 'map' && layer.from.kind === 'context' ? [layer.source] : [])),
  );
  const named = sources.filter((source) => source !== '');
  const copiesWhole = sources.includes('');
  for (const folder of foldersUp(dirname(dockerfile), repoRoot)) {
    const allExist = named.every((source) => {
      const path = join(folder, ...source.split('/'));
      return isFile(path) || isDirectory(path);
    });
    if (!allExist) continue;
    if (copiesWhole && holding !== undefined && !isWithin(holding, folder)) continue;
    if (copiesWhole && onlyBuildFiles(folder, 200)) continue;
    return folder;
  }
  return dirname(dockerfile);
}

/** Whether a folder holds nothing but Dockerfiles, ignore files and READMEs (looking at `budget` entries at most). */
function onlyBuildFiles(folder: string, budget: number): boolean {
  const pending = [folder];
  while (pending.length > 0) {
    const current = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      return false;
    }
    for (const entry of entries) {
      if (--budget < 0) return false;
      if (entry.isDirectory()) pending.push(join(current, entry.name));
      else if (!BUILD_FILES.test(entry.name)) return false;
    }
  }
  return true;
}
