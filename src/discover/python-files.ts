import { existsSync, readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { isDeploymentFile, isDocumentationFile } from './deployment-evidence.js';
import { isAlwaysSkipped, type IgnoreRules } from './ignore-rules.js';

export interface WalkResult {
  pythonFiles: string[];
  manageFiles: string[];
  /** Files that may set the settings module production runs: deployment files, documentation and templates. */
  deploymentFiles: string[];
}

/**
 * Every `.py` file under `root` that the project ships, in a stable order: git-ignored paths, virtualenvs
 * (any folder with a pyvenv.cfg) and tool folders are left out, and symlinked folders are not followed.
 * The same walk collects the deployment and documentation files (`.github/`, `.platform/`, `.ebextensions/`
 * included), so a large repository is listed once.
 */
export function walkPythonFiles(root: string, ignoreRules: IgnoreRules): WalkResult {
  const pythonFiles: string[] = [];
  const manageFiles: string[] = [];
  const deploymentFiles: string[] = [];
  // Each folder with its path relative to the root, '/'-separated, for the name tests.
  const pending: [string, string][] = [[root, '']];
  while (pending.length > 0) {
    const [folder, folderPath] = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subfolders: [string, string][] = [];
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (isAlwaysSkipped(entry.name) || ignoreRules.isIgnored(path, true)) continue;
        if (existsSync(join(path, 'pyvenv.cfg'))) continue;
        subfolders.push([path, folderPath + entry.name + '/']);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        const isPython = entry.name.endsWith('.py');
        const relativePath = folderPath + entry.name;
        const isDeployment = isDeploymentFile(relativePath) || isDocumentationFile(relativePath);
        if ((!isPython && !isDeployment) || ignoreRules.isIgnored(path)) continue;
        if (isPython) pythonFiles.push(path);
        if (entry.name === 'manage.py') manageFiles.push(path);
        if (isDeployment) deploymentFiles.push(path);
      }
    }
    pending.push(...subfolders.reverse());
  }
  return { pythonFiles, manageFiles, deploymentFiles };
}
