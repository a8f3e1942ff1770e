// Differential test of src/python/ against a real CPython: thousands of seeded expressions over literals and
// escapes, `%`-formatting, str.format with specs, f-strings, str methods, operators and builtins. Every
// answer of the layer must be Python's (same repr), or an honest "unknown"; an exception is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parsePython } from '../src/parse/python-parser.js';
import { evaluateConstant } from '../src/python/constant-expression.js';
import { pyRepr } from '../src/python/values.js';
import { ExpressionGenerator, seededRandom } from './support/python-expression-generator.js';

const CASES = 6000;
const SEED = 20261202;

/** The first interpreter found that is CPython 3.10 or newer (the `0` spec flag's meaning changed in 3.10). */
function findPython(): string | undefined {
  const pyenv = join(homedir(), '.pyenv', 'versions');
  const pyenvPythons = existsSync(pyenv)
    ? readdirSync(pyenv)
        .sort()
        .reverse()
        .map((version) => join(pyenv, version, 'bin', 'python3'))
    : [];
  for (const candidate of ['/usr/bin/python3', 'python3', 'python', ...pyenvPythons]) {
    const probe = spawnSync(
      candidate,
      ['-c', 'import sys; print(sys.implementation.name, sys.version_info >= (3, 10))'],
      {
        encoding: 'utf8',
      },
    );
    if (probe.status === 0 && probe.stdout.trim() === 'cpython True') return candidate;
  }
  return undefined;
}

/** Evaluates every expression in one process: `["ok", repr]`, `["error", ExceptionName]` or `["syntax", message]`. */
const BATCH = String.raw`
import json, sys, warnings
warnings.simplefilter("ignore")
results = []
for source in json.load(sys.stdin):
    try:
        code = compile(source, "<case>", "eval")
    except SyntaxError as error:
        results.append(["syntax", str(error)])
        continue
    try:
        results.append(["ok", repr(eval(code, {}))])
    except Exception as error:
        results.append(["error", type(error).__name__])
json.dump(results, sys.stdout)
`;

/** Cases that once went wrong somewhere (issue 9) or sit on a rounding or layout edge. */
const FIXED = [
  `"{}{{}}".format("a")`,
  `f"{{a}}"`,
  `"{0:>4}".format("a")`,
  `"%.0f %.0f %.1f %.2f" % (0.5, 2.5, 0.25, 2.675)`,
  `"%5.1f|%-8.3e|%+g|% d|%#x|%#o|%05d" % (2.25, 12345.678, 1e-5, 3, 255, 8, -42)`,
  `"%(a)s-%(b)r" % {"a": 1, "b": "x"}`,
  `"abc" % []`,
  `"%s" % ()`,
  `format(1234, "08,") + format(1234, "0=10,") + format(255, "#010_x")`,
  `format(12345.678, "015,.2f") + format(float("inf"), "05") + format(True, ">5")`,
  `repr(1e16) + repr(1e15) + repr(1e-05) + repr(0.0001) + repr(-0.0) + str(0.1 + 0.2)`,
  `f"{3.0:}{1e16:}{123.0:.3}{1.0:.3}{0.5:%}{'x'!r:>5}{2=}{ 2 = :>3}"`,
  `f"{'ab':{'>'}{6}}|{3.14159:.{3}f}"`,
  `"{0[1]}{0[0]}{1[k]}".format("xy", {"k": 5})`,
  `"{:{}}".format("a", 3) + "{0:{1}}".format("b", 4)`,
  `"😀é".center(7, "*") + str(len("😀é")) + "a😀b"[1] + "a😀b"[::-1]`,
  `"%5s|%-5s|%.1s" % ("😀", "😀é", "😀é")`,
  `"{:😀^7}".format("ab")`,
  `"a,b,,c".split(",") + " a  b ".split() + "a b c".rsplit(None, 1)`,
  String.raw`"\N{BULLET}\x41\101\u00e9\U0001F600" "\q" r"\d\\"`,
  `2 ** 100 // 3 + -7 // 2 * (-7 % 3)`,
  `(5.5 // -2, 5.5 % -2, -0.0 // 1, 1e308 * 10)`,
  `"%d%%" % 3.99 + "%c%c" % (65, "é")`,
  `"{!r:}{!s}{!a}".format("é", 1.5, "😀")`,
  `"{0.real}{0.imag}{1.denominator}{2.real:.1f}".format(3, True, 2.5)`,
  `"(" * 3 + ${'('.repeat(150)}"deep"${')'.repeat(150)}`,
];

