import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { argumentsOf, childrenOf, dottedName, unwrap } from '../code-analysis/syntax.js';
import { parsePython, type SyntaxNode } from '../parse/python-parser.js';
import { literalText } from '../python/literals.js';
import { readText } from './entry-points.js';
import { isWithin } from '../parse/source-store.js';

/** Folders many repositories keep their Python packages in, importable once installed or on PYTHONPATH. */
const SOURCE_FOLDERS = ['src', 'app', 'backend'];

/** How deep a name may refer to other names (`BASE_DIR = ROOT.parent`) before it is given up on. */
const MAX_NAME_DEPTH = 8;

/** Folders an entry point adds to sys.path, in the order Python would search them. */
export interface SysPathChanges {
  /** `sys.path.insert(0, ...)`: searched before the script's folder (the last insert first). */
  prepended: string[];
  /** `sys.path.append(...)`, `.extend([...])`, `site.addsitedir(...)`: searched after it. */
  appended: string[];
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Assignments `NAME = expr` anywhere in the file, in order; a name's value is its last assignment before use. */
function assignmentsOf(tree: SyntaxNode): Array<{ name: string; value: SyntaxNode; at: number }> {
  const found: Array<{ name: string; value: SyntaxNode; at: number }> = [];
  for (const node of tree.descendantsOfType('assignment')) {
    if (!node) continue;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left?.type === 'identifier' && right) found.push({ name: left.text, value: right, at: node.startIndex });
  }
  return found;
}

/**
 * The folder a path expression of an entry point evaluates to, for the forms projects use to reach their
 * own folders (`os.path.dirname(os.path.abspath(__file__))`, `Path(__file__).resolve().parent / "src"`,
 * `os.path.join(BASE_DIR, "apps")`, `"src"` relative to the working directory); undefined for any other form.
 */
class PathEvaluator {
  private readonly assignments;

  constructor(
    tree: SyntaxNode,
    private readonly file: string,
    private readonly workingDirectory: string,
  ) {
    this.assignments = assignmentsOf(tree);
  }

  evaluate(node: SyntaxNode, depth = 0): string | undefined {
    if (depth > MAX_NAME_DEPTH) return undefined;
    const current = unwrap(node);
    switch (current.type) {
      case 'string':
      case 'concatenated_string': {
        const text = literalText(current);
        return text === undefined ? undefined : resolve(this.workingDirectory, text);
      }
      case 'identifier':
        return this.evaluateName(current, depth);
      case 'attribute': {
        const name = current.childForFieldName('attribute')?.text;
        const object = current.childForFieldName('object');
        if (name === 'parent' && object) {
          const base = this.evaluate(object, depth + 1);
          return base && dirname(base);
        }
        return undefined;
      }
      case 'subscript': {
        // `Path(__file__).parents[1]`
        const value = current.childForFieldName('value');
        const index = current.childForFieldName('subscript');
        if (value?.type !== 'attribute' || value.childForFieldName('attribute')?.text !== 'parents') return undefined;
        if (!index || !/^\d+$/.test(index.text)) return undefined;
        let base = this.evaluate(value.childForFieldName('object')!, depth + 1);
        for (let step = 0; base && step <= Number(index.text); step++) base = dirname(base);
        return base;
      }
      case 'binary_operator': {
        if (current.childForFieldName('operator')?.text !== '/') return undefined;
        const left = this.evaluate(current.childForFieldName('left')!, depth + 1);
        const right = current.childForFieldName('right');
        if (!left || !right) return undefined;
        const part = literalText(unwrap(right));
        // `base / "src"` joins; `base / other_path` is the other path when that one is absolute.
        return part !== undefined ? resolve(left, part) : this.evaluate(right, depth + 1);
      }
      case 'call':
        return this.evaluateCall(current, depth);
      default:
        return undefined;
    }
  }

  private evaluateName(node: SyntaxNode, depth: number): string | undefined {
    if (node.text === '__file__') return this.file;
    const assignment = this.assignments.filter((a) => a.name === node.text && a.at < node.startIndex).at(-1);
    return assignment ? this.evaluate(assignment.value, depth + 1) : undefined;
  }

