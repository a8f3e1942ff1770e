import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Language, Parser, type Tree } from 'web-tree-sitter';

export type { Node as SyntaxNode, Tree } from 'web-tree-sitter';

const require = createRequire(import.meta.url);

/**
 * The bundles in dist/ carry their wasm files beside them; from src/ (under Jest) they come from node_modules.
 * Both paths are tried in that order so the same code loads in either place.
 */
function locateWasm(fileName: string, packagePath: string): string {
  const besideThisModule = join(dirname(fileURLToPath(import.meta.url)), fileName);
  if (existsSync(besideThisModule)) return besideThisModule;
  return require.resolve(packagePath);
}

let parserReady: Promise<Parser> | undefined;

async function createParser(): Promise<Parser> {
  const runtimeWasm = locateWasm('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm');
  await Parser.init({ locateFile: () => runtimeWasm });
  const python = await Language.load(
    locateWasm('tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm'),
  );
  const parser = new Parser();
  parser.setLanguage(python);
  return parser;
}

/** One parser per process: loading the grammar costs far more than parsing a typical file. */
export async function pythonParser(): Promise<Parser> {
  parserReady ??= createParser();
  return parserReady;
}

export async function parsePython(text: string): Promise<Tree> {
  const parser = await pythonParser();
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}
