import { join } from 'node:path';
import { scan, type ScanOptions, type ScanResult } from '../../src/scan.js';
import { writeRepo } from './cli-harness.js';

export { INSECURE_SETTINGS, SECURE_SETTINGS, managePy, wsgiPy } from './cli-harness.js';

/** The static scan of a temporary repository holding `files`; `path` is relative to its root. */
export async function scanRepo(
  files: Record<string, string>,
  options: Partial<Omit<ScanOptions, 'path'>> & { path?: string } = {},
): Promise<{ root: string; result: ScanResult }> {
  const root = writeRepo(files);
  const result = await scan({
    environment: new Map(),
    processEnvironment: {},
    deployCheck: false,
    ...options,
    path: join(root, options.path ?? '.'),
  });
  return { root, result };
}

/** What each project judged: its module and the evidence, as reports show them. */
export function judged(result: ScanResult): Array<{ root: string; module: string; chosenBy: string; judged: boolean }> {
  return result.projects.map((project) => ({
    root: project.root,
    module: project.settingsModule,
    chosenBy: project.chosenBy,
    judged: project.judged,
  }));
}

/** The 1-based line of the first line of `text` containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`${needle} is not in the text`);
  return index + 1;
}

/** A settings package `config/settings/` with one module per name, each setting DEBUG so findings show which ran. */
export function settingsPackage(prefix: string, names: Record<string, string>): Record<string, string> {
  const files: Record<string, string> = {
    [`${prefix}/__init__.py`]: '',
    [`${prefix}/settings/__init__.py`]: '',
  };
  for (const [name, text] of Object.entries(names)) files[`${prefix}/settings/${name}.py`] = text;
  return files;
}
