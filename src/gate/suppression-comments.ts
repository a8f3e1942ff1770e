/**
 * Reads suppression comments out of Python source: `# django-security: ignore[rule-id, other-id] reason`, and,
 * when the config asks for them, Bandit's `# nosec` and Ruff/flake8's `# noqa`. A `#` inside a string is not a
 * comment, so the source is scanned with Python's string rules (quotes, triple quotes, backslash escapes).
 */

/** Whose comment it is: ours, or one written for another tool and honoured by the config. */
export type CommentDialect = 'django-security' | 'nosec' | 'noqa';

export interface SuppressionComment {
  dialect: CommentDialect;
  /** 1-based line and column of the `#`. */
  line: number;
  column: number;
  endColumn: number;
  /** Rule ids as written (ours), or the other tool's codes; empty for a blanket `# nosec` / `# noqa`. */
  ids: string[];
  reason: string;
  /** First and last line of the statement the comment covers. */
  coversFrom: number;
  coversTo: number;
}

const OURS = /django-security:\s*ignore\[([^\]]*)\]\s*[:\-–—]?\s*(.*)$/;
const NOSEC = /(?:^|\s|#)nosec\b(?::?\s*((?:[A-Z]\d+[\s,]*)+))?/;
const NOQA = /(?:^|\s|#)noqa\b(?::\s*((?:[A-Z]+\d+[\s,]*)+))?/i;

interface RawComment {
  line: number;
  column: number;
  text: string;
  /** True when code precedes the comment on its line. */
  trailing: boolean;
}

interface ScannedSource {
  comments: RawComment[];
  /** For each 1-based line, the first line of the logical line (statement) it belongs to. */
  statementStart: number[];
  /** For each 1-based line that starts a statement, its last line. */
  statementEnd: Map<number, number>;
  /** Lines with code on them (not blank, not comment-only). */
  codeLines: Set<number>;
}

/** One pass over the text with Python's lexical rules for strings, brackets and line continuations. */
function scanSource(text: string): ScannedSource {
  const comments: RawComment[] = [];
  const statementStart: number[] = [0];
  const statementEnd = new Map<number, number>();
  const codeLines = new Set<number>();
  let line = 1;
  let lineStart = 0;
  let depth = 0;
  let quote: string | undefined;
  let continued = false;
  let currentStart = 1;
  statementStart[1] = 1;

  const endLine = (atIndex: number) => {
    const open = quote !== undefined && quote.length === 3;
    const stillOpen = depth > 0 || open || continued;
    if (!stillOpen) statementEnd.set(currentStart, line);
    line += 1;
    lineStart = atIndex + 1;
    if (!stillOpen) currentStart = line;
    statementStart[line] = currentStart;
    continued = false;
  };

  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') {
        if (text[i + 1] === '\n') {
          i += 1;
          endLine(i);
        } else i += 1;
        continue;
      }
      if (ch === '\n') {
        // A single-quoted string cannot span lines; Python would reject it. Close it so one error does not
        // turn every later comment into string content.
        if (quote.length === 1) quote = undefined;
        endLine(i);
        continue;
      }
      if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = undefined;
      }
      continue;
    }
    if (ch === '\n') {
      endLine(i);
      continue;
    }
    if (ch === '#') {
      const end = text.indexOf('\n', i);
      const commentText = text.slice(i, end === -1 ? text.length : end).replace(/\r$/, '');
      const trailing = text.slice(lineStart, i).trim() !== '';
      comments.push({ line, column: i - lineStart + 1, text: commentText, trailing });
      i = (end === -1 ? text.length : end) - 1;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f') continue;
    codeLines.add(line);
    if (ch === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      continued = true;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      i += quote.length - 1;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') depth += 1;
    else if ((ch === ')' || ch === ']' || ch === '}') && depth > 0) depth -= 1;
  }
  if (!statementEnd.has(currentStart)) statementEnd.set(currentStart, line);
  return { comments, statementStart, statementEnd, codeLines };
}

function splitIds(list: string | undefined): string[] {
  return (list ?? '')
    .split(/[\s,]+/)
    .map((id) => id.trim())
    .filter(Boolean);
}

function readComment(raw: RawComment, dialects: ReadonlySet<CommentDialect>) {
  const ours = OURS.exec(raw.text);
  if (ours) return { dialect: 'django-security' as const, ids: splitIds(ours[1]), reason: ours[2]!.trim() };
  if (dialects.has('nosec')) {
    const nosec = NOSEC.exec(raw.text);
    if (nosec) return { dialect: 'nosec' as const, ids: splitIds(nosec[1]), reason: raw.text.replace(/^#\s*/, '') };
  }
  if (dialects.has('noqa')) {
    const noqa = NOQA.exec(raw.text);
    if (noqa)
      return {
        dialect: 'noqa' as const,
        ids: splitIds(noqa[1]).map((id) => id.toUpperCase()),
        reason: raw.text.replace(/^#\s*/, ''),
      };
  }
  return undefined;
}

/**
 * The suppression comments of one file and the statement each covers: a trailing comment covers the
 * statement its line belongs to; a comment on a line of its own covers the next statement below it
 * (other comment lines may stand between, a blank line may not).
 */
export function readSuppressionComments(
  text: string,
  dialects: ReadonlySet<CommentDialect> = new Set(),
): SuppressionComment[] {
  const mentioned =
    text.includes('django-security') ||
    (dialects.has('nosec') && text.includes('nosec')) ||
    (dialects.has('noqa') && /noqa/i.test(text));
  if (!mentioned) return [];
  const source = scanSource(text);
  const lines = text.split('\n');
  const found: SuppressionComment[] = [];
  for (const raw of source.comments) {
    const read = readComment(raw, dialects);
    if (!read) continue;
    let start: number;
    if (raw.trailing) start = source.statementStart[raw.line] ?? raw.line;
    else {
      let next = raw.line + 1;
      while (next <= lines.length && !source.codeLines.has(next) && /^\s*#/.test(lines[next - 1] ?? '')) next += 1;
      if (!source.codeLines.has(next)) continue;
      start = source.statementStart[next] ?? next;
    }
    found.push({
      ...read,
      line: raw.line,
      column: raw.column,
      endColumn: raw.column + raw.text.length,
      coversFrom: start,
      coversTo: Math.max(source.statementEnd.get(start) ?? start, raw.line),
    });
  }
  return found;
}
