/**
 * The textual shapes that set Django's settings module, shared by every deployment file reader: an
 * environment assignment (`DJANGO_SETTINGS_MODULE=x`, `DJANGO_SETTINGS_MODULE: x`, `"DJANGO_SETTINGS_MODULE": "x"`,
 * `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "x")`) and a command option (`--settings=x`, `--settings x`,
 * `"--settings", "x"`, pytest-django's `--ds=x`).
 */

export interface ModuleMention {
  module: string;
  /** Offset of the value in the text scanned, so a caller joining continuation lines can map it back to a line. */
  index: number;
}

/** The name every environment-setting shape uses. */
export const SETTINGS_VARIABLE = 'DJANGO_SETTINGS_MODULE';

const DOTTED_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Last parts that name a file, not a module: `--settings config.json` belongs to another program. */
const FILE_EXTENSIONS = new Set(['json', 'yaml', 'yml', 'toml', 'ini', 'cfg', 'conf', 'py', 'txt', 'env', 'xml', 'sh']);

/**
 * The module a raw value names, or undefined when it is not one: quotes are stripped, and template syntax
 * (`${VAR}`, `$VAR`, `{{ x }}`, `%(x)s`, `<your module>`) is never guessed at.
 */
export function moduleFromValue(raw: string): string | undefined {
  let value = raw.trim();
  while (value.length >= 2 && /^(["'`]).*\1$/s.test(value)) value = value.slice(1, -1).trim();
  if (!DOTTED_IDENTIFIER.test(value)) return undefined;
  const parts = value.split('.');
  if (parts.length > 1 && FILE_EXTENSIONS.has(parts[parts.length - 1]!.toLowerCase())) return undefined;
  return value;
}

// A value runs to the first character that ends a shell word, a YAML flow item or a quoted string.
const VALUE = String.raw`(["'\x60]?)([^\s"'\x60;,&|)\]}]+)`;

const ENVIRONMENT_ASSIGNMENT = new RegExp(
  String.raw`(?<![$\w{])${SETTINGS_VARIABLE}(?![\w}])["']?\]?\s*(?::(?![-=?+])|=(?!=))\s*` + VALUE,
  'g',
);
const ENVIRONMENT_CALL = new RegExp(String.raw`["']${SETTINGS_VARIABLE}["']\s*,\s*` + VALUE, 'g');
const SETTINGS_OPTION = new RegExp(String.raw`(?<![\w-])--(?:settings|ds)(?:=|["']?\s*,\s*|[ \t]+)` + VALUE, 'g');

/** Every settings module a piece of text sets through the environment, in text order. */
export function environmentMentions(text: string): ModuleMention[] {
  return [...collect(text, ENVIRONMENT_ASSIGNMENT), ...collect(text, ENVIRONMENT_CALL)].sort(
    (a, b) => a.index - b.index,
  );
}

/** Every settings module a piece of text passes as a command option (`--settings`, `--ds`), in text order. */
export function optionMentions(text: string): ModuleMention[] {
  return collect(text, SETTINGS_OPTION);
}

/** Both shapes, in text order. */
export function settingsMentions(text: string): ModuleMention[] {
  return [...environmentMentions(text), ...optionMentions(text)].sort((a, b) => a.index - b.index);
}

/** A cheap test run before any parsing: files without either word cannot set the module. */
export function mayMentionSettings(text: string): boolean {
  return text.includes(SETTINGS_VARIABLE) || text.includes('--settings') || text.includes('--ds');
}

function collect(text: string, pattern: RegExp): ModuleMention[] {
  const mentions: ModuleMention[] = [];
  for (const match of text.matchAll(pattern)) {
    const quote = match[1]!;
    const raw = match[2]!;
    // A quoted value that stops before its closing quote holds more than a module name (`"x ${Y}"`).
    if (quote && text[match.index! + match[0].length] !== quote) continue;
    const module = moduleFromValue(raw);
    if (module) mentions.push({ module, index: match.index! + match[0].length - match[2]!.length });
  }
  return mentions;
}
