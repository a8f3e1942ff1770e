/** String literals as Python reads them: prefixes, escapes, implicit concatenation and f-string fields. */
import type { SyntaxNode } from '../parse/python-parser.js';
import { decodeEscape } from '../settings/python-literals.js';
import { childrenOf } from './syntax.js';

export type StringPiece =
  | { kind: 'text'; text: string }
  /** An f-string field: `{expression!conversion:spec}`. */
  | { kind: 'field'; expression: SyntaxNode; conversion?: string; spec?: string };

const ESCAPE = /\\(\r?\n|[\\'"abfnrtv]|[0-7]{1,3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\})/g;

function decode(content: string, raw: boolean, formatted: boolean): string {
  let result = raw
    ? content
    : content.replace(ESCAPE, (sequence) => decodeEscape(sequence.replace('\r\n', '\n')) ?? sequence);
  if (formatted) result = result.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
  return result;
}

/** The pieces of a `string` or `concatenated_string` node, in order, adjacent texts merged. */
export function readString(node: SyntaxNode): StringPiece[] {
  const pieces: StringPiece[] = [];
  const push = (piece: StringPiece) => {
    const last = pieces[pieces.length - 1];
    if (piece.kind === 'text' && last?.kind === 'text')
      pieces[pieces.length - 1] = { kind: 'text', text: last.text + piece.text };
    else pieces.push(piece);
  };
  const strings = node.type === 'concatenated_string' ? childrenOf(node) : [node];
  for (const string of strings) {
    if (string.type !== 'string') continue;
    let prefix = '';
    for (const child of string.children) {
      if (!child) continue;
      if (child.type === 'string_start') prefix = child.text.replace(/['"]+$/, '').toLowerCase();
      else if (child.type === 'string_content') {
        push({ kind: 'text', text: decode(child.text, prefix.includes('r'), prefix.includes('f')) });
      } else if (child.type === 'interpolation') {
        const expression = child.childForFieldName('expression');
        if (!expression) continue;
        const conversion = child.childForFieldName('type_conversion')?.text.replace(/^!/, '');
        const spec = child.childForFieldName('format_specifier')?.text.replace(/^:/, '');
        push({
          kind: 'field',
          expression,
          ...(conversion ? { conversion } : {}),
          ...(spec !== undefined ? { spec } : {}),
        });
      }
    }
  }
  return pieces;
}

/** The text of a string literal with no fields, or undefined. */
export function literalText(node: SyntaxNode): string | undefined {
  if (node.type !== 'string' && node.type !== 'concatenated_string') return undefined;
  const pieces = readString(node);
  if (pieces.some((piece) => piece.kind === 'field')) return undefined;
  return pieces.map((piece) => (piece.kind === 'text' ? piece.text : '')).join('');
}
