import type { FoundModule } from './reading.js';
import { firstSaying, nameLook, type EvidenceLook } from './look.js';
import type { VariableShapes } from './settings-assignments.js';
import { linesOf } from './text-lines.js';

/** A `--settings` in prose belongs to Django only beside a Django command. */
const DJANGO_COMMAND = /manage\.py|django-admin|django_admin|runserver|collectstatic|migrate|pytest|gunicorn|uwsgi/;

/**
 * Settings modules that documentation and templates show: `export DJANGO_SETTINGS_MODULE=x`,
 * `DJANGO_SETTINGS_MODULE=x gunicorn ...`, `--settings=x` beside a Django command. Inside code blocks (fenced, or
 * indented as in reStructuredText) every shape counts; in prose only a tight `DJANGO_SETTINGS_MODULE=x`, so
 * "DJANGO_SETTINGS_MODULE: the module to use" is not read as a module named `the`. The look comes from the
 * nearest heading above (`## Deploying to production`, `Local development` underlined), then from the path.
 */
export function documentationModules(text: string, pathLook: EvidenceLook, variable: VariableShapes): FoundModule[] {
  const lines = linesOf(text);
  const found: FoundModule[] = [];
  let heading: string | undefined;
  let fence: string | undefined;
  // reStructuredText: a paragraph ending in `::` (or a `.. code-block::` directive) starts an indented block.
  let literalBlock: 'expected' | 'inside' | undefined;
  lines.forEach((line, index) => {
    const fenceMark = /^\s*(```|~~~)/.exec(line);
    if (fenceMark) {
      fence = fence === undefined ? fenceMark[1] : fence === fenceMark[1] ? undefined : fence;
      return;
    }
    if (literalBlock && line.trim() !== '') literalBlock = /^\s/.test(line) ? 'inside' : undefined;
    const inCode = fence !== undefined || literalBlock === 'inside' || /^( {4}|\t)/.test(line);
    if (fence === undefined && /::\s*(\S.*)?$/.test(line) && (/^\s*\.\. /.test(line) || /::\s*$/.test(line))) {
      literalBlock = 'expected';
    }
    if (!inCode) heading = headingAt(lines, index) ?? heading;
    const environment = variable
      .environmentMentions(line)
      .filter((mention) => inCode || variable.isTightAt(line, mention.index));
    const options = DJANGO_COMMAND.test(line) ? variable.optionMentions(line) : [];
    for (const mention of [...environment, ...options].sort((a, b) => a.index - b.index)) {
      found.push({
        module: mention.module,
        line: index + 1,
        look: firstSaying(heading ? nameLook(heading) : 'neutral', pathLook),
        context: heading,
      });
    }
  });
  return found;
}

/** The heading a line is, in Markdown (`## x`) or reStructuredText (a line underlined with `===`, `---`, `~~~`). */
function headingAt(lines: string[], index: number): string | undefined {
  const line = lines[index]!;
  const markdown = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
  if (markdown) return markdown[1];
  const next = lines[index + 1];
  if (line.trim() && next && /^([=\-~^"'`*+#])\1{2,}\s*$/.test(next) && !/^([=\-~^"'`*+#])\1{2,}\s*$/.test(line)) {
    return line.trim();
  }
  return undefined;
}
