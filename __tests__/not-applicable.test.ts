// Rules with nothing to judge (the HSTS options while HSTS is off) are listed as not applicable, with the
// reason, in the text report, the job summary and the check run, never as passed; and the rule count the
// summaries print is the count --list-rules lists.
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newestDjango } from '../src/discover/django-version.js';
import { completeCheckRun } from '../src/report/check-run.js';
import { renderJobSummary } from '../src/report/job-summary.js';
import { renderText } from '../src/report/text-report.js';
import { hstsTooShort } from '../src/rules/hsts-too-short.js';
import { hstsMissing, hstsPreloadMissing, hstsSubdomainsMissing } from '../src/rules/hsts.js';
import { notApplicableRules } from '../src/rules/not-applicable.js';
import { ALL_RULES } from '../src/rules/registry.js';
import type { SettingsRule } from '../src/rules/rule.js';
import { scan, type ScanResult } from '../src/scan.js';
import { cli } from './support/cli-harness.js';
import { settingsOf, writeTree } from './support/settings-harness.js';

const SECURE = `import os
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["shop.example.com"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]
SECURE_CSP = {"default-src": ["'self'"]}
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
`;
const HSTS_ON = 'SECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n';
const HSTS_OPTIONS = ['hsts-too-short', 'hsts-subdomains-missing', 'hsts-preload-missing'];
const HSTS_OFF = 'HSTS is off: SECURE_HSTS_SECONDS is 0 (shop/settings.py:16)';

function repository(settings: string): string {
  const root = writeTree({
    'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n',
    'shop/__init__.py': '',
    'shop/settings.py': settings,
  });
  mkdirSync(join(root, '.git'));
  return root;
}

function scanOf(root: string): Promise<ScanResult> {
  return scan({ path: root, environment: new Map(), processEnvironment: {}, deployCheck: false });
}

/** What a rule says when run on `settings` alone: its findings' settings, and its not-applicable reason. */
async function judge(rule: SettingsRule, settings: string, series?: [number, number]) {
  const model = await settingsOf({ 'settings.py': settings }, 'settings');
  const django = series ? { major: series[0], minor: series[1], source: 'test' } : newestDjango();
  const reported: string[] = [];
  let notApplicable: string | undefined;
  rule.check({
    settings: model,
    django,
    deployment: {},
    report: (problem) => reported.push(problem.setting ?? ''),
    notApplicable: (reason) => (notApplicable = reason),
  });
  return { reported, notApplicable };
}

describe('the HSTS rules say when they have nothing to judge', () => {
  const MIDDLEWARE = 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\n';

  it.each([hstsTooShort, hstsSubdomainsMissing, hstsPreloadMissing])(
    '$id: not applicable while SECURE_HSTS_SECONDS is 0 or unset, with the reason',
    async (rule) => {
      expect(await judge(rule, `${MIDDLEWARE}SECURE_HSTS_SECONDS = 0\n`)).toEqual({
        reported: [],
        notApplicable: 'HSTS is off: SECURE_HSTS_SECONDS is 0 (settings.py:2)',
      });
      const unset = await judge(rule, MIDDLEWARE);
      expect(unset.reported).toEqual([]);
      expect(unset.notApplicable).toMatch(/^HSTS is off: SECURE_HSTS_SECONDS is not set/);
    },
  );

  it.each([hstsMissing, hstsTooShort, hstsSubdomainsMissing, hstsPreloadMissing])(
    '$id: not applicable without SecurityMiddleware, which sends the header',
    async (rule) => {
      expect(await judge(rule, 'MIDDLEWARE = []\nSECURE_HSTS_SECONDS = 3600\n')).toEqual({
        reported: [],
        notApplicable: 'SecurityMiddleware, which sends the HSTS header, is not in MIDDLEWARE',
      });
    },
  );

  it('hsts-preload-missing: not applicable before Django 1.11, which has no SECURE_HSTS_PRELOAD', async () => {
    expect(await judge(hstsPreloadMissing, `${MIDDLEWARE}SECURE_HSTS_SECONDS = 3600\n`, [1, 10])).toEqual({
      reported: [],
      notApplicable: 'Django 1.10 has no SECURE_HSTS_PRELOAD (it arrived in 1.11)',
    });
  });

  it.each([hstsTooShort, hstsSubdomainsMissing, hstsPreloadMissing])(
    '$id: applicable while HSTS is on, or when the scan cannot tell whether it is',
    async (rule) => {
      expect((await judge(rule, `${MIDDLEWARE}SECURE_HSTS_SECONDS = 3600\n`)).notApplicable).toBeUndefined();
      const unknown = `import os\n${MIDDLEWARE}SECURE_HSTS_SECONDS = int(os.environ["HSTS_SECONDS"])\n`;
      expect((await judge(rule, unknown)).notApplicable).toBeUndefined();
    },
  );
});