type PythonResult = ['ok' | 'error' | 'syntax', string];

const SOUP_CASES = 4000;

interface Comparison {
  summary: string;
  crashes: string[];
  mismatches: string[];
  syntaxErrors: string[];
  unknownShare: number;
  values: number;
}

/** Runs `sources` through CPython and through the layer, and sorts the outcomes. */
async function compareWithPython(python: string, sources: readonly string[]): Promise<Comparison> {
  const run = spawnSync(python, ['-I', '-c', BATCH], {
    input: JSON.stringify(sources),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 30_000,
  });
  if (run.status !== 0) throw new Error(`${python} failed: ${run.stderr}`);
  const expected = JSON.parse(run.stdout) as PythonResult[];
  const crashes: string[] = [];
  const mismatches: string[] = [];
  const syntaxErrors: string[] = [];
  let values = 0;
  let unknown = 0;
  let agreed = 0;
  let rejectedAgreed = 0;
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i]!;
    const [status, pythonText] = expected[i]!;
    if (status === 'syntax') {
      syntaxErrors.push(`${source}  →  ${pythonText}`);
      continue;
    }
    let ours: string | undefined;
    try {
      const tree = await parsePython(source);
      const value = evaluateConstant(tree.rootNode);
      ours = value === undefined ? undefined : pyRepr(value);
    } catch (error) {
      crashes.push(`${source}  →  ${String(error)}`);
      continue;
    }
    if (status === 'error') {
      if (ours !== undefined) mismatches.push(`${source}\n    python: raises ${pythonText}\n    ours:   ${ours}`);
      else rejectedAgreed += 1;
      continue;
    }
    values += 1;
    if (ours === undefined) {
      unknown += 1;
      if (process.env.PYTHON_LAYER_UNKNOWN) console.log(`unknown: ${source}  →  ${pythonText}`);
    } else if (ours === pythonText) agreed += 1;
    else mismatches.push(`${source}\n    python: ${pythonText}\n    ours:   ${ours}`);
  }
  const summary = `${agreed} identical, ${unknown} unknown of ${values} values; ${rejectedAgreed} rejected by both`;
  if (process.env.PYTHON_LAYER_UNKNOWN) console.log(summary);
  return { summary, crashes, mismatches, syntaxErrors, unknownShare: values ? unknown / values : 0, values };
}

function requirePython(): string {
  const python = findPython();
  if (!python) {
    throw new Error(
      'No CPython 3.10+ found (tried /usr/bin/python3, python3, python, ~/.pyenv/versions/*/bin/python3): ' +
        'the differential test needs one.',
    );
  }
  return python;
}

describe('the Python layer agrees with CPython', () => {
  test(`${CASES} generated expressions: same repr, or unknown`, async () => {
    const generator = new ExpressionGenerator(seededRandom(SEED));
    const sources = [...FIXED, ...Array.from({ length: CASES - FIXED.length }, () => generator.expression())];
    const result = await compareWithPython(requirePython(), sources);
    const { summary } = result;
    expect({ summary, crashes: result.crashes.slice(0, 20) }).toEqual({ summary, crashes: [] });
    expect({ summary, mismatches: result.mismatches.slice(0, 25), count: result.mismatches.length }).toEqual({
      summary,
      mismatches: [],
      count: 0,
    });
    // The generator writes valid Python; a syntax error means it drifted from the grammar.
    expect(result.syntaxErrors.slice(0, 10)).toEqual([]);
    // An honest layer, not a trivially unknown one.
    expect(result.unknownShare).toBeLessThan(0.1);
    expect(result.values).toBeGreaterThan(CASES / 2);
  });

  test(`${SOUP_CASES} token soups: no exception, and no value where Python raises`, async () => {
    const generator = new ExpressionGenerator(seededRandom(SEED + 1));
    const sources = Array.from({ length: SOUP_CASES }, () => generator.tokenSoup());
    // Syntax errors are expected here (the layer evaluates trees, it does not compile).
    const { summary, crashes, mismatches } = await compareWithPython(requirePython(), sources);
    expect({ summary, crashes: crashes.slice(0, 20), mismatches: mismatches.slice(0, 20) }).toEqual({
      summary,
      crashes: [],
      mismatches: [],
    });
  });
});
