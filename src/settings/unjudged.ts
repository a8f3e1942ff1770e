import type { SourceSpan } from '../finding.js';
import { describeSpan } from '../parse/span.js';
import { repr, type Value } from './value.js';

/**
 * What left a question about a setting undecided: the construct the model could not follow (its span),
 * what it is, and what would make it judgeable.
 */
export interface UnknownCause {
  span: SourceSpan;
  /** A noun phrase: "the result of load_config()", "which branch of `DEBUG_MODE == "on"` production takes". */
  why: string;
  /** "set FEATURE in the production environment (--env)"; absent when nothing specific is known. */
  hint?: string;
  /**
   * The same for every site of one kind of construct (every call of one unknown callable): causes with the
   * same subject and hint make one note, listing each setting with its line.
   */
  subject?: string;
}

/** One rule that could not judge one setting, and why. */
export interface UnjudgedQuestion {
  rule: string;
  setting: string;
  cause: UnknownCause;
}

/** Where a rule records the questions it could not answer (see SettingsModel.askedBy). */
export interface QuestionLog {
  undecided(setting: string, causes: readonly UnknownCause[]): void;
}

/** The log of a model no rule is judging with: questions go nowhere. */
export const UNRECORDED: QuestionLog = { undecided: () => undefined };

/** Causes are told apart by file and line: the parts of one construct on one line make one note. */
export function causeKey(cause: UnknownCause): string {
  return describeSpan(cause.span);
}

const ENV_HINT = (variables: readonly string[]) =>
  `set ${variables.join(' and ')} in the production environment (--env)`;

/** Variables production must supply that the value was read from. */
function requiredVariables(value: Value): string[] {
  return [...value.env, ...(value.conditions ?? [])]
    .filter((read) => read.state === 'required')
    .map((read) => read.variable);
}

/** Environment variables a condition reads, when it reads them in a way the source spells out. */
function variablesInCondition(condition: string): string[] {
  if (!/environ|getenv|\benv\b|\benv\.|config\(/.test(condition)) return [];
  return [...new Set([...condition.matchAll(/["']([A-Z][A-Z0-9_]*)["']/g)].map((match) => match[1]!))];
}

/** Whether every outcome of a choice, through nested choices, is an unknown value. */
function everyOptionUnknown(value: Value): boolean {
  if (value.kind === 'unknown') return true;
  return value.kind === 'either' && value.options.every(everyOptionUnknown);
}

/**
 * Every part of a value the model cannot see: unknown values (with their own hint, or the variables
 * production must set), undecided branches (at their condition), and the unseen members of open
 * collections. An undecided question about the value is undecided because of one of these.
 */
export function causesOf(value: Value): UnknownCause[] {
  const found = new Map<string, UnknownCause>();
  const add = (cause: UnknownCause) => {
    // Of two causes on one line (the options of a choice), the one that says what would help is kept.
    const known = found.get(causeKey(cause));
    if (!known || (!known.hint && cause.hint)) found.set(causeKey(cause), cause);
  };
  const visit = (part: Value, depth: number): void => {
    if (depth > 12) return;
    switch (part.kind) {
      case 'unknown': {
        const variables = requiredVariables(part);
        const hint = part.hint ?? (variables.length ? ENV_HINT(variables) : undefined);
        add({
          span: part.span,
          why: part.why,
          ...(hint ? { hint } : {}),
          ...(part.subject ? { subject: part.subject } : {}),
        });
        return;
      }
      case 'either': {
        // When no branch is known, deciding the branch would not make the value judgeable: what makes each
        // branch unknown (a deploy-time module read without a default) is the cause to name.
        if (everyOptionUnknown(part)) {
          for (const option of part.options) visit(option, depth + 1);
          return;
        }
        const variables = variablesInCondition(part.condition);
        const hint = part.hint ?? (variables.length ? ENV_HINT(variables) : undefined);
        add({
          span: part.at ?? part.span,
          why: `which branch of \`${part.condition}\` production takes`,
          ...(hint ? { hint } : {}),
        });
        return;
      }
      case 'list':
      case 'tuple':
      case 'set':
        for (const item of part.items) visit(item, depth + 1);
        if (part.open) add(part.open);
        return;
      case 'dict':
        for (const [key, item] of part.entries) {
          visit(key, depth + 1);
          visit(item, depth + 1);
        }
        if (part.open) add(part.open);
        return;
      default:
        return;
    }
  };
  visit(value, 0);
  return [...found.values()];
}

/**
 * Why a question about `value` is undecided: its unknown parts, or, when it has none (a known value the
 * rule has no answer for), the value itself.
 */
export function undecidedBecause(value: Value): UnknownCause[] {
  const causes = causesOf(value);
  return causes.length ? causes : [{ span: value.span, why: `the value ${repr(value)}` }];
}

/** Collects, over a scan of one project, every setting a rule could not judge, with its causes. */
export class UnjudgedRecorder {
  readonly questions: UnjudgedQuestion[] = [];

  /** The log one rule writes to while it runs. */
  forRule(rule: string): QuestionLog {
    return {
      undecided: (setting, causes) => {
        for (const cause of causes) {
          const known = this.questions.some(
            (q) => q.rule === rule && q.setting === setting && causeKey(q.cause) === causeKey(cause),
          );
          if (!known) this.questions.push({ rule, setting, cause });
        }
      },
    };
  }
}
