/**
 * The part of TOML that settings files and dynaconf's environment values use: strings, numbers, booleans,
 * arrays and inline tables, `key = value` lines and `[table]` headers. Anything else is refused (undefined),
 * so a value the model cannot read stays unknown rather than wrong.
 */

export type TomlValue = string | number | boolean | TomlValue[] | { [key: string]: TomlValue };

class Reader {
  index = 0;
  constructor(readonly text: string) {}

  skipSpace(newlines = false): void {
    while (this.index < this.text.length) {
      const ch = this.text[this.index]!;
      if (ch === ' ' || ch === '\t' || (newlines && (ch === '\n' || ch === '\r'))) this.index += 1;
      else if (newlines && ch === '#')
        while (this.index < this.text.length && this.text[this.index] !== '\n') this.index += 1;
      else break;
    }
  }

  value(): TomlValue | undefined {
    this.skipSpace();
    const ch = this.text[this.index];
    if (ch === '"') return this.basicString();
    if (ch === "'") return this.literalString();
    if (ch === '[') return this.array();
    if (ch === '{') return this.inlineTable();
    const match = /^(true|false|[+-]?(?:inf|nan)|0x[\da-fA-F_]+|[+-]?\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?)/.exec(
      this.text.slice(this.index),
    );
    if (!match) return undefined;
    this.index += match[0].length;
    const token = match[0];
    if (token === 'true' || token === 'false') return token === 'true';
    if (/inf|nan/.test(token)) return undefined;
    const number = token.startsWith('0x')
      ? Number.parseInt(token.slice(2).replace(/_/g, ''), 16)
      : Number(token.replace(/_/g, ''));
    return Number.isNaN(number) ? undefined : number;
  }

  private basicString(): string | undefined {
    let out = '';
    this.index += 1;
    while (this.index < this.text.length) {
      const ch = this.text[this.index]!;
      if (ch === '"') {
        this.index += 1;
        return out;
      }
      if (ch === '\n') return undefined;
      if (ch === '\\') {
        const next = this.text[this.index + 1];
        const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', b: '\b', f: '\f' };
        if (next === undefined || !(next in escapes)) return undefined;
        out += escapes[next];
        this.index += 2;
        continue;
      }
      out += ch;
      this.index += 1;
    }
    return undefined;
  }

  private literalString(): string | undefined {
    const end = this.text.indexOf("'", this.index + 1);
    if (end < 0 || this.text.slice(this.index + 1, end).includes('\n')) return undefined;
    const out = this.text.slice(this.index + 1, end);
    this.index = end + 1;
    return out;
  }

  private array(): TomlValue[] | undefined {
    const items: TomlValue[] = [];
    this.index += 1;
    for (;;) {
      this.skipSpace(true);
      if (this.text[this.index] === ']') {
        this.index += 1;
        return items;
      }
      const item = this.value();
      if (item === undefined) return undefined;
      items.push(item);
      this.skipSpace(true);
      if (this.text[this.index] === ',') this.index += 1;
      else if (this.text[this.index] !== ']') return undefined;
    }
  }

  private inlineTable(): { [key: string]: TomlValue } | undefined {
    const table: { [key: string]: TomlValue } = {};
    this.index += 1;
    for (;;) {
      this.skipSpace();
      if (this.text[this.index] === '}') {
        this.index += 1;
        return table;
      }
      const key = this.key();
      this.skipSpace();
      if (key === undefined || this.text[this.index] !== '=') return undefined;
      this.index += 1;
      const value = this.value();
      if (value === undefined) return undefined;
      table[key] = value;
      this.skipSpace();
      if (this.text[this.index] === ',') this.index += 1;
      else if (this.text[this.index] !== '}') return undefined;
    }
  }

  key(): string | undefined {
    this.skipSpace();
    const ch = this.text[this.index];
    if (ch === '"') return this.basicString();
    if (ch === "'") return this.literalString();
    const match = /^[A-Za-z0-9_-]+/.exec(this.text.slice(this.index));
    if (!match) return undefined;
    this.index += match[0].length;
    return match[0];
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.index >= this.text.length || this.text[this.index] === '#';
  }
}

/** One TOML value written on its own (`true`, `[1, 2]`, `"x"`); undefined when it is not one. */
export function parseTomlValue(text: string): TomlValue | undefined {
  const reader = new Reader(text.trim());
  const value = reader.value();
  return value !== undefined && reader.atEnd() ? value : undefined;
}

/** A `key = value` of a TOML document, with the table it sits in and its 1-based line. */
export interface TomlEntry {
  table: string[];
  key: string;
  value: TomlValue | undefined;
  line: number;
}

/** The entries of a TOML document in order; a value the reader cannot read is kept as undefined. */
export function readTomlEntries(text: string): TomlEntry[] {
  const entries: TomlEntry[] = [];
  const lines = text.split(/\r?\n/);
  let table: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line || line.startsWith('#')) continue;
    const header = /^\[\s*([^[\]]+?)\s*\]\s*(#.*)?$/.exec(line);
    if (header) {
      table = header[1]!.split('.').map((part) => part.trim().replace(/^["']|["']$/g, ''));
      continue;
    }
    const assignment = /^("[^"]*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=\s*(.*)$/.exec(line);
    if (!assignment) continue;
    const start = i;
    let valueText = assignment[2]!;
    // A multi-line array runs until its brackets balance.
    let depth = (valueText.match(/\[/g) ?? []).length - (valueText.match(/\]/g) ?? []).length;
    while (depth > 0 && i + 1 < lines.length) {
      i += 1;
      valueText += `\n${lines[i]}`;
      depth = (valueText.match(/\[/g) ?? []).length - (valueText.match(/\]/g) ?? []).length;
    }
    const key = assignment[1]!.replace(/^["']|["']$/g, '');
    entries.push({ table, key, value: parseTomlValue(valueText), line: start + 1 });
  }
  return entries;
}
