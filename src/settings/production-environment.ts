import { UsageError } from '../usage-error.js';
import { EnvironmentReadLog } from './environment-reads.js';

/**
 * The production environment the settings are judged under: variables given with --env / --env-file / the
 * `env` input, and variables the settings themselves refuse to run without (a guard that raises when
 * they are unset), which are treated as supplied but unknown.
 */
export class ProductionEnvironment {
  constructor(
    readonly given: ReadonlyMap<string, string> = new Map(),
    readonly guarded: ReadonlySet<string> = new Set(),
    /** Every read the evaluation made, shared by the environments derived from this one. */
    readonly reads: EnvironmentReadLog = new EnvironmentReadLog(),
  ) {}

  lookup(variable: string): string | undefined {
    return this.given.get(variable);
  }

  isGuarded(variable: string): boolean {
    return this.guarded.has(variable) && !this.given.has(variable);
  }

  withGuarded(variables: Iterable<string>): ProductionEnvironment {
    return new ProductionEnvironment(this.given, new Set([...this.guarded, ...variables]), this.reads);
  }
}

export class EnvSyntaxError extends UsageError {}

function unquote(raw: string): string {
  const value = raw.trim();
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) {
    const inner = value.slice(1, -1);
    return value[0] === '"' ? inner.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\') : inner;
  }
  return value.replace(/\s+#.*$/, '');
}

/** `KEY=VALUE` lines as in a dotenv file: comments, blank lines, `export ` prefixes and quotes allowed. */
export function parseEnvLines(text: string, origin: string): Map<string, string> {
  const values = new Map<string, string>();
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/s.exec(line);
    if (!match) {
      throw new EnvSyntaxError(`${origin}:${index + 1}: expected KEY=VALUE, found "${line.slice(0, 60)}"`);
    }
    values.set(match[1]!, unquote(match[2]!));
  });
  return values;
}

/** One `--env KEY=VALUE` argument. */
export function parseEnvAssignment(argument: string): [string, string] {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(argument);
  if (!match) throw new EnvSyntaxError(`--env expects KEY=VALUE, got "${argument}"`);
  return [match[1]!, match[2]!];
}
