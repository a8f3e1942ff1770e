import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface ResolvedModule {
  absPath: string;
  /** False when the file exists here but would not reach production (git-ignored, e.g. local.py). */
  shipped: boolean;
}

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
 */
export class ModuleResolver {
  constructor(
    private readonly searchRoots: readonly string[],
    private readonly isShipped: (absPath: string) => boolean = () => true,
  ) {}

  private locate(base: string, parts: readonly string[]): string | undefined {
    const path = join(base, ...parts);
    if (parts.length > 0 && isFile(`${path}.py`)) return `${path}.py`;
    const init = join(path, '__init__.py');
    if (isFile(init)) return init;
    return undefined;
  }

  resolve(dotted: string, level: number, fromFile: string): ResolvedModule | undefined {
    const parts = dotted ? dotted.split('.') : [];
    let found: string | undefined;
    if (level > 0) {
      let base = dirname(fromFile);
      for (let i = 1; i < level; i++) base = dirname(base);
      found = this.locate(base, parts);
    } else {
      for (const root of this.searchRoots) {
        found = this.locate(root, parts);
        if (found) break;
      }
    }
    return found ? { absPath: found, shipped: this.isShipped(found) } : undefined;
  }

  /** Whether a file found here would reach production (not git-ignored). */
  shipped(absPath: string): boolean {
    return this.isShipped(absPath);
  }

  /** Whether `dotted` could name a module of this project (its first package exists under a search root). */
  isProjectModule(dotted: string, level: number): boolean {
    if (level > 0) return true;
    const top = dotted.split('.')[0]!;
    return this.searchRoots.some((root) => existsSync(join(root, `${top}.py`)) || existsSync(join(root, top)));
  }
}
