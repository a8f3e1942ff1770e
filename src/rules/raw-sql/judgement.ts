/**
 * Decides what is wrong with the SQL a sink receives: values built into it (injection), or, for SQL that is
 * otherwise fine, quotes around the driver's placeholders.
 */
import {
  alternatives,
  holesOf,
  isTainted,
  isUnsafe,
  originOf,
  type Hole,
  type Part,
} from '../../code-analysis/values.js';
import type { SqlSink, SqlText } from './sinks.js';
import { scanSql, type QuotedRegion } from './sql-text.js';

export type Verdict =
  | {
      kind: 'injection';
      sink: SqlSink;
      /** The SQL argument and the alternative of it that shows the problem. */
      text: SqlText;
      parts: readonly Part[];
      approximate: boolean;
      /** The values built in, innermost first where a hole holds a built string; each once. */
      holes: Hole[];
      /** One of them is a parameter, request data or user input. */
      tainted: boolean;
    }
  | {
      kind: 'quoted-placeholder';
      sink: SqlSink;
      text: SqlText;
      parts: readonly Part[];
      region: QuotedRegion & { placeholder: string; index: number };
    };

/** The values that name what went in: a hole holding a built string is described by that string's own holes. */
function innermost(hole: Hole, depth = 0): Hole[] {
  if (depth > 6) return [hole];
  const inner = holesOf(hole.value).filter((candidate) => !candidate.fragment && isUnsafe(candidate.value));
  return inner.length ? inner.flatMap((candidate) => innermost(candidate, depth + 1)) : [hole];
}

/**
 * The unsafe holes of one alternative. A fragment (SQL from elsewhere) is skipped, unless it sits inside a
 * quoted literal: there it is a value whatever its name.
 */
export function unsafeHoles(parts: readonly Part[]): Array<{ hole: Hole; index: number }> {
  const scan = scanSql(parts);
  const found: Array<{ hole: Hole; index: number }> = [];
  parts.forEach((part, index) => {
    if (part.kind !== 'hole') return;
    if (part.fragment && !scan.holeQuoted.has(index)) return;
    if (isUnsafe(part.value)) found.push({ hole: part, index });
  });
  return found;
}

export function judge(sink: SqlSink): Verdict | undefined {
  let first: { text: SqlText; parts: readonly Part[]; approximate: boolean } | undefined;
  const holes = new Map<number, Hole>();
  for (const text of sink.texts) {
    for (const option of alternatives(text.value)) {
      if (option.kind !== 'text' && option.kind !== 'sql-composed') continue;
      const unsafe = unsafeHoles(option.parts);
      if (unsafe.length === 0) continue;
      first ??= { text, parts: option.parts, approximate: option.kind === 'text' && Boolean(option.approximate) };
      for (const { hole } of unsafe) for (const inner of innermost(hole)) holes.set(inner.node.id, inner);
    }
  }
  if (first) {
    const list = [...holes.values()];
    const tainted = list.some((hole) => {
      const origin = originOf(hole.value);
      return origin !== undefined && isTainted(origin);
    });
    return { kind: 'injection', sink, ...first, holes: list, tainted };
  }
  for (const text of sink.texts) {
    if (!text.hasParams) continue;
    for (const option of alternatives(text.value)) {
      if (option.kind !== 'text') continue;
      const [region] = scanSql(option.parts, text.paramstyle).quotedPlaceholders;
      if (region) return { kind: 'quoted-placeholder', sink, text, parts: option.parts, region };
    }
  }
  return undefined;
}
