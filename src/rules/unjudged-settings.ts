import type { SourceSpan } from '../finding.js';
import { describeSpan } from '../parse/span.js';
import type { SettingsModel } from '../settings/settings-model.js';
import { causeKey, type UnjudgedQuestion, type UnknownCause } from '../settings/unjudged.js';
import type { ReportedProblem } from './rule.js';

type ModelDiagnostic = SettingsModel['diagnostics'][number];

/** A finding a settings rule reported: the setting it judged is not also "unjudged" by that rule. */
export interface JudgedSetting {
  rule: string;
  setting?: string;
}

export interface UnjudgedSettings {
  /** One settings-incomplete note per cause: the model's own diagnostics, with the settings each hides. */
  notes: ReportedProblem[];
  /**
   * For a cause another finding already reports (a file the scan could not read), the sentence to add to
   * that finding instead of a note, keyed by its file:line.
   */
  addenda: Map<string, string>;
  /** The settings some rule could not judge, sorted. */
  unjudged: string[];
}

interface CauseGroup {
  cause: UnknownCause;
  /** Setting name -> the rules that could not judge it. */
  settings: Map<string, Set<string>>;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "DEBUG (debug-enabled), MIDDLEWARE (csrf-middleware-missing, hsts-missing)". */
function listSettings(settings: ReadonlyMap<string, ReadonlySet<string>>): string {
  return [...settings.keys()]
    .sort()
    .map((name) => `${name} (${[...settings.get(name)!].sort().join(', ')})`)
    .join(', ');
}

function notJudged(group: CauseGroup): string {
  const count = group.settings.size;
  return `${count === 1 ? '1 setting' : `${count} settings`} could not be judged: ${listSettings(group.settings)}.`;
}

const DEFAULT_FIX =
  "Write the value so the scanner can read it (a literal, or an environment read with a default), or pass production's environment with --env; `manage.py check --deploy` (deploy-check) judges the settings as loaded";

/**
 * Turns the questions the settings rules could not answer into `settings-incomplete` notes, one per cause
 * (the construct that made the values unknown), merged with the interpreter's diagnostics at the same
 * line so a cause is said once; a cause another finding reports (`reportedElsewhere`: files the scan
 * could not read) gets a sentence for that finding instead. A rule that reported a finding about a setting
 * needs no note for it.
 */
export function unjudgedSettings(
  questions: readonly UnjudgedQuestion[],
  diagnostics: readonly ModelDiagnostic[],
  judged: readonly JudgedSetting[],
  reportedElsewhere: readonly SourceSpan[] = [],
): UnjudgedSettings {
  const unanswered = questions.filter(
    (question) => !judged.some((finding) => finding.rule === question.rule && finding.setting === question.setting),
  );
  const groups = new Map<string, CauseGroup>();
  for (const { rule, setting, cause } of unanswered) {
    const key = causeKey(cause);
    const group = groups.get(key) ?? { cause, settings: new Map<string, Set<string>>() };
    groups.set(key, group);
    const rules = group.settings.get(setting) ?? new Set<string>();
    rules.add(rule);
    group.settings.set(setting, rules);
  }
  /** The group of causes at `span`'s line, taken out so no other note says it again. */
  const takeGroupAt = (span: SourceSpan): CauseGroup | undefined => {
    const group = groups.get(describeSpan(span));
    groups.delete(describeSpan(span));
    return group;
  };

  const addenda = new Map<string, string>();
  for (const span of reportedElsewhere) {
    const group = takeGroupAt(span);
    if (group) addenda.set(describeSpan(span), notJudged(group));
  }

  const notes: ReportedProblem[] = [];
  for (const diagnostic of diagnostics) {
    const group = takeGroupAt(diagnostic.span);
    notes.push({
      span: diagnostic.span,
      message: group ? `${diagnostic.message} ${notJudged(group)}` : diagnostic.message,
      fix: diagnostic.fix,
    });
  }
  for (const group of groups.values()) {
    const { cause } = group;
    notes.push({
      span: cause.span,
      message: `The scanner cannot ${/^(which|whether)\b/.test(cause.why) ? 'tell' : 'evaluate'} ${cause.why}, so ${notJudged(group)}`,
      fix: cause.hint ? capitalise(cause.hint) : DEFAULT_FIX,
    });
  }

  const unjudged = new Set(unanswered.map((question) => question.setting));
  return { notes, addenda, unjudged: [...unjudged].sort() };
}
