import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { SourceSpan } from '../finding.js';
import type { SyntaxNode } from '../parse/python-parser.js';
import { spanOf } from '../parse/span.js';
import { either, hintForReads, MAX_OPTIONS, type Choice } from './branches.js';
import { evaluate } from './expressions.js';
import { OPAQUE_NAMES, cloneScope, replaceScope, type Frame, type Scope } from './frame.js';
import { mergeScopes, runBlock } from './statements.js';
import { make, unknown, type Value } from './value.js';

/**
 * django-split-settings' `include(*files)`: each file runs in the including module's namespace, in order.
 * The list may be computed (`include(*base_settings, optional(f"environments/{ENV}.py"))`): files every
 * path includes run as known; where the paths differ, each one runs as a branch of an undecided choice.
 */

/** One step of an include: a file to run, a required file that is not there, or a name the model cannot see. */
type Step =
  | { kind: 'file'; absPath: string }
  | { kind: 'missing'; pattern: string; span: SourceSpan }
  | { kind: 'unknown'; value: Value; span: SourceSpan };

/** An entry of the include list before its files are found. */
type Entry = { pattern: string; optional: boolean; span: SourceSpan } | { unseen: Value; span: SourceSpan };

/** `optional("local.py")`: a marker the include runs only when the file exists. */
export function optionalInclude(name: string, positional: readonly Value[], span: SourceSpan): Value | undefined {
  if (name !== 'split_settings.optional' || !positional[0]) return undefined;
  return make('object', { object: { type: 'optional-include', path: positional[0] } }, span, positional[0].env);
}

export async function runInclude(call: SyntaxNode, frame: Frame): Promise<void> {
  const span = spanOf(call, frame.file);
  const argumentValues: Array<{ value: Value; spread: boolean; span: SourceSpan }> = [];
  for (const argument of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (!argument || argument.type === 'keyword_argument' || argument.type === 'comment') continue;
    const spread = argument.type === 'list_splat';
    const node = spread ? argument.namedChildren[0] : argument;
    if (!node) continue;
    argumentValues.push({ value: evaluate(node, frame), spread, span: spanOf(argument, frame.file) });
  }
  const choice: Choice = { condition: call.text, at: span };
  const tooMany = () => {
    const why = `more than ${MAX_OPTIONS} combinations of files to include`;
    settingsUnseen(frame, unknown(why, span, [], choice.hint), `${frame.file} includes ${why} (line ${span.line})`);
  };
  const lists = entryLists(argumentValues, choice);
  if (!lists) return tooMany();
  const paths: Step[][] = [];
  for (const entries of lists) paths.push(...(await stepsOf(entries, frame, choice)));
  if (paths.length > MAX_OPTIONS) return tooMany();
  await runPaths(paths, frame, choice);
}

/** The include list on each path: an undecided list (or item) gives one list per outcome. */
function entryLists(
  argumentValues: ReadonlyArray<{ value: Value; spread: boolean; span: SourceSpan }>,
  choice: Choice,
): Entry[][] | undefined {
  let lists: Entry[][] = [[]];
  const extend = (options: Entry[][]) => {
    lists = lists.flatMap((list) => options.map((option) => [...list, ...option]));
  };
  for (const argument of argumentValues) {
    const outcomes = argument.value.kind === 'either' ? argument.value.options : [argument.value];
    if (argument.value.kind === 'either') {
      choice.hint ??= argument.value.hint ?? hintForReads(argument.value.env);
      choice.condition = argument.value.condition;
    }
    extend(
      outcomes.map((outcome) =>
        argument.spread ? spreadEntries(outcome, argument.span) : entriesOf(outcome, argument.span),
      ),
    );
    if (lists.length > MAX_OPTIONS) return undefined;
  }
  return lists;
}

function spreadEntries(value: Value, span: SourceSpan): Entry[] {
  if ((value.kind === 'list' || value.kind === 'tuple') && !value.open) {
    return value.items.flatMap((item) => entriesOf(item, item.span));
  }
  return [{ unseen: value, span }];
}

function entriesOf(value: Value, span: SourceSpan): Entry[] {
  if (value.kind === 'str') return [{ pattern: value.value, optional: false, span }];
  if (value.kind === 'object' && value.object.type === 'optional-include' && value.object.path.kind === 'str') {
    return [{ pattern: value.object.path.value, optional: true, span }];
  }
  const inner = value.kind === 'object' && value.object.type === 'optional-include' ? value.object.path : value;
  return [{ unseen: inner, span }];
}

/**
 * The steps each entry list takes. A file name the model cannot compute, written as a string with holes
 * (`f"environments/{ENV}.py"`), may be any file matching it: each is a path of its own.
 */
