import { beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtBundle } from './support/built-bundle.js';

interface JsonReport {
  version: number;
  tool: { name: string; version: string };
  findings: Array<{
    ruleId: string;
    level: string;
    file: string;
    line: number;
    column: number;
    setting?: string;
    djangoCheck?: string;
  }>;
  summary: { error: number; warning: number; note: number; passed: boolean };
}

/** The CLI built from the current src/ as a user runs it: a process, from the repository root. */
function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [builtBundle('cli.js'), ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the CLI on the bundled examples', () => {
  let insecure: ReturnType<typeof cli>;
  let report: JsonReport;

  beforeAll(() => {
    insecure = cli('examples/insecure-project', '--no-deploy-check', '--format', 'json');
    report = JSON.parse(insecure.stdout) as JsonReport;
  });

  it('fails the insecure project with exactly the expected findings', () => {
    expect(insecure.status).toBe(1);
    const base = 'examples/insecure-project/config/settings/base.py';
    const production = 'examples/insecure-project/config/settings/production.py';
    expect(
      report.findings.map((f) => [f.ruleId, f.level, f.file, f.line, f.column, f.setting, f.djangoCheck ?? null]),
    ).toEqual([
      ['secret-key-hardcoded', 'error', base, 16, 50, 'SECRET_KEY', null],
      ['secret-key-weak', 'warning', base, 16, 50, 'SECRET_KEY', 'security.W009'],
      ['debug-enabled', 'error', base, 19, 40, 'DEBUG', 'security.W018'],
      ['allowed-hosts-wildcard', 'warning', base, 21, 56, 'ALLOWED_HOSTS', null],
      ['csp-missing', 'warning', base, 36, 14, 'MIDDLEWARE', null],
      // Settings production never assigns are reported at the production module, where they belong.
      ['csrf-cookie-insecure', 'warning', production, 1, 1, 'CSRF_COOKIE_SECURE', 'security.W016'],
      ['hsts-missing', 'warning', production, 1, 1, 'SECURE_HSTS_SECONDS', 'security.W004'],
      ['session-cookie-insecure', 'warning', production, 1, 1, 'SESSION_COOKIE_SECURE', 'security.W012'],
      ['ssl-redirect-disabled', 'warning', production, 1, 1, 'SECURE_SSL_REDIRECT', 'security.W008'],
      ['csrf-cookie-httponly-disabled', 'note', production, 1, 1, 'CSRF_COOKIE_HTTPONLY', null],
      ['secret-key-hardcoded', 'error', production, 13, 25, 'SECRET_KEY_FALLBACKS', null],
      ['secret-key-weak', 'error', production, 13, 25, 'SECRET_KEY_FALLBACKS', 'security.W025'],
      ['credential-hardcoded', 'error', production, 20, 21, 'DATABASES', null],
      ['credential-hardcoded', 'error', production, 33, 23, 'EMAIL_HOST_PASSWORD', null],
    ]);
    expect(report.summary).toEqual({ error: 6, warning: 7, note: 1, passed: false });
  });

  it('never prints the committed secrets', () => {
    const sarif = cli('examples/insecure-project', '--no-deploy-check', '--format', 'sarif').stdout;
    for (const secret of [
      'Tr0ub4dor-shop-2024',
      'mg-Sm7p-pass-2024',
      'shop-2023-signing-key',
      'django-insecure-gncib',
    ]) {
      expect(insecure.stdout).not.toContain(secret);
      expect(sarif).not.toContain(secret);
    }
  });

  it('passes the hardened project', () => {
    const hardened = cli('examples/hardened-project', '--no-deploy-check');
    expect(hardened.status).toBe(0);
    expect(hardened.stdout).toContain('No findings: passed');
  });

  it('judges the production environment given with --env', () => {
    const result = cli(
      'examples/insecure-project',
      '--no-deploy-check',
      '--format',
      'json',
      '--env',
      'DJANGO_DEBUG=',
      '--env',
      'DJANGO_ALLOWED_HOSTS=shop.example.com',
    );
    const given = JSON.parse(result.stdout) as JsonReport;
    expect(given.findings.map((f) => f.ruleId)).not.toContain('debug-enabled');
    expect(given.findings.map((f) => f.ruleId)).not.toContain('allowed-hosts-wildcard');
  });

  it('prints text grouped by file with the fix under each finding', () => {
    const text = cli('examples/insecure-project', '--no-deploy-check');
    const lines = text.stdout.split('\n');
    const fileHeader = lines.indexOf('examples/insecure-project/config/settings/base.py');
    expect(fileHeader).toBeGreaterThanOrEqual(0);
    expect(lines[fileHeader + 1]).toMatch(/^ {2}16:50 +error +SECRET_KEY falls back/);
    expect(lines[fileHeader + 2]).toMatch(/^ +fix: Drop the default/);
    expect(text.stdout).not.toContain('\u001b[');
    expect(lines.at(-3)).toMatch(
      /^6 errors, 7 warnings, 1 note: failed \(fail-on: warning, \d+ of \d+ rules ran; not run: django-check, deploy-check-failed\)$/,
    );
    expect(lines.at(-2)).toBe(
      "Not applicable: hsts-too-short, hsts-subdomains-missing, hsts-preload-missing. HSTS is off: SECURE_HSTS_SECONDS is not set (Django's default is 0).",
    );
  });

  describe('examples/README.md says what the CLI prints', () => {
    const readme = readFileSync(join('examples', 'README.md'), 'utf8');

    it("the insecure project's table of expected findings is the CLI's findings, in order", () => {
      const table = readme
        .slice(readme.indexOf('### Expected findings'), readme.indexOf('### What `check --deploy` adds'))
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .map((line) =>
          line
            .split('|')
            .slice(1, -1)
            .map((cell) => cell.trim().replace(/`/g, '')),
        );
      expect(table).toEqual(
        report.findings.map((f) => [
          f.ruleId,
          f.level,
          f.file,
          `${f.line}:${f.column}`,
          f.setting ?? '—',
          f.djangoCheck ?? '—',
        ]),
      );
    });

    it('the closing lines it quotes are the ones both projects print', () => {
      const insecureText = cli('examples/insecure-project', '--no-deploy-check').stdout.trimEnd().split('\n');
      expect(readme).toContain(`\n${insecureText.slice(-2).join('\n')}\n`);
      const hardenedText = cli('examples/hardened-project', '--no-deploy-check').stdout;
      expect(readme).toContain(`$ node dist/cli.js examples/hardened-project --no-deploy-check\n${hardenedText}`);
    });
  });

  it('fails, not passes, when the deploy check cannot run (an interpreter without Django)', () => {
    const result = cli('examples/hardened-project', '--python', '/usr/bin/env', '--format', 'json');
    expect(result.status).toBe(1);
    const failed = (JSON.parse(result.stdout) as JsonReport).findings.filter((f) => f.ruleId === 'deploy-check-failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      level: 'error',
      file: 'examples/hardened-project/config/settings/production.py',
    });
  });
});
