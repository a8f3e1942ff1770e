import { expect, it } from '@jest/globals';
import { join, relative } from 'node:path';
import { readEnvironmentEvidence } from '../../src/discover/deployment-evidence.js';
import { writeTree } from '../support/settings-harness.js';

/** One line per evidence: `file:line module kind look`, and `build-only` for a build step's. */
export function evidenceOf(files: Record<string, string>, read: string, variable = 'DJANGO_SETTINGS_MODULE'): string[] {
  const root = writeTree(files);
  return readEnvironmentEvidence(join(root, read), root, variable).map(
    (item) =>
      `${relative(root, item.file)}:${item.line} ${item.module} ${item.kind} ${item.look}${item.buildOnly ? ' build-only' : ''}`,
  );
}

export interface EvidenceCase {
  name: string;
  files: Record<string, string>;
  /** The file read; the first file when omitted. */
  read?: string;
  /** Another variable than DJANGO_SETTINGS_MODULE. */
  variable?: string;
  expected: string[];
}

/** One test per case; a case expecting nothing is a must-not-flag case. */
export function runCases(cases: EvidenceCase[]): void {
  it.each(cases.map((item) => [item.name, item] as const))('%s', (_name, item) => {
    const read = item.read ?? Object.keys(item.files)[0]!;
    expect(evidenceOf(item.files, read, item.variable)).toEqual(item.expected);
  });
}
