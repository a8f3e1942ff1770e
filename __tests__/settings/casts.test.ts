// Casts of environment text and the reprs of settings values, compared with CPython running the real
// libraries (django-environ, python-decouple from the provisioned Django install): the settings model must
// give Python's value, or unknown where Python raises, never a value Python would not produce.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDynaconfValue } from '../../src/settings/dynaconf.js';
import { environFloatText } from '../../src/settings/env-readers.js';
import { describe as describeValue, repr, type Value } from '../../src/settings/value.js';
import { djangoVersions, PROVISION_HINT, runPython, type DjangoInstall } from '../support/django-versions.js';
import { settingsFrom, settingsOf } from '../support/settings-harness.js';

/** The newest provisioned install that imports both environment libraries. */
function libraryInstall(): DjangoInstall {
  const install = [...djangoVersions()]
    .reverse()
    .find((candidate) => ['environ', 'decouple'].every((module) => candidate.modules?.includes(module)));
  if (!install) throw new Error(`no provisioned Django install has django-environ and decouple: ${PROVISION_HINT}`);
  return install;
}

interface Case {
  source: string;
  env: Record<string, string>;
  /** Why the model may honestly leave this case unknown where Python has a value. */
  mayBeUnknown?: string;
}

/** Each case's `X` as CPython makes it (`["value", repr]`) or the exception its module raises (`["raised", name]`). */
function cpython(cases: readonly Case[]): Array<['value' | 'raised', string]> {
  const script = [
    'import json, os, sys',
    'results = []',
    'for source, env in json.loads(sys.stdin.read()):',
    '    saved = dict(os.environ)',
    '    os.environ.update(env)',
    '    namespace = {}',
    '    try:',
    '        exec(compile(source, "settings.py", "exec"), namespace)',
    '        results.append(["value", repr(namespace["X"])])',
    '    except Exception as error:',
    '        results.append(["raised", type(error).__name__])',
    '    os.environ.clear()',
    '    os.environ.update(saved)',
    'print(json.dumps(results))',
  ].join('\n');
  // An empty working folder: decouple's AutoConfig would read a .env or settings.ini found there.
  const cwd = mkdtempSync(join(tmpdir(), 'dsg-casts-'));
  const run = runPython(libraryInstall(), ['-c', script], {
    cwd,
    input: JSON.stringify(cases.map(({ source, env }) => [source, env])),
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Array<['value' | 'raised', string]>;
}

/** Runs every case through the settings model and CPython; returns the disagreements, one line each. */
async function disagreements(cases: readonly Case[]): Promise<string[]> {
  const expected = cpython(cases);
  const found: string[] = [];
  for (const [index, { source, env }] of cases.entries()) {
    const value: Value = (await settingsFrom(source, env)).get('X').value;
    const ours = repr(value);
    const [status, text] = expected[index]!;
    if (status === 'value' && value.kind === 'unknown' && cases[index]!.mayBeUnknown) continue;
    const label = `${source.split('\n').at(-1)!} with ${JSON.stringify(env)}`;
    if (status === 'raised' && value.kind !== 'unknown') found.push(`${label}: python raises ${text}, ours ${ours}`);
    if (status === 'value' && ours !== text) found.push(`${label}: python ${text}, ours ${ours}`);
  }
  return found;
}

/** Environment texts that probe each cast's grammar: whitespace, signs, underscores, bases, exponents, words. */
const TEXTS = [
  '42',
  ' 42 ',
  '\t-7\n',
  '+3',
  '1_000',
  '1__0',
  '_1',
  '',
  ' ',
  '0x10',
  '010',
  '1e3',
  '1.5',
  ' 2.50 ',
  '.5',
  '5.',
  '1,000.5',
  '1.000,5',
  '-1.5e-3',
  'inf',
  '-Infinity',
  'nan',
  '12abc',
  '٣',
  '9007199254740993',
  'true',
  'True ',
  'on',
  'ok',
  'y',
  't',
  'No',
  'F',
  'off',
  '0',
  '00',
  'none',
  '(a,b)',
  ' (a, b) ',
  'a,,b ',
  '1_0.5',
];

/** Texts Python reads and the model leaves unknown, with the reason. */
const HONEST_UNKNOWN: Record<string, string> = {
  '٣': "int() and float() read any script's digits; the layer reads ASCII digits only",
  '9007199254740993': 'the model holds ints as JS numbers, exact only up to 2**53',
};

const READERS: Record<string, string> = {
  'int()': 'import os\nX = int(os.environ["V"])',
  'float()': 'import os\nX = float(os.environ["V"])',
  'decouple cast=int': 'from decouple import config\nX = config("V", cast=int)',
  'decouple cast=float': 'from decouple import config\nX = config("V", cast=float)',
  'decouple cast=bool': 'from decouple import config\nX = config("V", cast=bool)',
  'env.int': 'import environ\nenv = environ.Env()\nX = env.int("V")',
  'env.float': 'import environ\nenv = environ.Env()\nX = env.float("V")',
  'env.bool': 'import environ\nenv = environ.Env()\nX = env.bool("V")',
  'env(cast=int)': 'import environ\nenv = environ.Env()\nX = env("V", cast=int)',
  'Env(V=(float, 0.0))': 'import environ\nenv = environ.Env(V=(float, 0.0))\nX = env("V")',
  'env.list': 'import environ\nenv = environ.Env()\nX = env.list("V")',
  'env.tuple': 'import environ\nenv = environ.Env()\nX = env.tuple("V")',
  'env(cast=tuple)': 'import environ\nenv = environ.Env()\nX = env("V", cast=tuple)',
};

describe('casts of environment text, against CPython and the real libraries', () => {
  it.each(Object.entries(READERS))('%s agrees with CPython on every probe text', async (_name, source) => {
    const cases = TEXTS.map((text) => ({ source, env: { V: text }, mayBeUnknown: HONEST_UNKNOWN[text] }));
    expect(await disagreements(cases)).toEqual([]);
  });

  it.each([
    ['IntegerValue', 'int(text)'],
    ['PositiveIntegerValue', '(lambda n: n if n >= 0 else int("negative"))(int(text))'],
    ['FloatValue', 'float(text)'],
  ])('django-configurations %s reads its variable as %s does', async (reader, python) => {
    // CastingMixin.to_python calls the caster on the text (configurations/values.py); a ValueError stops the load.
    const expected = cpython(
      TEXTS.map((text) => ({ source: `import os\ntext = os.environ["V"]\nX = ${python}`, env: { V: text } })),
    );
    const found: string[] = [];
    for (const [index, text] of TEXTS.entries()) {
      const settings = await settingsOf(
        {
          'project/__init__.py': '',
          'project/settings.py': `from configurations import Configuration, values\n\n\nclass Production(Configuration):\n    X = values.${reader}(0)\n`,
        },
        'project.settings',
        { DJANGO_CONFIGURATION: 'Production', DJANGO_X: text },
      );
      const value = settings.get('X').value;
      const [status, pythonText] = expected[index]!;
      if (
        status === 'raised'
          ? value.kind !== 'unknown'
          : repr(value) !== pythonText && !(value.kind === 'unknown' && HONEST_UNKNOWN[text])
      )
        found.push(
          `${JSON.stringify(text)}: python ${status === 'raised' ? `raises ${pythonText}` : pythonText}, ours ${repr(value)}`,
        );
    }
    expect(found).toEqual([]);
  });

  it.each([
    ['Csv()', undefined],
    ['Csv(delimiter=";, ")', undefined],
    ['Csv(strip=" ")', undefined],
    ['Csv(post_process=tuple)', undefined],
    ['Csv(int)', 'the model follows Csv() only with its default str item cast'],
  ])('decouple %s splits as its shlex does', async (csv, mayBeUnknown) => {
    const texts = [
      ' a , , b,,c ',
      'a,"b,c",d',
      'a#b,c',
      'a,b#c\nd,e',
      "a,'b\\'",
      'a\\,b,c',
      '"unclosed',
      '',
      'x,\\',
      '"a\\"b",c',
      '"a\\b",\'a\\b\'',
      '"",\'\',x',
      '\ta ;b\x0b, c',
      '1,2',
    ];
    const source = `from decouple import config, Csv\nX = config("V", cast=${csv})`;
    const cases = texts.map((text) => ({ source, env: { V: text }, mayBeUnknown }));
    expect(await disagreements(cases)).toEqual([]);
  });

  it('casts the defaults decouple casts (int(2.9), float(5), bool of a str default) as Python does', async () => {
    const defaults = ['2.9', '5', 'True', '"7"', '"0x7"', '"Yes"', '""', 'None', '"1e3"'];
    const cases = defaults.flatMap((fallback) =>
      ['int', 'float', 'bool'].map((cast) => ({
        source: `from decouple import config\nX = config("UNSET_IN_THIS_TEST", default=${fallback}, cast=${cast})`,
        env: {},
      })),
    );
    expect(await disagreements(cases)).toEqual([]);
  });

  it('keeps django-environ float cleaning: only digits, "," "." and "-", the last separator as the point', () => {
    expect(['1e3', 'inf', '1,000.5', '1.000,5', '-2', '3 500'].map(environFloatText)).toEqual([
      '13',
      '',
      '1000.5',
      '1000.5',
      '-2',
      '3500',
    ]);
    expect(environFloatText('٣')).toBeUndefined();
  });

  it("reads dynaconf's @int and @float with int() and float(), and leaves ValueError unknown", async () => {
    const texts = ['42', ' 42 ', '1_000', '', '0x10', '1e3', 'inf', '2', '1.5', 'abc'];
    const pythonCall = (cast: string) =>
      cpython(texts.map((text) => ({ source: `X = ${cast}(${repr(str(text))})`, env: {} })));
    const [ints, floats] = [pythonCall('int'), pythonCall('float')];
    texts.forEach((text, index) => {
      const int = parseDynaconfValue(`@int ${text}`);
      const float = parseDynaconfValue(`@float ${text}`);
      const [intStatus, intText] = ints[index]!;
      const [floatStatus, floatText] = floats[index]!;
      expect(int === undefined ? 'raised' : String(int)).toBe(intStatus === 'raised' ? 'raised' : intText);
      expect(float === undefined ? 'raised' : repr(floatValue(float as number))).toBe(
        floatStatus === 'raised' ? 'raised' : floatText,
      );
    });
    // @bool is `str(value).lower() in true_values` on the text after the first space: no strip.
    expect([
      parseDynaconfValue('@bool true'),
      parseDynaconfValue('@bool  true'),
      parseDynaconfValue('@bool YES'),
    ]).toEqual([true, false, true]);
    const settings = await settingsFrom(
      'from dynaconf import DjangoDynaconf\nX = 1\nsettings = DjangoDynaconf(__name__)\n',
      { DJANGO_X: '@float 2' },
    );
    expect(repr(settings.get('X').value)).toBe('2.0');
  });
});

const str = (text: string): Value => ({ kind: 'str', value: text, span: SPAN, env: [] });
const floatValue = (value: number): Value => ({ kind: 'float', value, span: SPAN, env: [] });
const SPAN = { file: 'settings.py', line: 1, column: 1, endLine: 1, endColumn: 1 };

describe('reprs of settings values, against CPython', () => {
  const strings = [
    'a\rb',
    'tab\there',
    "it's",
    'say "hi"',
    `both ' and "`,
    'back\\slash',
    '\x01\x07\x1b\x7f', // an environment variable cannot hold NUL
    '\x85\xa0\xad',
    'é ü ß',
    '\u200b\u2028\ufeff',
    '\ud7ff\ue000',
    '😀 𝐀',
    '\u{e0001}',
  ];

  it('prints environment text with the repr CPython gives it', async () => {
    const cases = strings.map((text) => ({ source: 'import os\nX = os.environ["V"]', env: { V: text } }));
    expect(await disagreements(cases)).toEqual([]);
  });

  it('prints floats, ints, None, bools and containers of them as CPython does', async () => {
    const sources = [
      'X = [1.5, 1e16, 1e-05, 0.1 + 0.2, -0.0, 1e22, 123456789.0, 2.5e-7]',
      'X = (float("inf"), float("-inf"), float("nan"))',
      'X = {"a": None, "b": True, 1: 2 ** 52}',
      'X = (1.0,)',
      'X = ["\\x00\\r\\x85", "\\N{ZERO WIDTH SPACE}", "\\\\", "\'\\""]',
      'X = [10 ** 15, -(2 ** 52), 3 / 7]',
    ];
    expect(await disagreements(sources.map((source) => ({ source, env: {} })))).toEqual([]);
  });

  it('compares scalars with Python ==', async () => {
    const sources = [
      'X = [1 == 1.0, True == 1, 0.1 + 0.2 == 0.3, float("nan") == float("nan"), None == 0, "1" == 1]',
      'X = [1 in [1.0], "a" in ("a",), 0 == False, 2 ** 52 == 2.0 ** 52, -0.0 == 0]',
    ];
    expect(await disagreements(sources.map((source) => ({ source, env: {} })))).toEqual([]);
  });

  it('repeats and inserts into sequences only with int indexes, as Python does', async () => {
    const sources = [
      'X = [1] * 2.0',
      'X = 2 * ("a",)',
      'X = ["a"] * True + ["b"] * -1',
      'X = ["a"]\nX.insert(0.0, "b")',
      'X = ["a"]\nX.insert(True, "b")',
      'X = ["a", "c"]\nX.insert(-1, "b")',
    ];
    expect(await disagreements(sources.map((source) => ({ source, env: {} })))).toEqual([]);
  });

  it('says a given value with its Python repr', async () => {
    const settings = await settingsFrom('import os\nX = os.environ.get("MODE", "x")', { MODE: 'a\rb\x01' });
    expect(describeValue(settings.get('X').value)).toContain("with MODE='a\\rb\\x01' from the given environment");
  });
});
