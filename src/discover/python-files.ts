import { existsSync, readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { isAlwaysSkipped, type IgnoreRules } from './ignore-rules.js';

export interface WalkResult {
  pythonFiles: string[];
  manageFiles: string[];
}

/**
 * Every `.py` file under `root` that the project ships, in a stable order: git-ignored paths, virtualenvs
 * (any folder with a pyvenv.cfg) and tool folders are left out, and symlinked folders are not followed.
 */
export function walkPythonFiles(root: string, ignoreRules: IgnoreRules): WalkResult {
  const pythonFiles: string[] = [];
  const manageFiles: string[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const folder = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subfolders: string[] = [];
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (isAlwaysSkipped(entry.name) || ignoreRules.isIgnored(path, true)) continue;
        if (existsSync(join(path, 'pyvenv.cfg'))) continue;
        subfolders.push(path);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && entry.name.endsWith('.py')) {
        if (ignoreRules.isIgnored(path)) continue;
        pythonFiles.push(path);
        if (entry.name === 'manage.py') manageFiles.push(path);
      }
    }
    pending.push(...subfolders.reverse());
  }
  return { pythonFiles, manageFiles };
}
