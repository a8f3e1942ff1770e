import { describe, expect, it } from '@jest/globals';
import type { SourceSpan } from '../src/finding.js';
import { unjudgedSettings } from '../src/rules/unjudged-settings.js';
import { causesOf, UnjudgedRecorder, undecidedBecause } from '../src/settings/unjudged.js';
import { make, unknown, type Value } from '../src/settings/value.js';
import { py } from './support/rule-tester.js';
import { settingsFrom } from './support/settings-harness.js';

const at = (line: number, file = 'settings.py'): SourceSpan => ({ file, line, column: 1, endLine: line, endColumn: 9 });
const str = (text: string): Value => make('str', { value: text }, at(1));

describe('causesOf: the parts of a value the model cannot see', () => {
  it('names an unknown value with its own hint', () => {
    const value = unknown('NAME from the deploy-time module configuration', at(4), [], "give configuration's module");
    expect(causesOf(value)).toEqual([
      { span: at(4), why: 'NAME from the deploy-time module configuration', hint: "give configuration's module" },
    ]);
  });

  it('says which variable production must set when the value is a required read', () => {
    const value = unknown('read from DJANGO_DEBUG, which production must set', at(2), [
      { variable: 'DJANGO_DEBUG', state: 'required' },
    ]);
    expect(causesOf(value)[0]!.hint).toBe('set DJANGO_DEBUG in the production environment (--env)');
  });

  it('names an undecided branch at its condition, with the variables the condition reads', () => {
    const value = make(
      'either',
      { options: [str('a'), str('b')], condition: 'os.environ["FEATURE"] == "on"', at: at(9) },
      at(10),
    );
    expect(causesOf(value)).toEqual([
      {
        span: at(9),
        why: 'which branch of `os.environ["FEATURE"] == "on"` production takes',
        hint: 'set FEATURE in the production environment (--env)',
      },
    ]);
  });

  it('finds unknown items, the open part of a collection, and each cause once', () => {
    const open = { why: 'the items of env_apps', span: at(3), hint: 'set EXTRA_APPS' };
    const item = unknown('the result of apps()', at(5));
    const value = make('list', { items: [str('x'), item, item], open }, at(2));
    expect(causesOf(value)).toEqual([{ span: at(5), why: 'the result of apps()' }, open]);
  });

  it('names what makes each branch unknown, not the branch, when no branch is known', () => {
    const wheel = unknown('SECRET_KEY from the result of _import_from_path()', at(35));
    const checkout = unknown('SECRET_KEY from the deploy-time module netbox.configuration', at(35), [], 'set it there');
    const required = make(
      'either',
      { options: [wheel, checkout], condition: "install_mode == 'wheel'", at: at(159) },
      at(35),
    );
    // Both on one line: the one that says what would help is kept.
    expect(causesOf(required)).toEqual([
      { span: at(35), why: 'SECRET_KEY from the deploy-time module netbox.configuration', hint: 'set it there' },
    ]);
    const nested = make(
      'either',
      { options: [required, unknown('the result of f()', at(40))], condition: 'X', at: at(2) },
      at(35),
    );
    expect(causesOf(nested).map((cause) => cause.span.line)).toEqual([35, 40]);
  });

  it('keeps the branch as the cause when one branch is known', () => {
    const value = make(
      'either',
      { options: [str('a'), unknown('the result of f()', at(5))], condition: 'FEATURE', at: at(9) },
      at(10),
    );
    expect(causesOf(value)).toEqual([{ span: at(9), why: 'which branch of `FEATURE` production takes' }]);
  });

  it('has none for a known value; undecidedBecause then names the value itself', () => {
    expect(causesOf(str('x'))).toEqual([]);
    expect(undecidedBecause(make('int', { value: 5 }, at(6)))).toEqual([{ span: at(6), why: 'the value 5' }]);
  });
});

describe('recording undecided questions while a rule runs', () => {
  it('records a question whose answer is undecided, with the setting and the cause', async () => {
    const settings = await settingsFrom(py('import os', 'DEBUG = os.environ["DJANGO_DEBUG"] == "1"'));
    const recorder = new UnjudgedRecorder();
    const debug = settings.askedBy(recorder.forRule('debug-enabled')).get('DEBUG');
    expect(debug.truthy()).toBeUndefined();
    expect(debug.truthy()).toBeUndefined();
    expect(recorder.questions).toHaveLength(1);
    expect(recorder.questions[0]).toMatchObject({
      rule: 'debug-enabled',
      setting: 'DEBUG',
      cause: { span: { line: 2 } },
    });
  });

  it('records nothing for a decided answer, nor for a model no rule asks through', async () => {
    const settings = await settingsFrom(py('import os', 'DEBUG = False', 'X = os.environ["X"]'));
    const recorder = new UnjudgedRecorder();
    expect(settings.askedBy(recorder.forRule('r')).get('DEBUG').truthy()).toBe(false);
    expect(settings.get('X').truthy()).toBeUndefined();
    expect(recorder.questions).toEqual([]);
  });

  it('answers `in` on a list every branch keeps SecurityMiddleware in, with no record', async () => {
    const settings = await settingsFrom(
      py(
        'import os',
        'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]',
        'if os.environ["FEATURE"] == "on":',
        '    MIDDLEWARE = MIDDLEWARE + ["x.Y"]',
      ),
    );
    const recorder = new UnjudgedRecorder();
    const middleware = settings.askedBy(recorder.forRule('r')).get('MIDDLEWARE');
    expect(middleware.contains('django.middleware.security.SecurityMiddleware')).toBe(true);
    expect(recorder.questions).toEqual([]);
    expect(middleware.contains('x.Y')).toBeUndefined();
    expect(recorder.questions.map((q) => q.cause.hint)).toEqual(['set FEATURE in the production environment (--env)']);
  });

  it('lets a rule that reads the value itself record it explicitly', async () => {
    const settings = await settingsFrom(py('from somewhere_unknown import helper', 'SECURE_CSP = helper()'));
    const recorder = new UnjudgedRecorder();
    settings.askedBy(recorder.forRule('csp-missing')).get('SECURE_CSP').undecided();
    expect(recorder.questions).toMatchObject([
      { rule: 'csp-missing', setting: 'SECURE_CSP', cause: { span: { line: 2 } } },
    ]);
  });
});

