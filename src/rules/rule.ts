import type { DjangoTarget } from '../discover/django-version.js';
import type { Level, SourceSpan } from '../finding.js';
import type { ParsedSource } from '../parse/source-store.js';
import type { SettingsModel } from '../settings/settings-model.js';

export interface RuleReference {
  title: string;
  url: string;
}

/** A rule's documentation, in Ruff's shape; docs/rules/<id>.md is generated from it. */
export interface RuleDocs {
  /** What the rule checks, in a sentence or two. */
  what: string;
  /** Why it matters in production. */
  why: string;
  /** Python that the rule flags. */
  example: string;
  /** The same code written safely. */
  useInstead: string;
  /** Behaviour worth knowing: how the rule reads environment variables, what it deliberately leaves alone. */
  notes?: string[];
  references: RuleReference[];
}

export interface RuleMeta {
  id: string;
  /** The level of a typical finding; a rule may report some findings at another level. */
  level: Level;
  /** One line for --list-rules and SARIF's shortDescription. */
  summary: string;
  /** Django check IDs this rule mirrors (design.md's catalogue). */
  djangoChecks: string[];
  /** The item of the seed checklist this rule covers, when it covers one. */
  seedItem?: number;
  /** CVSS-like 0-10 score for GitHub code scanning's severity. */
  securitySeverity: number;
  tags: string[];
  docs: RuleDocs;
}

/** What a rule hands to `report`: the engine adds the rule id, the fingerprint and the source. */
export interface ReportedProblem {
  span: SourceSpan;
  message: string;
  fix: string;
  level?: Level;
  setting?: string;
  djangoCheck?: string;
}

export type Report = (problem: ReportedProblem) => void;

/** What the project says about its deployment that the settings cannot (from the config file). */
export interface DeploymentFacts {
  /** TLS ends at a proxy or load balancer in front of Django. */
  tlsTerminatedByProxy?: boolean;
  /** The django-csp major version the project installs (3 and 4 read different settings), when known. */
  djangoCspMajor?: number;
  /** Where that version came from, for messages. */
  djangoCspSource?: string;
}

export interface SettingsRuleContext {
  settings: SettingsModel;
  /** The Django release whose semantics apply (its checks changed between releases). */
  django: DjangoTarget;
  deployment: DeploymentFacts;
  report: Report;
  /**
   * The rule has nothing to judge in these settings, and says why ("HSTS is off: ..."): reports list it as not
   * applicable rather than passed. Only for an answer the rule knows; an unknown is a settings-incomplete note.
   */
  notApplicable?: (reason: string) => void;
}

export interface SettingsRule extends RuleMeta {
  kind: 'settings';
  check(context: SettingsRuleContext): void;
}

export interface CodeRule extends RuleMeta {
  kind: 'code';
  /** A file is parsed for this rule only when its text contains one of these words. */
  words: readonly string[];
  check(context: { source: ParsedSource; report: Report }): void;
}

/** Rules whose findings the engine itself produces (unreadable input, Django's own check output). */
export interface EngineRule extends RuleMeta {
  kind: 'engine';
}

export type Rule = SettingsRule | CodeRule | EngineRule;
