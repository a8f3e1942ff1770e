/** Where the peers are cached, which rules each tool is limited to, the folders none may scan, and how commands run. */
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE = join(REPO, '.cache', 'peers');
export const APT_DIR = join(CACHE, 'apt');
export const SUITE = 'sid';
export const BANDIT_TESTS = ['B608', 'B610', 'B611'];
export const RUFF_RULES = ['S608', 'S610', 'S611'];
/** Folders no tool should scan: the same ones django-security-gate skips (src/discover/ignore-rules.ts). */
export const SKIPPED_FOLDERS = [
  '.git',
  '.venv',
  'venv',
  '.direnv',
  'node_modules',
  'site-packages',
  '.tox',
  '.nox',
  '__pycache__',
];

export const log = (message) => console.error(`compare-peers: ${message}`);

export function run(command, args, options = {}) {
  return execFileSync(command, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, ...options });
}
