// mergeDeployCheck: Django's deploy-check messages merged with the static findings, on synthetic input.
import { describe, expect, it } from '@jest/globals';
import { mergeDeployCheck } from '../src/deploy-check/deploy-findings.js';
import { MODELS_W042, W004, W020 } from './support/django-check-messages.js';
import { type Result, parsed, recording, result } from './support/check-output-recordings.js';
import { MODULE_START, brief, mergeFixture, span, staticFinding } from './support/deploy-check-merge-fixture.js';

describe('mergeDeployCheck', () => {
  it('merges, places and levels every kind of message, and says what Django did not report', async () => {
    const { context } = await mergeFixture();
    const statics = [
      staticFinding('debug-enabled', 'security.W018', span(3, 9, 3, 13)),
      staticFinding('hsts-missing', 'security.W004', span(5, 23, 5, 24)),
      staticFinding('csrf-cookie-insecure', 'security.W016', MODULE_START),
      staticFinding('csp-missing', undefined, span(7, 14, 7, 63)),
    ];
    const merged = mergeDeployCheck(
      statics,
      result([
        { level: 'error', object: '?', id: 'admin.E409', message: 'The admin needs the messages middleware.' },
        W004,
        { level: 'warning', object: '?', id: 'security.W008', message: 'SSL redirect\nis off.' },
        W020,
        { ...MODELS_W042 },
        { level: 'info', object: 'audit', id: 'audit.I001', message: 'Audit logging is on.', hint: 'Nothing to do.' },
        { level: 'warning', object: '?', id: 'security.W999', message: 'A future security warning.' },
        { level: 'warning', object: 'audit.Entry', message: 'Retention is not configured.\nEntries are kept forever.' },
      ]),
      context,
    );
    // The static input is not changed.
    expect(statics[0]!.source).toBe('static');
    expect(statics[1]!.problem.message).toBe('hsts-missing says so.');
    expect(brief(merged)).toEqual([
      {
        ruleId: 'debug-enabled',
        source: 'static',
        level: undefined,
        span: span(3, 9, 3, 13),
        message:
          "debug-enabled says so. Django's check --deploy is told to ignore security.W018 (SILENCED_SYSTEM_CHECKS); the problem stays.",
        fix: 'Fix it',
        setting: undefined,
        djangoCheck: 'security.W018',
      },
      {
        ruleId: 'hsts-missing',
        source: 'both',
        level: undefined,
        span: span(5, 23, 5, 24),
        message: "hsts-missing says so. Django's check --deploy confirms it (security.W004).",
        fix: 'Fix it',
        setting: undefined,
        djangoCheck: 'security.W004',
      },
      {
        ruleId: 'csrf-cookie-insecure',
        source: 'static',
        level: undefined,
        span: MODULE_START,
        message:
          "csrf-cookie-insecure says so. Django's check --deploy did not report security.W016 with the environment it ran in.",
        fix: 'Fix it',
        setting: undefined,
        djangoCheck: 'security.W016',
      },
      {
        ruleId: 'csp-missing',
        source: 'static',
        level: undefined,
        span: span(7, 14, 7, 63),
        message: 'csp-missing says so.',
        fix: 'Fix it',
        setting: undefined,
        djangoCheck: undefined,
      },
      {
        // Not about security, but the deploy would not work: an error, at the settings module.
        ruleId: 'django-check',
        source: 'deploy-check',
        level: 'error',
        span: MODULE_START,
        message: "Django's check --deploy reports: The admin needs the messages middleware. (admin.E409)",
        fix: "See Django's system check reference for admin.E409",
        setting: undefined,
        djangoCheck: 'admin.E409',
      },
      {
        // A static rule mirrors W008 but did not report it: that rule, at the setting's place (never assigned here).
        ruleId: 'ssl-redirect-disabled',
        source: 'deploy-check',
        level: undefined,
        span: MODULE_START,
        message: "Django's check --deploy reports: SSL redirect is off. (security.W008)",
        fix: "See Django's system check reference for security.W008",
        setting: 'SECURE_SSL_REDIRECT',
        djangoCheck: 'security.W008',
      },
      {
        // ... and at the assignment when there is one.
        ruleId: 'allowed-hosts-missing',
        source: 'deploy-check',
        level: undefined,
        span: span(4, 17, 4, 19),
        message: "Django's check --deploy reports: ALLOWED_HOSTS must not be empty in deployment. (security.W020)",
        fix: "See Django's system check reference for security.W020",
        setting: 'ALLOWED_HOSTS',
        djangoCheck: 'security.W020',
      },
      {
        // Other warnings are notes; the hint becomes the fix.
        ruleId: 'django-check',
        source: 'deploy-check',
        level: 'note',
        span: MODULE_START,
        message:
          "Django's check --deploy reports for shop.Product: Auto-created primary key used when not defining a primary key type, by default 'django.db.models.AutoField'. (models.W042)",
        fix: MODELS_W042.hint,
        setting: 'DEFAULT_AUTO_FIELD',
        djangoCheck: 'models.W042',
      },
      {
        ruleId: 'django-check',
        source: 'deploy-check',
        level: 'note',
        span: MODULE_START,
        message: "Django's check --deploy reports for audit: Audit logging is on. (audit.I001)",
        fix: 'Nothing to do.',
        setting: undefined,
        djangoCheck: 'audit.I001',
      },
      {
        // A security warning no rule mirrors keeps its level.
        ruleId: 'django-check',
        source: 'deploy-check',
        level: 'warning',
        span: MODULE_START,
        message: "Django's check --deploy reports: A future security warning. (security.W999)",
        fix: "See Django's system check reference for security.W999",
        setting: undefined,
        djangoCheck: 'security.W999',
      },
      {
        ruleId: 'django-check',
        source: 'deploy-check',
        level: 'note',
        span: MODULE_START,
        message:
          "Django's check --deploy reports for audit.Entry: Retention is not configured. Entries are kept forever.",
        fix: "See Django's system check reference for this message",
        setting: undefined,
        djangoCheck: undefined,
      },
    ]);
  });

  it('turns the recorded 5.2 startproject report on the same settings into findings one for one', async () => {
    const { context } = await mergeFixture();
    const merged = mergeDeployCheck([], parsed(recording('5.2', 'startproject')) as Result, context);
    expect(merged.map((entry) => [entry.rule.id, entry.problem.djangoCheck, entry.problem.span.line])).toEqual([
      ['hsts-missing', 'security.W004', 5],
      ['ssl-redirect-disabled', 'security.W008', 1],
      ['secret-key-weak', 'security.W009', 1],
      ['session-cookie-insecure', 'security.W012', 1],
      ['csrf-cookie-insecure', 'security.W016', 1],
      ['debug-enabled', 'security.W018', 3],
      ['allowed-hosts-missing', 'security.W020', 4],
    ]);
    expect(merged.every((entry) => entry.source === 'deploy-check')).toBe(true);
  });

  it('leaves the static findings alone when Django reported nothing', async () => {
    const { context } = await mergeFixture();
    const merged = mergeDeployCheck([staticFinding('csp-missing', undefined, MODULE_START)], result([], 2), context);
    expect(brief(merged).map((entry) => [entry.source, entry.message])).toEqual([['static', 'csp-missing says so.']]);
  });
});
