import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IgnoreRules } from '../../src/discover/ignore-rules.js';
import { walkPythonFiles } from '../../src/discover/python-files.js';
import { listTrackedFiles, trackedFilesFrom, type GitRunner } from '../../src/discover/tracked-files.js';
import { scan } from '../../src/scan.js';
import { writeTree } from '../support/settings-harness.js';

/** git with no variable from the test's own environment pointing it elsewhere, and an identity to commit. */
function git(cwd: string, ...args: string[]): string {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('GIT_')) delete env[name];
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A real repository: every file written, those in `tracked` added to the index (with -f, past .gitignore). */
function gitRepo(files: Record<string, string>, tracked: readonly string[]): string {
  const root = writeTree(files);
  git(root, 'init', '-q');
  if (tracked.length > 0) git(root, 'add', '-f', '--', ...tracked);
  return root;
}

const walked = (root: string, rules: IgnoreRules) =>
  walkPythonFiles(root, rules)
    .pythonFiles.map((file) =>
      file
        .slice(root.length + 1)
        .split('\\')
        .join('/'),
    )
    .sort();

const layout = {
  '.gitignore': 'local.py\nbuild/\n',
  'app/settings.py': 'DEBUG = False\n',
  'app/local.py': 'DEBUG = True\n',
  'app/extra/local.py': 'DEBUG = True\n',
  'build/tool.py': 'print("tracked")\n',
  'build/junk.py': 'print("untracked")\n',
  'build/cache/gen.py': 'print("untracked")\n',
  'build/lib/keep/kept.py': 'print("tracked")\n',
  'app/new.py': 'print("untracked, not ignored")\n',
};
const trackedInLayout = ['.gitignore', 'app/settings.py', 'app/local.py', 'build/tool.py', 'build/lib/keep/kept.py'];

