/**
 * Reads SQL the way the database will: which pieces of a built string sit inside a quoted literal, where the
 * driver's `%s` placeholders are, and whether a hole stands where a value goes or where a name goes.
 */
import type { Part } from '../../code-analysis/values.js';

/** A quoted SQL literal (`'...'` or `"..."`) in a built string, by part index and offset. */
export interface QuotedRegion {
  quote: "'" | '"';
  start: { part: number; offset: number };
  end: { part: number; offset: number };
}

export interface SqlScan {
  /** For each part index holding a hole: whether the hole is inside a quoted literal. */
  holeQuoted: Map<number, QuotedRegion>;
  /** Quoted literals that contain a driver placeholder (`'%s'`, `'%%%s%%'`, `"%(name)s"`). */
  quotedPlaceholders: Array<QuotedRegion & { placeholder: string; index: number }>;
  /** Driver placeholders outside quotes, in order (their index in the params sequence). */
  placeholderCount: number;
}

/** `%s` and `%(name)s` for Django's cursors and psycopg (`format`); `?` for sqlite3's own cursors (`qmark`). */
export type Paramstyle = 'format' | 'qmark';

const PLACEHOLDER = /^%(\([^)]*\))?s/;

/**
 * Scans the parts of a string as SQL: quoted literals (with `''` escapes), `--` and `/* *\/` comments, and the
 * driver's placeholders (with `format` placeholders, `%%` is a literal percent sign when parameters are given).
 */
export function scanSql(parts: readonly Part[], paramstyle: Paramstyle = 'format'): SqlScan {
  const scan: SqlScan = { holeQuoted: new Map(), quotedPlaceholders: [], placeholderCount: 0 };
  let state: 'code' | "'" | '"' | 'line-comment' | 'block-comment' = 'code';
  let open: QuotedRegion['start'] | undefined;
  let holesInside: number[] = [];
  let placeholdersInside: Array<{ placeholder: string; index: number }> = [];
  /** The placeholder starting at `source[i]`, if any; `%%` is skipped by the caller. */
  const placeholderAt = (source: string, i: number): string | undefined => {
    if (paramstyle === 'qmark') return source[i] === '?' ? '?' : undefined;
    return source[i] === '%' ? PLACEHOLDER.exec(source.slice(i))?.[0] : undefined;
  };
  parts.forEach((part, index) => {
    if (part.kind === 'hole') {
      if (state === "'" || state === '"') holesInside.push(index);
      return;
    }
    const source = part.text;
    for (let i = 0; i < source.length; i++) {
      const char = source[i]!;
      const next = source[i + 1];
      if (state === 'line-comment') {
        if (char === '\n') state = 'code';
        continue;
      }
      if (state === 'block-comment') {
        if (char === '*' && next === '/') {
          state = 'code';
          i += 1;
        }
        continue;
      }
      if (paramstyle === 'format' && char === '%' && next === '%') {
        i += 1;
        continue;
      }
      const placeholder = placeholderAt(source, i);
      if (state === 'code') {
        if (placeholder) scan.placeholderCount += 1;
        else if (char === "'" || char === '"') {
          state = char;
          open = { part: index, offset: i };
          holesInside = [];
          placeholdersInside = [];
        } else if (char === '-' && next === '-') state = 'line-comment';
        else if (char === '/' && next === '*') {
          state = 'block-comment';
          i += 1;
        }
        continue;
      }
      // Inside a quoted literal.
      if (placeholder) placeholdersInside.push({ placeholder, index: scan.placeholderCount++ });
      else if (char === state && next === state)
        i += 1; // '' is an escaped quote
      else if (char === state) {
        const region: QuotedRegion = { quote: state, start: open!, end: { part: index, offset: i } };
        for (const hole of holesInside) scan.holeQuoted.set(hole, region);
        for (const found of placeholdersInside) scan.quotedPlaceholders.push({ ...region, ...found });
        state = 'code';
      }
    }
  });
  return scan;
}

/** Text of the SQL around a hole: the literal text just before it and just after it. */
function neighbours(parts: readonly Part[], index: number): { before: string; after: string } {
  let before = '';
  for (let i = index - 1; i >= 0 && parts[i]!.kind === 'lit'; i--)
    before = (parts[i] as { text: string }).text + before;
  let after = '';
  for (let i = index + 1; i < parts.length && parts[i]!.kind === 'lit'; i++)
    after += (parts[i] as { text: string }).text;
  return { before, after };
}

const VALUE_BEFORE = /(=|<>|!=|<|>|[-+*/]|\bLIKE|\bILIKE|\bLIMIT|\bOFFSET|\bTHEN|\bELSE)\s*$/i;
const NAME_BEFORE = /(\bFROM|\bJOIN|\bINTO|\bUPDATE|\bTABLE|\bEXISTS|\bSCHEMA|\bBY|\bSELECT|\bAS|\.)\s*$/i;
/** Inside `VALUES (...)`, after its opening parenthesis or a comma. */
const IN_VALUES_LIST = /\bVALUES\s*\(([^()]|\([^()]*\))*[(,]\s*$/i;
const NAME_AFTER = /^\s*(=|<|>|!|\.|\bLIKE\b|\bILIKE\b|\bIN\b|\bIS\b|\bBETWEEN\b|\bASC\b|\bDESC\b)/i;

/**
 * Where a hole stands: `value` where a parameter can replace it (`= {x}`, `LIMIT {n}`), `name` where SQL
 * wants an identifier (`FROM {table}`, `{column} =`), `other` elsewhere (a whole clause, an IN list).
 */
export function holePosition(parts: readonly Part[], index: number): 'value' | 'name' | 'other' {
  const { before, after } = neighbours(parts, index);
  // Glued to a word (`logs_{suffix}`), the hole is part of a name.
  const glued = /\w$/.test(before) || /^\w/.test(after);
  if (glued || NAME_BEFORE.test(before) || NAME_AFTER.test(after)) return 'name';
  // The whole statement so far, other holes standing in as values, to see an enclosing VALUES list.
  const statement = parts
    .slice(0, index)
    .map((part) => (part.kind === 'lit' ? part.text : '0'))
    .join('');
  if (VALUE_BEFORE.test(before) || IN_VALUES_LIST.test(statement)) return 'value';
  return 'other';
}
