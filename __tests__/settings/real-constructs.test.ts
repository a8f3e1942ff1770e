// Constructs found on real projects that the settings model and the rules must evaluate: list positions
// used as values, django-environ's URL configurations written into the module, the module namespace handed
// to a project helper, contextlib.suppress() around optional apps, and defaults older Django releases had.
import { describe, expect, it } from '@jest/globals';
import { contentTypeNosniffDisabled } from '../../src/rules/content-type-nosniff.js';
import { referrerPolicyMissing } from '../../src/rules/referrer-policy.js';
import { xFrameOptionsWeak } from '../../src/rules/x-frame-options.js';
import { py, runRule } from '../support/rule-tester.js';

const SECURITY = '"django.middleware.security.SecurityMiddleware"';
const XFRAME = '"django.middleware.clickjacking.XFrameOptionsMiddleware"';

describe("defaults of the project's Django release", () => {
  const framed = `MIDDLEWARE_CLASSES = (${XFRAME},)`;

  it('X_FRAME_OPTIONS defaults to SAMEORIGIN before Django 3.0, so the weak-option rule fires', async () => {
    for (const django of ['1.8', '1.11', '2.2']) {
      const [problem, ...rest] = await runRule(xFrameOptionsWeak, { code: framed, django });
      expect(rest).toHaveLength(0);
      expect(problem!.message).toContain(`not set (Django ${django}'s default is 'SAMEORIGIN')`);
      expect(problem!.span.line).toBe(1);
    }
  });

  it('X_FRAME_OPTIONS defaults to DENY from Django 3.0 on, and an explicit DENY passes everywhere', async () => {
    for (const django of ['3.0', '3.2', '6.1']) {
      expect(await runRule(xFrameOptionsWeak, { code: `MIDDLEWARE = [${XFRAME}]`, django })).toHaveLength(0);
    }
    expect(await runRule(xFrameOptionsWeak, { code: py(framed, 'X_FRAME_OPTIONS = "DENY"'), django: '1.8' })).toEqual(
      [],
    );
  });

  it('SECURE_CONTENT_TYPE_NOSNIFF defaults to False before Django 3.0', async () => {
    const code = `MIDDLEWARE = [${SECURITY}]`;
    const [problem] = await runRule(contentTypeNosniffDisabled, { code, django: '2.2' });
    expect(problem!.message).toContain("not set (Django 2.2's default is False)");
    expect(await runRule(contentTypeNosniffDisabled, { code, django: '3.0' })).toHaveLength(0);
    expect(
      await runRule(contentTypeNosniffDisabled, {
        code: py(code, 'SECURE_CONTENT_TYPE_NOSNIFF = True'),
        django: '2.2',
      }),
    ).toHaveLength(0);
  });

  it('SECURE_REFERRER_POLICY is None by default on Django 3.0, same-origin from 3.1, and absent before 3.0', async () => {
    const code = `MIDDLEWARE = [${SECURITY}]`;
    const [problem] = await runRule(referrerPolicyMissing, { code, django: '3.0' });
    expect(problem!.message).toContain("not set (Django 3.0's default is None)");
    expect(await runRule(referrerPolicyMissing, { code, django: '3.1' })).toHaveLength(0);
    // Django 2.2 has no such setting and no such check: nothing to report, even when set to None.
    expect(
      await runRule(referrerPolicyMissing, { code: py(code, 'SECURE_REFERRER_POLICY = None'), django: '2.2' }),
    ).toEqual([]);
  });
});
