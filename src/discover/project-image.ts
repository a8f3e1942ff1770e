import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { posix } from 'node:path';
import type { ImageDescription, ImageSource } from './container-image.js';
import { isWithin } from '../parse/source-store.js';

/** A repository file a Dockerfile puts where the checkout has (or lacks) another one. */
export interface ImageOverlay {
  /** The repository file the image holds at the target path (absolute). */
  source: string;
  /** The Dockerfile and the 1-based line of the instruction that puts it there. */
  dockerfile: string;
  line: number;
}

/** What one project looks like inside the image: checkout paths mapped through the folder the project lands at. */
export interface ImageContents {
  dockerfile: string;
  context: string;
  /** The image folder the project root lands at ("/app"). */
  projectFolder: string;
  /** The repository file the image holds at this checkout path when it is not the checkout's own file. */
  overlayFor(target: string): ImageOverlay | undefined;
  /** Whether the checkout file is in the image; true when the image cannot tell (a RUN command may make it). */
  ships(absPath: string): boolean;
  /** Why a checkout file is not in the image ("the .dockerignore excludes it"), undefined when it is. */
  absence(absPath: string): string | undefined;
}

function posixRelative(from: string, to: string): string {
  return relative(from, to).split(sep).join('/');
}

/**
 * The folder of the image that holds the project: of the places the project root lands, the one where
 * its manage.py is the checkout's (none if the image lacks it); without a manage.py, the image's working
 * folder, else the last.
 */
function projectLanding(description: ImageDescription, projectRoot: string): string | undefined {
  const landings = description.landingsOf(projectRoot);
  if (landings.length === 0) return undefined;
  const manage = join(projectRoot, 'manage.py');
  if (existsSync(manage)) {
    const holding = landings.filter((landing) => {
      const source = description.sourceOf(posix.join(landing, 'manage.py'));
      return source.kind === 'repository' && source.file === manage;
    });
    if (holding.length > 0) return holding.find((landing) => landing === description.workdir) ?? holding.at(-1);
    // An image without the project's manage.py is not this project's (a frontend build copying the whole tree
    // with the backend .dockerignored): judging by it would drop every module.
    return undefined;
  }
  return landings.find((landing) => landing === description.workdir) ?? landings.at(-1);
}

export function imageOfProject(description: ImageDescription, projectRoot: string): ImageContents | undefined {
  const landing = projectLanding(description, projectRoot);
  if (landing === undefined) return undefined;

  /** A checkout path's place in the image, through the project root's landing (or a folder above it). */
  const imagePathOf = (absPath: string): string | undefined => {
    let anchor = projectRoot;
    let anchorLanding = landing;
    while (!isWithin(absPath, anchor)) {
      const parent = dirname(anchor);
      if (parent === anchor) return undefined;
      const step = posixRelative(parent, anchor);
      // The folder above lands above only when the image keeps the path (`COPY . /app` of the parent).
      if (!anchorLanding.endsWith(`/${step}`)) return undefined;
      anchorLanding = anchorLanding.slice(0, -step.length - 1) || '/';
      anchor = parent;
    }
    const rel = posixRelative(anchor, absPath);
    return rel ? posix.join(anchorLanding, rel) : anchorLanding;
  };

  const sources = new Map<string, ImageSource | undefined>();
  const sourceAt = (absPath: string): ImageSource | undefined => {
    if (!sources.has(absPath)) {
      const imagePath = imagePathOf(absPath);
      sources.set(absPath, imagePath === undefined ? undefined : description.sourceOf(imagePath));
    }
    return sources.get(absPath);
  };

  const ships = (absPath: string): boolean => {
    const source = sourceAt(absPath);
    if (!source || source.kind === 'unknown') return true;
    return source.kind === 'repository' && source.file === absPath;
  };

  const dockerfileName = posixRelative(description.context, description.dockerfile);
  return {
    dockerfile: description.dockerfile,
    context: description.context,
    projectFolder: landing,
    overlayFor(target) {
      const source = sourceAt(target);
      return source?.kind === 'repository' && source.file !== target
        ? { source: source.file, dockerfile: description.dockerfile, line: source.line }
        : undefined;
    },
    ships,
    absence(absPath) {
      if (ships(absPath)) return undefined;
      const source = sourceAt(absPath);
      if (source?.kind === 'repository')
        return `the image holds ${posixRelative(description.context, source.file)} there`;
      if (source?.kind === 'absent' && source.removedAt) return `${dockerfileName}:${source.removedAt} removes it`;
      if (!description.inContext(absPath)) {
        return description.ignoreFile && isWithin(absPath, description.context)
          ? `${posixRelative(description.context, description.ignoreFile)} leaves it out of the build context`
          : 'it is outside the build context';
      }
      return 'no COPY puts it in the image';
    },
  };
}
