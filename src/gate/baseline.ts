import { readFileSync } from 'node:fs';
import type { Finding } from '../finding.js';
import { UsageError } from '../usage-error.js';
import { writeFileFor } from '../writable-file.js';

interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string;
  count: number;
}

interface BaselineFile {
  version: 1;
  findings: BaselineEntry[];
}

/**
 * Accepted findings, by fingerprint with a count, so a baseline survives line shifts and a second copy of
 * an accepted problem is still new.
 */
export function readBaseline(path: string): Map<string, number> {
  let parsed: BaselineFile;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as BaselineFile;
  } catch (error) {
    throw new UsageError(`baseline ${path} cannot be read: ${(error as Error).message}`);
  }
  if (parsed?.version !== 1 || !Array.isArray(parsed.findings)) {
    throw new UsageError(
      `baseline ${path} is not a django-security-gate baseline (expected {"version": 1, "findings": [...]})`,
    );
  }
  const counts = new Map<string, number>();
  for (const entry of parsed.findings) {
    if (typeof entry?.fingerprint === 'string')
      counts.set(entry.fingerprint, (counts.get(entry.fingerprint) ?? 0) + (entry.count ?? 1));
  }
  return counts;
}

export function writeBaseline(path: string, findings: readonly Finding[]): void {
  const entries = new Map<string, BaselineEntry>();
  for (const finding of findings) {
    const entry = entries.get(finding.fingerprint);
    if (entry) entry.count += 1;
    else
      entries.set(finding.fingerprint, {
        fingerprint: finding.fingerprint,
        ruleId: finding.ruleId,
        file: finding.file,
        count: 1,
      });
  }
  const file: BaselineFile = { version: 1, findings: [...entries.values()] };
  writeFileFor('the baseline', path, `${JSON.stringify(file, null, 2)}\n`);
}

/** Splits findings into new ones and those the baseline accepts. */
export function applyBaseline(
  findings: readonly Finding[],
  accepted: Map<string, number>,
): { fresh: Finding[]; baselined: number } {
  const remaining = new Map(accepted);
  const fresh: Finding[] = [];
  let baselined = 0;
  for (const finding of findings) {
    const left = remaining.get(finding.fingerprint) ?? 0;
    if (left > 0) {
      remaining.set(finding.fingerprint, left - 1);
      baselined += 1;
    } else {
      fresh.push(finding);
    }
  }
  return { fresh, baselined };
}
