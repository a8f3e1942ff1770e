import { posix } from 'node:path';
import { lineInText, shellWords, type DockerInstruction } from './dockerfile-instructions.js';
import { DockerIgnore } from './dockerignore.js';

/**
 * The build stages of a Dockerfile as a list of filesystem layers each: what every COPY/ADD, WORKDIR and
 * the file commands of RUN (`cp`, `mv`, `ln -s`, `rm`) put at which path of the image. Paths in the image
 * are absolute and slash-separated; sources from the build context are context-relative ("" is the root).
 */
export type LayerSource =
  | { kind: 'context' }
  | { kind: 'stage'; stage: number }
  /** An earlier state of the same stage (RUN cp / mv / ln). */
  | { kind: 'self' };

export type Layer =
  | {
      kind: 'map';
      line: number;
      from: LayerSource;
      source: string;
      dest: string;
      /** The destination is a folder: a file source lands at dest/basename. */
      destIsDir: boolean;
      /** A wildcard source: the files of `source` (a folder) whose names match. */
      glob?: RegExp;
      /** `COPY --exclude` patterns, matched against paths relative to the source. */
      exclude?: DockerIgnore;
    }
  | { kind: 'remove'; line: number; path: string; glob?: RegExp }
  /** Content the image makes itself (a heredoc, a URL, an archive, an unresolved variable) at `dest`, or a RUN command. */
  | { kind: 'generated'; line: number; dest?: string; command?: string };

export interface Stage {
  index: number;
  name?: string;
  line: number;
  /** The stage it starts from, or an image from a registry. */
  base: { stage: number } | { image: string };
  layers: Layer[];
  /** The working folder at the stage's end. */
  workdir: string;
}

const UNRESOLVED = Symbol('unresolved');

/** `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME:+alternative}` against the ARG/ENV values in scope. */
function substitute(text: string, variables: ReadonlyMap<string, string | undefined>): string | typeof UNRESOLVED {
  let unresolved = false;
  const result = text.replace(
    /\$(?:\{([A-Za-z_]\w*)(?::?([-+])([^}]*))?\}|([A-Za-z_]\w*))/g,
    (_whole, braced: string | undefined, operator: string | undefined, word: string | undefined, bare) => {
      const name = braced ?? (bare as string);
      const value = variables.get(name);
      if (operator === '-') return value ? value : (word ?? '');
      if (operator === '+') return value ? (word ?? '') : '';
      if (value === undefined) unresolved = true;
      return value ?? '';
    },
  );
  return unresolved ? UNRESOLVED : result;
}

