/**
 * Rewrites built SQL into its parameterized form for the finding's fix: each value becomes a `%s` and moves
 * to the params list; a value that sat inside quotes loses them (`'{name}'` becomes `%s`, `'%{q}%'` becomes
 * `%s` with `f"%{q}%"` as the parameter); pieces that were safe stay as f-string fields.
 */
import type { Part } from '../../code-analysis/values.js';
import type { SyntaxNode } from '../../parse/python-parser.js';
import { holePosition, scanSql, type Paramstyle, type QuotedRegion } from './sql-text.js';

/** Marks a line break that ends an SQL `--` comment while whitespace is collapsed (a private-use character). */
const COMMENT_END = '\uE000';

/**
 * Python source for a one-line string literal. Whitespace collapses to one space, except a line break that ends
 * an SQL `--` comment, which stays (as `\n`) so the rest of the query does not become part of the comment.
 */
export function pythonString(value: string, formatted = false): string {
  const lines = value.split('\n');
  const oneLine = lines
    .map((line, index) => (index < lines.length - 1 && line.includes('--') ? `${line}${COMMENT_END}` : line))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  const quote = oneLine.includes('"') && !oneLine.includes("'") ? "'" : '"';
  const escaped = oneLine
    .replace(/\\/g, '\\\\')
    .replace(new RegExp(quote, 'g'), `\\${quote}`)
    .replace(new RegExp(`${COMMENT_END} ?`, 'g'), '\\n');
  return `${formatted ? 'f' : ''}${quote}${escaped}${quote}`;
}

export interface Parameterized {
  /** The SQL as a Python literal (an f-string when safe pieces stay interpolated). */
  sql: string;
  /** The expressions that become parameters, in placeholder order. */
  params: string[];
}

/** `unquoted`: the placeholder replaces a quoted literal, whose quotes may have been all that separated it from a word. */
type Token =
  { kind: 'lit'; text: string } | { kind: 'field'; expression: string } | { kind: 'placeholder'; unquoted?: boolean };

const expressionOf = (node: SyntaxNode) => node.text.replace(/\s+/g, ' ').trim();
const within = (node: SyntaxNode, scope: SyntaxNode) =>
  node.startIndex >= scope.startIndex && node.endIndex <= scope.endIndex;
const escapeBraces = (text: string) => text.replace(/\{/g, '{{').replace(/\}/g, '}}');

/** The text of a quoted literal's content, as a parameter expression: the value itself, or an f-string. */
function regionParameter(content: Array<{ text: string } | { expression: string }>, percentDoubled: boolean): string {
  const [only] = content;
  if (content.length === 1 && only && 'expression' in only) return only.expression;
  const formatted = content.some((piece) => 'expression' in piece);
  const body = content
    .map((piece) => {
      if ('expression' in piece) return `{${piece.expression}}`;
      const text = percentDoubled ? piece.text.replace(/%%/g, '%') : piece.text;
      return formatted ? escapeBraces(text) : text;
    })
    .join('');
  return pythonString(body, formatted);
}

export interface SqlShape {
  /** The call's own params: none, an empty list (`RawSQL(sql, [])`), or values (then no rewrite is offered). */
  existing: 'none' | 'empty' | 'some';
  /** The driver already reads `%` in this SQL, so a literal percent sign is already written `%%`. */
  percentEscaped: boolean;
  paramstyle?: Paramstyle;
}

/**
 * The parameterized form of `parts`, where `unsafe` holds the part indices of the values to move out. Undefined
 * when one stands where SQL wants a name (a parameter cannot be a table or column), when the call already
 * passes parameters, or when a piece's expression would not be right at the call: built outside `scope`, or
 * taken out of a tuple or dict passed whole.
 */
export function parameterize(
  parts: readonly Part[],
  unsafe: ReadonlySet<number>,
  scope: SyntaxNode,
  shape: SqlShape,
): Parameterized | undefined {
  const paramstyle = shape.paramstyle ?? 'format';
  if (shape.existing === 'some') return undefined;
  const percentDoubled = paramstyle === 'format' && shape.percentEscaped;
  const scan = scanSql(parts, paramstyle);
  const regions = new Set<QuotedRegion>();
  for (const index of unsafe) {
    const region = scan.holeQuoted.get(index);
    if (region) regions.add(region);
    else if (holePosition(parts, index) !== 'value') return undefined;
  }
  if (parts.some((part) => part.kind === 'hole' && (part.whole || !within(part.node, scope)))) return undefined;

  const tokens: Token[] = [];
  const params: string[] = [];
  let open: { region: QuotedRegion; content: Array<{ text: string } | { expression: string }> } | undefined;
  const startsAt = (part: number, offset: number) =>
    [...regions].find((region) => region.start.part === part && region.start.offset === offset);
  parts.forEach((part, index) => {
    if (part.kind === 'hole') {
      if (open) open.content.push({ expression: expressionOf(part.node) });
      else if (unsafe.has(index)) {
        tokens.push({ kind: 'placeholder' });
        params.push(expressionOf(part.node));
      } else tokens.push({ kind: 'field', expression: expressionOf(part.node) });
      return;
    }
    let literal = '';
    for (let offset = 0; offset < part.text.length; offset++) {
      if (open) {
        if (open.region.end.part === index && open.region.end.offset === offset) {
          if (literal) open.content.push({ text: literal });
          literal = '';
          tokens.push({ kind: 'placeholder', unquoted: true });
          params.push(regionParameter(open.content, percentDoubled));
          open = undefined;
        } else literal += part.text[offset];
        continue;
      }
      const region = startsAt(index, offset);
      if (region) {
        if (literal) tokens.push({ kind: 'lit', text: literal });
        literal = '';
        open = { region, content: [] };
        continue;
      }
      literal += part.text[offset];
    }
    if (literal) {
      if (open) open.content.push({ text: literal });
      else tokens.push({ kind: 'lit', text: literal });
    }
  });
  const formatted = tokens.some((token) => token.kind === 'field');
  const sql = tokens
    .map((token, index) => {
      if (token.kind === 'placeholder') {
        const placeholder = paramstyle === 'qmark' ? '?' : '%s';
        if (!token.unquoted) return placeholder;
        // `id='{x}'AND` must not become `id=%sAND`.
        const previous = tokens[index - 1];
        const next = tokens[index + 1];
        const before = previous?.kind === 'lit' && /\w$/.test(previous.text) ? ' ' : '';
        const after = next?.kind === 'lit' && /^\w/.test(next.text) ? ' ' : '';
        return `${before}${placeholder}${after}`;
      }
      if (token.kind === 'field') return `{${token.expression}}`;
      // Once parameters are passed, a `format` driver reads `%` as the start of a placeholder.
      const text = paramstyle === 'format' && !percentDoubled ? token.text.replace(/%/g, '%%') : token.text;
      return formatted ? escapeBraces(text) : text;
    })
    .join('');
  return { sql: pythonString(sql, formatted), params };
}
