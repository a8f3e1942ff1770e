import { resolve } from 'node:path';
import type { Finding } from '../finding.js';
import type { SourceStore } from '../parse/source-store.js';
import type { ReportedProblem, Rule } from '../rules/rule.js';
import { suppressionReasonMissing, unusedSuppression } from '../rules/suppression-rules.js';
import { readSuppressionComments, type CommentDialect, type SuppressionComment } from './suppression-comments.js';

/** A finding a reviewed comment in the source accepted: reported as suppressed, never gating. */
export interface SuppressedFinding extends Finding {
  /** The comment's reason, as written ("# nosec" text for comments written for other tools). */
  justification: string;
}

export interface SuppressionOptions {
  /** Other tools' comments the config says to honour (`suppression-comments: [nosec, noqa]`). */
  dialects: ReadonlySet<CommentDialect>;
  isKnownRule: (id: string) => boolean;
  /** False for a rule the config or --select/--ignore turned off: its suppressions are not unused. */
  isActive: (id: string) => boolean;
}

export interface SuppressionOutcome {
  kept: Finding[];
  suppressed: SuppressedFinding[];
  /** Notes about the comments themselves: unused, unknown rule ids, no reason given. */
  notes: Array<{ rule: Rule; problem: ReportedProblem }>;
}

/**
 * What another tool's codes mean here. Bandit's B608 and Ruff's S608 are "SQL built from strings";
 * B105-B107 and S105-S107 are hard-coded passwords. A blanket `# nosec` / `# noqa` covers every rule.
 */
const OTHER_TOOL_CODES: Record<string, readonly string[]> = {
  B608: ['raw-sql-injection'],
  S608: ['raw-sql-injection'],
  B105: ['credential-hardcoded', 'secret-key-hardcoded'],
  B106: ['credential-hardcoded', 'secret-key-hardcoded'],
  B107: ['credential-hardcoded', 'secret-key-hardcoded'],
  S105: ['credential-hardcoded', 'secret-key-hardcoded'],
  S106: ['credential-hardcoded', 'secret-key-hardcoded'],
  S107: ['credential-hardcoded', 'secret-key-hardcoded'],
};

function covers(comment: SuppressionComment, ruleId: string): boolean {
  if (comment.dialect === 'django-security') return comment.ids.includes(ruleId);
  if (comment.ids.length === 0) return true;
  return comment.ids.some((code) => OTHER_TOOL_CODES[code]?.includes(ruleId));
}

function commentSpan(file: string, comment: SuppressionComment) {
  return {
    file,
    line: comment.line,
    column: comment.column,
    endLine: comment.line,
    endColumn: comment.endColumn,
  };
}

/**
 * Splits findings into those a suppression comment accepts and the rest, and reports comments that rot:
 * one that suppresses nothing, names an unknown rule, or gives no reason. `files` are the repository's Python
 * files (absolute paths): every one is read for comments, so an unused suppression is found even where the
 * file has no finding left.
 */
export function applySuppressions(
  findings: readonly Finding[],
  files: Iterable<string>,
  store: SourceStore,
  options: SuppressionOptions,
): SuppressionOutcome {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  const absPaths = new Set(files);
  for (const file of byFile.keys()) if (file.endsWith('.py')) absPaths.add(resolve(store.repoRoot, file));

  const suppressedBy = new Map<Finding, SuppressionComment>();
  const notes: SuppressionOutcome['notes'] = [];
  for (const absPath of absPaths) {
    const source = store.read(absPath);
    if (!source) continue;
    const comments = readSuppressionComments(source.text, options.dialects);
    if (comments.length === 0) continue;
    const fileFindings = byFile.get(source.file) ?? [];
    for (const comment of comments) {
      const used = new Set<string>();
      for (const finding of fileFindings) {
        if (suppressedBy.has(finding)) continue;
        if (finding.line < comment.coversFrom || finding.line > comment.coversTo) continue;
        if (!covers(comment, finding.ruleId)) continue;
        suppressedBy.set(finding, comment);
        used.add(finding.ruleId);
      }
      if (comment.dialect !== 'django-security') continue;
      notes.push(...commentNotes(source.file, comment, used, options));
    }
  }

  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const comment = suppressedBy.get(finding);
    if (comment) suppressed.push({ ...finding, justification: comment.reason });
    else kept.push(finding);
  }
  return { kept, suppressed, notes };
}

function commentNotes(
  file: string,
  comment: SuppressionComment,
  used: ReadonlySet<string>,
  options: SuppressionOptions,
): SuppressionOutcome['notes'] {
  const span = commentSpan(file, comment);
  const notes: SuppressionOutcome['notes'] = [];
  if (comment.ids.length === 0) {
    notes.push({
      rule: unusedSuppression,
      problem: {
        span,
        message:
          'This suppression names no rule, so it suppresses nothing: ignore[] needs the ids of the rules it accepts.',
        fix: 'Write the rule id from the finding, e.g. "# django-security: ignore[raw-sql-injection] table names come from _meta", or delete the comment',
      },
    });
    return notes;
  }
  for (const id of comment.ids) {
    if (!options.isKnownRule(id)) {
      notes.push({
        rule: unusedSuppression,
        problem: {
          span,
          message: `This suppression names "${id}", which is not a rule of django-security-gate, so it suppresses nothing.`,
          fix: 'Use a rule id that django-security-gate --list-rules lists (the id is shown with each finding), or delete it from the comment',
        },
      });
    } else if (!used.has(id) && options.isActive(id)) {
      notes.push({
        rule: unusedSuppression,
        problem: {
          span,
          message: `This suppression of ${id} suppresses nothing: no ${id} finding is reported on the statement it covers, so the comment no longer does anything.`,
          fix: `Delete ${id} from the comment (or the whole comment); if the finding moved, put the comment on the line it is reported at`,
        },
      });
    }
  }
  if (!comment.reason && comment.ids.some((id) => used.has(id))) {
    notes.push({
      rule: suppressionReasonMissing,
      problem: {
        span,
        message: `This suppression of ${comment.ids.join(', ')} gives no reason, so a reviewer cannot tell why the finding was accepted.`,
        fix: `Say why after the brackets: "# django-security: ignore[${comment.ids.join(', ')}] <why this is safe here>"`,
      },
    });
  }
  return notes;
}
