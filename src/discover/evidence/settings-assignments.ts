/**
 * The textual shapes that set an environment variable such as Django's settings module, shared by every
 * deployment file reader: an environment assignment (`DJANGO_SETTINGS_MODULE=x`, `DJANGO_SETTINGS_MODULE: x`,
 * `"DJANGO_SETTINGS_MODULE": "x"`, `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "x")`) and a command option
 * (`--settings=x`, `--settings x`, `"--settings", "x"`, pytest-django's `--ds=x`).
 */

export interface ModuleMention {
  module: string;
  /** Offset of the value in the text scanned, so a caller joining continuation lines can map it back to a line. */
  index: number;
}

/** The name every environment-setting shape of the settings module uses. */
export const SETTINGS_VARIABLE = 'DJANGO_SETTINGS_MODULE';

/** Command options that set the same thing as the variable (Django's own, pytest-django's, django-configurations'). */
const OPTIONS_OF: Record<string, string[]> = {
  DJANGO_SETTINGS_MODULE: ['settings', 'ds'],
  DJANGO_CONFIGURATION: ['configuration', 'dc'],
};

/** Other keys that hold the value: Zappa's `django_settings`. */
const KEY_ALIASES: Record<string, string[]> = {
  DJANGO_SETTINGS_MODULE: ['DJANGO_SETTINGS'],
};

/** Server directives that set a variable with a space: Apache `SetEnv`, nginx `uwsgi_param`, Passenger's `passenger_env_var`. */
const DIRECTIVES = ['SetEnv', 'fastcgi_param', 'uwsgi_param', 'scgi_param', 'passenger_env_var'];

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
const VALUE = String.raw`(["'\x60]?)([^\s"'\x60;,&|)\]}<>]+)`;
const QUOTED_VALUE = String.raw`(["'])([^\s"'\x60;,&|)\]}<>]+)`;

/** The shapes of one variable (`DJANGO_SETTINGS_MODULE`, `DJANGO_CONFIGURATION`), compiled once. */
export class VariableShapes {
  private static readonly known = new Map<string, VariableShapes>();

  static of(name: string): VariableShapes {
    let shapes = VariableShapes.known.get(name);
    if (!shapes) {
      shapes = new VariableShapes(name);
      VariableShapes.known.set(name, shapes);
    }
    return shapes;
  }

  readonly options: string[];
  private readonly assignment: RegExp;
  private readonly call: RegExp;
  private readonly option: RegExp | undefined;
  private readonly tight: RegExp;
  private readonly directive: RegExp;
  private readonly keys: Set<string>;
  /** Any spelling of the name or an alias as a key (`djangoSettingsModule`, `django_settings`), for the cheap test. */
  private readonly anyKey: RegExp;

  private constructor(readonly name: string) {
    if (!/^\w+$/.test(name)) throw new Error(`not an environment variable name: ${name}`);
    this.options = OPTIONS_OF[name] ?? [];
    this.assignment = new RegExp(String.raw`(?<![$\w{])${name}(?![\w}])["']?\s*(?::(?![-=?+])|=(?!=))\s*` + VALUE, 'g');
    // Python: `os.environ.setdefault("NAME", "x")` and `os.environ["NAME"] = "x"`, the value quoted (an unquoted
    // one names a variable).
    this.call = new RegExp(String.raw`(?:\(\s*["']${name}["']\s*,|["']${name}["']\]\s*=(?!=))\s*` + QUOTED_VALUE, 'g');
    this.option =
      this.options.length > 0
        ? new RegExp(String.raw`(?<![\w-])--(?:${this.options.join('|')})(?:=|["']?\s*,\s*|[ \t]+)` + VALUE, 'g')
        : undefined;
    this.tight = new RegExp(String.raw`${name}=["']?$`);
    this.directive = new RegExp(String.raw`(?<![\w-])(?:${DIRECTIVES.join('|')})[ \t]+${name}[ \t]+` + VALUE, 'g');
    const keys = [name, ...(KEY_ALIASES[name] ?? [])];
    this.keys = new Set(keys.map(normalizeKey));
    this.anyKey = new RegExp(keys.map((key) => key.split('_').join('[-_]?')).join('|'), 'i');
  }

  /** Every value a piece of text sets through the environment, in text order. */
  environmentMentions(text: string): ModuleMention[] {
    return [...collect(text, this.assignment), ...collect(text, this.call), ...collect(text, this.directive)].sort(
      (a, b) => a.index - b.index,
    );
  }

  /** Every value a piece of text passes as a command option (`--settings`, `--ds`), in text order. */
  optionMentions(text: string): ModuleMention[] {
    return this.option ? collect(text, this.option) : [];
  }

  /** Both shapes, in text order. */
  mentions(text: string): ModuleMention[] {
    return [...this.environmentMentions(text), ...this.optionMentions(text)].sort((a, b) => a.index - b.index);
  }

  /** A cheap test run before any parsing: files without the name or an option cannot set the value. */
  mayMention(text: string): boolean {
    return (
      text.includes(this.name) || this.options.some((option) => text.includes(`--${option}`)) || this.anyKey.test(text)
    );
  }

  /** Whether a mapping key holds the value: the name, the spelling Helm values and Ansible vars give it, an alias. */
  isKey(key: string): boolean {
    return this.keys.has(normalizeKey(key));
  }

  /** Whether the value at `index` follows a tight `NAME=` (`export NAME=x`, not prose like "NAME: the module"). */
  isTightAt(text: string, index: number): boolean {
    return this.tight.test(text.slice(0, index));
  }
}

/** `DJANGO_SETTINGS_MODULE`, `djangoSettingsModule` and `django-settings-module` are one key. */
function normalizeKey(key: string): string {
  return key.replace(/[-_]/g, '').toLowerCase();
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
