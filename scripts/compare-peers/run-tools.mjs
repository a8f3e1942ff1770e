/** Each tool's command line, and the SQL findings read back from its output. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { BANDIT_TESTS, RUFF_RULES, SKIPPED_FOLDERS } from './configuration.mjs';

export function ourCommand(cli, folder) {
  return [process.execPath, [cli, folder, '--no-deploy-check', '--format', 'json', '--fail-on', 'never']];
}

export function banditCommand(peers, folder) {
  const excluded = SKIPPED_FOLDERS.map((name) => `*/${name}/*`).join(',');
  const [python, ...args] = peers.bandit.command;
  return [python, [...args, '-r', folder, '-t', BANDIT_TESTS.join(','), '-f', 'json', '-q', '-x', excluded]];
}

export function ruffCommand(peers, folder) {
  const [binary, ...args] = peers.ruff.command;
  return [
    binary,
    [
      ...args,
      'check',
      '--isolated',
      '--no-cache',
      '--exit-zero',
      '--target-version',
      'py313',
      '--select',
      RUFF_RULES.join(','),
      '--output-format',
      'json',
      '--extend-exclude',
      SKIPPED_FOLDERS.join(','),
      folder,
    ],
  ];
}

/** Runs a command to completion; returns its output and the wall-clock milliseconds. */
export async function timed(command, args, env) {
  const start = process.hrtime.bigint();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
  const out = [];
  const err = [];
  child.stdout.on('data', (chunk) => out.push(chunk));
  child.stderr.on('data', (chunk) => err.push(chunk));
  const [code] = await once(child, 'close');
  return {
    code,
    milliseconds: Number(process.hrtime.bigint() - start) / 1e6,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}

/** Files each tool reported an SQL finding in (paths relative to `folder`), with the number of findings. */
export const parsers = {
  ours(stdout, folder) {
    const report = JSON.parse(stdout);
    return report.findings
      .filter((finding) => finding.ruleId === 'raw-sql-injection')
      .map((finding) => relativeTo(folder, join(folder, finding.file)));
  },
  bandit(stdout, folder) {
    const report = JSON.parse(stdout);
    return report.results
      .filter((result) => BANDIT_TESTS.includes(result.test_id))
      .map((result) => relativeTo(folder, result.filename));
  },
  ruff(stdout, folder) {
    return JSON.parse(stdout)
      .filter((diagnostic) => RUFF_RULES.includes(diagnostic.code))
      .map((diagnostic) => relativeTo(folder, diagnostic.filename));
  },
};

function relativeTo(folder, file) {
  const absolute = resolve(folder, file);
  return absolute.startsWith(`${folder}/`) ? absolute.slice(folder.length + 1) : absolute;
}

export async function findings(tool, command, args, env, folder) {
  const result = await timed(command, args, env);
  if (result.code !== 0 && tool !== 'bandit')
    throw new Error(`${tool} exited with ${result.code}: ${result.stderr.slice(0, 2000)}`);
  try {
    return parsers[tool](result.stdout, folder);
  } catch (error) {
    throw new Error(`could not read ${tool}'s output (${error.message}): ${result.stderr.slice(0, 2000)}`, {
      cause: error,
    });
  }
}
