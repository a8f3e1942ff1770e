/**
 * Reads a Dockerfile into its instructions the way BuildKit's parser splits them: parser directives
 * (`# escape=`), line continuations (with comment and blank lines inside them dropped), heredocs
 * (`RUN <<EOF`), and the JSON-array or shell form of the arguments.
 */
export interface DockerInstruction {
  /** Upper-cased: FROM, COPY, ADD, RUN, WORKDIR, ENV, ARG, ... */
  keyword: string;
  /** 1-based line of the keyword. */
  line: number;
  /**
   * `--name=value` flags before the arguments (`--from=builder`, `--chown=app:app`); a bare `--link` maps to "";
   * the patterns of repeated `--exclude` flags are joined one per line.
   */
  flags: Map<string, string>;
  /** The arguments: the JSON array's strings, or the shell form's words. */
  args: string[];
  /** The arguments as written, after the flags (the shell form's command line). */
  text: string;
  /** Whether the arguments were written as a JSON array. */
  json: boolean;
  /** Heredoc bodies, in the order their `<<NAME` markers appear, with the line their body starts on. */
  heredocs: Array<{ name: string; body: string; line: number }>;
  /** Where each physical line of a continued instruction starts within `text` (negative: before it). */
  textLines: Array<{ offset: number; line: number }>;
}

/** The physical line of a character of an instruction's `text`. */
export function lineInText(instruction: DockerInstruction, offset: number): number {
  let line = instruction.line;
  for (const piece of instruction.textLines) if (piece.offset <= offset) line = piece.line;
  return line;
}

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;
const HEREDOC = /<<(-?)(["']?)([A-Za-z_][\w]*)\2/g;

/** The escape character from a leading `# escape=` directive (`\` unless it says `` ` ``). */
function escapeCharacter(lines: readonly string[]): string {
  for (const line of lines) {
    const match = DIRECTIVE.exec(line);
    if (!match) return '\\';
    if (match[1]!.toLowerCase() === 'escape' && (match[2] === '`' || match[2] === '\\')) return match[2];
  }
  return '\\';
}

/** Splits the shell form into words: whitespace separates, quotes group (and are removed). */
export function shellWords(text: string, escape = '\\'): string[] {
  const words: string[] = [];
  let current = '';
  let started = false;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === escape && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) words.push(current);
      current = '';
      started = false;
    } else if (ch === escape && i + 1 < text.length) {
      current += text[++i];
      started = true;
    } else {
      current += ch;
      started = true;
    }
  }
  if (started) words.push(current);
  return words;
}

function jsonArray(text: string): string[] | undefined {
  if (!text.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Flags are `--name=value` (or bare `--name`) words before the arguments. */
function splitFlags(rest: string): { flags: Map<string, string>; text: string } {
  const flags = new Map<string, string>();
  let text = rest;
  for (;;) {
    const match = /^--([A-Za-z][\w-]*)(?:=("[^"]*"|\S*))?(?:\s+|$)/.exec(text);
    if (!match) break;
    const name = match[1]!.toLowerCase();
    const value = (match[2] ?? '').replace(/^"(.*)"$/, '$1');
    // `--exclude` may repeat: its patterns are kept one per line.
    flags.set(name, name === 'exclude' && flags.has(name) ? `${flags.get(name)}\n${value}` : value);
    text = text.slice(match[0].length);
  }
  return { flags, text: text.trim() };
}

export function readDockerfileInstructions(source: string): DockerInstruction[] {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  const escape = escapeCharacter(lines);
  const instructions: DockerInstruction[] = [];
  let i = 0;
  while (i < lines.length) {
    const first = lines[i]!;
    const trimmed = first.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      i++;
      continue;
    }
    const startLine = i + 1;
    let logical = '';
    let line = first;
    const pieces: Array<{ offset: number; line: number }> = [];
    for (;;) {
      const body = line.replace(/\s+$/, '');
      pieces.push({ offset: logical.length, line: i + 1 });
      i++;
      if (body.endsWith(escape)) {
        logical += body.slice(0, -1);
        // Inside a continuation, comment lines and blank lines are not part of the instruction.
        while (i < lines.length && /^\s*(#.*)?$/.test(lines[i]!)) i++;
        if (i >= lines.length) break;
        line = lines[i]!;
        continue;
      }
      logical += body;
      break;
    }
    const match = /^\s*([A-Za-z]+)(?:\s+([\s\S]*))?$/.exec(logical);
    if (!match) continue;
    const keyword = match[1]!.toUpperCase();
    const { flags, text } = splitFlags((match[2] ?? '').trim());

    const textStart = logical.length - text.length;
    const heredocs: Array<{ name: string; body: string; line: number }> = [];
    if (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD') {
      for (const heredoc of text.matchAll(HEREDOC)) {
        const name = heredoc[3]!;
        const strip = heredoc[1] === '-';
        const body: string[] = [];
        const bodyLine = i + 1;
        while (i < lines.length && (strip ? lines[i]!.replace(/^\t+/, '') : lines[i]) !== name) {
          body.push(strip ? lines[i]!.replace(/^\t+/, '') : lines[i]!);
          i++;
        }
        i++;
        heredocs.push({ name, body: body.join('\n'), line: bodyLine });
      }
    }
    const array = jsonArray(text);
    instructions.push({
      keyword,
      line: startLine,
      flags,
      args: array ?? shellWords(text, escape),
      text,
      json: array !== undefined,
      heredocs,
      textLines: pieces.map((piece) => ({ offset: piece.offset - textStart, line: piece.line })),
    });
  }
  return instructions;
}
