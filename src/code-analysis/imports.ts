/** What names an import statement binds, and the dotted path each one stands for. */
import type { SyntaxNode } from '../parse/python-parser.js';
import { dottedName } from './syntax.js';

export interface ImportBinding {
  /** The name the statement binds in its scope. */
  local: string;
  /** What it refers to: `django.db.connection`; relative imports keep their dots (`.models.Order`). */
  path: string;
}

function moduleText(node: SyntaxNode | null): string {
  if (!node) return '';
  if (node.type === 'relative_import') return node.text.replace(/\s+/g, '');
  return dottedName(node) ?? node.text;
}

/** The bindings of an `import` or `from ... import` statement (star imports bind nothing the analysis can name). */
export function importBindings(statement: SyntaxNode): ImportBinding[] {
  const bindings: ImportBinding[] = [];
  if (statement.type === 'import_statement') {
    for (const name of statement.childrenForFieldName('name')) {
      if (name.type === 'aliased_import') {
        const alias = name.childForFieldName('alias')?.text;
        const path = moduleText(name.childForFieldName('name'));
        if (alias) bindings.push({ local: alias, path });
      } else {
        // `import a.b.c` binds `a`; the rest is reached through attributes.
        const path = moduleText(name);
        bindings.push({ local: path.split('.')[0]!, path: path.split('.')[0]! });
      }
    }
  } else if (statement.type === 'import_from_statement') {
    const from = moduleText(statement.childForFieldName('module_name'));
    const join = (name: string) => (from.endsWith('.') ? `${from}${name}` : `${from}.${name}`);
    for (const name of statement.childrenForFieldName('name')) {
      if (name.type === 'aliased_import') {
        const alias = name.childForFieldName('alias')?.text;
        const imported = moduleText(name.childForFieldName('name'));
        if (alias) bindings.push({ local: alias, path: join(imported) });
      } else {
        const imported = moduleText(name);
        bindings.push({ local: imported, path: join(imported) });
      }
    }
  }
  return bindings;
}
