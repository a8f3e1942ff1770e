import { lineInText, readDockerfileInstructions, type DockerInstruction } from '../dockerfile-instructions.js';
import { firstSaying, nameLook, type EvidenceLook } from './look.js';
import type { FoundModule } from './reading.js';
import { moduleFromValue, type VariableShapes } from './settings-assignments.js';

/** An instruction and the stage it belongs to. */
interface Instruction extends DockerInstruction {
  stage: number;
}

interface Stage {
  name: string;
  parent: number | undefined;
  setsEnvironment: boolean;
}

/**
 * Every settings module a Dockerfile (or Containerfile) sets, read with the image reader's instruction parser
 * (continuations, heredocs, flags, JSON form): `ENV` in both its `KEY=value` and legacy
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
  const { instructions, stages } = readStages(text, variable);
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
      new RegExp(String.raw`${variable.name}[=\s]\s*["']?\$\{?${variable.name}\b`).test(instruction.text),
  );
  const found: FoundModule[] = [];
  for (const instruction of instructions) {
    const mentions = mentionsOf(instruction, variable);
    const buildStep = instruction.keyword === 'RUN' || (instruction.keyword === 'ARG' && !argumentReachesRuntime);
    const look = buildStep ? buildStepLook(ownLook(instruction.stage)) : inheritedLook(instruction.stage);
    for (const mention of mentions) {
      found.push({
        module: mention.module,
        line: mention.line,
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

/** A value an instruction sets, at its physical line. */
function mentionsOf(instruction: DockerInstruction, variable: VariableShapes): { module: string; line: number }[] {
  const { keyword, text } = instruction;
  const inText = (mentions: { module: string; index: number }[]) =>
    mentions.map((mention) => ({ module: mention.module, line: lineInText(instruction, mention.index) }));
  if (keyword === 'ENV') {
    const legacy = new RegExp(String.raw`^${variable.name}[ \t]+(?!=)(\S.*)$`, 's').exec(text);
    if (legacy) {
      const module = moduleFromValue(legacy[1]!.trim());
      return module ? [{ module, line: lineInText(instruction, text.indexOf(legacy[1]!)) }] : [];
    }
    return inText(variable.environmentMentions(text));
  }
  if (keyword === 'ARG') return inText(variable.environmentMentions(text));
  if (keyword !== 'CMD' && keyword !== 'ENTRYPOINT' && keyword !== 'RUN') return [];
  // A heredoc (`RUN <<EOF`) runs its body lines as the instruction's script.
  const inHeredocs = instruction.heredocs.flatMap((heredoc) =>
    variable.mentions(heredoc.body).map((mention) => ({
      module: mention.module,
      line: heredoc.line + (heredoc.body.slice(0, mention.index).match(/\n/g)?.length ?? 0),
    })),
  );
  return [...inText(variable.mentions(text)), ...inHeredocs];
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

/** The instructions that may set the value, each with its stage, and the stages (`FROM x AS name`) in order. */
function readStages(text: string, variable: VariableShapes): { instructions: Instruction[]; stages: Stage[] } {
  const instructions: Instruction[] = [];
  const stages: Stage[] = [];
  for (const instruction of readDockerfileInstructions(text)) {
    if (instruction.keyword === 'FROM') {
      const [base = '', as, name = ''] = instruction.args;
      const named = as?.toLowerCase() === 'as' ? name : '';
      const parent = stages.findIndex((stage) => stage.name !== '' && stage.name.toLowerCase() === base.toLowerCase());
      stages.push({ name: named, parent: parent === -1 ? undefined : parent, setsEnvironment: false });
      continue;
    }
    if (stages.length === 0) stages.push({ name: '', parent: undefined, setsEnvironment: false });
    const stage = stages.length - 1;
    instructions.push({ ...instruction, stage });
    if (instruction.keyword === 'ENV' && instruction.text.includes(variable.name))
      stages[stage]!.setsEnvironment = true;
  }
  return { instructions, stages };
}
