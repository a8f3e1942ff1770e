/** What Django's check framework printed, read back into structure (Django 3.2 to 6.x print the same way). */

export type CheckLevel = 'critical' | 'error' | 'warning' | 'info' | 'debug';

export interface CheckMessage {
  level: CheckLevel;
  /** e.g. "security.W004"; absent for messages without an ID. */
  id?: string;
  /** "?" for messages about no object, else e.g. "admin.LogEntry". */
  object: string;
  message: string;
  hint?: string;
}

export interface TracebackFrame {
  file: string;
  line: number;
}

export type ParsedCheckOutput =
  | { kind: 'result'; messages: CheckMessage[]; silenced: number }
  | {
      kind: 'failure';
      /** The exception line, e.g. "django.core.exceptions.ImproperlyConfigured: The SECRET_KEY setting must not be empty." */
      lastLine: string;
      /** Frames of the traceback, innermost last. */
      frames: TracebackFrame[];
    };

const GROUPS: Record<string, CheckLevel> = {
  CRITICALS: 'critical',
  ERRORS: 'error',
  WARNINGS: 'warning',
  INFOS: 'info',
  DEBUGS: 'debug',
};

const FOOTER = /^System check identified (?:no issues|\d+ issues?) \((\d+) silenced\)\.$/m;
const ENTRY_WITH_ID = /^(\S[^\n]*?): \(([\w.-]+)\) (.*)$/;
const ENTRY_WITHOUT_ID = /^(\?|[\w.]+): (.*)$/;
const FRAME = /^\s*File "([^"]+)", line (\d+)/;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

function parseMessages(text: string): CheckMessage[] {
  const messages: CheckMessage[] = [];
  let level: CheckLevel | undefined;
  let current: CheckMessage | undefined;
  // A blank line ends a group, or sits inside a multi-line message: the next line tells which.
  let blankLines = 0;
  for (const line of text.split(/\r?\n/)) {
    const group = /^([A-Z]+):$/.exec(line);
    if (group && GROUPS[group[1]!]) {
      level = GROUPS[group[1]!];
      current = undefined;
      continue;
    }
    if (!level) continue;
    if (line.trim() === '') {
      blankLines += 1;
      continue;
    }
    if (FOOTER.test(line)) break;
    const blanks = '\n'.repeat(blankLines);
    blankLines = 0;
    const hint = /^\tHINT: (.*)$/.exec(line);
    if (hint && current) {
      current.hint = hint[1];
      continue;
    }
    const withId = ENTRY_WITH_ID.exec(line);
    if (withId) {
      current = { level, object: withId[1]!, id: withId[2]!, message: withId[3]! };
      messages.push(current);
      continue;
    }
    const withoutId = ENTRY_WITHOUT_ID.exec(line);
    if (withoutId && !current) {
      current = { level, object: withoutId[1]!, message: withoutId[2]! };
      messages.push(current);
      continue;
    }
    if (current) {
      if (current.hint !== undefined) current.hint += `\n${blanks}${line.trim()}`;
      else current.message += `\n${blanks}${line}`;
    }
  }
  return messages;
}

/**
 * Reads `check --deploy` output from both streams: issues go to stderr (after "SystemCheckError:" when
 * one reaches the fail level), "no issues" to stdout. Output without Django's closing line means the
 * command did not get to run its checks: the traceback's last line says why.
 */
export function parseCheckOutput(stdout: string, stderr: string): ParsedCheckOutput {
  const out = stdout.replace(ANSI, '');
  const err = stderr.replace(ANSI, '');
  for (const stream of [err, out]) {
    const footer = FOOTER.exec(stream);
    if (footer) return { kind: 'result', messages: parseMessages(stream), silenced: Number(footer[1]) };
  }
  const lines = err.split(/\r?\n/).filter((line) => line.trim() !== '');
  const frames: TracebackFrame[] = [];
  for (const line of lines) {
    const frame = FRAME.exec(line);
    if (frame) frames.push({ file: frame[1]!, line: Number(frame[2]) });
  }
  const exception = [...lines]
    .reverse()
    .find(
      (line) =>
        /^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Configured|Warning)?(: |$)/.test(line) &&
        !line.startsWith(' '),
    );
  return {
    kind: 'failure',
    lastLine: (exception ?? lines.at(-1) ?? out.trim().split('\n').at(-1) ?? '').trim(),
    frames,
  };
}