async function stepsOf(entries: readonly Entry[], frame: Frame, choice: Choice): Promise<Step[][]> {
  const folder = dirname(frame.absPath);
  const shipped = (file: string) => frame.interpreter.host.resolver.shipped(file);
  let paths: Step[][] = [[]];
  for (const entry of entries) {
    let options: Step[][];
    if ('pattern' in entry) {
      const files = expandGlob(folder, entry.pattern).filter(shipped);
      options =
        files.length > 0 || entry.optional
          ? [files.map((absPath) => ({ kind: 'file', absPath }) as Step)]
          : [[{ kind: 'missing', pattern: entry.pattern, span: entry.span }]];
    } else {
      const pattern = await holePattern(entry.unseen, frame);
      // A hole never names a private module such as __init__.py: settings name their environments.
      const files = pattern
        ? expandGlob(folder, pattern).filter((file) => shipped(file) && !basename(file).startsWith('_'))
        : [];
      if (files.length > 0) choice.hint ??= hintOf(entry.unseen);
      options = files.length
        ? files.map((absPath) => [{ kind: 'file', absPath } as Step])
        : [[{ kind: 'unknown', value: entry.unseen, span: entry.span }]];
    }
    paths = paths.flatMap((path) => options.map((option) => [...path, ...option]));
  }
  return paths;
}

/** The glob a file name with unknown parts matches: its written text with `*` for each hole. */
async function holePattern(value: Value, frame: Frame): Promise<string | undefined> {
  if (value.kind !== 'unknown' || !value.span.file) return undefined;
  const root = frame.absPath.slice(0, frame.absPath.length - frame.file.length);
  const source = await frame.interpreter.host.store.parse(join(root, value.span.file));
  if (!source) return undefined;
  // The expression that produced the value: the smallest node spanning exactly the value's span.
  let node: SyntaxNode | null = source.tree.rootNode.descendantForPosition({
    row: value.span.line - 1,
    column: value.span.column - 1,
  });
  const ends = (candidate: SyntaxNode) =>
    candidate.endPosition.row === (value.span.endLine ?? value.span.line) - 1 &&
    candidate.endPosition.column === (value.span.endColumn ?? value.span.column) - 1;
  while (node && !ends(node)) node = node.parent;
  const pattern = node ? patternOf(node) : undefined;
  return pattern && /[^*?]/.test(pattern) && pattern.includes('*') ? pattern : undefined;
}

