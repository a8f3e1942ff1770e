// parseCheckOutput on outputs recorded from real Django 3.2, 4.2, 5.2 and 6.1 (__tests__/fixtures/check-output).
import { describe, expect, it } from '@jest/globals';
import { parseCheckOutput } from '../src/deploy-check/parse-check-output.js';
import { W018 } from './support/django-check-messages.js';
import {
  FAILURE_CASES,
  type Failure,
  type Result,
  RESULT_CASES,
  SERIES,
  parsed,
  recorded,
  recording,
  result,
} from './support/check-output-recordings.js';

describe('the recordings', () => {
  it('cover every scenario on every series (the colour one on 5.2 only)', () => {
    const scenarios = [...new Set([...Object.keys(RESULT_CASES), ...Object.keys(FAILURE_CASES)])].sort();
    for (const series of SERIES) {
      expect(
        recorded
          .filter(([s]) => s === series)
          .map(([, name]) => name)
          .sort(),
      ).toEqual(scenarios.filter((name) => name !== 'referrer-policy-invalid-colour' || series === '5.2'));
    }
    expect(recorded).toHaveLength(73);
  });

  it('are from the provisioned releases', () => {
    const versions = Object.fromEntries(SERIES.map((series) => [series, recording(series, 'hardened').django]));
    expect(versions).toEqual({ '3.2': '3.2.25', '4.2': '4.2.28', '5.2': '5.2.18', '6.1': '6.1.1' });
    expect(recording('3.2', 'django-missing').django).toBeNull();
  });
});

describe('parseCheckOutput on real output', () => {
  it.each(SERIES)('%s: keeps continuation lines shaped like `Word: text`, and blank lines inside a hint', (series) => {
    const [webhook, gateway, timeout] = (parsed(recording(series, 'multi-line-hints')) as Result).messages;
    // Django prints a hint's later lines as they are, so "Example: ..." looks like an entry without an ID.
    expect(webhook!.message).toBe('PAYMENTS_WEBHOOK_SECRET is not set.\nWebhook: incoming events cannot be verified.');
    expect(webhook!.hint).toBe(
      'Set it in the environment of every web worker.\n\nExample: PAYMENTS_WEBHOOK_SECRET=whsec_...\nDocs: https://payments.example.com/webhooks',
    );
    expect(gateway).toMatchObject({
      object: 'payments.Gateway',
      message: 'Sandbox mode is on.\nMode: sandbox (no real charges).',
    });
    expect(timeout!.hint).toBe('Requests to the gateway never time out.\n\n\nDefault: 30 seconds.');
  });

  const resultRows = recorded.flatMap(([series, scenario]) => {
    const expected = RESULT_CASES[scenario]?.(series);
    return expected ? [{ series, scenario, expected }] : [];
  });
  const failureRows = recorded.flatMap(([series, scenario]) => {
    const expected = FAILURE_CASES[scenario]?.(series);
    return expected ? [{ series, scenario, expected }] : [];
  });

  it('has exactly one expectation per recording', () => {
    expect(resultRows.length + failureRows.length).toBe(recorded.length);
  });

  it.each(resultRows)(
    '$series $scenario: every message, level, ID, object and hint',
    ({ series, scenario, expected }) => {
      const rec = recording(series, scenario);
      expect(rec.exitCode).toBe(expected.exitCode);
      const footer = /^System check identified (no issues|\d+ issues?) \(\d+ silenced\)\.$/m;
      expect(footer.test(rec[expected.stream])).toBe(true);
      expect(parsed(rec)).toEqual(expected.result);
    },
  );

  it.each(failureRows)('$series $scenario: the exception line and the frames', ({ series, scenario, expected }) => {
    const rec = recording(series, scenario);
    expect(rec.exitCode).toBe(expected.exitCode);
    const out = parsed(rec) as Failure;
    expect(out.kind).toBe('failure');
    expect(out.lastLine).toBe(expected.lastLine);
    expect(out.frames).toHaveLength(expected.frameCount);
    expect(out.frames.at(-1)).toEqual(expected.innermost);
    expect(
      out.frames.filter((frame) => frame.file.startsWith('/srv/app/')).map((f) => `${f.file.slice(9)}:${f.line}`),
    ).toEqual(expected.projectFrames);
  });

  it('reads the coloured report (--force-color) exactly as the plain one', () => {
    const colour = recording('5.2', 'referrer-policy-invalid-colour');
    expect(colour.stderr).toContain('\u001b[31;1m?: (security.E023)');
    expect(parsed(colour)).toEqual(parsed(recording('5.2', 'referrer-policy-invalid')));
  });

  it.each(resultRows.filter((row) => row.scenario !== 'referrer-policy-invalid-colour'))(
    '$series $scenario: Windows line ends (CRLF) parse the same',
    ({ series, scenario, expected }) => {
      const rec = recording(series, scenario);
      const crlf = (text: string) => text.replace(/\n/g, '\r\n');
      expect(parseCheckOutput(crlf(rec.stdout), crlf(rec.stderr))).toEqual(expected.result);
    },
  );

  it('keeps the settings’ own prints out of the messages', () => {
    const rec = recording('5.2', 'settings-print');
    expect(rec.stdout).toBe('loading mysite.settings\n');
    expect(rec.stderr.split('\n')[0]).toBe('settings: DEBUG is on');
    expect(parsed(rec)).toEqual(result([W018]));
  });
});