describe('unjudgedSettings: one note per cause', () => {
  const cause = { span: at(4), why: 'the result of load()', hint: 'give load() a module the scanner can read' };

  it('lists every setting and rule a cause hides, once, at the cause', () => {
    const { notes, unjudged } = unjudgedSettings(
      [
        { rule: 'hsts-missing', setting: 'MIDDLEWARE', cause },
        { rule: 'ssl-redirect-disabled', setting: 'MIDDLEWARE', cause },
        { rule: 'debug-enabled', setting: 'DEBUG', cause },
      ],
      [],
      [],
    );
    expect(notes).toEqual([
      {
        span: at(4),
        message:
          'The scanner cannot evaluate the result of load(), so 2 settings could not be judged: DEBUG (debug-enabled), MIDDLEWARE (hsts-missing, ssl-redirect-disabled).',
        fix: 'Give load() a module the scanner can read',
      },
    ]);
    expect(unjudged).toEqual(['DEBUG', 'MIDDLEWARE']);
  });

  it('makes one note, at the first site, for every site of one subject and hint, each setting with its line', () => {
    const secret = (line: number, file = 'settings.py') => ({
      span: at(line, file),
      why: 'the result of SecretFileValue()',
      subject: 'a call of SecretFileValue() (SecretFileValue from lasuite.configuration.values)',
    });
    const other = { ...secret(20), subject: 'a call of load() (load from deploy_config)', why: 'the result of load()' };
    const hinted = { ...secret(30), hint: 'set DB_PASSWORD' };
    const { notes } = unjudgedSettings(
      [
        { rule: 'credential-hardcoded', setting: 'OIDC_RP_CLIENT_SECRET', cause: secret(103) },
        { rule: 'secret-key-weak', setting: 'SECRET_KEY', cause: secret(80) },
        { rule: 'secret-key-hardcoded', setting: 'SECRET_KEY', cause: secret(80) },
        { rule: 'credential-hardcoded', setting: 'AWS_SECRET', cause: secret(7, 'base.py') },
        { rule: 'debug-enabled', setting: 'DEBUG', cause: other },
        { rule: 'credential-hardcoded', setting: 'DATABASES', cause: hinted },
      ],
      [],
      [],
    );
    expect(notes.map((note) => [note.span.file, note.span.line, note.message])).toEqual([
      [
        'base.py',
        7,
        'The scanner cannot evaluate the result of SecretFileValue(), so 3 settings could not be judged: ' +
          'AWS_SECRET (line 7: credential-hardcoded), SECRET_KEY (settings.py:80: secret-key-hardcoded, secret-key-weak), ' +
          'OIDC_RP_CLIENT_SECRET (settings.py:103: credential-hardcoded).',
      ],
      [
        'settings.py',
        20,
        'The scanner cannot evaluate the result of load(), so 1 setting could not be judged: DEBUG (debug-enabled).',
      ],
      [
        'settings.py',
        30,
        'The scanner cannot evaluate the result of SecretFileValue(), so 1 setting could not be judged: DATABASES (credential-hardcoded).',
      ],
    ]);
  });

  it('merges with the model diagnostic at the same line, and keeps diagnostics that hide nothing', () => {
    const { notes } = unjudgedSettings(
      [{ rule: 'debug-enabled', setting: 'DEBUG', cause }],
      [
        { span: at(4), message: 'settings.py imports a module that is not in the repository.', fix: 'Commit it.' },
        { span: at(8), message: 'settings.py sets names dynamically.', fix: 'Assign them.' },
      ],
      [],
    );
    expect(notes).toEqual([
      {
        span: at(4),
        message:
          'settings.py imports a module that is not in the repository. 1 setting could not be judged: DEBUG (debug-enabled).',
        fix: 'Commit it.',
      },
      { span: at(8), message: 'settings.py sets names dynamically.', fix: 'Assign them.' },
    ]);
  });

  it('says what an unreadable file hides with the finding that reports the file, not in a note', () => {
    const { notes, addenda, unjudged } = unjudgedSettings(
      [{ rule: 'debug-enabled', setting: 'DEBUG', cause }],
      [],
      [],
      [at(4)],
    );
    expect(notes).toEqual([]);
    expect(addenda).toEqual(new Map([['settings.py:4', '1 setting could not be judged: DEBUG (debug-enabled).']]));
    expect(unjudged).toEqual(['DEBUG']);
  });

  it('needs no note for a setting the rule reported a finding about', () => {
    const { notes, unjudged } = unjudgedSettings(
      [
        { rule: 'credential-hardcoded', setting: 'DATABASES', cause },
        { rule: 'credential-hardcoded', setting: 'EMAIL_HOST_PASSWORD', cause },
      ],
      [],
      [{ rule: 'credential-hardcoded', setting: 'DATABASES' }],
    );
    expect(unjudged).toEqual(['EMAIL_HOST_PASSWORD']);
    expect(notes[0]!.message).toContain('1 setting could not be judged: EMAIL_HOST_PASSWORD (credential-hardcoded).');
  });
});
