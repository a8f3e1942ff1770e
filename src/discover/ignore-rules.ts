import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { listTrackedFiles, type TrackedFiles, type TrackedFilesAnswer } from './tracked-files.js';

/** Folders that never hold the project's own code. */
const ALWAYS_SKIPPED = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '__pycache__',
  '.tox',
  '.nox',
  '.venv',
  'venv',
  '.virtualenv',
  'virtualenv',
  'site-packages',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.eggs',
]);

export function isAlwaysSkipped(name: string): boolean {
  return ALWAYS_SKIPPED.has(name);
}

/**
 * `.gitignore` semantics for the files a scan walks: every `.gitignore` from the repository root down to a
 * path applies, each relative to its own folder, plus `.git/info/exclude`. Files production never sees
 * (git-ignored local settings, build output) are not judged as if they shipped. As in git, these rules
 * apply to untracked files only: a file git tracks ships whatever `.gitignore` says, and a folder that
 * holds one is walked. The config's `exclude` patterns leave out tracked files too.
 */
export class IgnoreRules {
  private readonly perFolder = new Map<string, Ignore | null>();
  private readonly extra: Ignore;
  private readonly chains = new Map<string, string[]>();
  private readonly tracked: TrackedFiles | undefined;
  /** Why tracked files could not be told apart, when the user can act on it (for the run's remarks). */
  readonly remark: string | undefined;

  constructor(
    private readonly repoRoot: string,
    extraPatterns: readonly string[] = [],
    trackedFiles: TrackedFilesAnswer = listTrackedFiles(repoRoot),
  ) {
    this.extra = ignore().add([...extraPatterns]);
    this.tracked = trackedFiles.tracked;
    this.remark = trackedFiles.remark;
    const exclude = join(repoRoot, '.git', 'info', 'exclude');
    if (existsSync(exclude)) this.perFolder.set(`${repoRoot}\0exclude`, ignore().add(readFileSync(exclude, 'utf8')));
  }

  private rulesOf(folder: string): Ignore | null {
    if (!this.perFolder.has(folder)) {
      const file = join(folder, '.gitignore');
      let rules: Ignore | null = null;
      try {
        if (existsSync(file)) rules = ignore().add(readFileSync(file, 'utf8'));
      } catch {
        rules = null;
      }
      this.perFolder.set(folder, rules);
    }
    return this.perFolder.get(folder) ?? null;
  }

  /** The folders from the repository root down to `folder` that hold a .gitignore, cached per folder. */
  private foldersAbove(folder: string): string[] {
    let chain = this.chains.get(folder);
    if (!chain) {
      const parent = dirname(folder);
      const above = folder === this.repoRoot || parent === folder ? [] : this.foldersAbove(parent);
      chain = this.rulesOf(folder) ? [...above, folder] : above;
      this.chains.set(folder, chain);
    }
    return chain;
  }

  private relativePosix(from: string, to: string): string {
    return relative(from, to).split(sep).join('/');
  }

  /** A folder holding tracked files, or a submodule (git lists its folder as one tracked entry). */
  private isTrackedFolder(fromRoot: string): boolean {
    return this.tracked!.folders.has(fromRoot) || this.tracked!.files.has(fromRoot);
  }

  isIgnored(absPath: string, isDirectory = false): boolean {
    const fromRoot = this.relativePosix(this.repoRoot, absPath);
    if (!fromRoot || fromRoot.startsWith('..')) return false;
    const suffix = isDirectory ? '/' : '';
    if (this.extra.ignores(fromRoot + suffix)) return true;
    if (this.tracked && (isDirectory ? this.isTrackedFolder(fromRoot) : this.tracked.files.has(fromRoot))) return false;
    const exclude = this.perFolder.get(`${this.repoRoot}\0exclude`);
    if (exclude?.ignores(fromRoot + suffix)) return true;
    for (const folder of this.foldersAbove(dirname(absPath))) {
      const rules = this.rulesOf(folder);
      if (!rules) continue;
      const rel = this.relativePosix(folder, absPath);
      if (rel && !rel.startsWith('..') && rules.ignores(rel + suffix)) return true;
    }
    return false;
  }
}
