import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import { describeImage } from './container-image.js';
import { evidenceFileOf } from './settings-choice.js';
import { firstSaying, nameLook, pathLook, type EvidenceLook } from './evidence/look.js';
import { imageOfProject, type ImageContents } from './project-image.js';
import { isWithin } from '../parse/source-store.js';

/**
 * Which Dockerfile builds production's image of a project, and what that image holds: the Dockerfile whose
 * evidence chose the settings module if there is one, else the single production-looking Dockerfile whose
 * build context holds the project and whose image copies it. Development and test Dockerfiles never count.
 */

const DOCKERFILE = /^(docker|container)file([._-].*)?$|\.(docker|container)file$/i;
const COMPOSE = /^(docker-)?compose([._-].*)?\.ya?ml$|^(local|production)\.ya?ml$/i;

export function isDockerfile(absPath: string): boolean {
  const name = basename(absPath);
  return DOCKERFILE.test(name) && !name.toLowerCase().endsWith('.dockerignore');
}

/** A compose service's `build:`: the context and Dockerfile it names, and how its service and file look. */
interface ComposeBuild {
  compose: string;
  dockerfile: string;
  context: string;
  target?: string;
  /** `build.args` with literal values (or defaults of `${VAR:-default}`). */
  args: Map<string, string>;
  look: EvidenceLook;
}

/** Compose `build.args`, as a map or a `NAME=value` list; values that stay variables are left out. */
function buildArgs(written: unknown): Map<string, string> {
  const args = new Map<string, string>();
  const entries: Array<[string, unknown]> = Array.isArray(written)
    ? written
        .filter((item): item is string => typeof item === 'string' && item.includes('='))
        .map((item) => {
          const [name, ...value] = item.split('=');
          return [name!, value.join('=')];
        })
    : written && typeof written === 'object'
      ? Object.entries(written)
      : [];
  for (const [name, raw] of entries) {
    const value = typeof raw === 'string' || typeof raw === 'number' ? composeValue(String(raw)) : undefined;
    if (value !== undefined) args.set(name, value);
  }
  return args;
}

function repoRelative(repoRoot: string, absPath: string): string {
  return relative(repoRoot, absPath).split(sep).join('/');
}

