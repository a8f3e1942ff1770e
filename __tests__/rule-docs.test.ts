import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../src/rules/registry.js';
import { renderRuleDocs } from '../src/rules/rule-docs.js';
import { TOOL_VERSION } from '../src/tool.js';

const DOCS = join(process.cwd(), 'docs', 'rules');
const CATALOGUE = [
  'debug-enabled',
  'allowed-hosts-missing',
  'allowed-hosts-wildcard',
  'ssl-redirect-disabled',
  'proxy-ssl-header-invalid',
  'hsts-missing',
  'hsts-too-short',
  'hsts-subdomains-missing',
  'hsts-preload-missing',
  'session-cookie-insecure',
  'session-cookie-httponly-disabled',
  'csrf-cookie-insecure',
  'csrf-cookie-httponly-disabled',
  'csp-missing',
  'csp-unsafe-source',
  'x-frame-options-middleware-missing',
  'x-frame-options-weak',
  'secret-key-hardcoded',
  'secret-key-weak',
  'credential-hardcoded',
  'security-middleware-missing',
  'csrf-middleware-missing',
  'content-type-nosniff-disabled',
  'referrer-policy-missing',
  'cross-origin-opener-policy-invalid',
  'raw-sql-injection',
  'upload-content-unvalidated',
  'login-rate-limit-missing',
  'django-check',
  'deploy-check-failed',
];

describe('rule catalogue', () => {
  it('uses only ids from the design catalogue, or engine rules added to it, each once', () => {
    const ids = ALL_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    const added = ids.filter((id) => !CATALOGUE.includes(id));
    expect(added.sort()).toEqual([
      'file-skipped',
      'python-syntax-error',
      'settings-incomplete',
      'suppression-reason-missing',
      'unused-suppression',
    ]);
  });

  it('keeps src/tool.ts in step with package.json', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(TOOL_VERSION).toBe(pkg.version);
  });

  for (const rule of ALL_RULES) {
    it(`${rule.id} has complete docs and an up-to-date docs/rules/${rule.id}.md`, () => {
      expect(rule.summary).not.toMatch(/\.$/);
      for (const part of [rule.docs.what, rule.docs.why, rule.docs.example, rule.docs.useInstead]) {
        expect(part.trim().length).toBeGreaterThan(10);
      }
      expect(rule.docs.references.length).toBeGreaterThan(0);
      const page = renderRuleDocs(rule);
      const file = join(DOCS, `${rule.id}.md`);
      if (process.env.UPDATE_RULE_DOCS === '1') writeFileSync(file, page);
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8')).toBe(page);
    });
  }
});
