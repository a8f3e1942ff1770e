// parseCheckOutput on output shapes the recordings do not show, and levelOfMessage.
import { describe, expect, it } from '@jest/globals';
import { levelOfMessage } from '../src/deploy-check/deploy-findings.js';
import { parseCheckOutput, type CheckMessage } from '../src/deploy-check/parse-check-output.js';
import { E023, W018 } from './support/django-check-messages.js';
import { recording, result } from './support/check-output-recordings.js';

describe('parseCheckOutput on the shapes the recordings do not show', () => {
  it('reads --fail-level CRITICAL output, where errors come without the SystemCheckError prefix', () => {
    const stderr = recording('5.2', 'referrer-policy-invalid').stderr.replace('SystemCheckError: ', '');
    expect(parseCheckOutput('', stderr)).toEqual(result([E023, W018]));
  });

  it('reads field objects, IDs with digits and hyphens, and a hint that runs over several lines', () => {
    const stderr = [
      'System check identified some issues:',
      '',
      'ERRORS:',
      "shop.Product.name: (fields.E120) CharFields must define a 'max_length' attribute.",
      "<URLPattern 'x/'>: (my-app.E2) Pattern is odd.",
      '\tHINT: Write it as a path.',
      'Or as a regular expression.',
      '',
      'System check identified 2 issues (3 silenced).',
      '',
    ].join('\n');
    expect(parseCheckOutput('', stderr)).toEqual(
      result(
        [
          {
            level: 'error',
            object: 'shop.Product.name',
            id: 'fields.E120',
            message: "CharFields must define a 'max_length' attribute.",
          },
          {
            level: 'error',
            object: "<URLPattern 'x/'>",
            id: 'my-app.E2',
            message: 'Pattern is odd.',
            hint: 'Write it as a path.\nOr as a regular expression.',
          },
        ],
        3,
      ),
    );
  });

  it('takes the last exception of chained tracebacks, with every frame, SyntaxError frames included', () => {
    const stderr = [
      'Traceback (most recent call last):',
      '  File "/srv/app/manage.py", line 22, in <module>',
      '    main()',
      '  File "/srv/app/mysite/settings.py", line 5',
      '    DEBUG = = True',
      '            ^',
      'SyntaxError: invalid syntax',
      '',
    ].join('\n');
    expect(parseCheckOutput('', stderr)).toEqual({
      kind: 'failure',
      lastLine: 'SyntaxError: invalid syntax',
      frames: [
        { file: '/srv/app/manage.py', line: 22 },
        { file: '/srv/app/mysite/settings.py', line: 5 },
      ],
    });
  });

  it('reports a process that printed nothing as a failure with an empty last line', () => {
    expect(parseCheckOutput('', '')).toEqual({ kind: 'failure', lastLine: '', frames: [] });
  });
});

describe('levelOfMessage', () => {
  const level = (id: string | undefined, djangoLevel: CheckMessage['level']) =>
    levelOfMessage({ level: djangoLevel, id, object: '?', message: 'm' });

  it.each([
    ['security.E023', 'error', 'error'],
    ['security.W018', 'warning', 'warning'],
    ['security.C001', 'critical', 'error'],
    ['security.I001', 'info', 'note'],
    ['security.D001', 'debug', 'note'],
    ['admin.E409', 'error', 'error'],
    ['mail.E001', 'error', 'error'],
    ['audit.C001', 'critical', 'error'],
    ['models.W042', 'warning', 'note'],
    ['audit.I001', 'info', 'note'],
    ['audit.D001', 'debug', 'note'],
    [undefined, 'warning', 'note'],
    [undefined, 'error', 'error'],
  ] as const)('%s at Django level %s is a %s', (id, djangoLevel, expected) => {
    expect(level(id, djangoLevel)).toBe(expected);
  });
});
