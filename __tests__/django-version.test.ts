import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { emptyConfig } from '../src/config/config-file.js';
import { detectDeploymentFacts } from '../src/discover/deployment-facts.js';
import { detectDjangoVersion, seriesFromSpecifier } from '../src/discover/django-version.js';
import { scan } from '../src/scan.js';
import { writeTree } from './support/settings-harness.js';

describe('the Django version a project targets', () => {
  it.each([
    ['==4.2.*', [4, 2]],
    ['==3.2.25', [3, 2]],
    ['~=4.2.0', [4, 2]],
    ['~=5.1', [5, 2]],
    ['>=4.2,<5.0', [4, 2]],
    ['>=4.2, <4.3', [4, 2]],
    ['^4.1', [4, 2]],
    ['>=5.0', [6, 1]],
    ['<5', [4, 2]],
  ])('reads the specifier %s as Django %j', (specifier, expected) => {
    expect(seriesFromSpecifier(specifier)).toEqual(expected);
  });

  it.each([
    [{ 'requirements.txt': 'django-csp==3.8\nDjango==4.2.11  # LTS\npsycopg2\n' }, '4.2', 'requirements.txt'],
    [{ 'requirements/base.txt': 'Django[argon2]>=3.2,<4.0\n' }, '3.2', 'requirements/base.txt'],
    [{ 'requirements/common.txt': 'Django==5.1.4\n' }, '5.1', 'requirements/common.txt'],
    [{ 'requirements-prod.txt': 'Django~=4.1.0\n' }, '4.1', 'requirements-prod.txt'],
    [{ 'pyproject.toml': '[project]\ndependencies = ["django>=5.2,<6", "django-environ"]\n' }, '5.2', 'pyproject.toml'],
    [{ 'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.11"\ndjango = "^4.2"\n' }, '4.2', 'pyproject.toml'],
    [{ 'poetry.lock': '[[package]]\nname = "django"\nversion = "5.2.3"\n' }, '5.2', 'poetry.lock'],
    [{ 'Pipfile.lock': JSON.stringify({ default: { django: { version: '==3.2.19' } } }) }, '3.2', 'Pipfile.lock'],
    [{ 'uv.lock': '[[package]]\nname = "Django"\nversion = "6.1.1"\n' }, '6.1', 'uv.lock'],
    [
      { 'pyproject.toml': '[project]\nkeywords = ["Django"]\ndependencies = ["django>=4.2,<5.1"]\n' },
      '5.0',
      'pyproject.toml',
    ],
    [{ 'setup.py': 'setup(install_requires=["Django>=4.2,<5", "celery"])\n' }, '4.2', 'setup.py'],
  ])('reads %j', (files, series, source) => {
    const root = writeTree(files);
    const target = detectDjangoVersion(root, root);
    expect(`${target.major}.${target.minor}`).toBe(series);
    expect(target.source).toBe(source);
  });

  it('prefers the config file, and assumes the newest release when nothing says', () => {
    const root = writeTree({ 'requirements.txt': 'Django==4.2\n' });
    expect(detectDjangoVersion(root, root, '3.2')).toMatchObject({ major: 3, minor: 2, source: 'the config file' });
    const none = writeTree({ 'requirements.txt': 'django-csp==4.0\nDjango\n' });
    expect(detectDjangoVersion(none, none)).toEqual({
      major: 6,
      minor: 1,
      source: 'newest; requirements.txt lists Django unpinned',
    });
    const nothing = writeTree({ 'requirements.txt': 'celery\n' });
    expect(detectDjangoVersion(nothing, nothing).source).toBe('newest; no version in the project files');
  });
});

const lock = (version: string) => `version = 1\n\n[[package]]\nname = "django"\nversion = "${version}"\n`;

