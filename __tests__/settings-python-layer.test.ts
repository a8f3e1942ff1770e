// The settings model computes strings and operators through the Python layer (src/python/): exact where the
// values are known, unknown (never a crash, never a guess) where Python would raise or the model cannot tell.
import { describe, expect, it } from '@jest/globals';
import { repr } from '../src/settings/value.js';
import { settingsFrom } from './support/settings-harness.js';

const valueOf = async (source: string, env: Record<string, string> = {}) => {
  const setting = (await settingsFrom(source, env)).get('X');
  return { text: repr(setting.value), described: setting.describe() };
};

describe('settings model: Python strings and operators', () => {
  it.each([
    // Issue 9: these crashed, or disagreed with Python.
    ['X = "{}{{}}".format("a")', "'a{}'"],
    ['X = f"{{a}}"', "'{a}'"],
    ['X = "{0:>4}".format("a")', "'   a'"],
    ['X = "{name:_^9}|{0:+.2f}".format(3.14159, name="x")', "'____x____|+3.14'"],
    ['X = f"{3.0:}{1e16!r}{2 = }{\'é\'!a}"', '"3.01e+162 = 2\'\\\\xe9\'"'],
    ['W = 6\nX = f"{\'ab\':>{W}}|{255:#06x}"', "'    ab|0x00ff'"],
    ['X = "%-6s|%05.1f|%(k)s" % ("a", 2.25, "b") if False else "%-6s|%05.1f" % ("a", 2.25)', "'a     |002.2'"],
    ['X = "%(host)s:%(port)d" % {"host": "db", "port": 5432}', "'db:5432'"],
    ['X = "\\N{BULLET} \\x41\\101 \\u00e9" r"\\d"', "'• AA é\\\\d'"],
    ['X = "😀é".center(6, "*") + str(len("😀"))', "'**😀é**1'"],
    ['X = " a ,b,, ".split(",")', "[' a ', 'b', '', ' ']"],
    ['X = "Hello World".title().swapcase().zfill(13)', "'00hELLO wORLD'"],
    ['X = 7 // -2, 7 % -2, 2 ** -1, 1 / 4', '(-4, -1, 0.5, 0.25)'],
    ['X = 0.1 + 0.2', '0.30000000000000004'],
    ['X = str(1e16) + repr(1e-05)', "'1e+161e-05'"],
    ['X = int(" 1_000 ") + int(2.9)', '1002'],
    ['X = "a" < "b" < "c", 1 == 1.0, "😀" > "\\uffff"', '(True, True, True)'],
  ])('evaluates %s', async (source, expected) => {
    expect((await valueOf(source)).text).toBe(expected);
  });

  it.each([
    ['X = "{}{}".format("a")', 'a missing argument raises IndexError'],
    ['X = "{0}{}".format("a", "b")', 'mixing manual and automatic numbering raises ValueError'],
    ['X = "%s %s" % ("a",)', 'too few arguments raise TypeError'],
    ['X = "%d" % "a"', '%d of a str raises TypeError'],
    ['X = "{:d}".format("a")', 'a str has no d format'],
    ['X = 1 / 0', 'ZeroDivisionError'],
    ['X = "a" + 1', 'TypeError'],
    ['X = float("0x10")', 'ValueError'],
  ])('leaves %s unknown (%s)', async (source) => {
    expect((await valueOf(source)).text).toBe('<unknown>');
  });

  it('formats each outcome of an undecided value', async () => {
    const branches = [
      'import socket',
      'if socket.gethostname() == "web1":',
      '    HOST = "a.com"',
      'else:',
      '    HOST = "b.com"',
    ];
    const fString = await valueOf([...branches, 'X = f"https://{HOST}:{443:d}/"'].join('\n'));
    expect(fString.text).toBe("'https://a.com:443/' or 'https://b.com:443/'");
    const method = await valueOf([...branches, 'X = "{}|{:>6}".format(1, HOST).upper()'].join('\n'));
    expect(method.text).toBe("'1| A.COM' or '1| B.COM'");
  });

  it('keeps the environment reads a formatted value came from', async () => {
    const source = 'import os\nX = "%s:%04d" % (os.environ.get("DB_HOST", "localhost"), 5)\n';
    const unset = await valueOf(source);
    expect(unset.text).toBe("'localhost:0005'");
    expect(unset.described).toContain('when DB_HOST is unset');
    expect((await valueOf(source, { DB_HOST: 'db' })).text).toBe("'db:0005'");
  });
});
