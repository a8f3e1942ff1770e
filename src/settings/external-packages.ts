import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isWithin } from '../parse/source-store.js';

/**
 * Finds the source of a module that is not one of the project's own (`from oscar.defaults import *`):
 * a copy vendored in the repository, or the package installed for the interpreter production runs.
 * Nothing is ever imported: the interpreter is only asked where the top-level package lies on its
 * sys.path (importlib's PathFinder searches the path entries without running any package code).
 */

export interface LocatedModule {
  absPath: string;
  /** True for a copy in the repository; false for one installed for the interpreter. */
  inRepository: boolean;
}

/** Folders next to a project that commonly hold vendored or sibling packages (`src/oscar` beside `sandbox/`). */
const SOURCE_FOLDERS = ['', 'src', 'lib', 'vendor', 'third_party'];

const FIND_TOP_LEVEL = [
  'import importlib.machinery, json, sys',
  'spec = importlib.machinery.PathFinder.find_spec(sys.argv[1])',
  'print(json.dumps(None if spec is None else {"origin": spec.origin, "locations": list(spec.submodule_search_locations or [])}))',
].join('\n');

interface TopLevelSpec {
  origin: string | null;
  locations: string[];
}

/** One answer per interpreter and top-level name for the whole process: sys.path does not change under a scan. */
const interpreterAnswers = new Map<string, Promise<TopLevelSpec | null>>();

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function moduleFile(base: string, parts: readonly string[]): string | undefined {
  if (parts.length === 0) return undefined;
  const path = join(base, ...parts);
  if (isFile(`${path}.py`)) return `${path}.py`;
  if (isFile(join(path, '__init__.py'))) return join(path, '__init__.py');
  return undefined;
}

/** The folders from the importing file's up to the repository root, each with its usual source folders. */
function vendoredCandidates(fromFile: string, repoRoot: string): string[] {
  const bases: string[] = [];
  let folder = dirname(fromFile);
  while (isWithin(folder, repoRoot)) {
    for (const sub of SOURCE_FOLDERS) bases.push(sub ? join(folder, sub) : folder);
    if (folder === repoRoot) break;
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return bases;
}

function askInterpreter(python: string, top: string): Promise<TopLevelSpec | null> {
  // Run outside the repository, so that `-c`'s current-folder entry on sys.path finds nothing of it.
  const cwd = tmpdir();
  const key = `${python}\0${top}`;
  let answer = interpreterAnswers.get(key);
  if (!answer) {
    answer = new Promise((resolve) => {
      execFile(python, ['-c', FIND_TOP_LEVEL, top], { cwd, timeout: 15_000 }, (error, stdout) => {
        if (error) return resolve(null);
        try {
          resolve(JSON.parse(stdout.trim()) as TopLevelSpec | null);
        } catch {
          resolve(null);
        }
      });
    });
    interpreterAnswers.set(key, answer);
  }
  return answer;
}

export async function locateExternalModule(
  dotted: string,
  fromFile: string,
  options: { repoRoot: string; python?: string; isShipped: (absPath: string) => boolean },
): Promise<LocatedModule | undefined> {
  const parts = dotted.split('.');
  for (const base of vendoredCandidates(fromFile, options.repoRoot)) {
    const found = moduleFile(base, parts);
    if (found && options.isShipped(found)) return { absPath: found, inRepository: true };
  }
  if (!options.python || !/^[A-Za-z_][\w.]*$/.test(dotted)) return undefined;
  const spec = await askInterpreter(options.python, parts[0]!);
  if (!spec) return undefined;
  if (parts.length === 1) {
    return spec.origin && spec.origin.endsWith('.py') && isFile(spec.origin)
      ? { absPath: spec.origin, inRepository: false }
      : undefined;
  }
  for (const location of spec.locations) {
    const found = moduleFile(location, parts.slice(1));
    if (found) return { absPath: found, inRepository: isWithin(found, options.repoRoot) };
  }
  return undefined;
}

const installedAnswers = new Map<string, Promise<boolean | undefined>>();

/**
 * Whether the top-level package of `dotted` is installed for `python` (found on its sys.path, without
 * importing it); undefined when the interpreter cannot be asked.
 */
export function isInstalledFor(python: string, dotted: string): Promise<boolean | undefined> {
  const top = dotted.split('.')[0]!;
  if (!/^[A-Za-z_]\w*$/.test(top)) return Promise.resolve(undefined);
  const key = `${python}\0${top}`;
  let answer = installedAnswers.get(key);
  if (!answer) {
    answer = new Promise((resolve) => {
      execFile(python, ['-c', FIND_TOP_LEVEL, top], { cwd: tmpdir(), timeout: 15_000 }, (error, stdout) => {
        if (error) return resolve(undefined);
        const text = stdout.trim();
        resolve(text === 'null' ? false : text.startsWith('{') ? true : undefined);
      });
    });
    installedAnswers.set(key, answer);
  }
  return answer;
}
