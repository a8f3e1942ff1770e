import { importBindings } from '../code-analysis/imports.js';
import { childrenOf, dottedName } from '../code-analysis/syntax.js';
import type { SourceStore } from '../parse/source-store.js';
import type { SyntaxNode } from '../parse/python-parser.js';
import type { ModuleResolver } from './module-resolver.js';
import { outcomes, type Value } from './value.js';

/**
 * The library classes a project class derives from, read from the class statements of the project's
 * source without running it: `class AdminCSPMiddleware(CSPMiddleware)` with `from csp.middleware import
 * CSPMiddleware` derives from csp.middleware.CSPMiddleware, through project subclasses, re-exports
 * (`from .base import X`) and aliases (`X = Y`). A base computed by a call, or bound only under a
 * condition, is not followed, and the lineage says it is incomplete.
 */
export interface ClassLineage {
  /** The dotted paths outside the project the class derives from: on each line of bases, the first one reached. */
  libraryBases: string[];
  /** Every base was followed to a class outside the project (or to `object`). */
  complete: boolean;
}

interface Lookup {
  store: SourceStore;
  resolver: ModuleResolver;
  /** A file of the project, for the resolver (absolute names do not depend on it). */
  fromFile: string;
  seen: Set<string>;
}

/** Project subclasses of subclasses deeper than this are not followed (and a cycle ends here too). */
const MAX_DEPTH = 16;

/** What a name is bound to at the top level of a module: the last statement binding it wins. */
type TopLevelBinding =
  | { kind: 'class'; node: SyntaxNode }
  | { kind: 'import'; path: string }
  | { kind: 'alias'; node: SyntaxNode }
  | { kind: 'other' };

const INCOMPLETE: ClassLineage = { libraryBases: [], complete: false };

function merge(lineages: readonly ClassLineage[]): ClassLineage {
  return {
    libraryBases: [...new Set(lineages.flatMap((lineage) => lineage.libraryBases))],
    complete: lineages.every((lineage) => lineage.complete),
  };
}

function topLevelBinding(root: SyntaxNode, name: string): TopLevelBinding | undefined {
  let found: TopLevelBinding | undefined;
  for (const statement of childrenOf(root)) {
    const definition =
      statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (definition?.type === 'class_definition' || definition?.type === 'function_definition') {
      if (definition.childForFieldName('name')?.text === name) {
        found = definition.type === 'class_definition' ? { kind: 'class', node: definition } : { kind: 'other' };
      }
    } else if (statement.type === 'import_statement' || statement.type === 'import_from_statement') {
      const binding = importBindings(statement).find((each) => each.local === name);
      if (binding) found = { kind: 'import', path: binding.path };
    } else if (statement.type === 'expression_statement') {
      const assignment = childrenOf(statement)[0];
      if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.text !== name) continue;
      const right = assignment.childForFieldName('right');
      found = right && dottedName(right) ? { kind: 'alias', node: right } : { kind: 'other' };
    }
  }
  return found;
}

/** `.base.Foo` imported in the module `module` (a package when its file is `__init__.py`): `app.base.Foo`. */
function absolutePath(path: string, module: string, isPackage: boolean): string | undefined {
  const dots = /^\.*/.exec(path)![0].length;
  if (dots === 0) return path;
  const parts = module.split('.');
  const kept = parts.length - (isPackage ? 0 : 1) - (dots - 1);
  if (kept < 1) return undefined;
  const rest = path.slice(dots);
  return [...parts.slice(0, kept), ...(rest ? [rest] : [])].join('.');
}