describe('a rule is not applicable only where no project needs it and nothing reported it', () => {
  const off = new Map([['hsts-preload-missing', 'HSTS is off: A']]);
  it('in every judged project', () => {
    expect(notApplicableRules([off], [])).toEqual([{ ruleId: 'hsts-preload-missing', reason: 'HSTS is off: A' }]);
    expect(notApplicableRules([off, new Map()], [])).toEqual([]);
    expect(notApplicableRules([], [])).toEqual([]);
    expect(notApplicableRules([off, new Map([['hsts-preload-missing', 'HSTS is off: B']])], [])).toEqual([
      { ruleId: 'hsts-preload-missing', reason: 'HSTS is off: A; HSTS is off: B' },
    ]);
  });

  it('not when a finding names the rule (Django saw HSTS on where the static model did not)', () => {
    expect(notApplicableRules([off], [{ ruleId: 'hsts-preload-missing' }])).toEqual([]);
  });
});

describe('reports list not-applicable rules apart from the rules that passed', () => {
  it('text, job summary and check run: the HSTS options are not applicable while HSTS is off, with why', async () => {
    const result = await scanOf(repository(`${SECURE}SECURE_HSTS_SECONDS = 0\n`));
    expect(result.findings.map((finding) => finding.ruleId)).toEqual(['hsts-missing']);
    expect(result.notApplicable).toEqual(HSTS_OPTIONS.map((ruleId) => ({ ruleId, reason: HSTS_OFF })));

    const text = renderText(result, false);
    expect(text).toContain(`Not applicable: ${HSTS_OPTIONS.join(', ')}. ${HSTS_OFF}.\n`);

    const passedLine = (markdown: string) =>
      markdown.split('\n').find((line) => line.startsWith('**Rules that passed'))!;
    const notApplicableLine = `**Not applicable (3):** ${HSTS_OPTIONS.map((id) => `\`${id}\``).join(', ')}. ${HSTS_OFF}.`;
    const summary = renderJobSummary(result);
    expect(summary).toContain(notApplicableLine);
    for (const id of HSTS_OPTIONS) expect(passedLine(summary)).not.toContain(`\`${id}\``);
    expect(passedLine(summary)).toContain('`debug-enabled`');
    expect(passedLine(summary)).toMatch(new RegExp(`^\\*\\*Rules that passed \\(${result.rulesRun.length - 4}\\):`));

    const sent: Array<{ route: string; parameters: Record<string, unknown> }> = [];
    const request = async (route: string, parameters: Record<string, unknown>) => {
      sent.push({ route, parameters });
      return { data: {} };
    };
    const target = { owner: 'acme', repo: 'shop', headSha: 'c0ffee', name: 'Django security' };
    await completeCheckRun(request, target, { id: 1, htmlUrl: '' }, result, {});
    const { summary: checkRunSummary } = sent.at(-1)!.parameters.output as { summary: string };
    expect(checkRunSummary).toContain(notApplicableLine);
    for (const id of HSTS_OPTIONS) expect(passedLine(checkRunSummary)).not.toContain(`\`${id}\``);
  });

  it('with HSTS on, the same rules passed and nothing is not applicable', async () => {
    const result = await scanOf(repository(`${SECURE}${HSTS_ON}`));
    expect(result.findings).toEqual([]);
    expect(result.notApplicable).toEqual([]);
    expect(renderText(result, false)).not.toContain('Not applicable');
    const summary = renderJobSummary(result);
    expect(summary).not.toContain('Not applicable');
    for (const id of HSTS_OPTIONS) expect(summary).toContain(`\`${id}\``);
  });
});

describe('the rule count agrees with --list-rules', () => {
  it('counts what --list-rules lists, and names the rules that did not run', async () => {
    const listed = (await cli(['--list-rules'])).stdout.trimEnd().split('\n');
    expect(listed).toHaveLength(ALL_RULES.length);

    const root = repository(`${SECURE}${HSTS_ON}`);
    const run = await cli([root, '--no-deploy-check']);
    expect(run.code).toBe(0);
    // Without check --deploy, Django's own two rules cannot report.
    expect(run.stdout).toContain(
      `No findings: passed (fail-on: warning, ${listed.length - 2} of ${listed.length} rules ran; not run: django-check, deploy-check-failed)`,
    );
    const summary = renderJobSummary(await scanOf(root));
    expect(summary).toContain(
      `${listed.length - 2} of ${listed.length} rules ran; not run: \`django-check\`, \`deploy-check-failed\`.`,
    );
    expect(summary).toContain(`**Rules that passed (${listed.length - 2}):**`);

    // A rule the config file turns off did not run either.
    writeFileSync(join(root, '.django-security.yml'), 'rules:\n  csp-missing: off\n');
    expect((await cli([root, '--no-deploy-check'])).stdout).toContain(
      `(fail-on: warning, ${listed.length - 3} of ${listed.length} rules ran; not run: csp-missing, django-check, deploy-check-failed)`,
    );
  });
});
