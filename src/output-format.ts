import { renderJson } from './report/json-report.js';
import type { GateReport } from './report/report.js';
import { renderSarif } from './report/sarif-report.js';
import { renderText } from './report/text-report.js';
import { renderWorkflowCommands } from './report/workflow-commands.js';

export const OUTPUT_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function render(report: GateReport, format: OutputFormat, colour: boolean): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report);
    case 'github':
      return renderWorkflowCommands(report);
    case 'text':
      return renderText(report, colour);
  }
}
