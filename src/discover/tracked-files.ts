import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What git tracks in a work tree: repository-relative paths with "/". */
export interface TrackedFiles {
  files: ReadonlySet<string>;
  /** Every folder that holds a tracked file at any depth ("" excluded): a walk must enter them all. */
  folders: ReadonlySet<string>;
}

export interface TrackedFilesAnswer {
  /** Undefined when git could not say (no .git, no git, not a work tree, refused): .gitignore then decides alone. */
  tracked?: TrackedFiles;
  /** Why git was not asked or did not answer, when the user can act on it (dubious ownership, a timeout). */
  remark?: string;
}

/** A repository of a few hundred thousand files lists in well under a second; a hung git must not hold CI. */
const TIMEOUT_MS = 60_000;
/** 100 bytes a path for a million paths: far above Node's 1 MiB default, which a large monorepo exceeds. */
const MAX_BUFFER = 100 * 1024 * 1024;

/** Variables that point git at another repository or index (set inside git hooks), which would answer for the wrong tree. */
const REDIRECTING = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_COMMON_DIR',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_NAMESPACE',
  'GIT_PREFIX',
];

function gitEnvironment(repoRoot: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of REDIRECTING) delete env[name];
  // A .git that is not a repository must not let git answer for an enclosing one.
  env.GIT_CEILING_DIRECTORIES = dirname(repoRoot);
  return env;
}

export type GitRunner = (args: readonly string[], cwd: string, env: NodeJS.ProcessEnv) => SpawnSyncReturns<string>;

const runGit: GitRunner = (args, cwd, env) =>
  spawnSync('git', args, {
    cwd,
    env,
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    maxBuffer: MAX_BUFFER,
    windowsHide: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/** Builds the lookup sets from `git ls-files -z` output. */
export function trackedFilesFrom(listing: string): TrackedFiles {
  const files = new Set<string>();
  const folders = new Set<string>();
  let previousFolder = '';
  for (const path of listing.split('\0')) {
    if (!path) continue;
    files.add(path);
    // git lists paths sorted, so neighbours mostly share their folder; and once a folder is known, so
    // are all the folders above it.
    const last = path.lastIndexOf('/');
    const folder = last > 0 ? path.slice(0, last) : '';
    if (folder === previousFolder) continue;
    previousFolder = folder;
    for (let end = last; end > 0; end = path.lastIndexOf('/', end - 1)) {
      const above = path.slice(0, end);
      if (folders.has(above)) break;
      folders.add(above);
    }
  }
  return { files, folders };
}

/**
 * The files git tracks under `repoRoot`, asked once with `git ls-files` when `repoRoot` holds `.git` (a
 * folder, or the file of a worktree or submodule). Git ships a tracked file whatever `.gitignore` says.
 */
export function listTrackedFiles(repoRoot: string, run: GitRunner = runGit): TrackedFilesAnswer {
  if (!existsSync(join(repoRoot, '.git'))) return {};
  // quotepath=off keeps non-ASCII names as they are; fsmonitor=false keeps a configured hook from running.
  const result = run(
    ['-c', 'core.quotepath=off', '-c', 'core.fsmonitor=false', 'ls-files', '-z'],
    repoRoot,
    gitEnvironment(repoRoot),
  );
  const failure = result.error as NodeJS.ErrnoException | undefined;
  if (failure?.code === 'ENOENT') return {};
  const fallback = 'so .gitignore was applied to tracked files too, and a tracked file it matches was not scanned';
  if (failure?.code === 'ETIMEDOUT' || result.signal === 'SIGTERM') {
    return { remark: `git ls-files did not answer within ${TIMEOUT_MS / 1000} seconds, ${fallback}.` };
  }
  if (failure) return { remark: `git ls-files failed (${failure.code ?? failure.message}), ${fallback}.` };
  if (result.status !== 0) {
    if (/dubious ownership|safe\.directory/i.test(result.stderr ?? '')) {
      return {
        remark:
          `git refused to read ${repoRoot}, owned by another user (dubious ownership), ${fallback}. ` +
          `Mark it safe with: git config --global --add safe.directory ${repoRoot}`,
      };
    }
    // Not a work tree (an empty or broken .git): nothing git could say.
    return {};
  }
  return { tracked: trackedFilesFrom(result.stdout) };
}
