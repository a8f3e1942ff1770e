import type { FoundModule } from './reading.js';
import { firstSaying, nameLook, type EvidenceLook } from './look.js';
import { moduleFromValue, type VariableShapes } from './settings-assignments.js';
import { linesOf } from './text-lines.js';

/** One instruction, its continuation lines joined, with the physical line each joined piece came from. */
interface Instruction {
  keyword: string;
  /** The text after the keyword. */
  argument: string;
  pieces: { offset: number; line: number }[];
  stage: number;
}

interface Stage {
  name: string;
  parent: number | undefined;
  setsEnvironment: boolean;
}

/**
 * Every settings module a Dockerfile (or Containerfile) sets: `ENV` in both its `KEY=value` and legacy
 * `KEY value` forms, `ARG` defaults, and `CMD`/`ENTRYPOINT`/`RUN` commands with `--settings` or a
 * `DJANGO_SETTINGS_MODULE=x cmd` prefix. Each is looked at per multi-stage stage: a stage named for
 * development or tests looks so; the final stage, a stage named for production, and a stage whose `ENV` the
 * final stage inherits look like production, unless the file's own path says otherwise (`Dockerfile.dev`).
 * `ENV`, `CMD` and `ENTRYPOINT` carry into the stages built on theirs; `RUN` is a build step (neutral at best), and
 * so is `ARG` unless an `ENV` passes it on.
 */
export function dockerfileModules(
  text: string,
  pathLook: EvidenceLook,
  variable: VariableShapes,
  /** How the final stage looks when nothing else says: production, neutral among examples. */
  finalStageLook: EvidenceLook = 'production',
): FoundModule[] {
  const { instructions, stages } = parseInstructions(text, variable);
  const finalStage = stages.length - 1;
  const ownLook = (stage: number): EvidenceLook =>
    firstSaying(nameLook(stages[stage]?.name ?? ''), pathLook, stage === finalStage ? finalStageLook : 'neutral');
  const inheritedLook = (stage: number): EvidenceLook => {
    const own = ownLook(stage);
    if (own !== 'neutral') return own;
    const heirs = stages.map((_, index) => index).filter((index) => inheritsEnvironment(stages, index, stage));
    const looks = heirs.map(ownLook);
    return looks.includes('production') ? 'production' : firstSaying(...looks);
  };

  // `ARG DJANGO_SETTINGS_MODULE=x` is a build argument; `ENV DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE}` makes
  // its default what the container runs with.
  const argumentReachesRuntime = instructions.some(
    (instruction) =>
      instruction.keyword === 'ENV' &&
      new RegExp(String.raw`${variable.name}[=\s]\s*["']?\$\{?${variable.name}\b`).test(instruction.argument),
  );
  const found: FoundModule[] = [];
  for (const instruction of instructions) {
    const mentions = mentionsOf(instruction, variable);
    const buildStep = instruction.keyword === 'RUN' || (instruction.keyword === 'ARG' && !argumentReachesRuntime);
    const look = buildStep ? buildStepLook(ownLook(instruction.stage)) : inheritedLook(instruction.stage);
    for (const mention of mentions) {
      found.push({
        module: mention.module,
        line: lineOf(instruction, mention.index),
        look,
        context: stages[instruction.stage]?.name,
        ...(buildStep ? { buildOnly: true } : {}),
      });
    }
  }
  return found;
}

/**
 * A `RUN` step's module serves the build (`DJANGO_SETTINGS_MODULE=config.settings.test manage.py compilemessages`
 * in cookiecutter-django's production image), not the container production runs: it looks like production never.
 */
function buildStepLook(stageLook: EvidenceLook): EvidenceLook {
  return stageLook === 'production' ? 'neutral' : stageLook;
}

