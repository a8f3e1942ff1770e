import type { FoundModule } from './reading.js';
import type { EvidenceLook } from './look.js';
import type { VariableShapes } from './settings-assignments.js';
import { linesOf } from './text-lines.js';

/**
 * Files read line by line, where a line that is a comment says nothing: Procfiles (`web: gunicorn ...`), systemd
 * units (`Environment="A=b" "DJANGO_SETTINGS_MODULE=x"`), ini files (uwsgi `env = ...`, supervisor
 * `environment=...`, `[pytest] DJANGO_SETTINGS_MODULE = x`), TOML (`[env]`), gunicorn configs (`raw_env`), env
 * files and shell scripts. `context` is the ini/TOML section or the Procfile process the line belongs to.
 */
export function lineFileModules(
  text: string,
  variable: VariableShapes,
  options: {
    look: (context: string | undefined) => EvidenceLook;
    comments: RegExp;
    /** Whether command options (`--settings=x`) count, not only environment assignments. */
    commands: boolean;
    /** Whether a line starts with a Procfile process name (`web: ...`). */
    processes?: boolean;
    /**
     * Python and TOML: a value is literal only when quoted (`DJANGO_SETTINGS_MODULE = "x"`) or inside a string
     * (`raw_env = ["DJANGO_SETTINGS_MODULE=x"]`); `DJANGO_SETTINGS_MODULE = settings_module` names a variable.
     */
    literalsOnly?: boolean;
  },
): FoundModule[] {
  const found: FoundModule[] = [];
  let context: string | undefined;
  linesOf(text).forEach((line, index) => {
    if (options.comments.test(line)) return;
    const section = /^\s*\[+\s*([^\]]+?)\s*\]+\s*$/.exec(line);
    if (section) {
      context = section[1]!;
      return;
    }
    const process = /^([A-Za-z0-9_-]+)\s*:/.exec(line);
    const lineContext = options.processes && process ? process[1]! : context;
    const mentions = options.commands ? variable.mentions(line) : variable.environmentMentions(line);
    for (const mention of mentions) {
      if (options.literalsOnly && !isLiteral(line, mention.index, variable)) continue;
      found.push({ module: mention.module, line: index + 1, look: options.look(lineContext), context: lineContext });
    }
  });
  return found;
}

function isLiteral(line: string, index: number, variable: VariableShapes): boolean {
  return /["']/.test(line[index - 1] ?? '') || variable.isTightAt(line, index) || /--\w+=$/.test(line.slice(0, index));
}

/** Comment lines: `#` everywhere, and `;` in ini files. */
export const HASH_COMMENT = /^\s*#/;
export const INI_COMMENT = /^\s*[#;]/;
