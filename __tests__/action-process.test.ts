import { beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAction, type ActionRun } from './support/action-runner.js';
import { writeTree } from './support/settings-harness.js';

const MANAGE = `import os, sys
if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
`;

/** HTTPS, headers and middleware as production needs them, so each test's findings are its own. */
const HARDENING = `MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]
SECURE_CSP = {"default-src": ["'self'"]}
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
`;

const INSECURE = `import os
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["*"]
EMAIL_HOST_PASSWORD = "smtp-password-123"
${HARDENING}`;

function workspaceWith(settings: string): string {
  return writeTree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'backend/manage.py': MANAGE,
    'backend/shop/__init__.py': '',
    'backend/shop/settings.py': settings,
  });
}

describe('the action bundle, run as the runner runs it', () => {
  let insecure: ActionRun;
  let workspace: string;

  beforeAll(() => {
    workspace = workspaceWith(INSECURE);
    insecure = runAction(workspace, {
      'working-directory': 'backend',
      'deploy-check': 'false',
      env: 'SMTP_TOKEN=super-secret-value-42\nOTHER=1',
    });
  });

  it('fails the step when findings reach fail-on', () => {
    expect(insecure.status).toBe(1);
    expect(insecure.stdout).toMatch(/::error::Django security gate failed: 2 error\(s\), 1 warning\(s\)/);
  });

  it('annotates each finding at its repository-relative line', () => {
    expect(insecure.stdout).toContain(
      '::error title=debug-enabled,file=backend/shop/settings.py,line=3,endLine=3,col=9',
    );
    expect(insecure.stdout).toContain('::warning title=allowed-hosts-wildcard,file=backend/shop/settings.py,line=4');
    expect(insecure.stdout).toContain('::error title=credential-hardcoded,file=backend/shop/settings.py,line=5');
  });

  it('masks the values of the env input and never prints a found secret in full', () => {
    expect(insecure.stdout).toContain('::add-mask::super-secret-value-42');
    expect(insecure.stdout).not.toContain('smtp-password-123');
    expect(insecure.summary).not.toContain('smtp-password-123');
  });

  it('sets every output', () => {
    expect(insecure.outputs).toMatchObject({ passed: 'false', errors: '2', warnings: '1', notes: '0' });
    expect(insecure.outputs['sarif-file']).toBe(join(workspace, 'django-security.sarif'));
    expect(insecure.outputs).toHaveProperty('check-run-url');
  });

  it('writes a SARIF file for code scanning', () => {
    const sarif = JSON.parse(readFileSync(join(workspace, 'django-security.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0].results as Array<{
      ruleId: string;
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
    }>;
    expect(results.map((r) => r.ruleId).sort()).toEqual([
      'allowed-hosts-wildcard',
      'credential-hardcoded',
      'debug-enabled',
    ]);
    expect(results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('backend/shop/settings.py');
  });

  it('writes a job summary with a findings table linking to the lines', () => {
    expect(insecure.summary).toContain('Django security: failed');
    // What was judged, above the findings (README, "What the reports say was judged").
    expect(insecure.summary).toMatch(
      /^- in backend\/: judging shop\.settings \(backend\/manage\.py(:\d+)?\), Django \d+\.\d+ \(.+\)$/m,
    );
    expect(insecure.summary).toContain(
      `[backend/shop/settings.py:3](https://github.com/acme/shop/blob/${'a'.repeat(40)}/backend/shop/settings.py#L3)`,
    );
    expect(insecure.summary).toMatch(/Rules that passed \(\d+\):.*secret-key-hardcoded/);
  });

  it('passes a hardened project and links lines to the pull request head', () => {
    const hardened = workspaceWith(
      `import os\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\nDEBUG = False\nALLOWED_HOSTS = ["shop.example.com"]\n${HARDENING}`,
    );
    const run = runAction(
      hardened,
      { 'working-directory': 'backend', 'deploy-check': 'false', 'fail-on': 'note' },
      { name: 'pull_request', payload: { pull_request: { head: { sha: 'b'.repeat(40) } } } },
    );
    expect(run.status).toBe(0);
    expect(run.outputs).toMatchObject({ passed: 'true', errors: '0', warnings: '0', notes: '0' });
    expect(run.summary).toContain('Django security: passed');
  });

  it('judges environment reads with the env input', () => {
    const run = runAction(workspaceWith(INSECURE), {
      'working-directory': 'backend',
      'deploy-check': 'false',
      env: 'DJANGO_DEBUG=0',
    });
    expect(run.stdout).not.toContain('title=debug-enabled');
    expect(run.outputs).toMatchObject({ errors: '1', warnings: '1' });
  });

  it('refuses to run manage.py under pull_request_target, and says so', () => {
    const run = runAction(
      workspaceWith(INSECURE),
      { 'working-directory': 'backend' },
      {
        name: 'pull_request_target',
        payload: { pull_request: { head: { sha: 'c'.repeat(40) } } },
      },
    );
    expect(run.stdout).toContain('manage.py was not run: this is a pull_request_target event');
    expect(run.summary).toContain('pull_request_target');
  });

  it('fails with a clear message on a bad input', () => {
    const run = runAction(workspaceWith(INSECURE), { 'working-directory': 'backend', 'fail-on': 'sometimes' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('::error::input fail-on must be one of error, warning, note, never, not "sometimes"');
  });

  it('fails with a clear message when there is no Django project', () => {
    const empty = writeTree({ '.git/HEAD': '', 'README.md': '# nothing here\n' });
    const run = runAction(empty, { 'deploy-check': 'false' });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/::error::no Django project found in .*looked for manage.py/);
    expect(existsSync(join(empty, 'django-security.sarif'))).toBe(false);
  });
});
