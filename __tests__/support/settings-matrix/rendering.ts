// A point of the matrix rendered as the source of a settings module.
import { type ExpectedLoadError } from './configuration.js';
import { dimensionIndex, DIMENSIONS, MIDDLEWARE_DIMENSIONS, MIDDLEWARE_FORMS, middlewareCode } from './dimensions.js';

/** A point of the matrix: one variant per dimension, plus settings written by hand (env reads and the like). */
export interface Point {
  choice: number[];
  /** Setting -> statements replacing the dimension's (null: leave unset); keys outside the dimensions are appended. */
  overrides?: Record<string, string | null>;
  /** Labels of the overrides, for the summary. */
  notes?: string[];
  imports?: string[];
  requires?: string[];
}

export const BASELINE: number[] = DIMENSIONS.map((dimension) => dimension.clean);

export function withChoice(changes: Record<string, number>, base: number[] = BASELINE): number[] {
  const choice = [...base];
  for (const [name, index] of Object.entries(changes)) choice[dimensionIndex(name)] = index;
  return choice;
}

const MIDDLEWARE_NAMES = new Set(MIDDLEWARE_DIMENSIONS.map((dimension) => dimension.name));

export function renderBody(point: Point): { body: string; loadError?: ExpectedLoadError; summary: string[] } {
  const overrides = point.overrides ?? {};
  const lines: string[] = [];
  const summary: string[] = [];
  let loadError: ExpectedLoadError | undefined;
  const emit = (code: string | null) => {
    if (code !== null) lines.push(code);
  };
  const done = new Set<string>();
  DIMENSIONS.forEach((dimension, index) => {
    const variant = dimension.variants[point.choice[index]!]!;
    if (point.choice[index] !== dimension.clean) summary.push(variant.label);
    if (MIDDLEWARE_NAMES.has(dimension.name)) {
      if (dimension.name !== 'MW_FORM') return;
      if ('MIDDLEWARE' in overrides) {
        emit(overrides.MIDDLEWARE!);
      } else {
        const on = (name: string) => point.choice[dimensionIndex(name)] === 0;
        emit(
          middlewareCode({
            security: on('MW_SECURITY'),
            session: on('MW_SESSION'),
            csrf: on('MW_CSRF'),
            xfo: on('MW_XFO'),
            form: MIDDLEWARE_FORMS[point.choice[index]!]!,
          }),
        );
      }
      done.add('MIDDLEWARE');
      return;
    }
    done.add(dimension.name);
    if (dimension.name in overrides) {
      emit(overrides[dimension.name]!);
      return;
    }
    if (variant.loadError) loadError = variant.loadError;
    emit(variant.code);
  });
  for (const [setting, code] of Object.entries(overrides)) if (!done.has(setting)) emit(code);
  summary.push(...(point.notes ?? []));
  return { body: lines.join('\n'), loadError, summary };
}

export function header(imports: readonly string[] = []): string {
  return ['import os', ...imports].join('\n') + '\n\n';
}
