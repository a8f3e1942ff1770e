import { chmodSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';

const require = createRequire(import.meta.url);

// The parser's wasm files are loaded at run time from beside the bundle, so the build copies them into dist/.
const wasmAssets = {
  name: 'tree-sitter-wasm-assets',
  generateBundle() {
    for (const asset of ['web-tree-sitter/web-tree-sitter.wasm', 'tree-sitter-python/tree-sitter-python.wasm']) {
      this.emitFile({
        type: 'asset',
        fileName: asset.split('/')[1],
        source: readFileSync(require.resolve(asset)),
      });
    }
  },
};

// The CLI bundle is a program run by its shebang (npm's bin link, `./dist/cli.js`), so it is written executable:
// a rebuild keeps the mode git records (100755), and npx finds nothing to change in a clone's work tree.
const executable = {
  name: 'executable-output',
  writeBundle(options) {
    chmodSync(options.file, 0o755);
  },
};

const bundle = (input, output, { banner, assets = false } = {}) => ({
  input,
  output: { file: output, format: 'es', sourcemap: false, inlineDynamicImports: true, banner },
  plugins: [
    typescript({ tsconfig: './tsconfig.json', sourceMap: false, outDir: undefined, noEmit: false }),
    nodeResolve({ preferBuiltins: true }),
    commonjs(),
    ...(assets ? [wasmAssets] : []),
    ...(banner?.startsWith('#!') ? [executable] : []),
  ],
  onwarn(warning, warn) {
    if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.some((id) => id.includes('node_modules'))) return;
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    if (warning.code === 'EVAL' && warning.id?.includes('web-tree-sitter')) return;
    warn(warning);
  },
});

export default [
  bundle('src/index.ts', 'dist/index.js', { assets: true }),
  bundle('src/cli.ts', 'dist/cli.js', { banner: '#!/usr/bin/env node' }),
];
