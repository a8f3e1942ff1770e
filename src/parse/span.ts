import type { SourceSpan } from '../finding.js';
import type { SyntaxNode } from './python-parser.js';

/** tree-sitter positions are 0-based rows and UTF-16 columns; findings use 1-based lines and columns. */
export function spanOf(node: SyntaxNode, file: string): SourceSpan {
  return {
    file,
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    endLine: node.endPosition.row + 1,
    endColumn: node.endPosition.column + 1,
  };
}

export function fileStartSpan(file: string): SourceSpan {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

export function describeSpan(span: SourceSpan): string {
  return `${span.file}:${span.line}`;
}
