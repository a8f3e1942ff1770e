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
  /** Setting name -> the sites ("line 80", or "other.py:12") that hide it, when the group has several sites. */
  sites?: Map<string, Set<string>>;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * "DEBUG (debug-enabled), MIDDLEWARE (csrf-middleware-missing, hsts-missing)"; for a group of several sites,
 * each setting with its line, in source order: "SECRET_KEY (line 80: secret-key-weak), …".
 */
function listSettings(group: CauseGroup): string {
  const { settings, sites } = group;
  const rulesOf = (name: string) => [...settings.get(name)!].sort().join(', ');
  if (!sites)
    return [...settings.keys()]
      .sort()
      .map((name) => `${name} (${rulesOf(name)})`)
      .join(', ');
  return [...settings.keys()]
    .map((name) => `${name} (${[...sites.get(name)!].join(', ')}: ${rulesOf(name)})`)
    .join(', ');
}

function notJudged(group: CauseGroup): string {
  const count = group.settings.size;
  return `${count === 1 ? '1 setting' : `${count} settings`} could not be judged: ${listSettings(group)}.`;
}

function bySource(a: SourceSpan, b: SourceSpan): number {
  return a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1;
}

/**
 * Several sites of one kind of construct (every call of one unknown callable, with one hint) make one
 * group, at the first site, that says where each setting is hidden; causes without a subject stay apart.
 */
function mergeSameSubject(groups: readonly CauseGroup[]): CauseGroup[] {
  const merged = new Map<string, CauseGroup[]>();
  const ordered = [...groups].sort((a, b) => bySource(a.cause.span, b.cause.span));
  for (const group of ordered) {
    const { subject, hint } = group.cause;
    const key = subject ? `${subject}\u0000${hint ?? ''}` : `\u0001${causeKey(group.cause)}`;
    merged.set(key, [...(merged.get(key) ?? []), group]);
  }
  return [...merged.values()].map((members) => {
    if (members.length === 1) return members[0]!;
    const first = members[0]!.cause;
    const settings = new Map<string, Set<string>>();
    const sites = new Map<string, Set<string>>();
    for (const { cause, settings: hidden } of members) {
      const site = cause.span.file === first.span.file ? `line ${cause.span.line}` : describeSpan(cause.span);
      for (const [name, rules] of [...hidden].sort(([a], [b]) => (a < b ? -1 : 1))) {
        settings.set(name, new Set([...(settings.get(name) ?? []), ...rules]));
        sites.set(name, (sites.get(name) ?? new Set<string>()).add(site));
      }
    }
    return { cause: first, settings, sites };
  });
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
  for (const group of mergeSameSubject([...groups.values()])) {
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