describe('the Django version comes from the nearest file at or above the project, up to the repository root', () => {
  it.each<[string, Record<string, string>, string, string, string]>([
    ['a project in src/ with uv.lock one folder above', { 'uv.lock': lock('5.2.7') }, 'src', '5.2', 'uv.lock'],
    [
      'the project folder before the repository root',
      { 'uv.lock': lock('6.0.1'), 'backend/requirements/prod.txt': 'Django==4.2.20\n' },
      'backend',
      '4.2',
      'backend/requirements/prod.txt',
    ],
    [
      'a folder between the project and the root',
      {
        'requirements.txt': 'Django==3.2\n',
        'services/pyproject.toml': '[project]\ndependencies = ["Django>=5.1,<5.2"]\n',
      },
      'services/api/src',
      '5.1',
      'services/pyproject.toml',
    ],
    [
      'the first monorepo project, pinned in its own folder',
      {
        'shop/requirements.txt': 'Django==4.1.13\n',
        'blog/poetry.lock': lock('5.0.2'),
        'requirements.txt': 'Django==3.2\n',
      },
      'shop',
      '4.1',
      'shop/requirements.txt',
    ],
    [
      'the second monorepo project, pinned in its own folder',
      {
        'shop/requirements.txt': 'Django==4.1.13\n',
        'blog/poetry.lock': lock('5.0.2'),
        'requirements.txt': 'Django==3.2\n',
      },
      'blog',
      '5.0',
      'blog/poetry.lock',
    ],
    [
      'a third monorepo project with no file of its own',
      {
        'shop/requirements.txt': 'Django==4.1.13\n',
        'blog/poetry.lock': lock('5.0.2'),
        'requirements.txt': 'Django==3.2\n',
      },
      'wiki',
      '3.2',
      'requirements.txt',
    ],
    [
      'requirement files included with -r, followed to the file that names Django',
      {
        'requirements.txt': '-r requirements/production.txt\n',
        'requirements/production.txt': '-r base.txt\ngunicorn==23.0\n',
        'requirements/base.txt': 'wagtail>=7.0\nDjango>=4.2,<5.0\n',
      },
      'bakerydemo',
      '4.2',
      'requirements/base.txt',
    ],
    [
      'includes that form a cycle, each read once',
      { 'requirements.txt': '--requirement=other.txt\n', 'other.txt': '-r requirements.txt\nDjango==5.0.1\n' },
      '',
      '5.0',
      'other.txt',
    ],
    [
      'a constraints file that pins what the requirements list unpinned',
      { 'requirements.txt': '-c constraints.txt\nDjango\n', 'constraints.txt': 'Django==4.1.3\n' },
      '',
      '4.1',
      'constraints.txt',
    ],
  ])('%s', (_title, files, projectFolder, series, source) => {
    const root = writeTree({ ...files, [join(projectFolder, 'manage.py')]: '' });
    const target = detectDjangoVersion(join(root, projectFolder), root);
    expect({ series: `${target.major}.${target.minor}`, source: target.source }).toEqual({ series, source });
  });

  it('reads nothing above the repository root, nor includes that leave it', () => {
    const outside = writeTree({
      'requirements.txt': 'Django==3.2\n',
      'repo/requirements.txt': '-r ../pins.txt\n',
      'pins.txt': 'Django==4.0\n',
      'repo/src/manage.py': '',
    });
    const repo = join(outside, 'repo');
    expect(detectDjangoVersion(join(repo, 'src'), repo).source).toBe('newest; no version in the project files');
  });

  it("reads django-csp's version the same way", () => {
    const root = writeTree({ 'requirements.txt': 'django-csp==3.8\n', 'api/requirements.txt': 'Django==5.2\n' });
    expect(detectDeploymentFacts(join(root, 'api', 'src'), root, emptyConfig())).toMatchObject({
      djangoCspMajor: 3,
      djangoCspSource: 'requirements.txt',
    });
    const own = writeTree({
      'requirements.txt': 'django-csp==3.8\n',
      'api/pyproject.toml': '[project]\ndependencies = ["django-csp>=4.0"]\n',
    });
    expect(detectDeploymentFacts(join(own, 'api'), own, emptyConfig())).toMatchObject({
      djangoCspMajor: 4,
      djangoCspSource: 'api/pyproject.toml',
    });
  });
});

function writeTreeInto(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

describe('the Django version does not depend on the folder scanned', () => {
  const project = (module: string) => ({
    'manage.py': `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "${module}.settings")\n`,
    [`${module}/__init__.py`]: '',
    [`${module}/settings.py`]:
      'import os\nSECRET_KEY = os.environ["K"]\nDEBUG = False\nALLOWED_HOSTS = ["a.example"]\n',
  });
  const scanFolder = async (path: string) => {
    const result = await scan({ path, environment: new Map(), processEnvironment: {}, deployCheck: false });
    return result.projects.map(({ root, django, djangoFrom }) => ({ root, django, djangoFrom }));
  };

  it('gives a project in src/ the lock file above it, scanned from the repository, the project or a parent folder', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'dsg-parent-'));
    const files = Object.fromEntries(
      Object.entries(project('paperless')).map(([path, text]) => [`paperless-ngx/src/${path}`, text]),
    );
    writeTreeInto(parent, { ...files, 'paperless-ngx/.git/HEAD': '', 'paperless-ngx/uv.lock': lock('5.2.7') });
    const repo = join(parent, 'paperless-ngx');

    expect(await scanFolder(repo)).toEqual([{ root: 'src', django: '5.2', djangoFrom: 'uv.lock' }]);
    expect(await scanFolder(join(repo, 'src'))).toEqual([{ root: 'src', django: '5.2', djangoFrom: 'uv.lock' }]);
    // The parent holds no .git: paths are relative to it, and the same file gives the same version.
    expect(await scanFolder(parent)).toEqual([
      { root: 'paperless-ngx/src', django: '5.2', djangoFrom: 'paperless-ngx/uv.lock' },
    ]);
  });

  it('gives each project of a monorepo its own pin, whichever folder is scanned', async () => {
    const files: Record<string, string> = { '.git/HEAD': '', 'requirements.txt': 'Django==3.2.25\n' };
    for (const [path, text] of Object.entries(project('shop'))) files[`shop/${path}`] = text;
    for (const [path, text] of Object.entries(project('blog'))) files[`blog/${path}`] = text;
    files['shop/requirements/prod.txt'] = 'Django==4.2.20\n';
    files['blog/pyproject.toml'] = '[project]\ndependencies = ["Django>=5.1,<5.2"]\n';
    const root = writeTree(files);

    const expected = [
      { root: 'blog', django: '5.1', djangoFrom: 'blog/pyproject.toml' },
      { root: 'shop', django: '4.2', djangoFrom: 'shop/requirements/prod.txt' },
    ];
    const sorted = (projects: Array<{ root: string }>) => [...projects].sort((a, b) => a.root.localeCompare(b.root));
    expect(sorted(await scanFolder(root))).toEqual(expected);
    expect(await scanFolder(join(root, 'shop'))).toEqual([expected[1]]);
    expect(await scanFolder(join(root, 'blog'))).toEqual([expected[0]]);
  });
});
