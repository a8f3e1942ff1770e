import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SourceStore } from '../../src/parse/source-store.js';
import { ModuleResolver } from '../../src/settings/module-resolver.js';
import { ProductionEnvironment } from '../../src/settings/production-environment.js';
import { loadSettings, type SettingsModel } from '../../src/settings/settings-model.js';

/** Writes `files` (path -> source) into a fresh temporary folder and returns its path. */
export function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'dsg-'));
  for (const [path, text] of Object.entries(files)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return root;
}

/**
 * Loads the settings module `module` (dotted) from a tree written with writeTree, under the given
 * production environment, the way a scan does.
 */
export async function settingsOf(
  files: Record<string, string>,
  module: string,
  environment: Record<string, string> = {},
  isShipped: (absPath: string) => boolean = () => true,
  options: { python?: string } = {},
): Promise<SettingsModel> {
  const root = writeTree(files);
  const store = new SourceStore(root);
  const resolver = new ModuleResolver([root], isShipped);
  const resolved = resolver.resolve(module, 0, join(root, 'manage.py'));
  if (!resolved) throw new Error(`test tree has no module ${module}`);
  return loadSettings({
    store,
    resolver,
    environment: new ProductionEnvironment(new Map(Object.entries(environment))),
    module: { name: module, absPath: resolved.absPath, file: store.repoPath(resolved.absPath) },
    python: options.python,
  });
}

/** A single-file settings module. */
export function settingsFrom(source: string, environment: Record<string, string> = {}): Promise<SettingsModel> {
  return settingsOf({ 'settings.py': source }, 'settings', environment);
}
