/** Types for raw-sql-corpus.mjs, which the rule's test (TypeScript) and compare-peers.mjs share. */

export interface CorpusCase {
  /** `<fixture>:<line of "# case:">`. */
  id: string;
  file: string;
  line: number;
  name: string;
  /** The case is labelled as a finding of raw-sql-injection. */
  flagged: boolean;
  level?: 'error' | 'warning';
  message?: string;
  fix?: string;
  knownMiss?: string;
  knownFalsePositive?: string;
  /** Lines of the fixture's header, which comes first in `source`. */
  headerLines: number;
  /** The module the case is judged as: header, then the case's code. */
  source: string;
}

export interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  precision: number;
  recall: number;
}

export function readCorpus(folder: string): CorpusCase[];
export function caseFileName(testCase: CorpusCase): string;
export function writeCaseFiles(cases: CorpusCase[], folder: string): Map<string, string>;
export function score(cases: CorpusCase[], flaggedById: ReadonlyMap<string, boolean>): Score;
