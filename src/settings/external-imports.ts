import type { SourceSpan } from '../finding.js';
import type { SyntaxNode } from '../parse/python-parser.js';
import type { ResolvedModule } from './module-resolver.js';
import { locateExternalModule } from './external-packages.js';
import type { Frame, Scope } from './frame.js';
import { moduleValue, unheldName } from './module-objects.js';
import { type Value } from './value.js';

/**
 * Imports that reach outside the project's own modules: `import X` (the module as a value), names taken
 * from a module the repository does not hold (a deploy-time configuration module), and star imports from
 * third-party packages, read from a vendored or installed copy when one is found, never imported.
 */

/** `import a.b` / `import a.b as c`: the module bound, run first when it is one of the project's. */
export async function importModuleStatement(
  dotted: string,
  bound: string,
  span: SourceSpan,
  frame: Frame,
): Promise<Value> {
  const { resolver } = frame.interpreter.host;
  const parts = dotted.split('.');
  // Python runs every package on the way down: `import a.b` runs a/__init__.py, then a/b.py.
  for (let i = 1; i <= parts.length; i++) {
    const resolved = resolver.resolve(parts.slice(0, i).join('.'), 0, frame.absPath);
    if (resolved?.shipped) await frame.interpreter.runModule(resolved.absPath);
  }
  const resolved = resolver.resolve(bound, 0, frame.absPath);
  if (resolved?.shipped && frame.interpreter.loadedScope(resolved.absPath)) {
    return moduleValue({ type: 'module', name: bound, file: resolved.absPath }, span);
  }
  const deployTime = resolver.isProjectModule(bound, 0) && !resolved?.shipped;
  return moduleValue({ type: 'module', name: bound, ...(deployTime ? { deployTime: true } : {}) }, span);
}

/** `from package import name` where `name` is a submodule: the module, or the deploy-time module it names. */
export function moduleOfPackage(
  dotted: string,
  level: number,
  imported: string,
  submodule: ResolvedModule | undefined,
  span: SourceSpan,
  frame: Frame,
): Value | undefined {
  const name = level > 0 ? `${'.'.repeat(level)}${dotted ? `${dotted}.` : ''}${imported}` : `${dotted}.${imported}`;
  if (submodule?.shipped && frame.interpreter.loadedScope(submodule.absPath)) {
    return moduleValue({ type: 'module', name, file: submodule.absPath }, span);
  }
  // A lower-case name the package does not define is a module each deployment adds (netbox.configuration).
  if (/^[a-z_][a-z0-9_]*$/.test(imported)) return moduleValue({ type: 'module', name, deployTime: true }, span);
  return undefined;
}

/** `from app.configuration import ALLOWED_HOSTS` with the module missing: each name is unknown, and why. */
export function importFromMissingModule(
  module: string,
  names: readonly SyntaxNode[],
  span: SourceSpan,
  frame: Frame,
): void {
  for (const name of names) {
    const imported = name.type === 'aliased_import' ? name.childForFieldName('name')!.text : name.text;
    const alias = name.type === 'aliased_import' ? name.childForFieldName('alias')!.text : imported;
    frame.scope.set(alias, { value: unheldName(module, imported, span, true), assignedAt: span });
  }
}

function exportedBindings(scope: Scope): string[] {
  const all = scope.get('__all__')?.value;
  if (all && (all.kind === 'list' || all.kind === 'tuple') && all.items.every((item) => item.kind === 'str')) {
    return all.items.map((item) => (item.kind === 'str' ? item.value : ''));
  }
  return [...scope.keys()].filter((name) => !name.startsWith('_'));
}

/**
 * `from oscar.defaults import *` of a package outside the project: read the package's source when it is
 * vendored in the repository or installed for the given interpreter; otherwise assume it sets none of
 * Django's security settings, and say so.
 */
export async function importExternalStar(dotted: string, span: SourceSpan, frame: Frame): Promise<void> {
  const { host } = frame.interpreter;
  const located = await locateExternalModule(dotted, frame.absPath, {
    repoRoot: host.store.repoRoot,
    python: host.python,
    isShipped: (absPath) => host.resolver.shipped(absPath),
  });
  const scope = located ? await frame.interpreter.runModule(located.absPath) : undefined;
  if (!located || !scope) {
    frame.interpreter.note(
      span,
      `${frame.file} star-imports ${dotted} (line ${span.line}), whose source is neither in the repository nor found for the interpreter; it is assumed to set none of Django's security settings.`,
      host.python
        ? `Install the package for ${host.python}, or vendor it, so that its settings are read.`
        : 'Pass --python with the interpreter that has the package installed, so that its settings are read.',
    );
    return;
  }
  for (const name of exportedBindings(scope)) {
    const binding = scope.get(name);
    if (!binding) continue;
    // A file outside the repository cannot hold a finding: its values are placed at the import.
    frame.scope.set(
      name,
      located.inRepository ? binding : { value: { ...binding.value, span } as Value, assignedAt: span },
    );
  }
}
