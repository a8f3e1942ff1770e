import { parseArgs } from 'node:util';
import { FAIL_ON_VALUES, type FailOn } from './config/config-file.js';
import { OUTPUT_FORMATS, render, type OutputFormat } from './output-format.js';
import { productionEnvironmentFrom } from './production-env-input.js';
import { ALL_RULES } from './rules/registry.js';
import { selectorsFrom } from './rules/rule-selection.js';
import { scan } from './scan.js';
import { TOOL_NAME, TOOL_VERSION } from './tool.js';
import { UsageError } from './usage-error.js';
import { assertWritableFile, writeFileFor } from './writable-file.js';

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
  --environment-file FILE  production environment as KEY=VALUE lines (--env wins over it)
  --env-file FILE          the same, older spelling: Node 20 and later read --env-file themselves, even
                           after the script's name, and stop with "node: FILE: not found" when FILE is
                           missing; use --environment-file
  --config FILE            config file (default .django-security.yml in PATH or the repository root)
  --baseline FILE          accepted findings: only findings not in it gate
  --update-baseline        write the current findings to the --baseline file
  --select RULES           run only these rules: ids or their first words, comma-separated or repeated
                           ("--select hsts,debug-enabled" runs every hsts-* rule and debug-enabled);
                           notes about the scan itself (file-skipped, python-syntax-error,
                           settings-incomplete, deploy-check-failed) are kept
  --ignore RULES           do not run these rules (same form; wins over --select)
  -q, --quiet              text format: only the findings, one line each:
                           file:line:col: level rule-id message
  --statistics             text format: the number of findings per rule instead of the findings
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
        'environment-file': { type: 'string' },
        'env-file': { type: 'string' },
        select: { type: 'string', multiple: true, default: [] },
        ignore: { type: 'string', multiple: true, default: [] },
        quiet: { type: 'boolean', short: 'q', default: false },
        statistics: { type: 'boolean', default: false },
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

    if ((values.quiet || values.statistics) && format !== 'text') {
      throw new UsageError(
        `${values.quiet ? '--quiet' : '--statistics'} changes the text format; --format ${format} already prints only the report`,
      );
    }
    if (values['environment-file'] !== undefined && values['env-file'] !== undefined) {
      throw new UsageError('give --environment-file or --env-file (its older spelling), not both');
    }
    const envFileOption = values['env-file'] !== undefined ? '--env-file' : '--environment-file';
    const ruleSelection = { select: selectorsFrom(values.select ?? []), ignore: selectorsFrom(values.ignore ?? []) };

    if (values.output) assertWritableFile(values.output, '--output');
    const environment = productionEnvironmentFrom(
      values['environment-file'] ?? values['env-file'],
      values.env ?? [],
      envFileOption,
    );
    const result = await scan({
      path: positionals[0] ?? '.',
      settingsModule: values.settings,
      environment,
      processEnvironment: io.env,
      deployCheck: !values['no-deploy-check'],
      python: values.python,
      configFile: values.config,
      baselineFile: values.baseline,
      updateBaseline: values['update-baseline'],
      failOn,
      ruleSelection,
    });
    const colour = io.isTty && !values.output && !io.env.NO_COLOR && format === 'text';
    const text = render(result, format, { colour, quiet: values.quiet, statistics: values.statistics });
    // The checks before the scan catch a missing folder; this catches what only writing shows.
    if (values.output) writeFileFor('--output', values.output, text);
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
