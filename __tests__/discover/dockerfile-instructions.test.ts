import { describe, expect, it } from '@jest/globals';
import { lineInText, readDockerfileInstructions, shellWords } from '../../src/discover/dockerfile-instructions.js';

const brief = (text: string) =>
  readDockerfileInstructions(text).map(({ keyword, line, args, json, flags }) => ({
    keyword,
    line,
    args,
    json,
    flags: Object.fromEntries(flags),
  }));

describe('Dockerfile instruction reader', () => {
  const cases: Array<[string, string, ReturnType<typeof brief>]> = [
    [
      'shell form with flags',
      'COPY --chown=app:app --chmod=644 ./src ./\n',
      [{ keyword: 'COPY', line: 1, args: ['./src', './'], json: false, flags: { chown: 'app:app', chmod: '644' } }],
    ],
    [
      'JSON form (paperless)',
      'COPY --chown=1000:1000 ["pyproject.toml", "uv.lock", "/usr/src/paperless/src/"]\n',
      [
        {
          keyword: 'COPY',
          line: 1,
          args: ['pyproject.toml', 'uv.lock', '/usr/src/paperless/src/'],
          json: true,
          flags: { chown: '1000:1000' },
        },
      ],
    ],
    [
      'lower-case keyword, --from and a bare flag',
      'copy --link --from=builder /opt/venv /opt/venv\n',
      [
        {
          keyword: 'COPY',
          line: 1,
          args: ['/opt/venv', '/opt/venv'],
          json: false,
          flags: { link: '', from: 'builder' },
        },
      ],
    ],
    [
      'continuation lines with comments and blank lines inside (netbox-docker RUN)',
      'FROM x AS main\nRUN mkdir -p static \\\n# a comment inside\n\n      && cp a b\nWORKDIR /app\n',
      [
        { keyword: 'FROM', line: 1, args: ['x', 'AS', 'main'], json: false, flags: {} },
        { keyword: 'RUN', line: 2, args: ['mkdir', '-p', 'static', '&&', 'cp', 'a', 'b'], json: false, flags: {} },
        { keyword: 'WORKDIR', line: 6, args: ['/app'], json: false, flags: {} },
      ],
    ],
    [
      'escape directive: a backtick continues the line',
      '# escape=`\nFROM x\nCOPY a `\n  C:\\app\\\n',
      [
        { keyword: 'FROM', line: 2, args: ['x'], json: false, flags: {} },
        { keyword: 'COPY', line: 3, args: ['a', 'C:\\app\\'], json: false, flags: {} },
      ],
    ],
    [
      'a heredoc body is not read as instructions',
      'FROM x\nRUN <<EOF\ncp a b\nCOPY not an instruction\nEOF\nWORKDIR /srv\n',
      [
        { keyword: 'FROM', line: 1, args: ['x'], json: false, flags: {} },
        { keyword: 'RUN', line: 2, args: ['<<EOF'], json: false, flags: {} },
        { keyword: 'WORKDIR', line: 6, args: ['/srv'], json: false, flags: {} },
      ],
    ],
    [
      'RUN --mount flags before the command',
      'RUN --mount=type=bind,source=uv.lock,target=uv.lock uv sync\n',
      [
        {
          keyword: 'RUN',
          line: 1,
          args: ['uv', 'sync'],
          json: false,
          flags: { mount: 'type=bind,source=uv.lock,target=uv.lock' },
        },
      ],
    ],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    expect(brief(text)).toEqual(expected);
  });

  it('keeps the heredoc body for RUN', () => {
    const [, run] = readDockerfileInstructions('FROM x\nRUN <<-EOT bash\n\tcp a b\n\tEOT\n');
    expect(run!.heredocs).toEqual([{ name: 'EOT', body: 'cp a b', line: 3 }]);
  });

  it('knows the physical line of each part of a continued instruction', () => {
    const [, run] = readDockerfileInstructions(
      'FROM x\nRUN --mount=type=cache,target=/c set -eux; \\\n    # note\n    cp a b && \\\n    rm c\n',
    );
    expect(
      [run!.text.indexOf('set'), run!.text.indexOf('cp'), run!.text.indexOf('rm')].map((at) => lineInText(run!, at)),
    ).toEqual([2, 4, 5]);
  });

  it('splits shell words with quotes and escapes', () => {
    expect(shellWords(`cp "my file.py" 'b c' d\\ e`)).toEqual(['cp', 'my file.py', 'b c', 'd e']);
  });
});
