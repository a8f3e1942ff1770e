// The CLI built from the current src/ (built-bundle.ts) as a process with a provisioned Django's PYTHONPATH, and temporary
// repositories to run it on.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Finding } from '../../src/finding.js';
import { builtBundle } from './built-bundle.js';
import { type DjangoInstall } from './django-versions.js';

export const SERIES = ['3.2', '4.2', '5.2', '6.1'] as const;
export type Series = (typeof SERIES)[number];

export interface Report {
  findings: Finding[];
  summary: { error: number; warning: number; note: number; passed: boolean };
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export const SQLITE = 'DATABASE_ENGINE=django.db.backends.sqlite3';
// A fresh key of 64 URL-safe characters: strong for Django, and nothing anybody uses.
export const KEY = randomBytes(48).toString('base64url');

/** `node cli.js ...args` with only PATH, the series' PYTHONPATH (unless `install` is undefined) and `env`. */
export function cli(
  args: readonly string[],
  install: DjangoInstall | undefined,
  env: Record<string, string> = {},
): CliRun {
  const started = performance.now();
  const result = spawnSync(process.execPath, [builtBundle('cli.js'), ...args], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      PYTHONNOUSERSITE: '1',
      ...(install ? { PYTHONPATH: install.pythonpath } : {}),
      ...env,
    },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ms: performance.now() - started };
}

export function json(run: CliRun): Report {
  if (run.status === 2 || run.status === null) throw new Error(`CLI failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as Report;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const repos: string[] = [];
/** Removes the repositories repo() made; each test file calls it in its afterAll. */
export function removeRepos(): void {
  for (const root of repos) rmSync(root, { recursive: true, force: true });
}

/** A temporary repository (it holds `.git`) with `files`; removed after the tests. */
export function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'dsg-e2e-'));
  repos.push(root);
  mkdirSync(join(root, '.git'));
  writeFileSync(join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
