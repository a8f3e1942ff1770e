import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FAIL_ON_VALUES, type FailOn } from './config/config-file.js';
import { OUTPUT_FORMATS, render, type OutputFormat } from './output-format.js';
import { productionEnvironmentFrom } from './production-env-input.js';
import { ALL_RULES } from './rules/registry.js';
import { scan } from './scan.js';
import { TOOL_NAME, TOOL_VERSION } from './tool.js';
import { UsageError } from './usage-error.js';
import { assertWritableFile } from './writable-file.js';

const HELP = `Usage: ${TOOL_NAME} [PATH] [options]

Checks a Django project's production security settings and code, the way CI will.
PATH is the project folder (default "."); manage.py and the settings module are found inside it
(or, from a subfolder of a project, above it).

Options:
  --settings MODULE        settings module (default: DJANGO_SETTINGS_MODULE from --env or the
                           environment, else what deployment files set, else manage.py's)
  --format FORMAT          text | json | sarif | github (workflow commands); default text
  --output FILE            write the report to FILE instead of standard output
  --fail-on LEVEL          error | warning | note | never: lowest level that fails (default warning)
  --no-deploy-check        static checks only; do not run Python
  --python PATH            interpreter for manage.py (default python3, then python); also where
                           star-imported packages are looked up (never imported)
  --env KEY=VALUE          a variable of the production environment (repeatable)
  --env-file FILE          production environment as KEY=VALUE lines
  --config FILE            config file (default .django-security.yml in PATH or the repository root)
  --baseline FILE          accepted findings: only findings not in it gate
  --update-baseline        write the current findings to the --baseline file
  --list-rules             list every rule with its level and summary
  --version                print the version
  -h, --help               print this help

Exit codes: 0 passed, 1 findings at or above --fail-on, 2 usage, config or discovery error.
`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

function listRules(): string {
  const width = Math.max(...ALL_RULES.map((rule) => rule.id.length));
  return `${ALL_RULES.map((rule) => `${rule.id.padEnd(width)}  ${rule.level.padEnd(7)}  ${rule.summary}`).join('\n')}\n`;
}

/** The CLI as a function of argv, so tests can call it; returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        settings: { type: 'string' },
        format: { type: 'string', default: 'text' },
        output: { type: 'string' },
        'fail-on': { type: 'string' },
        'no-deploy-check': { type: 'boolean', default: false },
        python: { type: 'string' },
        env: { type: 'string', multiple: true, default: [] },
        'env-file': { type: 'string' },
        config: { type: 'string' },
        baseline: { type: 'string' },
        'update-baseline': { type: 'boolean', default: false },
        'list-rules': { type: 'boolean', default: false },
        version: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.stderr(`${TOOL_NAME}: ${(error as Error).message}\nRun ${TOOL_NAME} --help for usage.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (values.version) {
    io.stdout(`${TOOL_NAME} ${TOOL_VERSION}\n`);
    return 0;
  }
  if (values['list-rules']) {
    io.stdout(listRules());
    return 0;
  }
  try {
    if (positionals.length > 1)
      throw new UsageError(`expected one PATH, got ${positionals.length}: ${positionals.join(' ')}`);
    const format = values.format as OutputFormat;
    if (!OUTPUT_FORMATS.includes(format))
      throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, not "${format}"`);
    const failOn = values['fail-on'] as FailOn | undefined;
    if (failOn !== undefined && !FAIL_ON_VALUES.includes(failOn)) {
      throw new UsageError(`--fail-on must be one of ${FAIL_ON_VALUES.join(', ')}, not "${failOn}"`);
    }

    if (values.output) assertWritableFile(values.output, '--output');
    const result = await scan({
      path: positionals[0] ?? '.',
      settingsModule: values.settings,
      environment: productionEnvironmentFrom(values['env-file'], values.env ?? []),
      processEnvironment: io.env,
      deployCheck: !values['no-deploy-check'],
      python: values.python,
      configFile: values.config,
      baselineFile: values.baseline,
      updateBaseline: values['update-baseline'],
      failOn,
    });
    const colour = io.isTty && !values.output && !io.env.NO_COLOR && format === 'text';
    const text = render(result, format, colour);
    if (values.output) writeFileSync(values.output, text);
    else io.stdout(text);
    return result.summary.passed ? 0 : 1;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${TOOL_NAME}: ${error.message}\n`);
      return 2;
    }
    io.stderr(`${TOOL_NAME}: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return 2;
  }
}
