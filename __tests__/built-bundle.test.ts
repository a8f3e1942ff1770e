// The end-to-end tests run a build of the current src/, not the committed dist/ (which only `npm run build`
// refreshes): a local run after an edit must test the edit.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { runCli } from '../src/cli-command.js';
import { builtBundle } from './support/built-bundle.js';

async function inProcess(argv: readonly string[]): Promise<string> {
  let stdout = '';
  await runCli(argv, { stdout: (text) => (stdout += text), stderr: () => undefined, isTty: false, env: {} });
  return stdout;
}

function testSources(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) return entry === 'fixtures' ? [] : testSources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('the bundles the end-to-end tests run', () => {
  it('are built from the current src/: the CLI process lists the rules the in-process CLI lists', async () => {
    const cli = builtBundle('cli.js');
    expect(relative(resolve('dist'), cli).startsWith('..')).toBe(process.env.DSG_TEST_BUNDLE_DIR !== 'dist');
    const run = spawnSync(process.execPath, [cli, '--list-rules'], { encoding: 'utf8', env: { PATH: '' } });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(await inProcess(['--list-rules']));
  });

  it('sit beside the parser their index.js loads at run time', () => {
    const folder = resolve(builtBundle('index.js'), '..');
    expect(readdirSync(folder)).toEqual(
      expect.arrayContaining(['index.js', 'cli.js', 'tree-sitter-python.wasm', 'web-tree-sitter.wasm']),
    );
  });

  it('are the only bundles a test spawns: no test runs the committed dist/ directly', () => {
    const spawnsDist = /(['"])dist\1\s*,\s*(['"])(index|cli)\.js\2|(['"])(\.\/)?dist\/(index|cli)\.js\4\s*[\],]/;
    const offenders = testSources(resolve('__tests__'))
      .filter((file) => spawnsDist.test(readFileSync(file, 'utf8')))
      .map((file) => relative(process.cwd(), file));
    expect(offenders).toEqual([]);
  });
});
