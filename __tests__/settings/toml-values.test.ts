// The TOML subset dynaconf's environment values and settings files use, checked against CPython's tomllib.
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { parseDynaconfValue } from '../../src/settings/dynaconf.js';
import { parseTomlValue, readTomlEntries } from '../../src/settings/toml-values.js';

const VALUES = [
  'true',
  'false',
  '42',
  '-7',
  '1_000',
  '0x1F',
  '3.5',
  '1e3',
  '"text"',
  '"a\\"b\\\\c\\n"',
  "'literal \\n'",
  '[1, 2, 3]',
  '["a", \'b\']',
  '[ [1], [] ]',
  '{ a = 1, "b c" = "x" }',
  '[1, 2,]',
];
const NOT_VALUES = ['not toml', '"unterminated', '[1, 2', 'truth', '1 2'];

/** What CPython's tomllib reads for `key = <text>`, or null when it refuses it. */
function tomllib(texts: string[]): unknown[] {
  const script = [
    'import json, sys, tomllib',
    'out = []',
    'for text in json.loads(sys.stdin.read()):',
    '    try: out.append({"v": tomllib.loads("key = " + text)["key"]})',
    '    except Exception: out.append(None)',
    'print(json.dumps(out))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(texts) }).toString());
}

describe('TOML values', () => {
  it('reads what tomllib reads, and refuses what it refuses', () => {
    const expected = tomllib([...VALUES, ...NOT_VALUES]);
    const actual = [...VALUES, ...NOT_VALUES].map((text) => {
      const value = parseTomlValue(text);
      return value === undefined ? null : { v: value };
    });
    expect(actual).toEqual(expected);
  });

  it('reads key = value lines by table, with their lines', () => {
    const entries = readTomlEntries(
      '# settings\n[default]\nDEBUG = false\nHOSTS = [\n  "a",\n  "b",\n]\n\n[production]\nSECURE = true # on\n',
    );
    expect(entries).toEqual([
      { table: ['default'], key: 'DEBUG', value: false, line: 3 },
      { table: ['default'], key: 'HOSTS', value: ['a', 'b'], line: 4 },
      { table: ['production'], key: 'SECURE', value: true, line: 10 },
    ]);
  });
});

describe("dynaconf's reading of environment values", () => {
  it.each([
    ['true', true],
    ['false', false],
    ['3600', 3600],
    ['["a.example.com"]', ['a.example.com']],
    ['plain text', 'plain text'],
    ['@bool yes', true],
    ['@bool off', false],
    ['@int 12', 12],
    ['@json {"a": 1}', { a: 1 }],
    ['@str 1', '1'],
    ['@none x', null],
  ])('%s', (text, expected) => {
    expect(parseDynaconfValue(text)).toEqual(expected);
  });
});
