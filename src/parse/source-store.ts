import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import type { SourceSpan } from '../finding.js';
import { parsePython, type SyntaxNode, type Tree } from './python-parser.js';
import { decodePythonSource } from './source-text.js';
import { fileStartSpan, spanOf } from './span.js';

/** A file the scan could not read as it is; each becomes a note so nothing is skipped silently. */
export interface InputProblem {
  kind: 'file-skipped' | 'python-syntax-error';
  /** Whether Python itself would fail to import the file, or only this scan could not read it. */
  breaksImport: boolean;
  span: SourceSpan;
  message: string;
  fix: string;
}

export interface SourceFile {
  absPath: string;
  /** POSIX path relative to the repository root. */
  file: string;
  text: string;
}

export interface ParsedSource extends SourceFile {
  tree: Tree;
}

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

export function toRepoPath(repoRoot: string, absPath: string): string {
  return relative(repoRoot, absPath).split(sep).join('/');
}

/** Whether `path` is `folder` or inside it (both absolute). */
export function isWithin(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
}

function firstSyntaxError(node: SyntaxNode): SyntaxNode | undefined {
  if (node.isError || node.isMissing) return node;
  for (const child of node.children) {
    if (child && child.hasError) return firstSyntaxError(child) ?? child;
  }
  return undefined;
}

/**
 * Reads and parses each file at most once per scan and turns unreadable input into notes: binary files,
 * files over the size limit, undecodable text, symlinks that leave the repository, syntax errors.
 */
export class SourceStore {
  readonly problems: InputProblem[] = [];
  private readonly texts = new Map<string, SourceFile | null>();
  private readonly trees = new Map<string, Promise<ParsedSource | undefined>>();
  private readonly realRoot: string;
  parseCount = 0;
  readCount = 0;

  constructor(
    readonly repoRoot: string,
    private readonly maxFileBytes = DEFAULT_MAX_FILE_BYTES,
  ) {
    this.realRoot = realpathSync(repoRoot);
  }

  repoPath(absPath: string): string {
    return toRepoPath(this.repoRoot, absPath);
  }

  private skip(absPath: string, message: string, fix: string, breaksImport: boolean): null {
    this.problems.push({
      kind: 'file-skipped',
      breaksImport,
      span: fileStartSpan(this.repoPath(absPath)),
      message,
      fix,
    });
    return null;
  }

  read(absPath: string): SourceFile | undefined {
    if (!this.texts.has(absPath)) this.texts.set(absPath, this.load(absPath));
    return this.texts.get(absPath) ?? undefined;
  }

  private load(absPath: string): SourceFile | null {
    this.readCount += 1;
    const file = this.repoPath(absPath);
    try {
      if (lstatSync(absPath).isSymbolicLink()) {
        const target = realpathSync(absPath);
        if (!isWithin(target, this.realRoot)) {
          return this.skip(
            absPath,
            `${file} is a symbolic link to ${target}, outside the repository; it was not read.`,
            'Keep scanned sources inside the repository, or exclude this path in the config file.',
            false,
          );
        }
      }
      const size = statSync(absPath).size;
      if (size > this.maxFileBytes) {
        return this.skip(
          absPath,
          `${file} is ${formatBytes(size)}, over the ${formatBytes(this.maxFileBytes)} limit for a source file; it was not scanned.`,
          'Exclude generated or vendored files in the config file, or raise max-file-size there.',
          false,
        );
      }
      const bytes = readFileSync(absPath);
      if (bytes.includes(0)) {
        return this.skip(
          absPath,
          `${file} contains NUL bytes, so it is not Python source; it was not scanned.`,
          'Exclude binary files from the scan in the config file.',
          true,
        );
      }
      const decoded = decodePythonSource(bytes);
      if (decoded.encodingProblem) {
        this.problems.push({
          kind: 'file-skipped',
          breaksImport: true,
          span: fileStartSpan(file),
          message: `${file} ${decoded.encodingProblem}; Python would refuse to import it.`,
          fix: 'Save the file as UTF-8, or declare its real encoding on line 1 or 2 (# -*- coding: latin-1 -*-).',
        });
      }
      return { absPath, file, text: decoded.text };
    } catch (error) {
      return this.skip(
        absPath,
        `${file} could not be read: ${(error as Error).message}.`,
        'Check the file permissions.',
        true,
      );
    }
  }

  /** The text of a file that must contain at least one of `words` to be worth parsing, else undefined. */
  readIfMentions(absPath: string, words: readonly string[]): SourceFile | undefined {
    const source = this.read(absPath);
    if (!source) return undefined;
    return words.some((word) => source.text.includes(word)) ? source : undefined;
  }

  parse(absPath: string): Promise<ParsedSource | undefined> {
    let parsed = this.trees.get(absPath);
    if (!parsed) {
      parsed = this.parseOnce(absPath);
      this.trees.set(absPath, parsed);
    }
    return parsed;
  }

  private async parseOnce(absPath: string): Promise<ParsedSource | undefined> {
    const source = this.read(absPath);
    if (!source) return undefined;
    this.parseCount += 1;
    const tree = await parsePython(source.text);
    if (tree.rootNode.hasError) {
      const errorNode = firstSyntaxError(tree.rootNode) ?? tree.rootNode;
      const span = spanOf(errorNode, source.file);
      this.problems.push({
        kind: 'python-syntax-error',
        breaksImport: true,
        span: { ...span, endLine: span.line, endColumn: span.line === span.endLine ? span.endColumn : span.column + 1 },
        message: `${source.file} has a syntax error at line ${span.line}, column ${span.column}; the rest of the file was still checked, but findings near the error may be missing.`,
        fix: 'Fix the syntax error (python -m py_compile shows it).',
      });
    }
    return { ...source, tree };
  }
}
