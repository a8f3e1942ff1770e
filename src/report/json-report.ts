import { TOOL_NAME, TOOL_VERSION } from '../tool.js';
import { projectContract, type GateReport } from './report.js';

/**
 * design.md's JSON contract: { version, tool, findings, summary, projects, remarks }, plus `suppressed` (findings
 * a comment in the source accepted, each with its `justification`): what was judged, from what
 * evidence, and what could not be. `projects` and `remarks` are always there, empty when nothing was judged.
 */
export function renderJson(report: GateReport): string {
  const document = {
    version: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    findings: report.findings,
    summary: report.summary,
    projects: report.projects.map(projectContract),
    remarks: report.remarks,
    suppressed: report.suppressed ?? [],
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