function composeBuilds(composeFile: string, repoRoot: string): ComposeBuild[] {
  let document: unknown;
  try {
    document = parse(readFileSync(composeFile, 'utf8'), { uniqueKeys: false, strict: false, logLevel: 'silent' });
  } catch {
    return [];
  }
  const services = (document as { services?: unknown } | null)?.services;
  if (!services || typeof services !== 'object') return [];
  const builds: ComposeBuild[] = [];
  for (const [service, definition] of Object.entries(services as Record<string, unknown>)) {
    const build = (definition as { build?: unknown } | null)?.build;
    const spec =
      typeof build === 'string'
        ? { context: build }
        : build && typeof build === 'object'
          ? (build as Record<string, unknown>)
          : undefined;
    if (!spec) continue;
    const contextWritten = composeValue(typeof spec.context === 'string' ? spec.context : '.');
    const dockerfileWritten = composeValue(typeof spec.dockerfile === 'string' ? spec.dockerfile : 'Dockerfile');
    if (contextWritten === undefined || dockerfileWritten === undefined) continue;
    // A remote context (a git URL) is not this checkout.
    if (/^[a-z]+:\/\//i.test(contextWritten) || contextWritten.startsWith('git@')) continue;
    const context = resolve(dirname(composeFile), contextWritten);
    const dockerfile = resolve(context, dockerfileWritten);
    builds.push({
      compose: composeFile,
      dockerfile,
      context,
      ...(typeof spec.target === 'string' ? { target: spec.target } : {}),
      args: buildArgs(spec.args),
      look: firstSaying(nameLook(service), pathLook(repoRelative(repoRoot, composeFile))),
    });
  }
  return builds;
}

export interface ProductionImageOptions {
  projectRoot: string;
  repoRoot: string;
  /** The walk's deployment files (absolute): Dockerfiles and compose files among them. */
  deploymentFiles: readonly string[];
  /** The deployment file whose evidence chose the settings module (a Dockerfile, or a compose file that builds one). */
  preferredFile?: string;
  /** Else the project's `chosenBy` ("docker/images/kuma/Dockerfile:6"), whose file is taken when it is a deployment file. */
  chosenBy?: string;
}

interface Candidate {
  dockerfile: string;
  look: EvidenceLook;
  image: ImageContents;
}

export function productionImage(options: ProductionImageOptions): ImageContents | undefined {
  const { projectRoot, repoRoot } = options;
  const builds = options.deploymentFiles
    .filter((file) => COMPOSE.test(basename(file)))
    .flatMap((file) => composeBuilds(file, repoRoot));
  const dockerfiles = [
    ...new Set([
      ...options.deploymentFiles.filter(isDockerfile),
      ...builds.map((build) => build.dockerfile).filter((file) => existsSync(file)),
    ]),
  ];

  // The Dockerfile the evidence names builds this project, so its inferred context holds the project (kuma's
  // docker/images/kuma/Dockerfile copies `.` of the repository root); any other is built from its own folder.
  const candidateOf = (dockerfile: string, build: ComposeBuild | undefined, named: boolean): Candidate | undefined => {
    let description;
    try {
      description = describeImage(dockerfile, repoRoot, {
        ...(named ? { holding: projectRoot } : {}),
        ...(build
          ? { context: build.context, buildArgs: build.args, ...(build.target ? { target: build.target } : {}) }
          : {}),
      });
    } catch {
      return undefined;
    }
    if (!isWithin(projectRoot, description.context)) return undefined;
    const image = imageOfProject(description, projectRoot);
    if (!image) return undefined;
    const ownLook = pathLook(repoRelative(repoRoot, dockerfile));
    const stage = description.stages[description.target];
    return { dockerfile, look: firstSaying(ownLook, nameLook(stage?.name ?? ''), build?.look ?? 'neutral'), image };
  };
  /**
   * Each Dockerfile once, in the best-looking way it is built: as a compose service builds it (context, target) or
   * on its own (compose may build kitsune's `dev` target while production builds the final `prod` stage).
   */
  const candidatesFor = (files: readonly string[], fromBuilds: readonly ComposeBuild[], named = false): Candidate[] =>
    files.flatMap((dockerfile) => {
      const variants = [
        ...fromBuilds
          .filter((build) => build.dockerfile === dockerfile)
          .map((build) => candidateOf(dockerfile, build, named)),
        candidateOf(dockerfile, undefined, named),
      ].filter((c): c is Candidate => c !== undefined && (c.look === 'production' || c.look === 'neutral'));
      const best = variants.find((c) => c.look === 'production') ?? variants[0];
      return best ? [best] : [];
    });

  const preferred = options.preferredFile ?? evidenceFileOf(options.chosenBy, repoRoot, options.deploymentFiles);
  if (preferred) {
    const fromPreferred = isDockerfile(preferred)
      ? candidatesFor([preferred], builds, true)
      : candidatesFor(
          [...new Set(builds.filter((build) => build.compose === preferred).map((build) => build.dockerfile))],
          builds.filter((build) => build.compose === preferred),
        );
    const chosen = single(fromPreferred, builds, projectRoot);
    if (chosen) return chosen;
  }
  return single(candidatesFor(dockerfiles, builds), builds, projectRoot);
}

/**
 * The one production-looking candidate, else the one neutral candidate; of several alike, the one nearest
 * the project, else the one a compose file builds (DefectDojo's compose names Dockerfile.django-debian, not -alpine); undefined when they still tie.
 */
function single(
  candidates: readonly Candidate[],
  builds: readonly ComposeBuild[],
  projectRoot: string,
): ImageContents | undefined {
  for (const look of ['production', 'neutral'] as const) {
    const found = candidates.filter((candidate) => candidate.look === look);
    if (found.length === 1) return found[0]!.image;
    // The Dockerfile in the project's own folder (or nearest above it) over one further up (pygoat's labs).
    const depth = (candidate: Candidate) =>
      isWithin(projectRoot, dirname(candidate.dockerfile)) ? dirname(candidate.dockerfile).length : -1;
    const nearest = Math.max(...found.map(depth));
    const closest = found.filter((candidate) => depth(candidate) === nearest);
    if (nearest >= 0 && closest.length === 1) return closest[0]!.image;
    const composed = found.filter((candidate) => builds.some((build) => build.dockerfile === candidate.dockerfile));
    if (composed.length === 1) return composed[0]!.image;
    if (found.length > 1) return undefined;
  }
  return undefined;
}

/** A compose value with `${VAR:-default}` taking its default; undefined when a variable has none. */
function composeValue(value: string): string | undefined {
  let unresolved = false;
  const result = value.replace(/\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g, (_whole, _name, fallback: string | undefined) => {
    if (fallback === undefined) unresolved = true;
    return fallback ?? '';
  });
  return unresolved ? undefined : result;
}