const GLOB = /[*?[]/;

function globRegExp(pattern: string): RegExp {
  const source = pattern
    .split('')
    .map((ch) =>
      ch === '*' ? '[^/]*' : ch === '?' ? '[^/]' : ch === '[' || ch === ']' ? ch : ch.replace(/[.+()|{}$^\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`);
}

function inImage(path: string, workdir: string): string {
  const absolute = posix.isAbsolute(path) ? path : posix.join(workdir, path);
  const normal = posix.normalize(absolute);
  return normal.length > 1 ? normal.replace(/\/+$/, '') : normal;
}

function contextPath(path: string): string {
  const normal = posix.normalize(path.replace(/^\/+/, ''));
  return normal === '.' || normal === './' ? '' : normal.replace(/^\.\//, '').replace(/\/+$/, '');
}

const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz)$/i;
const REMOTE = /^(https?:\/\/|git@|[\w.-]+\.git$)/;

/** The file commands of one shell command line, as layers; anything else is recorded as generated content. */
function runLayers(
  command: string,
  lineAt: (offset: number) => number,
  workdir: string,
  variables: ReadonlyMap<string, string | undefined>,
): Layer[] {
  const layers: Layer[] = [];
  let cwd = workdir;
  const separators = [...command.matchAll(/&&|\|\||;|\n|\|/g)];
  const starts = [0, ...separators.map((separator) => separator.index + separator[0].length)];
  for (const [index, start] of starts.entries()) {
    const part = command.slice(start, separators[index]?.index ?? command.length);
    const line = lineAt(start + (part.length - part.trimStart().length));
    const words = shellWords(part.trim()).map((word) => {
      const value = substitute(word, variables);
      return value === UNRESOLVED ? undefined : value;
    });
    if (words.length === 0) continue;
    const [program, ...rest] = words;
    const generated = (): void => void layers.push({ kind: 'generated', line, command: part });
    if (program === undefined || rest.some((word) => word === undefined)) {
      generated();
      continue;
    }
    const args = rest as string[];
    const operands = args.filter((word) => !word.startsWith('-'));
    if (program === 'cd' && operands.length === 1) {
      cwd = inImage(operands[0]!, cwd);
    } else if ((program === 'cp' || program === 'mv') && operands.length >= 2) {
      const targetFlag = args.findIndex((word) => word === '-t' || word.startsWith('--target-directory'));
      const explicitTarget =
        targetFlag >= 0
          ? args[targetFlag]!.includes('=')
            ? args[targetFlag]!.split('=')[1]
            : args[targetFlag + 1]
          : undefined;
      const sources = explicitTarget ? operands.filter((word) => word !== explicitTarget) : operands.slice(0, -1);
      const dest = inImage(explicitTarget ?? operands.at(-1)!, cwd);
      const destIsDir = Boolean(explicitTarget) || sources.length > 1 || (operands.at(-1) ?? '').endsWith('/');
      for (const source of sources) {
        const absolute = inImage(source, cwd);
        if (GLOB.test(posix.dirname(absolute))) {
          generated();
          continue;
        }
        const glob = GLOB.test(posix.basename(absolute)) ? globRegExp(posix.basename(absolute)) : undefined;
        layers.push({
          kind: 'map',
          line,
          from: { kind: 'self' },
          source: glob ? posix.dirname(absolute) : absolute,
          dest,
          destIsDir: destIsDir || Boolean(glob),
          ...(glob ? { glob } : {}),
        });
        if (program === 'mv') layers.push({ kind: 'remove', line, path: absolute });
      }
    } else if (program === 'ln' && args.some((word) => /^-\w*s/.test(word)) && operands.length === 2) {
      const link = inImage(operands[1]!, cwd);
      // A relative symlink target is relative to the link's folder, not to the working folder.
      const target = posix.isAbsolute(operands[0]!) ? operands[0]! : posix.join(posix.dirname(link), operands[0]!);
      layers.push({
        kind: 'map',
        line,
        from: { kind: 'self' },
        source: inImage(target, '/'),
        dest: link,
        destIsDir: false,
      });
    } else if (program === 'rm' && operands.length > 0) {
      for (const operand of operands) {
        const absolute = inImage(operand, cwd);
        const glob = GLOB.test(posix.basename(absolute)) ? globRegExp(posix.basename(absolute)) : undefined;
        layers.push({
          kind: 'remove',
          line,
          path: glob ? posix.dirname(absolute) : absolute,
          ...(glob ? { glob } : {}),
        });
      }
    } else {
      generated();
    }
  }
  return layers;
}

function copyLayers(
  instruction: DockerInstruction,
  stage: Stage,
  stages: readonly Stage[],
  variables: ReadonlyMap<string, string | undefined>,
): Layer[] {
  const { line } = instruction;
  const args = instruction.args;
  if (args.length < 2) return [];
  const destWritten = substitute(args.at(-1)!, variables);
  if (destWritten === UNRESOLVED) return [{ kind: 'generated', line }];
  const dest = inImage(destWritten, stage.workdir);
  const sources = args.slice(0, -1);
  const destIsDir = destWritten.endsWith('/') || sources.length > 1;
  const fromFlag = instruction.flags.get('from');
  let from: LayerSource = { kind: 'context' };
  if (fromFlag !== undefined) {
    const named = stages.find(
      (other) => other.name?.toLowerCase() === fromFlag.toLowerCase() || String(other.index) === fromFlag,
    );
    // Another image's files are not the repository's.
    if (!named) return [{ kind: 'generated', line, dest }];
    from = { kind: 'stage', stage: named.index };
  }
  const keepParents = instruction.flags.has('parents');
  const excludeFlag = instruction.flags.get('exclude');
  const exclude = excludeFlag ? new DockerIgnore(excludeFlag.split('\n')) : undefined;
  const layers: Layer[] = [];
  for (const written of sources) {
    if (written.startsWith('<<')) {
      layers.push({
        kind: 'generated',
        line,
        dest: destIsDir ? posix.join(dest, written.replace(/^<<-?["']?|["']$/g, '')) : dest,
      });
      continue;
    }
    const value = substitute(written, variables);
    if (value === UNRESOLVED || (instruction.keyword === 'ADD' && (REMOTE.test(value) || ARCHIVE.test(value)))) {
      layers.push({ kind: 'generated', line, dest });
      continue;
    }
    const source = from.kind === 'context' ? contextPath(value) : inImage(value, '/');
    if (GLOB.test(posix.dirname(source))) {
      layers.push({ kind: 'generated', line, dest });
      continue;
    }
    const glob = GLOB.test(posix.basename(source)) ? globRegExp(posix.basename(source)) : undefined;
    const folder = glob ? posix.dirname(source).replace(/^\.$/, '') : source;
    layers.push({
      kind: 'map',
      line,
      from,
      source: folder,
      // `--parents` keeps the source's folders under the destination.
      dest: keepParents && !glob ? posix.join(dest, posix.dirname(source)) : dest,
      destIsDir: destIsDir || Boolean(glob) || keepParents,
      ...(glob ? { glob } : {}),
      ...(exclude ? { exclude } : {}),
    });
  }
  return layers;
}

/**
 * The stages of a Dockerfile, in order; the last is what `docker build` produces without --target. `buildArgs`
 * (`--build-arg`, compose `build.args`) override ARG defaults.
 */
export function readStages(
  instructions: readonly DockerInstruction[],
  buildArgs: ReadonlyMap<string, string> = new Map(),
): Stage[] {
  const stages: Stage[] = [];
  const globalArgs = new Map<string, string | undefined>();
  let variables = new Map<string, string | undefined>();
  const stageVariables: Array<Map<string, string | undefined>> = [];
  for (const instruction of instructions) {
    const { keyword, args, line } = instruction;
    const stage = stages.at(-1);
    if (keyword === 'FROM') {
      const imageWritten = substitute(args[0] ?? '', globalArgs);
      const image = imageWritten === UNRESOLVED ? (args[0] ?? '') : imageWritten;
      const name = args.length >= 3 && args[1]!.toLowerCase() === 'as' ? args[2] : undefined;
      const baseStage = stages.find((other) => other.name?.toLowerCase() === image.toLowerCase());
      variables = new Map(baseStage ? stageVariables[baseStage.index] : []);
      stages.push({
        index: stages.length,
        ...(name ? { name } : {}),
        line,
        base: baseStage ? { stage: baseStage.index } : { image },
        layers: [],
        workdir: baseStage?.workdir ?? '/',
      });
      stageVariables.push(variables);
      continue;
    }
    if (keyword === 'ARG') {
      for (const arg of args) {
        const [name, ...valueParts] = arg.split('=');
        if (!name) continue;
        const declared = valueParts.length ? valueParts.join('=') : stage ? globalArgs.get(name) : undefined;
        const value = buildArgs.get(name) ?? declared;
        if (!stage) globalArgs.set(name, value);
        else variables.set(name, value);
      }
      continue;
    }
    if (!stage) continue;
    if (keyword === 'ENV') {
      const pairs = args.some((arg) => arg.includes('='))
        ? args.map((arg) => arg.split('=')).map(([name, ...rest]) => [name!, rest.join('=')] as const)
        : args.length >= 2
          ? [[args[0]!, args.slice(1).join(' ')] as const]
          : [];
      for (const [name, value] of pairs) {
        const resolved = substitute(value, variables);
        variables.set(name, resolved === UNRESOLVED ? undefined : resolved);
      }
    } else if (keyword === 'WORKDIR' && args[0]) {
      const workdir = substitute(args.join(' '), variables);
      if (workdir !== UNRESOLVED) stage.workdir = inImage(workdir, stage.workdir);
    } else if (keyword === 'COPY' || keyword === 'ADD') {
      stage.layers.push(...copyLayers(instruction, stage, stages, variables));
    } else if (keyword === 'RUN') {
      const command = instruction.json
        ? args.join(' ')
        : instruction.text.replace(/<<-?["']?\w+["']?/g, (marker) => ' '.repeat(marker.length));
      const commandLine = instruction.json ? () => line : (offset: number) => lineInText(instruction, offset);
      stage.layers.push(...runLayers(command, commandLine, stage.workdir, variables));
      for (const heredoc of instruction.heredocs) {
        const bodyLine = (offset: number) => heredoc.line + (heredoc.body.slice(0, offset).match(/\n/g)?.length ?? 0);
        stage.layers.push(...runLayers(heredoc.body, bodyLine, stage.workdir, variables));
      }
    }
  }
  return stages;
}
