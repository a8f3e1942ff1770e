import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The nearest folder at or above `start` that holds `.git`, else `start` itself (design.md, "Finding"). */
export function findRepositoryRoot(start: string): string {
  const absolute = resolve(start);
  for (let dir = absolute; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return absolute;
  }
}
