import { renderJson } from './report/json-report.js';
import { renderQuiet } from './report/quiet-report.js';
import type { GateReport } from './report/report.js';
import { renderSarif } from './report/sarif-report.js';
import { renderStatistics } from './report/statistics-report.js';
import { renderText } from './report/text-report.js';
import { renderWorkflowCommands } from './report/workflow-commands.js';

export const OUTPUT_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** How the text format is laid out: the full report, findings only (--quiet), or counts per rule (--statistics). */
export interface TextView {
  colour: boolean;
  quiet?: boolean;
  statistics?: boolean;
}

export function render(report: GateReport, format: OutputFormat, view: TextView): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report);
    case 'github':
      return renderWorkflowCommands(report);
    case 'text':
      if (view.statistics) return renderStatistics(report, view.quiet ?? false);
      if (view.quiet) return renderQuiet(report);
      return renderText(report, view.colour);
  }
}