/** The text an expression builds, with `*` where a part is not written out (an f-string field, a `%s`). */
function patternOf(node: SyntaxNode): string {
  switch (node.type) {
    case 'string': {
      let text = '';
      for (const child of node.namedChildren) {
        if (child?.type === 'string_content') text += escapeGlob(child.text);
        // An escaped character is rare in a file name; any character matches it.
        else if (child?.type === 'escape_sequence') text += '?';
        else if (child?.type === 'interpolation') text += '*';
      }
      return text;
    }
    case 'concatenated_string':
      return node.namedChildren.map((child) => (child ? patternOf(child) : '')).join('');
    case 'parenthesized_expression':
      return node.namedChildren[0] ? patternOf(node.namedChildren[0]) : '*';
    case 'binary_operator': {
      const operator = node.childForFieldName('operator')?.type;
      const left = node.childForFieldName('left')!;
      if (operator === '+') return patternOf(left) + patternOf(node.childForFieldName('right')!);
      // "environments/%s.py" % ENV
      if (operator === '%' && left.type === 'string') return patternOf(left).replace(/%[-#0 +\d.]*[sdirf]/g, '*');
      return '*';
    }
    case 'call': {
      // "environments/{0}.py".format(ENV)
      const callee = node.childForFieldName('function');
      const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
      if (receiver?.type === 'string' && callee?.childForFieldName('attribute')?.text === 'format') {
        return patternOf(receiver).replace(/\{[^{}]*\}/g, '*');
      }
      return '*';
    }
    default:
      return '*';
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[]/g, '?');
}

/** Runs the steps the paths share as known, then each path's own steps as a branch. */
async function runPaths(paths: Step[][], frame: Frame, choice: Choice): Promise<void> {
  let shared = 0;
  const [first] = paths;
  if (!first) return;
  while (shared < first.length && paths.every((path) => sameStep(path[shared], first[shared]))) shared++;
  for (const step of first.slice(0, shared)) await runStep(step, frame, false);
  const rests = paths.map((path) => path.slice(shared));
  if (rests.every((rest) => rest.length === 0)) return;
  if (rests.length === 1) {
    for (const step of rests[0]!) await runStep(step, frame, false);
    return;
  }
  const outcomes: Scope[] = [];
  for (const rest of rests) {
    const branch: Frame = { ...frame, scope: cloneScope(frame.scope), importsMayFail: true };
    let reached = true;
    for (const step of rest) reached = reached && (await runStep(step, branch, true));
    // A path that includes a file that is not there, or whose file raises, is not how production runs.
    if (reached) outcomes.push(branch.scope);
  }
  if (outcomes.length === 0) {
    settingsUnseen(
      frame,
      unknown('the files an include could run, all of which fail', choice.at!),
      `${frame.file} includes files that are missing or fail on every path (line ${choice.at?.line})`,
    );
    return;
  }
  let merged = outcomes[0]!;
  for (const next of outcomes.slice(1)) {
    const target: Scope = new Map();
    mergeScopes(target, merged, next, choice);
    merged = target;
  }
  replaceScope(frame.scope, merged);
}

function sameStep(a: Step | undefined, b: Step | undefined): boolean {
  if (!a || !b || a.kind !== b.kind) return false;
  if (a.kind === 'file' && b.kind === 'file') return a.absPath === b.absPath;
  return a === b;
}

/** Runs one step; false when the path cannot be production's (a missing file or a raise, in a branch). */
async function runStep(step: Step, frame: Frame, inBranch: boolean): Promise<boolean> {
  const interpreter = frame.interpreter;
  if (step.kind === 'missing') {
    if (inBranch) return false;
    interpreter.note(
      step.span,
      `${frame.file} includes ${step.pattern}, which is not in the repository (line ${step.span.line}).`,
      'Commit the file or wrap it in optional().',
    );
    // Without the file the settings would not load, so production has one, written at deploy time: any
    // setting may come from it, those assigned before it included.
    const why = `${step.pattern}, which the deployment provides`;
    const hint = `commit ${step.pattern} (or a sample of what production writes there), or pass --settings with the module production uses`;
    const unseen = unknown(`a value ${why} may set`, step.span, [], hint);
    for (const [name, binding] of frame.scope) {
      if (!/^[A-Z][A-Z0-9_]*$/.test(name)) continue;
      const value = either([binding.value, unseen], `${step.pattern} overriding it`, { at: step.span, hint });
      frame.scope.set(name, { ...binding, value });
    }
    frame.scope.set(OPAQUE_NAMES, {
      value: unknown(`names ${why} may set`, step.span, [], hint),
      assignedAt: step.span,
    });
    return true;
  }
  if (step.kind === 'unknown') {
    const hint = hintOf(step.value) ?? 'pass --settings with the module production uses';
    settingsUnseen(
      frame,
      unknown(
        `the settings of a file include() names from ${describeUnseen(step.value)}`,
        step.span,
        step.value.env,
        hint,
      ),
      `${frame.file} includes a settings file whose name is not known (line ${step.span.line}); settings after it are treated as unknown`,
    );
    return true;
  }
  const source = await interpreter.host.store.parse(step.absPath);
  if (!source || interpreter.importing.has(step.absPath)) return true;
  interpreter.importing.add(step.absPath);
  if (!interpreter.modulesRun.includes(step.absPath)) interpreter.modulesRun.push(step.absPath);
  try {
    const included: Frame = { ...frame, file: source.file, absPath: step.absPath };
    const flow = await runBlock(source.tree.rootNode.namedChildren, included);
    if (flow.kind === 'raise') {
      if (inBranch) return false;
      interpreter.onUncaughtRaise(flow, source.file);
    }
  } finally {
    interpreter.importing.delete(step.absPath);
  }
  return true;
}

function hintOf(value: Value): string | undefined {
  return (value.kind === 'unknown' ? value.hint : undefined) ?? hintForReads(value.env);
}

function describeUnseen(value: Value): string {
  return value.kind === 'unknown' ? value.why : `a ${value.kind} value`;
}

/** From here on any setting may come from what the model cannot see; the note says what would show it. */
function settingsUnseen(frame: Frame, value: Value, message: string): void {
  frame.scope.set(OPAQUE_NAMES, { value, assignedAt: value.span });
  const hint = value.kind === 'unknown' && value.hint ? value.hint : 'pass --settings with a plain settings module';
  frame.interpreter.note(value.span, `${message}.`, `To judge them, ${hint}.`);
}

/** django-split-settings' glob: `*` and `?` within one path segment, files in name order. */
export function expandGlob(folder: string, pattern: string): string[] {
  const isFile = (path: string) => {
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  };
  if (!/[*?[]/.test(pattern)) {
    const path = join(folder, pattern);
    return isFile(path) ? [path] : [];
  }
  let candidates = [folder];
  for (const segment of pattern.split('/')) {
    if (!/[*?[]/.test(segment)) {
      candidates = candidates.map((candidate) => join(candidate, segment));
      continue;
    }
    const matcher = new RegExp(
      `^${segment
        .replace(/[.+^${}()|\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')}$`,
    );
    candidates = candidates.flatMap((candidate) => {
      try {
        return readdirSync(candidate)
          .filter((name) => matcher.test(name))
          .sort()
          .map((name) => join(candidate, name));
      } catch {
        return [];
      }
    });
  }
  return candidates.filter(isFile);
}
