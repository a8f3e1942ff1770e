// Seeded generator of Python expressions over literals, escapes, `%`, str.format, f-strings, str methods,
// operators and builtins, for the differential test of src/python/ against a real interpreter.

/** mulberry32: small, fast and the same on every platform. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class ExpressionGenerator {
  constructor(private readonly random: () => number) {}

  int(max: number): number {
    return Math.floor(this.random() * max);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  chance(probability: number): boolean {
    return this.random() < probability;
  }

  // ---------------------------------------------------------------- values

  /** Characters strings are built from: ASCII, quotes, backslash, braces, percent, non-ASCII and non-BMP. */
  private static readonly CHARS = [
    ...'abcxyzABCXYZ019 _-,.:',
    ...'aeiou  ',
    "'",
    '"',
    '\\',
    '{',
    '}',
    '%',
    '\t',
    '\n',
    'é',
    'ß',
    'Σ',
    'ﬁ',
    '😀',
    '𝔘',
    '\u00a0',
    '\u200b',
    '\x07',
  ];

  text(maxLength = 8): string {
    const length = this.int(maxLength + 1);
    let out = '';
    for (let i = 0; i < length; i++) out += this.pick(ExpressionGenerator.CHARS);
    return out;
  }

  asciiWord(maxLength = 6): string {
    const length = this.int(maxLength + 1);
    let out = '';
    for (let i = 0; i < length; i++) out += this.pick([...'abcXYZ  ,.-_019']);
    return out;
  }

  /** A Python str literal for `text`, with a random quote and random (valid) escape spellings. */
  strLiteral(text: string, quote: "'" | '"' = this.pick(["'", '"'] as const), escapes = true): string {
    let out = '';
    for (const char of text) {
      const code = char.codePointAt(0)!;
      if (char === quote || char === '\\') out += `\\${char}`;
      else if (char === '\n') out += '\\n';
      else if (char === '\t') out += escapes && this.chance(0.5) ? '\\x09' : '\\t';
      else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
      else if (escapes && code > 0x7f && this.chance(0.3)) {
        out += code > 0xffff ? `\\U${code.toString(16).padStart(8, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
      } else if (escapes && code < 0x7f && /[a-z]/.test(char) && this.chance(0.05)) {
        out += `\\${code.toString(8)}`;
      } else out += char;
    }
    return `${quote}${out}${quote}`;
  }

  intLiteral(): string {
    switch (this.int(8)) {
      case 0:
        return String(this.int(3));
      case 1:
        return `-${this.int(100)}`;
      case 2:
        return String(this.int(100000));
      case 3:
        return `-${this.int(10000000)}`;
      case 4:
        return `${this.int(9) + 1}${'0'.repeat(this.int(25))}`;
      case 5:
        return this.pick(['True', 'False']);
      default:
        return String(this.int(1000));
    }
  }

  floatLiteral(): string {
    switch (this.int(10)) {
      case 0:
        return this.pick(['0.0', '-0.0', '1.0', '-1.0', '0.5', '2.5', '-2.5', '0.1', '0.125', '1e16', '1e-5', '1e-4']);
      case 1:
        return this.pick(['1e+300', '5e-324', '1.7976931348623157e308', '123456789012345680.0', '1e22', '2.675']);
      case 2:
        return this.pick(["float('inf')", "float('-inf')", "float('nan')"]);
      case 3:
        return String(this.int(2000) / 8 - 100);
      case 4:
        return String((this.random() - 0.5) * 10 ** (this.int(40) - 20));
      default: {
        const value = (this.random() - 0.3) * 10 ** (this.int(12) - 4);
        return String(Number(value.toPrecision(this.int(6) + 1)));
      }
    }
  }

  scalarLiteral(): string {
    switch (this.int(7)) {
      case 0:
      case 1:
        return this.intLiteral();
      case 2:
      case 3:
        return this.floatLiteral();
      case 4:
        return 'None';
      default:
        return this.strLiteral(this.text(6));
    }
  }

  valueLiteral(): string {
    switch (this.int(10)) {
      case 0:
        return `(${this.scalarLiteral()}, ${this.scalarLiteral()})`;
      case 1:
        return `[${this.scalarLiteral()}]`;
      case 2:
        return `{${this.strLiteral(this.asciiWord(3))}: ${this.scalarLiteral()}}`;
      default:
        return this.scalarLiteral();
    }
  }

  // ---------------------------------------------------------------- literals

  /** String literal forms: prefixes, raw text, triple quotes, line continuations, \N{...}, concatenation. */
  literal(): string {
    const part = () => {
      switch (this.int(8)) {
        case 0: {
          // Raw: backslashes stay; never end on a backslash.
          const body = this.pick(['\\d+', 'C:\\path\\x41', 'a\\nb', '\\{x}', '^\\w+$', '\\\\']) + this.asciiWord(2);
          // bytes are rare (the layer leaves them unknown): one raw literal in ten.
          return `${this.pick(['r', 'R', 'r', 'R', 'r', 'R', 'r', 'R', 'r', 'rb'])}'${body}'`;
        }
        case 1:
          return `"""${this.asciiWord(3)}\n${this.pick(['', '\\\n', '\\\\\n'])}${this.asciiWord(3)}"""`;
        case 2:
          return `'${this.pick(['\\N{BULLET}', '\\N{em dash}', '\\N{LATIN SMALL LETTER E WITH ACUTE}', '\\N{GRINNING FACE}', '\\d', '\\q', '\\101\\7\\0', '\\x7e\\u00e9\\U0001d518'])}${this.asciiWord(2)}'`;
        case 3:
          return `${this.pick(['u', 'U', 'f', 'F', ''])}${this.strLiteral(this.text(5).replace(/[{}]/g, ''))}`;
        case 4:
          return `f'{{${this.asciiWord(2)}}}${this.pick(['{{', '}}', ''])}'`;
        default:
          return this.strLiteral(this.text(8));
      }
    };
    const count = this.int(3) + 1;
    const parts = Array.from({ length: count }, part);
    // bytes and str do not concatenate: keep a bytes literal alone.
    const bytes = parts.find((p) => /^[rRbB]*[bB]/.test(p));
    if (bytes) return bytes;
    return parts.join(this.pick([' ', '  ']));
  }

  numberLiteral(): string {
    return this.pick([
      () => `${this.int(1000)}_${String(this.int(1000)).padStart(3, '0')}`,
      () => `0x${this.pick(['_', ''])}${this.int(100000).toString(16)}`,
      () => `0X${this.int(1000).toString(16).toUpperCase()}`,
      () => `0o${this.int(1000).toString(8)}`,
      () => `0b${this.int(64).toString(2)}`,
      () => `${this.int(100)}.${this.int(100)}e${this.pick(['', '-', '+'])}${this.int(30)}`,
      () => `.${this.int(1000)}`,
      () => `${this.int(1000)}.`,
      () => `1_0.2_5`,
      () => `${this.int(10)}${'0'.repeat(this.int(30))}.0`,
      () => '00',
      () => `${this.int(10)}e${this.int(400)}`,
    ])();
  }

  // ---------------------------------------------------------------- printf

  printfExpression(): string {
    const named = this.chance(0.15);
    const keys = ['a', 'b', 'key'];
    let template = '';
    const args: string[] = [];
    const fields = this.int(3) + 1;
    for (let i = 0; i < fields; i++) {
      template += this.asciiWord(3);
      if (this.chance(0.1)) {
        template += '%%';
        continue;
      }
      let field = '%';
      if (named) field += `(${this.pick(keys)})`;
      for (const flag of '-+ #0') if (this.chance(0.15)) field += flag;
      if (!named && this.chance(0.05)) {
        field += '*';
        args.push(String(this.int(12) - 2));
      } else if (this.chance(0.4)) field += String(this.int(12));
      if (this.chance(0.3)) field += `.${this.int(8)}`;
      const conversion = this.pick([...'sssrradiuoxXeEfFgGc']);
      field += conversion;
      template += field;
      args.push(this.printfArgument(conversion));
    }
    template += this.asciiWord(2);
    const literal = this.strLiteral(template);
    if (named) {
      const entries = keys
        .filter(() => this.chance(0.8))
        .map((key) => `'${key}': ${this.printfArgument(this.pick([...'sdf']))}`);
      return `${literal} % {${entries.join(', ')}}`;
    }
    if (this.chance(0.05)) args.push(this.scalarLiteral());
    if (this.chance(0.05)) args.pop();
    if (args.length === 1 && this.chance(0.5) && !args[0]!.startsWith('(')) return `${literal} % ${args[0]}`;
    return `${literal} % (${args.join(', ')}${args.length === 1 ? ',' : ''})`;
  }

  private printfArgument(conversion: string): string {
    if (this.chance(0.1)) return this.valueLiteral();
    if ('diuoxX'.includes(conversion)) return this.chance(0.8) ? this.intLiteral() : this.floatLiteral();
    if ('eEfFgG'.includes(conversion)) return this.chance(0.7) ? this.floatLiteral() : this.intLiteral();
    if (conversion === 'c')
      return this.chance(0.5)
        ? String(this.pick([65, 97, 233, 128512, 0x10ffff + 1]))
        : this.strLiteral(this.pick(['x', 'é', '😀', 'ab']));
    return this.valueLiteral();
  }

  // ---------------------------------------------------------------- format specs

  formatSpec(kind: 'int' | 'float' | 'str' | 'any'): string {
    let spec = '';
    if (this.chance(0.4)) {
      if (this.chance(0.5)) spec += this.pick(['*', '0', ' ', 'x', '😀', '#', '-']);
      spec += this.pick([...'<>=^']);
    }
    if (this.chance(0.25)) spec += this.pick([...'+- ']);
    if (this.chance(0.15)) spec += '#';
    if (this.chance(0.2)) spec += '0';
    if (this.chance(0.6)) spec += String(this.int(16));
    if (this.chance(0.2)) spec += this.pick([',', '_']);
    if (this.chance(0.35)) spec += `.${this.int(12)}`;
    const types: Record<string, string> = { int: 'bcdoxXeEfFgG%', float: 'eEfFgG%', str: 's', any: 'bcdoxXeEfFgG%s' };
    if (this.chance(0.7)) spec += this.pick([...types[kind]!]);
    return spec;
  }

  private formatArgument(): { source: string; kind: 'int' | 'float' | 'str' | 'any' } {
    switch (this.int(6)) {
      case 0:
      case 1:
        return { source: this.intLiteral(), kind: 'int' };
      case 2:
      case 3:
        return { source: this.floatLiteral(), kind: 'float' };
      case 4:
        return { source: this.strLiteral(this.text(5)), kind: 'str' };
      default:
        return { source: this.valueLiteral(), kind: 'any' };
    }
  }

  formatExpression(): string {
    const args = Array.from({ length: this.int(3) + 1 }, () => this.formatArgument());
    const manual = this.chance(0.4);
    const keywords = this.chance(0.2) ? [{ name: 'name', ...this.formatArgument() }] : [];
    let template = '';
    let auto = 0;
    const fields = this.int(3) + 1;
    for (let i = 0; i < fields; i++) {
      template += this.asciiWord(3).replace(/[{}]/g, '');
      if (this.chance(0.1)) template += this.pick(['{{', '}}', '{{}}']);
      let index: number;
      let name: string;
      if (keywords.length && this.chance(0.3)) {
        name = 'name';
        index = -1;
      } else if (manual || this.chance(0.03)) {
        index = this.int(args.length + (this.chance(0.05) ? 1 : 0));
        name = String(index);
      } else {
        index = auto++;
        name = '';
      }
      const kind = index >= 0 ? (args[index]?.kind ?? 'any') : keywords[0]!.kind;
      let field = `{${name}`;
      if (this.chance(0.05)) field += '[0]';
      if (this.chance(0.15)) field += `!${this.pick([...'rsa'])}`;
      if (this.chance(0.7)) {
        field += `:${this.formatSpec(field.includes('!') ? 'str' : kind)}`;
        if (this.chance(0.05) && !manual) field += '{}';
      }
      template += `${field}}`;
    }
    // Sometimes one argument more than the fields use (allowed), before the keywords.
    const extra = this.chance(0.1) ? [String(this.int(20))] : [];
    const argumentText = [...args.map((a) => a.source), ...extra, ...keywords.map((k) => `${k.name}=${k.source}`)];
    return `${this.strLiteral(template, "'", false)}.format(${argumentText.join(', ')})`;
  }

  // ---------------------------------------------------------------- f-strings

  fstringExpression(): string {
    // Python 3.11: the expressions may not reuse the outer quote, nor hold a backslash.
    let body = '';
    const fields = this.int(3) + 1;
    for (let i = 0; i < fields; i++) {
      body += this.asciiWord(3).replace(/[{}]/g, '');
      if (this.chance(0.1)) body += this.pick(['{{', '}}', '{{a}}']);
      const argument = this.formatArgument();
      const unfit = /[\\'{]/.test(argument.source);
      let source = unfit ? String(this.int(100)) : argument.source;
      if (source.startsWith('"') && this.chance(0.3)) source = `${source}.upper()`;
      let field = `{${this.chance(0.1) ? ' ' : ''}${source}`;
      if (this.chance(0.15)) field += this.pick(['=', ' = ', '= ']);
      if (this.chance(0.15)) field += `!${this.pick([...'rsa'])}`;
      if (this.chance(0.6)) {
        let spec = this.formatSpec(field.includes('!') ? 'str' : argument.kind);
        if (this.chance(0.15)) spec = spec.replace(/\d+/, `{${this.int(12)}}`);
        field += `:${spec}`;
      }
      body += `${field}}`;
    }
    return `f'${body.replace(/'/g, '"')}'`;
  }

  // ---------------------------------------------------------------- str methods

  methodExpression(): string {
    const receiverText = this.chance(0.7)
      ? this.pick([
          this.asciiWord(8),
          `  ${this.asciiWord(5)} \t`,
          'a,b,,c',
          'Hello World',
          "they're bill's",
          '-42',
          '+7',
          'x\ny\r\nz\rw',
        ])
      : this.text(8);
    const receiver = this.strLiteral(receiverText);
    const word = () =>
      this.strLiteral(this.pick(['a', ',', ' ', '', 'b', 'ab', 'x', 'é', '😀', '\t', receiverText.slice(0, 2)]));
    const small = () => String(this.int(14) - 3);
    const method = this.pick([
      () => `upper()`,
      () => `lower()`,
      () => `casefold()`,
      () => `swapcase()`,
      () => `title()`,
      () => `capitalize()`,
      () => `${this.pick(['strip', 'lstrip', 'rstrip'])}(${this.chance(0.5) ? word() : ''})`,
      () =>
        `${this.pick(['split', 'rsplit'])}(${this.pick(['', word(), `${word()}, ${small()}`, `maxsplit=${small()}`, `None, ${small()}`, `sep=${word()}`])})`,
      () => `splitlines(${this.pick(['', 'True', 'keepends=True'])})`,
      () => `join(${this.pick([`[${word()}, ${word()}]`, `(${word()},)`, word(), '[1, 2]', '[]'])})`,
      () => `replace(${word()}, ${word()}${this.chance(0.3) ? `, ${small()}` : ''})`,
      () =>
        `${this.pick(['startswith', 'endswith'])}(${this.pick([word(), `(${word()}, ${word()})`])}${this.chance(0.3) ? `, ${small()}` : ''}${this.chance(0.2) ? `, ${small()}` : ''})`,
      () =>
        `${this.pick(['find', 'rfind', 'index', 'rindex', 'count'])}(${word()}${this.chance(0.3) ? `, ${small()}` : ''}${this.chance(0.2) ? `, ${small()}` : ''})`,
      () => `${this.pick(['partition', 'rpartition'])}(${word()})`,
      () =>
        `${this.pick(['center', 'ljust', 'rjust'])}(${this.int(14)}${this.chance(0.4) ? `, ${this.strLiteral(this.pick(['*', '😀', '-', 'ab']))}` : ''})`,
      () => `zfill(${this.int(12)})`,
      () => `expandtabs(${this.chance(0.5) ? this.int(9) : ''})`,
      () => `${this.pick(['removeprefix', 'removesuffix'])}(${word()})`,
      () =>
        `${this.pick(['isdigit', 'isalpha', 'isalnum', 'isspace', 'islower', 'isupper', 'istitle', 'isdecimal', 'isnumeric', 'isidentifier', 'isascii', 'isprintable'])}()`,
      () => `format_map({'a': ${this.scalarLiteral()}})`,
    ])();
    return `${receiver}.${method}`;
  }

  // ---------------------------------------------------------------- operators and builtins

  operatorExpression(): string {
    const number = () => (this.chance(0.5) ? this.intLiteral() : this.floatLiteral());
    const paren = (source: string) => (source.startsWith('-') ? `(${source})` : source);
    return this.pick([
      () => `${paren(number())} ${this.pick(['+', '-', '*', '/', '//', '%'])} ${paren(number())}`,
      // Small exponents only: CPython would spend seconds on 48345 ** 3469500.
      () =>
        `${paren(number())} ** ${paren(this.pick([String(this.int(12) - 3), this.pick(['0.5', '2.0', '-1.0', '0.0'])]))}`,
      () =>
        `${paren(this.intLiteral())} ${this.pick(['<<', '>>', '&', '|', '^', '**', '//', '%'])} ${paren(String(this.int(20) - 3))}`,
      () =>
        `${paren(this.scalarLiteral())} ${this.pick(['==', '!=', '<', '<=', '>', '>='])} ${paren(this.scalarLiteral())}`,
      () => `${paren(number())} < ${paren(number())} ${this.pick(['<', '<=', '=='])} ${paren(number())}`,
      () =>
        `${this.strLiteral(this.text(3))} ${this.pick(['+', '*', 'in', 'not in', '<', '=='])} ${this.pick([this.strLiteral(this.text(4)), String(this.int(5) - 1), 'True'])}`,
      () => `${this.scalarLiteral()} ${this.pick(['in', 'not in'])} ${this.valueLiteral()}`,
      () => `${this.pick(['-', '+', '~', 'not '])}${paren(this.scalarLiteral())}`,
      () => `${this.scalarLiteral()} ${this.pick(['and', 'or'])} ${this.scalarLiteral()}`,
      () =>
        `${this.strLiteral(this.text(6))}[${this.pick([String(this.int(8) - 4), `${this.int(5) - 2}:${this.int(8) - 2}`, '::-1', `::${this.int(3) + 1}`, `${this.int(6)}::${this.pick([-1, -2, 2])}`])}]`,
      () =>
        `${this.pick(['str', 'repr', 'ascii', 'len', 'int', 'float', 'bool', 'abs'])}(${this.pick([number(), this.strLiteral(this.pick([' 12 ', '1_000', '-3.5e2', 'inf', 'x', '0x10', '\u00a0 7\t', '1__0', '.5', '5.'])), this.strLiteral(this.text(4)), this.valueLiteral()])})`,
      () => `format(${number()}, ${this.strLiteral(this.formatSpec('any'), "'", false)})`,
      () =>
        `${this.pick(['chr', 'ord'])}(${this.pick([String(this.int(200000)), this.strLiteral(this.pick(['a', '😀', 'ab', '']))])})`,
      () => `${this.strLiteral(this.text(3))} * ${this.int(4)} + ${this.strLiteral(this.text(2))}`,
      () =>
        `(${this.valueLiteral()}, ${this.scalarLiteral()}) ${this.pick(['==', '<', '+'])} (${this.scalarLiteral()}, ${this.scalarLiteral()})`,
      () => `${this.valueLiteral()}`,
    ])();
  }

  /** One expression, drawn from every family. */
  expression(): string {
    const family = this.int(100);
    if (family < 10) return this.literal();
    if (family < 15) return this.numberLiteral();
    if (family < 33) return this.printfExpression();
    if (family < 53) return this.formatExpression();
    if (family < 68) return this.fstringExpression();
    if (family < 84) return this.methodExpression();
    return this.operatorExpression();
  }

  /** Token soup: mostly invalid or raising Python, to show the layer neither throws nor answers where Python refuses. */
  private static readonly TOKENS = [
    '"a{}"',
    "'%s%d%*.*f%(x)s%c%'",
    '"{0:{1}}"',
    'f"{1:{2}}{3!r}{4=}"',
    '.format',
    '(',
    ')',
    '[',
    ']',
    ',',
    '%',
    '*',
    '**',
    '+',
    '-',
    '//',
    '1',
    '0',
    '-1',
    '2.5',
    '1e308',
    'None',
    'True',
    '{',
    '}',
    ':',
    '"x"',
    '.split',
    '.join',
    '.center',
    '.zfill',
    '.replace',
    '.find',
    '.expandtabs',
    '.format_map',
    '{"a": 1}',
    'str',
    'int',
    'float',
    'chr',
    'ord',
    'len',
    'repr',
    'format',
    '<<',
    '>>',
    '9999999999',
    '"😀"',
    'in',
    'not',
    'is',
    '<',
    '==',
    '::',
    '::-1',
    '"%"',
    '"%c"',
    '"{:c}"',
    '"{:,}"',
    '"{:%}"',
    '"{!x}"',
    '"%s"',
    '"%r"',
    '"{0}"',
    '"{}{}"',
    'and',
    'or',
    'if',
    'else',
    '"a,b"',
    '" a "',
    '"%5.2f"',
    '"{:>5}"',
    '"{:08.3e}"',
    '(1,)',
    '(1, "a")',
    '[1, 2]',
  ];

  tokenSoup(): string {
    let source = '';
    const count = 1 + this.int(7);
    for (let i = 0; i < count; i++) source += this.pick(ExpressionGenerator.TOKENS) + (this.chance(0.3) ? ' ' : '');
    return source;
  }
}
