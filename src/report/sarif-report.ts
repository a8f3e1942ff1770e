import { renderRuleDocs, ruleHelpUri } from '../rules/rule-docs.js';
import { ALL_RULES } from '../rules/registry.js';
import type { Rule } from '../rules/rule.js';
import { TOOL_NAME, TOOL_VERSION } from '../tool.js';
import { projectContract, type GateReport } from './report.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _dash, ch: string) => ch.toUpperCase());
}

function sarifRule(rule: Rule) {
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.docs.what },
    helpUri: ruleHelpUri(rule),
    help: { text: `${rule.docs.what}\n\n${rule.docs.why}`, markdown: renderRuleDocs(rule) },
    defaultConfiguration: { level: rule.level },
    properties: {
      tags: rule.tags,
      precision: 'high',
      'security-severity': rule.securitySeverity.toFixed(1),
      ...(rule.djangoChecks.length ? { djangoChecks: rule.djangoChecks } : {}),
    },
  };
}

/** SARIF 2.1.0, one run, for GitHub code scanning (github/codeql-action/upload-sarif). */
export function renderSarif(report: GateReport): string {
  const rules = ALL_RULES.filter(
    (rule) =>
      report.rulesRun.includes(rule) ||
      [...report.findings, ...(report.suppressed ?? [])].some((f) => f.ruleId === rule.id),
  );
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const suppressed = report.suppressed ?? [];
  const results = [...report.findings, ...suppressed].map((finding) => ({
    ruleId: finding.ruleId,
    ruleIndex: index.get(finding.ruleId),
    level: finding.level,
    message: { text: `${finding.message}\nFix: ${finding.fix}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: finding.file, uriBaseId: '%SRCROOT%' },
          region: {
            startLine: finding.line,
            startColumn: finding.column,
            endLine: finding.endLine,
            endColumn: finding.endColumn,
          },
        },
      },
    ],
    partialFingerprints: { 'djangoSecurityGate/v1': finding.fingerprint },
    // GitHub code scanning shows an in-source suppression as a dismissed alert with its justification.
    ...('justification' in finding
      ? { suppressions: [{ kind: 'inSource', status: 'accepted', justification: finding.justification }] }
      : {}),
    properties: {
      source: finding.source,
      fix: finding.fix,
      ...(finding.djangoCheck ? { djangoCheck: finding.djangoCheck } : {}),
      ...(finding.setting ? { setting: finding.setting } : {}),
    },
  }));
  const document = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            informationUri: 'https://github.com/django-security-gate/django-security-gate',
            rules: rules.map(sarifRule),
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
        // The run's remarks are what SARIF calls notifications from the tool: things to know about the run itself.
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.remarks.map((text) => ({ level: 'note', message: { text } })),
          },
        ],
        properties: { projects: report.projects.map(projectContract), remarks: report.remarks },
      },
    ],
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
