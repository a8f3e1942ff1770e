// Builds src/ into a folder of the tests' own (`node scripts/build-bundles-for-tests.js OUT_DIR`), with
// rollup.config.js's bundles, plugins and assets, so that the end-to-end tests run the code being edited and
// not the committed dist/. TypeScript is transpiled file by file instead of type-checked (tsconfig has
// isolatedModules, so the output is the same code): `npm run typecheck` checks the types, and this build takes
// seconds instead of most of a minute. `npm run build` remains the only way dist/ is written.
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rollup } from 'rollup';
import ts from 'typescript';

const outDir = process.argv[2];
if (!outDir) {
  process.stderr.write('usage: node scripts/build-bundles-for-tests.js OUT_DIR\n');
  process.exit(2);
}

const { options: compilerOptions } = ts.convertCompilerOptionsFromJson(
  { target: 'ES2022', module: 'ESNext', esModuleInterop: true, isolatedModules: true },
  process.cwd(),
);

/** Stands in for @rollup/plugin-typescript: `./x.js` imports resolve to `./x.ts`, and each file is transpiled alone. */
const transpileOnly = {
  name: 'transpile-only',
  resolveId(source, importer) {
    if (!importer?.endsWith('.ts') || !source.startsWith('.') || !source.endsWith('.js')) return null;
    const candidate = resolve(dirname(importer), source.replace(/\.js$/, '.ts'));
    return existsSync(candidate) ? candidate : null;
  },
  transform(code, id) {
    if (!id.endsWith('.ts')) return null;
    const { outputText } = ts.transpileModule(code, { compilerOptions, fileName: id });
    return { code: outputText, map: null };
  },
};

const { default: bundles } = await import(pathToFileURL(resolve('rollup.config.js')).href);
await Promise.all(
  bundles.map(async (config) => {
    const plugins = config.plugins.map((plugin) => (plugin?.name === 'typescript' ? transpileOnly : plugin));
    // Warnings are the release build's business (npm run build prints them); this build only has to run.
    const bundle = await rollup({ ...config, plugins, onwarn: () => {} });
    try {
      await bundle.write({ ...config.output, file: join(outDir, basename(config.output.file)) });
    } finally {
      await bundle.close();
    }
  }),
);
