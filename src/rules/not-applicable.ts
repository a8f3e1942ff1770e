/** A rule that had nothing to judge (HSTS options while HSTS is off), listed apart from the rules that passed. */
export interface NotApplicableRule {
  ruleId: string;
  /** Why, e.g. "HSTS is off: SECURE_HSTS_SECONDS is not set (Django's default, 0)". */
  reason: string;
}

/**
 * The rules not applicable in every judged project (one map of rule id to reason each), with no finding from
 * any source (Django's own check may report what the static model saw as off). Different reasons are all given.
 */
export function notApplicableRules(
  judged: readonly ReadonlyMap<string, string>[],
  findings: readonly { ruleId: string }[],
): NotApplicableRule[] {
  const [first] = judged;
  if (!first) return [];
  const reported = new Set(findings.map((finding) => finding.ruleId));
  return [...first.keys()]
    .filter((ruleId) => !reported.has(ruleId) && judged.every((project) => project.has(ruleId)))
    .map((ruleId) => ({ ruleId, reason: [...new Set(judged.map((project) => project.get(ruleId)!))].join('; ') }));
}
