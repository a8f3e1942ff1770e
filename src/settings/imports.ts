import type { SyntaxNode } from '../parse/python-parser.js';
import { spanOf } from '../parse/span.js';
import { isLibraryConstant, knownImport } from './known-modules.js';
import { unknown } from './value.js';
import { NORMAL, type Flow, type Frame, type Scope } from './frame.js';
import { evaluate } from './expressions.js';
import { makeOpaque } from './statements.js';
import { runInclude } from './split-settings.js';
import { callArguments } from './library-calls.js';
import { isNamespaceCall, updateNamespace } from './namespace-writes.js';
import {
  importExternalStar,
  importFromMissingModule,
  importModuleStatement,
  moduleOfPackage,
} from './external-imports.js';

/** Imports and module resolution: project modules run in turn, star imports, django-split-settings' include(). */

/**
 * Calls that change the namespace itself: django-split-settings' include(), which runs other files in
 * this namespace, and globals().update()/exec()/setattr(), which the model cannot follow.
 */
export async function runSpecialCall(call: SyntaxNode, frame: Frame): Promise<boolean> {
  const calleeNode = call.childForFieldName('function');
  if (!calleeNode) return false;
  const callee = evaluate(calleeNode, frame);
  if (
    callee.kind === 'object' &&
    callee.object.type === 'callable' &&
    callee.object.name === 'split_settings.include'
  ) {
    await runInclude(call, frame);
    return true;
  }
  if (calleeNode.type === 'attribute' && isNamespaceCall(calleeNode.childForFieldName('object'))) {
    if (calleeNode.childForFieldName('attribute')?.text === 'update') {
      updateNamespace(call, callArguments(call, frame), frame, spanOf(call, frame.file));
      return true;
    }
    return false;
  }
  if (/^(exec|setattr)$/.test(calleeNode.text)) {
    makeOpaque(
      frame,
      spanOf(call, frame.file),
      `${frame.file} sets settings dynamically with ${calleeNode.text}() at line ${call.startPosition.row + 1}; the settings after it are treated as unknown.`,
    );
    return true;
  }
  return false;
}

export async function runImport(node: SyntaxNode, frame: Frame): Promise<Flow> {
  const span = spanOf(node, frame.file);
  if (node.type === 'future_import_statement') return NORMAL;
  if (node.type === 'import_statement') {
    for (const name of node.childrenForFieldName('name')) {
      if (!name) continue;
      const dotted = name.type === 'aliased_import' ? name.childForFieldName('name')!.text : name.text;
      const alias = name.type === 'aliased_import' ? name.childForFieldName('alias')?.text : undefined;
      const bound = alias ?? dotted.split('.')[0]!;
      const moduleName = alias ? dotted : bound;
      frame.scope.set(bound, { value: await importModuleStatement(dotted, moduleName, span, frame), assignedAt: span });
    }
    return NORMAL;
  }
  const moduleNode = node.childForFieldName('module_name');
  if (!moduleNode) return NORMAL;
  const { dotted, level } = moduleReference(moduleNode);
  const wildcard = node.namedChildren.some((c) => c?.type === 'wildcard_import');
  const names = node.childrenForFieldName('name').filter((c): c is SyntaxNode => c !== null);

  const external = level === 0 && !frame.interpreter.host.resolver.isProjectModule(dotted, 0);
  if (external && wildcard && frame.importsMayFail) {
    // `try: from local_settings import *` names an optional file of the project, not a library.
    return { kind: 'raise', span, exception: 'ImportError', env: frame.pathEnv, importError: true };
  }
  if (external && wildcard) {
    await importExternalStar(dotted, span, frame);
    return NORMAL;
  }
  if (external) {
    for (const name of names) {
      const imported = name.type === 'aliased_import' ? name.childForFieldName('name')!.text : name.text;
      const alias = name.type === 'aliased_import' ? name.childForFieldName('alias')!.text : imported;
      const known = knownImport(dotted, imported, span);
      frame.scope.set(alias, {
        value: known ?? unknown(`${imported} from ${dotted}`, span),
        assignedAt: span,
        ...(isLibraryConstant(dotted, imported) ? { placedAtUse: true } : {}),
      });
    }
    return NORMAL;
  }

  const resolved = frame.interpreter.host.resolver.resolve(dotted, level, frame.absPath);
  if (!resolved || !resolved.shipped) {
    // Outside `try`, a module the repository lacks is one each deployment provides: its names are unknown.
    if (!wildcard && !frame.importsMayFail) {
      importFromMissingModule(level > 0 ? `${'.'.repeat(level)}${dotted}` : dotted, names, span, frame);
      return NORMAL;
    }
    // `from . import local` may name a submodule file rather than a module attribute.
    return { kind: 'raise', span, exception: 'ImportError', env: frame.pathEnv, importError: true };
  }
  const moduleScope = await frame.interpreter.runModule(resolved.absPath);
  if (!moduleScope) return NORMAL;
  if (wildcard) {
    const imported = frame.interpreter.starImports.get(frame.absPath) ?? [];
    imported.push(resolved.absPath);
    frame.interpreter.starImports.set(frame.absPath, imported);
    const exported = exportedNames(moduleScope);
    for (const name of exported) {
      const binding = moduleScope.get(name);
      if (binding) frame.scope.set(name, binding);
    }
    return NORMAL;
  }
  for (const name of names) {
    const imported = name.type === 'aliased_import' ? name.childForFieldName('name')!.text : name.text;
    const alias = name.type === 'aliased_import' ? name.childForFieldName('alias')!.text : imported;
    const binding = moduleScope.get(imported);
    if (binding) {
      frame.scope.set(alias, binding);
      continue;
    }
    const submodule = frame.interpreter.host.resolver.resolve(imported, 1, resolved.absPath);
    if (submodule?.absPath.endsWith('.py') && resolved.absPath.endsWith('__init__.py')) {
      // A submodule the repository does not ship (netbox's git-ignored configuration.py) is a deploy-time module.
      if (submodule.shipped) await frame.interpreter.runModule(submodule.absPath);
    }
    const module = resolved.absPath.endsWith('__init__.py')
      ? moduleOfPackage(dotted, level, imported, submodule, span, frame)
      : undefined;
    frame.scope.set(alias, { value: module ?? unknown(`${imported} from ${dotted || '.'}`, span), assignedAt: span });
  }
  return NORMAL;
}

function moduleReference(node: SyntaxNode): { dotted: string; level: number } {
  if (node.type === 'relative_import') {
    const prefix = node.namedChildren.find((c) => c?.type === 'import_prefix')?.text ?? '';
    const rest = node.namedChildren.find((c) => c?.type === 'dotted_name')?.text ?? '';
    return { dotted: rest, level: prefix.length };
  }
  return { dotted: node.text, level: 0 };
}

function exportedNames(scope: Scope): string[] {
  const all = scope.get('__all__')?.value;
  if (all && (all.kind === 'list' || all.kind === 'tuple') && all.items.every((i) => i.kind === 'str')) {
    return all.items.map((i) => (i.kind === 'str' ? i.value : ''));
  }
  return [...scope.keys()].filter(isPublic);
}

function isPublic(name: string): boolean {
  return !name.startsWith('_');
}
