import { TOOL_NAME, TOOL_VERSION } from '../tool.js';
import type { GateReport } from './report.js';

/** design.md's JSON contract: { version, tool, findings, summary, projects, remarks }: what was judged, and what could not be. */
export function renderJson(report: GateReport): string {
  const document = {
    version: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    findings: report.findings,
    summary: report.summary,
    ...(report.projects ? { projects: report.projects } : {}),
    remarks: report.remarks,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
