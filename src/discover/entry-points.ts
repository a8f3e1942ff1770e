import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** Where manage.py, wsgi.py or asgi.py selects a settings module with `os.environ.setdefault(...)`. */
export interface SettingsDeclaration {
  /** The module as written; may hold template syntax (`{{ project_name }}.settings`). */
  module: string;
  /** 1-based line of the declaration. */
  line: number;
}

/** An environment variable's value an entry point sets as a default, with the line of the value. */
export interface EnvironmentDefault {
  value: string;
  /** 1-based line of the value. */
  line: number;
}

/**
 * The default an entry point gives `variable` with `os.environ.setdefault(...)` or `os.environ[...] = ...`;
 * comment lines are not read.
 */
export function environmentDefault(text: string, variable: string): EnvironmentDefault | undefined {
  // Comment lines are blanked rather than dropped so that offsets still map to the file's lines.
  const code = text
    .split(/\r?\n/)
    .map((line) => (line.trimStart().startsWith('#') ? '' : line))
    .join('\n');
  const patterns = [
    new RegExp(
      `(?:^|[^\\w])(?:os\\.)?environ\\.setdefault\\(\\s*["']${variable}["']\\s*,\\s*f?["']([^"'\\n]+)["']`,
      'm',
    ),
    new RegExp(`(?:^|[^\\w])(?:os\\.)?environ\\[\\s*["']${variable}["']\\s*\\]\\s*=\\s*f?["']([^"'\\n]+)["']`, 'm'),
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(code);
    if (!match) continue;
    const valueAt = match.index + match[0].length - match[1]!.length - 1;
    return { value: match[1]!.trim(), line: code.slice(0, valueAt).split('\n').length };
  }
  return undefined;
}

/** The settings module an entry point selects, with its line. */
export function settingsDeclaration(text: string): SettingsDeclaration | undefined {
  const found = environmentDefault(text, 'DJANGO_SETTINGS_MODULE');
  return found && { module: found.value, line: found.line };
}

/**
 * Template syntax in a module name or a path: Django's `{{ project_name }}`, cookiecutter's
 * `{{cookiecutter.project_slug}}`, Jinja's `{% ... %}`, and `$VAR`/`${VAR}` shell placeholders.
 */
export function hasTemplateSyntax(text: string): boolean {
  return /\{\{|\{%|\$\{|^\$\w|%\(\w+\)s/.test(text);
}

/** A dotted Python module name (what Python could import), as opposed to a placeholder. */
export function isModuleName(text: string): boolean {
  return /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(text);
}

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** wsgi.py and asgi.py: the modules a production server imports. */
export function isServerEntryPoint(file: string): boolean {
  const name = basename(file);
  return name === 'wsgi.py' || name === 'asgi.py';
}