function mentionsOf(instruction: Instruction, variable: VariableShapes): { module: string; index: number }[] {
  const { keyword, argument } = instruction;
  if (keyword === 'ENV') {
    const legacy = new RegExp(String.raw`^\s*${variable.name}[ \t]+(?!=)(\S.*)$`, 's').exec(argument);
    if (legacy) {
      const module = moduleFromValue(legacy[1]!.trim());
      return module ? [{ module, index: argument.indexOf(legacy[1]!) }] : [];
    }
    return variable.environmentMentions(argument);
  }
  if (keyword === 'ARG') return variable.environmentMentions(argument);
  if (keyword === 'CMD' || keyword === 'ENTRYPOINT' || keyword === 'RUN') return variable.mentions(argument);
  return [];
}

function lineOf(instruction: Instruction, index: number): number {
  let line = instruction.pieces[0]!.line;
  for (const piece of instruction.pieces) if (piece.offset <= index) line = piece.line;
  return line;
}

/** Whether `heir` runs with the `ENV` that `ancestor` sets: it descends from it, and no stage between sets its own. */
function inheritsEnvironment(stages: Stage[], heir: number, ancestor: number): boolean {
  if (heir === ancestor) return false;
  const seen = new Set<number>();
  for (let stage: number | undefined = heir; stage !== undefined && !seen.has(stage); stage = stages[stage]!.parent) {
    seen.add(stage);
    if (stage === ancestor) return true;
    if (stages[stage]!.setsEnvironment) return false;
  }
  return false;
}

const HEREDOC = /<<(-?)(["']?)([A-Za-z_]\w*)\2/g;

function parseInstructions(text: string, variable: VariableShapes): { instructions: Instruction[]; stages: Stage[] } {
  const lines = linesOf(text);
  const escape = /^#\s*escape\s*=\s*`/im.test(lines.slice(0, 5).join('\n')) ? '`' : '\\';
  const instructions: Instruction[] = [];
  const stages: Stage[] = [];
  let current: { text: string; pieces: { offset: number; line: number }[] } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // Docker drops comment lines, also between continuation lines.
    if (/^\s*#/.test(line)) continue;
    if (!current && line.trim() === '') continue;
    current ??= { text: '', pieces: [] };
    current.pieces.push({ offset: current.text.length, line: i + 1 });
    const trimmed = line.replace(/\s+$/, '');
    if (trimmed.endsWith(escape)) {
      current.text += trimmed.slice(0, -1) + ' ';
      continue;
    }
    current.text += line;
    // A heredoc (`RUN <<EOF`) runs its body lines as the instruction's script.
    for (const match of current.text.matchAll(HEREDOC)) {
      const end = match[3]!;
      while (++i < lines.length) {
        const body = lines[i]!;
        if ((match[1] ? body.trim() : body) === end) break;
        current.text += '\n';
        current.pieces.push({ offset: current.text.length, line: i + 1 });
        current.text += body;
      }
    }
    finishInstruction(current, instructions, stages, variable);
    current = undefined;
  }
  if (current) finishInstruction(current, instructions, stages, variable);
  return { instructions, stages };
}

function finishInstruction(
  joined: { text: string; pieces: { offset: number; line: number }[] },
  instructions: Instruction[],
  stages: Stage[],
  variable: VariableShapes,
): void {
  const match = /^\s*([A-Za-z]+)(\s+|$)/.exec(joined.text);
  if (!match) return;
  const keyword = match[1]!.toUpperCase();
  const start = match[0].length;
  const argument = joined.text.slice(start);
  if (keyword === 'FROM') {
    const words = argument.split(/\s+/).filter((word) => word && !word.startsWith('--'));
    const name = words[1]?.toLowerCase() === 'as' ? (words[2] ?? '') : '';
    const base = (words[0] ?? '').toLowerCase();
    const parent = stages.findIndex((stage) => stage.name !== '' && stage.name.toLowerCase() === base);
    stages.push({ name, parent: parent === -1 ? undefined : parent, setsEnvironment: false });
    return;
  }
  if (stages.length === 0) stages.push({ name: '', parent: undefined, setsEnvironment: false });
  const stage = stages.length - 1;
  const pieces = joined.pieces.map((piece) => ({ offset: Math.max(0, piece.offset - start), line: piece.line }));
  instructions.push({ keyword, argument, pieces, stage });
  if (keyword === 'ENV' && argument.includes(variable.name)) stages[stage]!.setsEnvironment = true;
}
