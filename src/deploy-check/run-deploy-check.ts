import { getExecOutput } from '@actions/exec';

export interface DeployCheckRun {
  /** How it was started, for messages: "python3 manage.py check --deploy". */
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The Django version the interpreter imported, when it could. */
  djangoVersion?: string;
  timedOut: boolean;
  /** The interpreter could not be started at all. */
  notFound?: string;
  durationMs: number;
}

export interface DeployCheckRequest {
  python: string;
  /** The folder of manage.py. */
  cwd: string;
  env: Record<string, string>;
  timeoutSeconds: number;
  tags: readonly string[];
}

const VERSION_MARKER = 'django-security-gate: django ';
const TIMEOUT_MARKER = 'django-security-gate: timed out';

/**
 * A few lines of Python in front of manage.py: report the Django version it imports, and end the run
 * after the timeout from inside Python (faulthandler), so the time limit works wherever Python runs.
 */
function launcher(timeoutSeconds: number, args: readonly string[]): string {
  return [
    'import faulthandler, runpy, sys',
    `faulthandler.dump_traceback_later(${timeoutSeconds}, exit=True)`,
    'try:',
    '    import django',
    `    sys.stderr.write(${JSON.stringify(VERSION_MARKER)} + django.get_version() + "\\n")`,
    'except Exception:',
    '    pass',
    `sys.argv = ${JSON.stringify(['manage.py', ...args])}`,
    'runpy.run_path("manage.py", run_name="__main__")',
  ].join('\n');
}

/** Runs `manage.py check --deploy` the way a developer would, through @actions/exec, and captures it. */
export async function runDeployCheck(request: DeployCheckRequest): Promise<DeployCheckRun> {
  const args = ['check', '--deploy', ...request.tags.flatMap((tag) => ['--tag', tag])];
  const command = `${request.python} manage.py ${args.join(' ')}`;
  const started = Date.now();
  try {
    const output = await getExecOutput(request.python, ['-c', launcher(request.timeoutSeconds, args)], {
      cwd: request.cwd,
      env: request.env,
      silent: true,
      ignoreReturnCode: true,
    });
    let stderr = output.stderr;
    let djangoVersion: string | undefined;
    const versionLine = stderr.split('\n').find((line) => line.startsWith(VERSION_MARKER));
    if (versionLine) {
      djangoVersion = versionLine.slice(VERSION_MARKER.length).trim();
      stderr = stderr.replace(`${versionLine}\n`, '');
    }
    const timedOut = /^Timeout \(\d+:\d\d:\d\d\)!$/m.test(stderr);
    return {
      command,
      exitCode: output.exitCode,
      stdout: output.stdout,
      stderr: timedOut ? `${TIMEOUT_MARKER}\n${stderr}` : stderr,
      djangoVersion,
      timedOut,
      durationMs: Date.now() - started,
    };
  } catch (error) {
    return {
      command,
      exitCode: -1,
      stdout: '',
      stderr: '',
      timedOut: false,
      notFound: (error as Error).message,
      durationMs: Date.now() - started,
    };
  }
}
