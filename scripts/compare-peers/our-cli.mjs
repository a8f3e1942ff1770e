/** Our CLI bundled from src/, so the figures are the current source's whatever dist/ holds. */
import { join } from 'node:path';
import { CACHE, REPO, log } from './configuration.mjs';

export async function buildCli() {
  const { rollup } = await import('rollup');
  const configs = (await import(join(REPO, 'rollup.config.js'))).default;
  const cli = configs.find((config) => config.output.file === 'dist/cli.js');
  const outFile = join(CACHE, 'dsg', 'cli.js');
  log('bundling the CLI from src/ into .cache/peers/dsg');
  const previous = process.cwd();
  process.chdir(REPO);
  try {
    const bundle = await rollup({ ...cli, onwarn: () => {} });
    await bundle.write({ ...cli.output, file: outFile });
    await bundle.close();
  } finally {
    process.chdir(previous);
  }
  return outFile;
}
