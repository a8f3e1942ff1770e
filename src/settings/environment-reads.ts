import type { SourceSpan } from '../finding.js';
import { describeSpan } from '../parse/span.js';
import type { Value } from './value.js';

/**
 * Every environment variable the settings read while they were evaluated, kept so reports can say which
 * variables mattered (names only) and which literal fallbacks the given environment hid from the rules.
 */
export interface EnvironmentReadRecord {
  variable: string;
  /** The read itself (`os.environ.get("X", "...")`). */
  span: SourceSpan;
  /** Whether the production environment given (--env / the `env` input) supplies the variable. */
  given: boolean;
  /** Where a literal fallback is written, when the read has one a rule could have judged. */
  literalFallback?: SourceSpan;
}

/** Fallbacks nobody would judge: None and the empty string mean "nothing", not a value production runs with. */
function isJudgeableLiteral(value: Value): boolean {
  if (value.env.length > 0) return false;
  switch (value.kind) {
    case 'str':
      return value.value !== '';
    case 'bool':
    case 'int':
    case 'float':
      return true;
    case 'list':
    case 'tuple':
      return value.items.length > 0 && value.items.every(isJudgeableLiteral);
    default:
      return false;
  }
}

export class EnvironmentReadLog {
  private readonly records = new Map<string, EnvironmentReadRecord>();

  record(variable: string, span: SourceSpan, given: boolean, fallback?: Value): void {
    const key = `${variable}@${describeSpan(span)}`;
    if (this.records.has(key)) return;
    const entry: EnvironmentReadRecord = { variable, span, given };
    if (fallback && isJudgeableLiteral(fallback)) entry.literalFallback = fallback.span;
    this.records.set(key, entry);
  }

  get all(): readonly EnvironmentReadRecord[] {
    return [...this.records.values()];
  }

  /** The names of the variables read, sorted. */
  variables(): string[] {
    return [...new Set(this.all.map((read) => read.variable))].sort();
  }

  /** Reads whose literal fallback the rules did not see, because the given environment sets the variable. */
  hiddenFallbacks(): EnvironmentReadRecord[] {
    return this.all.filter((read) => read.given && read.literalFallback);
  }
}
