// Real Django installs for the tests that run `manage.py check --deploy`, as provisioned by
// `scripts/provision-django.sh` into `.cache/django/` and described by `.cache/django/versions.json`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface DjangoInstall {
  /** The release series, e.g. `"5.2"`. */
  series: string;
  /** The exact Django version, e.g. `"5.2.18"`. */
  version: string;
  /** Absolute site-packages directories, joined with `:`. */
  pythonpath: string;
  /** Absolute path of an interpreter that imports this Django. */
  python: string;
  /** That interpreter's version, e.g. `"3.11.2"`. */
  pythonVersion: string;
  /** Where the packages came from: `"debian"` (the archive's python3-* packages) or `"pypi"`. */
  source?: string;
  /** Importable extras, e.g. `["csp", "environ", "decouple", "rest_framework", "axes", "psycopg2"]`. */
  modules?: string[];
}

export interface PythonRun {
  /** Exit code, or null when the process was killed (see `signal`). */
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunPythonOptions {
  cwd?: string;
  /** Added to the environment (after the PYTHON* variables of this process are removed). */
  env?: Record<string, string | undefined>;
  /** Further directories put on PYTHONPATH after the install's own. */
  pythonpath?: readonly string[];
  /** Standard input. */
  input?: string;
  /** Milliseconds before the process is killed; 60 s unless told. */
  timeout?: number;
}

/** `.cache/django/versions.json` under the repository (the tests run from its root). */
export const VERSIONS_FILE = join(process.cwd(), '.cache', 'django', 'versions.json');

export const PROVISION_HINT = 'run scripts/provision-django.sh first (it writes .cache/django/versions.json)';

let cached: { text: string; installs: DjangoInstall[] } | undefined;

/** Every provisioned series, oldest first; empty when nothing was provisioned. */
export function djangoVersions(): DjangoInstall[] {
  if (!existsSync(VERSIONS_FILE)) return [];
  const text = readFileSync(VERSIONS_FILE, 'utf8');
  if (cached?.text === text) return cached.installs;
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error(`${VERSIONS_FILE}: expected a JSON array`);
  const installs = parsed.map((entry, index) => checkInstall(entry, index));
  cached = { text, installs };
  return installs;
}

/** The install of one series (`"3.2"`, `"4.2"`, `"5.2"`, `"6.1"`), or undefined when it was not provisioned. */
export function djangoInstall(series: string): DjangoInstall | undefined {
  return djangoVersions().find((install) => install.series === series);
}

/** Like `djangoInstall`, but throws with a hint when the series is missing. */
export function requireDjangoInstall(series: string): DjangoInstall {
  const install = djangoInstall(series);
  if (!install) throw new Error(`Django ${series} is not provisioned: ${PROVISION_HINT}`);
  return install;
}

/**
 * Runs the install's interpreter with `args` (e.g. `['manage.py', 'check', '--deploy']`). PYTHONPATH is the
 * install's alone (plus `options.pythonpath`); nothing of this process's PYTHONPATH, PYTHONHOME or the like
 * leaks in, and the user site directory is off.
 */
export function runPython(install: DjangoInstall, args: readonly string[], options: RunPythonOptions = {}): PythonRun {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('PYTHON')) env[key] = value;
  }
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  env.PYTHONPATH = [install.pythonpath, ...(options.pythonpath ?? [])].filter(Boolean).join(delimiter);
  env.PYTHONNOUSERSITE = '1';
  env.PYTHONIOENCODING ??= 'utf-8';

  const result = spawnSync(install.python, [...args], {
    cwd: options.cwd,
    env,
    input: options.input,
    encoding: 'utf8',
    timeout: options.timeout ?? 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error && (result.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') {
    throw new Error(`could not run ${install.python} (Django ${install.series}): ${result.error.message}`);
  }
  return { status: result.status, signal: result.signal, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

function checkInstall(entry: unknown, index: number): DjangoInstall {
  const where = `${VERSIONS_FILE}[${index}]`;
  if (typeof entry !== 'object' || entry === null) throw new Error(`${where}: expected an object`);
  const record = entry as Record<string, unknown>;
  for (const key of ['series', 'version', 'pythonpath', 'python', 'pythonVersion']) {
    if (typeof record[key] !== 'string' || record[key] === '') throw new Error(`${where}.${key}: expected a string`);
  }
  if (record.modules !== undefined && !Array.isArray(record.modules)) {
    throw new Error(`${where}.modules: expected an array`);
  }
  return record as unknown as DjangoInstall;
}
