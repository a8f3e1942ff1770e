import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

export interface ResolvedModule {
  absPath: string;
  /** False when the file exists here but would not reach production (git-ignored, e.g. local.py, or not in the image). */
  shipped: boolean;
}

/** What production's image holds, as far as module resolution asks (see discover/project-image.ts). */
export interface ImageView {
  /** The repository file the image holds at this checkout path when it is not the checkout's own file. */
  overlayFor(target: string): { source: string; dockerfile: string; line: number } | undefined;
  /** Whether a checkout file is in the image. */
  ships(absPath: string): boolean;
}

/** Something the image changed about what is judged, for the project's remarks. */
export type ImageEvent =
  | { kind: 'overlay'; target: string; source: string; dockerfile: string; line: number }
  | { kind: 'absent'; file: string };

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Finds the file behind a Python module name the way the import system would for a Django project:
 * absolute names against sys.path (the folder of manage.py first), relative names against the importing file.
 * With production's image, a module the image replaces (a Dockerfile's `COPY docker/config.py
 * app/settings/config.py`) is the copied file, and a file the image lacks is not shipped.
 */
export class ModuleResolver {
  /** Overlay source → the checkout path it stands in for, so its relative imports resolve from there. */
  private readonly placedAt = new Map<string, string>();
  private readonly events = new Map<string, ImageEvent>();

  constructor(
    private readonly searchRoots: readonly string[],
    private readonly isShipped: (absPath: string) => boolean = () => true,
    private readonly image?: ImageView,
  ) {}

  private candidate(path: string): string | undefined {
    const overlay = this.image?.overlayFor(path);
    if (overlay) {
      this.placedAt.set(overlay.source, path);
      if (!this.events.has(path)) this.events.set(path, { kind: 'overlay', target: path, ...overlay });
      return overlay.source;
    }
    return isFile(path) ? path : undefined;
  }

  private locate(base: string, parts: readonly string[]): string | undefined {
    const path = join(base, ...parts);
    if (parts.length > 0) {
      const module = this.candidate(`${path}.py`);
      if (module) return module;
    }
    return this.candidate(join(path, '__init__.py'));
  }

  resolve(dotted: string, level: number, fromFile: string): ResolvedModule | undefined {
    const parts = dotted ? dotted.split('.') : [];
    let found: string | undefined;
    if (level > 0) {
      let base = dirname(this.placedAt.get(fromFile) ?? fromFile);
      for (let i = 1; i < level; i++) base = dirname(base);
      found = this.locate(base, parts);
    } else {
      for (const root of this.searchRoots) {
        found = this.locate(root, parts);
        if (found) break;
      }
    }
    return found ? { absPath: found, shipped: this.shipped(found) } : undefined;
  }

  /** Whether a file found here would reach production (not git-ignored, and in the image when there is one). */
  shipped(absPath: string): boolean {
    if (this.placedAt.has(absPath)) return true;
    if (!this.isShipped(absPath)) return false;
    if (this.image && !this.image.ships(absPath)) {
      if (!this.events.has(absPath)) this.events.set(absPath, { kind: 'absent', file: absPath });
      return false;
    }
    return true;
  }

  /** The checkout path a file the image copies in stands in for (`docker/config.py` → `settings/config.py`). */
  targetOf(source: string): string | undefined {
    return this.placedAt.get(source);
  }

  /** Whether `dotted` could name a module of this project (its first package exists under a search root). */
  isProjectModule(dotted: string, level: number): boolean {
    if (level > 0) return true;
    const top = dotted.split('.')[0]!;
    return this.searchRoots.some((root) => existsSync(join(root, `${top}.py`)) || existsSync(join(root, top)));
  }

  /**
   * The modules the image replaces, by dotted name (`settings.config` → docker/config.py), and those it lacks
   * (a `local.py` it does not copy), so `check --deploy` in the checkout imports what the image would hold.
   */
  imageModules(): { replaced: Record<string, string>; absent: string[] } {
    const replaced: Record<string, string> = {};
    const absent: string[] = [];
    for (const event of this.events.values()) {
      const module = this.moduleNameOf(event.kind === 'overlay' ? event.target : event.file);
      if (!module) continue;
      if (event.kind === 'overlay') replaced[module] = event.source;
      else absent.push(module);
    }
    return { replaced, absent };
  }

  private moduleNameOf(path: string): string | undefined {
    for (const root of this.searchRoots) {
      const rel = relative(root, path);
      if (!rel || rel.startsWith('..') || !rel.endsWith('.py')) continue;
      const parts = rel.slice(0, -3).split(sep);
      if (parts.at(-1) === '__init__') parts.pop();
      if (parts.length > 0 && parts.every((part) => /^[A-Za-z_]\w*$/.test(part))) return parts.join('.');
    }
    return undefined;
  }

  /** What the image changed while resolving: modules it replaces, files it lacks; in the order first met. */
  imageEvents(): ImageEvent[] {
    return [...this.events.values()];
  }
}