describe('tracked files are scanned whatever .gitignore says', () => {
  it.each<[string, string, boolean, boolean]>([
    ['a tracked file that .gitignore matches', 'app/local.py', false, false],
    ['an untracked file that .gitignore matches', 'app/extra/local.py', false, true],
    ['an untracked file no rule matches', 'app/new.py', false, false],
    ['an ignored folder that holds tracked files', 'build', true, false],
    ['a tracked file in an ignored folder', 'build/tool.py', false, false],
    ['an untracked file in an ignored folder', 'build/junk.py', false, true],
    ['a folder in an ignored folder with no tracked file', 'build/cache', true, true],
    ['a folder in an ignored folder above a tracked file', 'build/lib', true, false],
  ])('%s (%s)', (_title, path, isDirectory, ignored) => {
    const root = gitRepo(layout, trackedInLayout);
    expect(new IgnoreRules(root).isIgnored(join(root, path), isDirectory)).toBe(ignored);
  });

  it('walks the tracked files of an ignored folder and leaves out its untracked ones', () => {
    const root = gitRepo(layout, trackedInLayout);
    expect(walked(root, new IgnoreRules(root))).toEqual([
      'app/local.py',
      'app/new.py',
      'app/settings.py',
      'build/lib/keep/kept.py',
      'build/tool.py',
    ]);
  });

  it('walks tracked dot-folders when .gitignore ignores every dot-name (saleor: .*)', () => {
    const root = gitRepo(
      {
        '.gitignore': '.*\n',
        '.claude/skills/filter-benchmark/analyze_query.py': 'print("tracked")\n',
        '.cache/generated.py': 'print("untracked")\n',
        'saleor/settings.py': 'DEBUG = False\n',
      },
      ['.gitignore', '.claude/skills/filter-benchmark/analyze_query.py', 'saleor/settings.py'],
    );
    expect(walked(root, new IgnoreRules(root))).toEqual([
      '.claude/skills/filter-benchmark/analyze_query.py',
      'saleor/settings.py',
    ]);
  });

  it('walks a submodule that .gitignore matches, and asks git inside one (its .git is a file)', () => {
    const library = gitRepo({ 'lib/core.py': 'x = 1\n', '.gitignore': 'core.py\n' }, ['lib/core.py', '.gitignore']);
    git(library, 'commit', '-q', '-m', 'library');
    const root = gitRepo({ '.gitignore': 'vendor/\n', 'app.py': '' }, ['.gitignore', 'app.py']);
    git(root, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', '-f', library, 'vendor/library');
    const rules = new IgnoreRules(root);
    expect(rules.isIgnored(join(root, 'vendor'), true)).toBe(false);
    expect(rules.isIgnored(join(root, 'vendor/library'), true)).toBe(false);
    const submodule = join(root, 'vendor/library');
    expect(walked(submodule, new IgnoreRules(submodule))).toEqual(['lib/core.py']);
  });

  it("leaves out tracked files that the config's exclude patterns match", () => {
    const root = gitRepo(layout, trackedInLayout);
    const rules = new IgnoreRules(root, ['app/local.py', 'build/lib/']);
    expect(rules.isIgnored(join(root, 'app/local.py'))).toBe(true);
    expect(rules.isIgnored(join(root, 'build/lib'), true)).toBe(true);
    expect(walked(root, rules)).toEqual(['app/new.py', 'app/settings.py', 'build/tool.py']);
  });

  it('applies .gitignore to every file without git, as before', () => {
    const root = writeTree(layout);
    expect(listTrackedFiles(root)).toEqual({});
    expect(walked(root, new IgnoreRules(root))).toEqual(['app/new.py', 'app/settings.py']);
  });

  it('applies .gitignore to every file when .git is not a repository, even inside another repository', () => {
    const outer = gitRepo({ 'inner/.gitignore': 'local.py\n', 'inner/local.py': 'DEBUG = True\n' }, ['inner/local.py']);
    const inner = join(outer, 'inner');
    mkdirSync(join(inner, '.git'));
    writeFileSync(join(inner, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    expect(listTrackedFiles(inner)).toEqual({});
    expect(new IgnoreRules(inner).isIgnored(join(inner, 'local.py'))).toBe(true);
  });

  it('asks git in a worktree, whose .git is a file', () => {
    const main = gitRepo(layout, trackedInLayout);
    git(main, 'commit', '-q', '-m', 'initial');
    const worktree = `${main}-worktree`;
    git(main, 'worktree', 'add', '-q', worktree);
    expect(walked(worktree, new IgnoreRules(worktree))).toEqual([
      'app/local.py',
      'app/settings.py',
      'build/lib/keep/kept.py',
      'build/tool.py',
    ]);
  });

  it('keeps names with non-ASCII letters and spaces as they are', () => {
    const root = gitRepo({ '.gitignore': '*.py\n', 'réglages/réseau local.py': 'DEBUG = True\n' }, [
      'réglages/réseau local.py',
    ]);
    const tracked = listTrackedFiles(root).tracked;
    expect([...(tracked?.files ?? [])]).toEqual(['réglages/réseau local.py']);
    expect(walked(root, new IgnoreRules(root))).toEqual(['réglages/réseau local.py']);
  });

  it('knows every folder above a tracked file', () => {
    const tracked = trackedFilesFrom('a/b/c.py\0a/b/d/e.py\0a/f.py\0top.py\0');
    expect([...tracked.folders].sort()).toEqual(['a', 'a/b', 'a/b/d']);
    expect(tracked.files.has('a/b/d/e.py')).toBe(true);
  });
});

describe('when git cannot answer, .gitignore applies to every file', () => {
  const dubious: GitRunner = () => ({
    pid: 1,
    output: [],
    stdout: '',
    stderr:
      "fatal: detected dubious ownership in repository at '/repo'\nTo add an exception for this directory, call:\n\n\tgit config --global --add safe.directory /repo\n",
    status: 128,
    signal: null,
  });
  const missing: GitRunner = (args, cwd, env) =>
    spawnSync('git-is-not-installed', args, { cwd, env, encoding: 'utf8' });

  it('says so when git refuses a repository owned by another user', () => {
    const root = gitRepo(layout, trackedInLayout);
    const answer = listTrackedFiles(root, dubious);
    expect(answer.tracked).toBeUndefined();
    expect(answer.remark).toMatch(/dubious ownership.*safe\.directory/s);
    const rules = new IgnoreRules(root, [], answer);
    expect(rules.remark).toBe(answer.remark);
    expect(walked(root, rules)).toEqual(['app/new.py', 'app/settings.py']);
  });

  it('falls back quietly when git is not installed', () => {
    const root = gitRepo(layout, trackedInLayout);
    expect(listTrackedFiles(root, missing)).toEqual({});
    expect(walked(root, new IgnoreRules(root, [], listTrackedFiles(root, missing)))).toEqual([
      'app/new.py',
      'app/settings.py',
    ]);
  });
});

describe('a scan judges tracked files that .gitignore matches', () => {
  const project = {
    '.gitignore': 'local.py\n',
    'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n',
    'site/__init__.py': '',
    'site/settings.py':
      'import os\nSECRET_KEY = os.environ["K"]\nDEBUG = False\nALLOWED_HOSTS = ["a.example"]\n' +
      'try:\n    from .local import *\nexcept ImportError:\n    pass\n',
    'site/local.py': 'DEBUG = True\n',
  };
  const debugFindings = async (root: string) => {
    const result = await scan({ path: root, environment: new Map(), processEnvironment: {}, deployCheck: false });
    return result.findings.filter((f) => f.ruleId === 'debug-enabled').map((f) => `${f.file}:${f.line}`);
  };

  it('applies a tracked local.py that settings import in try/except ImportError', async () => {
    const root = gitRepo(project, Object.keys(project));
    expect(await debugFindings(root)).toEqual(['site/local.py:1']);
  });

  it('leaves out an untracked local.py, which production never receives', async () => {
    const root = gitRepo(
      project,
      Object.keys(project).filter((path) => path !== 'site/local.py'),
    );
    expect(await debugFindings(root)).toEqual([]);
  });
});
