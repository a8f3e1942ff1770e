/** Counting what the scanner sees and timing the CLI process on it. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(REPO_ROOT, 'dist', 'cli.js');

// A copy of ALWAYS_SKIPPED in src/discover/ignore-rules.ts plus the pyvenv.cfg test of python-files.ts, kept here
// so the benchmark depends on nothing but dist/. .gitignore is not applied, so for --project the figures are an upper bound.
// prettier-ignore
const SKIPPED_FOLDERS = new Set([
  '.git', '.hg', '.svn', 'node_modules', '__pycache__', '.tox', '.nox', '.venv', 'venv', '.virtualenv', 'virtualenv',
  'site-packages', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.eggs',
]);

export function countPythonFiles(root) {
  const totals = { scannedFiles: 0, scannedBytes: 0, skippedFiles: 0 };
  const visit = (folder, skipped) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        const skipHere = skipped || SKIPPED_FOLDERS.has(entry.name) || existsSync(join(path, 'pyvenv.cfg'));
        visit(path, skipHere);
      } else if (entry.isFile() && entry.name.endsWith('.py')) {
        if (skipped) {
          totals.skippedFiles += 1;
        } else {
          totals.scannedFiles += 1;
          totals.scannedBytes += statSync(path).size;
        }
      }
    }
  };
  visit(root, false);
  return totals;
}

export async function timeProcess(args) {
  // The scanner consults DJANGO_SETTINGS_MODULE; the caller's shell must not change what is measured.
  const env = { ...process.env };
  delete env.DJANGO_SETTINGS_MODULE;
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const stdout = [];
  const stderr = [];
  child.stdout.on('data', (chunk) => stdout.push(chunk));
  child.stderr.on('data', (chunk) => stderr.push(chunk));
  const [code] = await once(child, 'close');
  const milliseconds = Number(process.hrtime.bigint() - start) / 1e6;
  return {
    milliseconds,
    code,
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr: Buffer.concat(stderr).toString('utf8'),
  };
}

export async function runScanner(projectDir) {
  const result = await timeProcess([CLI, projectDir, '--no-deploy-check', '--format', 'json', '--fail-on', 'never']);
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    report = undefined;
  }
  if (result.code !== 0 || !report?.summary) {
    throw new Error(
      `the scanner did not produce a report (exit code ${result.code}):\n${result.stderr || result.stdout}`.trim(),
    );
  }
  return { milliseconds: result.milliseconds, findings: report.findings.length };
}

export async function repeat(times, measure) {
  await measure(); // warm-up: fills the file-system cache and V8's code cache, not counted
  const samples = [];
  for (let i = 0; i < times; i++) samples.push(await measure());
  return samples;
}

export const round = (number) => Math.round(number * 100) / 100;

export function summarise(milliseconds) {
  const sorted = [...milliseconds].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}
