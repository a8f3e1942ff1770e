import { createHash } from 'node:crypto';

export type Level = 'error' | 'warning' | 'note';

export const LEVELS: readonly Level[] = ['error', 'warning', 'note'];

/** Higher is more severe; used to compare a finding's level with the `--fail-on` threshold. */
export const LEVEL_RANK: Record<Level, number> = { error: 3, warning: 2, note: 1 };

/** A region of a file: 1-based lines and columns, `file` relative to the repository root in POSIX form. */
export interface SourceSpan {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type FindingSource = 'static' | 'deploy-check' | 'both';

/** The one model every stage shares (design.md, "Finding"). */
export interface Finding extends SourceSpan {
  ruleId: string;
  level: Level;
  message: string;
  fix: string;
  setting?: string;
  djangoCheck?: string;
  source: FindingSource;
  fingerprint: string;
}

/**
 * Stable across line shifts: the rule, the file and the flagged text with its whitespace collapsed.
 * Two identical snippets in one file get the same fingerprint; the baseline keeps a count per fingerprint.
 */
export function fingerprintOf(ruleId: string, file: string, snippet: string, discriminator = ''): string {
  const normalised = snippet.replace(/\s+/g, ' ').trim();
  return createHash('sha256').update([ruleId, file, normalised, discriminator].join('\0')).digest('hex').slice(0, 32);
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.file.localeCompare(b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    LEVEL_RANK[b.level] - LEVEL_RANK[a.level] ||
    a.ruleId.localeCompare(b.ruleId)
  );
}
