import type { GateConfig } from '../config/config-file.js';
import { UsageError } from '../usage-error.js';
import { djangoCheck } from './engine-rules.js';
import { ALL_RULES, ENGINE_RULES } from './registry.js';
import type { Rule } from './rule.js';

/** `--select` / `--ignore` from the command line: rule ids or leading words of ids ("hsts" is every hsts-* rule). */
export interface RuleSelection {
  select: readonly string[];
  ignore: readonly string[];
}

/**
 * Reports about the scan's own limits (a file it could not parse, a setting it could not judge, a check --deploy
 * that did not run) stay under --select: they say why a selected rule could not judge, and silencing them would
 * make that rule look passed. --ignore and the config file can still turn them off. django-check carries
 * Django's own findings, so it is selected like any rule.
 */
const KEPT_UNDER_SELECT: ReadonlySet<Rule> = new Set(ENGINE_RULES.filter((rule) => rule !== djangoCheck));

/** Splits repeated, comma-separated option values ("hsts,debug-enabled") into selectors. */
export function selectorsFrom(values: readonly string[]): string[] {
  return values
    .flatMap((value) => value.split(','))
    .map((selector) => selector.trim())
    .filter(Boolean);
}

/** Whether `selector` names the rule: its id, or the id's leading dash-separated words. */
function matches(selector: string, id: string): boolean {
  return id === selector || id.startsWith(`${selector}-`);
}

/** Refuses a selector that matches no rule: a typo would otherwise select nothing, or ignore nothing, silently. */
export function assertSelectorsMatch(selection: RuleSelection, rules: readonly Rule[] = ALL_RULES): void {
  for (const [option, selectors] of [
    ['--select', selection.select],
    ['--ignore', selection.ignore],
  ] as const) {
    for (const selector of selectors) {
      if (rules.some((rule) => matches(selector, rule.id))) continue;
      const near = rules.filter((rule) => rule.id.includes(selector)).map((rule) => rule.id);
      const hint = near.length > 0 ? `; did you mean ${near.slice(0, 3).join(', ')}?` : '; see --list-rules';
      throw new UsageError(`${option} ${selector} matches no rule: give a rule id or its first words${hint}`);
    }
  }
}

/**
 * The config with the command line's selection applied: rules not selected, and rules ignored, are `off`, so they
 * neither run nor report. Selected rules keep the config's level; a rule the config turns off stays off unless
 * --select names its id exactly (the command line is the more specific request). --ignore wins over --select.
 */
export function withRuleSelection(
  config: GateConfig,
  selection: RuleSelection | undefined,
  rules: readonly Rule[] = ALL_RULES,
): GateConfig {
  if (!selection || (selection.select.length === 0 && selection.ignore.length === 0)) return config;
  assertSelectorsMatch(selection, rules);
  const levels = new Map(config.rules);
  for (const rule of rules) {
    const ignored = selection.ignore.some((selector) => matches(selector, rule.id));
    const selected =
      selection.select.length === 0 ||
      KEPT_UNDER_SELECT.has(rule) ||
      selection.select.some((selector) => matches(selector, rule.id));
    if (ignored || !selected) levels.set(rule.id, 'off');
    else if (levels.get(rule.id) === 'off' && selection.select.includes(rule.id)) levels.delete(rule.id);
  }
  return { ...config, rules: levels };
}