  private evaluateCall(call: SyntaxNode, depth: number): string | undefined {
    const callee = call.childForFieldName('function');
    const args = argumentsOf(call).positional;
    const name = dottedName(callee) ?? '';
    const last = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
    const first = () => (args[0] ? this.evaluate(args[0], depth + 1) : undefined);
    if (
      /^(os\.path\.|path\.)?(abspath|realpath|normpath)$/.test(name) ||
      /^(str|os\.fspath|Path|pathlib\.Path|PurePath)$/.test(name)
    ) {
      return first();
    }
    if (/^(os\.path\.|path\.)?dirname$/.test(name)) {
      const base = first();
      return base && dirname(base);
    }
    if (name === 'os.getcwd') return this.workingDirectory;
    if (/^(os\.path\.|path\.)?join$/.test(name) && args.length > 0) {
      let joined = first();
      for (const part of args.slice(1)) {
        if (!joined) return undefined;
        const text = literalText(unwrap(part));
        if (text !== undefined) joined = resolve(joined, text);
        else {
          const absolute = this.evaluate(part, depth + 1);
          if (!absolute) return undefined;
          joined = absolute;
        }
      }
      return joined;
    }
    // `Path(__file__).resolve()`, `.absolute()`: the same folder here.
    if ((last === 'resolve' || last === 'absolute') && callee?.type === 'attribute' && args.length === 0) {
      return this.evaluate(callee.childForFieldName('object')!, depth + 1);
    }
    return undefined;
  }
}

/**
 * The folders an entry point (manage.py, wsgi.py, asgi.py) puts on sys.path, for the forms whose folder
 * can be read from the file; a relative folder is taken from `workingDirectory` (where manage.py runs).
 */
export async function sysPathChanges(file: string, workingDirectory: string): Promise<SysPathChanges> {
  const changes: SysPathChanges = { prepended: [], appended: [] };
  const text = readText(file);
  if (!/sys\.path|addsitedir/.test(text)) return changes;
  const tree = (await parsePython(text)).rootNode;
  const evaluator = new PathEvaluator(tree, file, workingDirectory);
  for (const call of tree.descendantsOfType('call')) {
    if (!call) continue;
    const name = dottedName(call.childForFieldName('function'));
    const args = argumentsOf(call).positional;
    if (name === 'sys.path.insert' && args.length === 2) {
      const folder = evaluator.evaluate(args[1]!);
      // insert(0, x) puts x first; any other index keeps the script's folder ahead of it.
      if (folder) (args[0]!.text === '0' ? changes.prepended : changes.appended).unshift(folder);
    } else if ((name === 'sys.path.append' || name === 'site.addsitedir') && args.length === 1) {
      const folder = evaluator.evaluate(args[0]!);
      if (folder) changes.appended.push(folder);
    } else if (name === 'sys.path.extend' && args.length === 1 && unwrap(args[0]!).type === 'list') {
      for (const item of childrenOf(unwrap(args[0]!))) {
        const folder = evaluator.evaluate(item);
        if (folder) changes.appended.push(folder);
      }
    }
  }
  return changes;
}

/**
 * sys.path as a project's settings would see it: the folders its entry points insert, the folder of
 * manage.py, the folders they append, each folder above up to the repository root (where an installed
 * or PYTHONPATH'd package resolves from), then the common source folders of the project and the repository.
 */
export async function moduleSearchPath(
  projectRoot: string,
  repoRoot: string,
  entryPoints: readonly string[],
): Promise<string[]> {
  const prepended: string[] = [];
  const appended: string[] = [];
  for (const file of entryPoints) {
    const changes = await sysPathChanges(file, projectRoot);
    prepended.push(...changes.prepended);
    appended.push(...changes.appended);
  }
  const above: string[] = [];
  if (isWithin(projectRoot, repoRoot)) {
    for (let folder = projectRoot; folder !== repoRoot; folder = dirname(folder)) {
      const parent = dirname(folder);
      if (parent === folder) break;
      above.push(parent);
    }
  }
  const sourceFolders = [projectRoot, repoRoot].flatMap((base) => SOURCE_FOLDERS.map((name) => join(base, name)));
  const ordered = [...prepended, projectRoot, ...appended, ...above, ...sourceFolders];
  return [...new Set(ordered)].filter((folder) => folder === projectRoot || (existsSync(folder) && isFolder(folder)));
}

/**
 * The sys.path folder a module was found under (the one holding its top package), for running Python as the
 * scan resolved it: a settings package found above manage.py's folder is importable there once installed.
 */
export function importRootOf(module: string, absPath: string, searchRoots: readonly string[]): string | undefined {
  const top = module.split('.')[0]!;
  return searchRoots.find((root) => absPath === join(root, `${top}.py`) || isWithin(absPath, join(root, top)));
}
