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
  /**
   * What production's image holds where the checkout differs: modules it replaces (dotted name → repository
   * file: a Dockerfile copying `docker/config.py` to `settings/config.py`) and modules it lacks.
   */
  image?: { replaced: Readonly<Record<string, string>>; absent: readonly string[] };
}

const VERSION_MARKER = 'django-security-gate: django ';
const TIMEOUT_MARKER = 'django-security-gate: timed out';

/**
 * A few lines of Python in front of manage.py: report the Django version it imports, and end the run
 * after the timeout from inside Python (faulthandler), so the time limit works wherever Python runs.
 */
function launcher(timeoutSeconds: number, args: readonly string[], image: DeployCheckRequest['image']): string {
  return [
    'import faulthandler, runpy, sys',
    `faulthandler.dump_traceback_later(${timeoutSeconds}, exit=True)`,
    ...(image && (Object.keys(image.replaced).length > 0 || image.absent.length > 0) ? imageFinder(image) : []),
    'try:',
    '    import django',
    `    sys.stderr.write(${JSON.stringify(VERSION_MARKER)} + django.get_version() + "\\n")`,
    'except Exception:',
    '    pass',
    `sys.argv = ${JSON.stringify(['manage.py', ...args])}`,
    'runpy.run_path("manage.py", run_name="__main__")',
  ].join('\n');
}

/**
 * A finder ahead of Python's own: each module the image replaces loads from the file the image copies in, and
 * each module the image lacks cannot be imported (so `try: from .local import *` falls back as in production).
 */
function imageFinder(image: NonNullable<DeployCheckRequest['image']>): string[] {
  return [
    'import importlib.abc, importlib.util',
    `_image_replaced = ${JSON.stringify(image.replaced)}`,
    `_image_absent = set(${JSON.stringify(image.absent)})`,
    'class _ImageModules(importlib.abc.MetaPathFinder):',
    '    def find_spec(self, name, path=None, target=None):',
    '        if name in _image_absent:',
    '            raise ModuleNotFoundError("No module named %r (production\'s image does not hold it)" % name, name=name)',
    '        source = _image_replaced.get(name)',
    '        return importlib.util.spec_from_file_location(name, source) if source else None',
    'sys.meta_path.insert(0, _ImageModules())',
  ];
}

/** Runs `manage.py check --deploy` the way a developer would, through @actions/exec, and captures it. */
export async function runDeployCheck(request: DeployCheckRequest): Promise<DeployCheckRun> {
  const args = ['check', '--deploy', ...request.tags.flatMap((tag) => ['--tag', tag])];
  const command = `${request.python} manage.py ${args.join(' ')}`;
  const started = Date.now();
  try {
    const output = await getExecOutput(request.python, ['-c', launcher(request.timeoutSeconds, args, request.image)], {
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
