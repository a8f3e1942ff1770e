import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtBundle } from './built-bundle.js';

export interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Wall-clock time of the process, in milliseconds. */
  durationMs: number;
}

/** Parses the runner's GITHUB_OUTPUT file (`name<<delimiter ... delimiter` blocks). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1]!] = match[3]!;
  return outputs;
}

export interface ActionRunOptions {
  /** GITHUB_API_URL. Unless told, a port nothing listens on, so that API calls fail at once. */
  apiUrl?: string;
  /** GITHUB_SHA, the commit the workflow run is for (for a pull request, its merge commit). */
  sha?: string;
  /** GITHUB_REPOSITORY, `owner/name`. */
  repository?: string;
  /** More variables for the process, applied last (they may replace the ones above). */
  env?: Record<string, string>;
  /** Milliseconds before the process is killed; 60 s unless told. */
  timeout?: number;
}

interface PreparedRun {
  env: Record<string, string>;
  files: { output: string; summary: string; event: string };
  timeout: number;
}

function prepareRun(
  workspace: string,
  inputs: Record<string, string>,
  event: { name: string; payload: object },
  options: ActionRunOptions,
): PreparedRun {
  const runnerDir = join(workspace, '..', `runner-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(runnerDir, { recursive: true });
  const files = {
    output: join(runnerDir, 'output'),
    summary: join(runnerDir, 'summary'),
    event: join(runnerDir, 'event.json'),
  };
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  writeFileSync(files.event, JSON.stringify(event.payload));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_SHA: options.sha ?? 'a'.repeat(40),
    GITHUB_REPOSITORY: options.repository ?? 'acme/shop',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: options.apiUrl ?? 'http://127.0.0.1:9',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: runnerDir,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  Object.assign(env, options.env);
  return { env, files, timeout: options.timeout ?? 60_000 };
}

function finishRun(
  { files }: PreparedRun,
  status: number | null,
  stdout: string,
  stderr: string,
  durationMs: number,
): ActionRun {
  return {
    status,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(files.output, 'utf8')),
    summary: existsSync(files.summary) ? readFileSync(files.summary, 'utf8') : '',
    durationMs,
  };
}

const BUNDLE = () => builtBundle('index.js');

/**
 * Runs index.js, built from the current src/ (see built-bundle.ts), as the runner does: inputs as INPUT_* variables, an event file, and
 * the GITHUB_* variables and command files. Synchronous: nothing in this process can answer the bundle
 * while it runs (use runActionAsync with a local API server).
 */
export function runAction(
  workspace: string,
  inputs: Record<string, string>,
  event: { name: string; payload: object } = { name: 'push', payload: {} },
  options: ActionRunOptions = {},
): ActionRun {
  const prepared = prepareRun(workspace, inputs, event, options);
  const started = Date.now();
  const result = spawnSync(process.execPath, [BUNDLE()], {
    cwd: workspace,
    env: prepared.env,
    encoding: 'utf8',
    timeout: prepared.timeout,
  });
  return finishRun(prepared, result.status, result.stdout, result.stderr, Date.now() - started);
}

/** runAction without blocking this process, so that a server in it (e.g. the local GitHub API) can answer. */
export function runActionAsync(
  workspace: string,
  inputs: Record<string, string>,
  event: { name: string; payload: object } = { name: 'push', payload: {} },
  options: ActionRunOptions = {},
): Promise<ActionRun> {
  const prepared = prepareRun(workspace, inputs, event, options);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUNDLE()], { cwd: workspace, env: prepared.env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), prepared.timeout);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve(finishRun(prepared, status, stdout, stderr, Date.now() - started));
    });
  });
}
