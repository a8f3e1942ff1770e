import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../../src/cli-command.js';
import type { Finding } from '../../src/finding.js';
import { SETTINGS_RULES } from '../../src/rules/registry.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, capturing its output. `env` is the scanner's own process environment. */
export async function cli(argv: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    isTty: false,
    env,
  });
  return { code, stdout, stderr };
}

export interface JsonReport {
  version: number;
  tool: { name: string; version: string };
  findings: Finding[];
  summary: { error: number; warning: number; note: number; passed: boolean };
}

/** `--format json --no-deploy-check` on `path`, parsed. */
export async function scanJson(
  path: string,
  extra: readonly string[] = [],
  env: Record<string, string | undefined> = {},
): Promise<CliRun & { report: JsonReport }> {
  const run = await cli([path, '--format', 'json', '--no-deploy-check', ...extra], env);
  if (run.code === 2) throw new Error(`CLI exited with 2: ${run.stderr}`);
  return { ...run, report: JSON.parse(run.stdout) as JsonReport };
}

/**
 * The rules that judge HTTPS, headers, cookies and middleware. The CLI tests exercise discovery, input
 * handling, config and output on small settings files that do not configure any of that, so their
 * repositories turn these rules off in their config file; each rule has its own table-driven tests and the
 * conformance suite.
 */
export const HARDENING_RULES = SETTINGS_RULES.map((rule) => rule.id).filter(
  (id) =>
    ![
      'debug-enabled',
      'allowed-hosts-missing',
      'allowed-hosts-wildcard',
      'secret-key-hardcoded',
      'secret-key-weak',
      'credential-hardcoded',
    ].includes(id),
);

/** Lines to put under a test config's own `rules:` key to turn the HARDENING_RULES off. */
export const HARDENING_OFF = HARDENING_RULES.map((id) => `  ${id}: off\n`).join('');

function withHardeningRulesOff(config: string | undefined): string | undefined {
  if (config !== undefined && (/^rules\s*:/m.test(config) || (config.trim() !== '' && !/^[\w-]+\s*:/m.test(config)))) {
    return undefined;
  }
  const block = `rules:\n${HARDENING_RULES.map((id) => `  ${id}: off`).join('\n')}\n`;
  return config === undefined ? block : `${config}${config.endsWith('\n') || config === '' ? '' : '\n'}${block}`;
}

/**
 * A temporary repository (it holds `.git`) with `files` (path -> text or bytes) written into it. Its root
 * config file turns the HARDENING_RULES off, unless the test's own config already has a `rules:` key.
 */
export function writeRepo(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'dsg-cli-'));
  mkdirSync(join(root, '.git'));
  writeFileSync(join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  const config = files['.django-security.yml'];
  if (typeof config !== 'object') {
    const merged = withHardeningRulesOff(config);
    if (merged !== undefined) files = { ...files, '.django-security.yml': merged };
  }
  for (const [path, content] of Object.entries(files)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return root;
}

/** A manage.py that selects `module`, as `django-admin startproject` writes it. */
export function managePy(module: string): string {
  return `#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "${module}")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
`;
}

/** A wsgi.py that selects `module`. */
export function wsgiPy(module: string): string {
  return `import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "${module}")

application = get_wsgi_application()
`;
}

/** Settings with one known problem: DEBUG = True on line 1 (plus hosts and a safe secret key). */
export const INSECURE_SETTINGS = `DEBUG = True
ALLOWED_HOSTS = ["example.com"]
import os
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
`;

/** Settings without findings. */
export const SECURE_SETTINGS = `import os
DEBUG = False
ALLOWED_HOSTS = ["example.com"]
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
`;

/** ruleId, file, line and level of each finding: what most assertions compare. */
export function brief(findings: readonly Finding[]): Array<Pick<Finding, 'ruleId' | 'file' | 'line' | 'level'>> {
  return findings.map(({ ruleId, file, line, level }) => ({ ruleId, file, line, level }));
}