/** The lineage of the class a dotted path (`app.middleware.Name`) names. */
async function lineageOfPath(dotted: string, lookup: Lookup, depth: number): Promise<ClassLineage> {
  if (!lookup.resolver.isProjectModule(dotted, 0)) return { libraryBases: [dotted], complete: true };
  const cut = dotted.lastIndexOf('.');
  if (cut <= 0 || depth > MAX_DEPTH || lookup.seen.has(dotted)) return INCOMPLETE;
  const module = dotted.slice(0, cut);
  const resolved = lookup.resolver.resolve(module, 0, lookup.fromFile);
  if (!resolved) return INCOMPLETE;
  return lineageInModule(resolved.absPath, module, dotted.slice(cut + 1), lookup, depth + 1);
}

async function lineageInModule(
  absPath: string,
  module: string,
  name: string,
  lookup: Lookup,
  depth: number,
): Promise<ClassLineage> {
  const key = `${module}.${name}`;
  if (depth > MAX_DEPTH || lookup.seen.has(key)) return INCOMPLETE;
  lookup.seen.add(key);
  try {
    const parsed = await lookup.store.parse(absPath);
    const binding = parsed && topLevelBinding(parsed.tree.rootNode, name);
    const isPackage = absPath.endsWith('__init__.py');
    const reference = (node: SyntaxNode) =>
      lineageOfReference(node, parsed!.tree.rootNode, absPath, module, lookup, depth);
    switch (binding?.kind) {
      case 'class': {
        const bases = childrenOf(binding.node.childForFieldName('superclasses')).filter(
          (base) => base.type !== 'keyword_argument',
        );
        return merge(await Promise.all(bases.map(reference)));
      }
      case 'alias':
        return reference(binding.node);
      case 'import': {
        const path = absolutePath(binding.path, module, isPackage);
        return path ? lineageOfPath(path, lookup, depth) : INCOMPLETE;
      }
      default:
        return INCOMPLETE;
    }
  } finally {
    lookup.seen.delete(key);
  }
}

/** A base written in a module (`CSPMiddleware`, `middleware.CSPMiddleware`, `Base`): the lineage it stands for. */
async function lineageOfReference(
  node: SyntaxNode,
  root: SyntaxNode,
  absPath: string,
  module: string,
  lookup: Lookup,
  depth: number,
): Promise<ClassLineage> {
  const written = dottedName(node);
  if (!written) return INCOMPLETE;
  const [head, ...rest] = written.split('.');
  const binding = topLevelBinding(root, head!);
  if (!binding) return written === 'object' ? { libraryBases: [], complete: true } : INCOMPLETE;
  if (binding.kind === 'import') {
    const path = absolutePath(binding.path, module, absPath.endsWith('__init__.py'));
    return path ? lineageOfPath([path, ...rest].join('.'), lookup, depth) : INCOMPLETE;
  }
  if (rest.length > 0) return INCOMPLETE;
  return lineageInModule(absPath, module, head!, lookup, depth);
}

/** The lineage of the class `dotted` names, as Django's import_string would find it. */
export function classLineage(
  dotted: string,
  project: { store: SourceStore; resolver: ModuleResolver; fromFile: string },
): Promise<ClassLineage> {
  return lineageOfPath(dotted, { ...project, seen: new Set() }, 0);
}

/**
 * The project classes a middleware list names (on any of its outcomes), each with its lineage, so rules
 * beyond Django's own checks can take `app.middleware.AdminCSPMiddleware(CSPMiddleware)` as django-csp's.
 */
export async function projectMiddlewareLineage(
  lists: ReadonlyArray<Value | undefined>,
  project: { store: SourceStore; resolver: ModuleResolver; fromFile: string },
): Promise<Map<string, ClassLineage>> {
  const paths = new Set<string>();
  for (const list of lists) {
    for (const option of list ? outcomes(list) : []) {
      if (option.kind !== 'list' && option.kind !== 'tuple') continue;
      for (const item of option.items.flatMap(outcomes)) {
        if (item.kind === 'str' && project.resolver.isProjectModule(item.value, 0)) paths.add(item.value);
      }
    }
  }
  const lineages = new Map<string, ClassLineage>();
  for (const path of paths) lineages.set(path, await classLineage(path, project));
  return lineages;
}
