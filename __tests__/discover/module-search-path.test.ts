// Modules resolve as Python would: sys.path changes in the entry points, the folders above manage.py up to
// the repository root, and the common source folders, for discovered and given module names alike.
import { describe, expect, it } from '@jest/globals';
import { chmodSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { moduleSearchPath, sysPathChanges } from '../../src/discover/module-search-path.js';
import { writeTree } from '../support/settings-harness.js';
import { INSECURE_SETTINGS, SECURE_SETTINGS, judged, managePy, scanRepo } from '../support/discovery-harness.js';

describe('sys.path changes an entry point makes', () => {
  const changesOf = async (text: string) => {
    const root = writeTree({ 'site/manage.py': text });
    const changes = await sysPathChanges(join(root, 'site', 'manage.py'), join(root, 'site'));
    const relativeTo = (folder: string) => folder.slice(root.length + 1);
    return { prepended: changes.prepended.map(relativeTo), appended: changes.appended.map(relativeTo) };
  };

  it.each<[string, string, { prepended: string[]; appended: string[] }]>([
    [
      'a folder relative to the working directory',
      'import sys\nsys.path.insert(0, "src")\n',
      { prepended: ['site/src'], appended: [] },
    ],
    [
      'os.path.join from a BASE_DIR of dirname(abspath(__file__))',
      'import os, sys\nBASE_DIR = os.path.dirname(os.path.abspath(__file__))\nsys.path.append(os.path.join(BASE_DIR, "apps"))\n',
      { prepended: [], appended: ['site/apps'] },
    ],
    [
      'a pathlib path with resolve() and parent',
      'import sys\nfrom pathlib import Path\nROOT = Path(__file__).resolve().parent.parent\nsys.path.insert(0, str(ROOT / "lib"))\n',
      { prepended: ['lib'], appended: [] },
    ],
    [
      'parents[n], inside a function',
      'import sys\nfrom pathlib import Path\n\ndef main():\n    sys.path.insert(0, str(Path(__file__).parents[1] / "packages"))\n',
      { prepended: ['packages'], appended: [] },
    ],
    [
      'the last insert first, and inserts after index 0 after the script folder',
      'import sys\nsys.path.insert(0, "a")\nsys.path.insert(0, "b")\nsys.path.insert(1, "c")\nsys.path.extend(["d", "e"])\n',
      { prepended: ['site/b', 'site/a'], appended: ['site/c', 'site/d', 'site/e'] },
    ],
    [
      'nothing for forms whose folder cannot be read',
      'import os, sys\nsys.path.insert(0, os.environ["EXTRA"])\nsys.path.append(find_root())\nsys.path.append(f"{HOME}/x")\n',
      { prepended: [], appended: [] },
    ],
  ])('reads %s', async (_, text, expected) => {
    expect(await changesOf(text)).toEqual(expected);
  });
});

describe('the search path of a project', () => {
  it("is the inserted folders, manage.py's folder, the appended ones, the folders above, then src/ app/ backend/", async () => {
    const root = writeTree({
      '.git/HEAD': '',
      'src/.keep': '',
      'services/web/manage.py': 'import sys\nsys.path.insert(0, "vendor")\nsys.path.append("apps")\n',
      'services/web/vendor/.keep': '',
      'services/web/apps/.keep': '',
      'services/web/backend/.keep': '',
    });
    const web = join(root, 'services', 'web');
    const roots = await moduleSearchPath(web, root, [join(web, 'manage.py')]);
    expect(roots.map((folder) => folder.slice(root.length) || '/')).toEqual([
      '/services/web/vendor',
      '/services/web',
      '/services/web/apps',
      '/services',
      '/',
      '/services/web/backend',
      '/src',
    ]);
  });
});

describe('resolving settings from the search path', () => {
  it('finds settings under a folder manage.py inserts, and the modules they import from there', async () => {
    const { result } = await scanRepo({
      'manage.py':
        'import os, sys\nBASE_DIR = os.path.dirname(os.path.abspath(__file__))\nsys.path.insert(0, os.path.join(BASE_DIR, "apps"))\n' +
        managePy('config.settings'),
      'apps/config/__init__.py': '',
      'apps/config/settings.py': 'from common.base import *\nALLOWED_HOSTS = ["example.com"]\n',
      'apps/common/__init__.py': '',
      'apps/common/base.py': INSECURE_SETTINGS,
    });
    expect(judged(result)).toEqual([{ root: '', module: 'config.settings', chosenBy: 'manage.py:10', judged: true }]);
    // The scan resolves the settings' own imports from the same sys.path.
    expect(result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([
      'debug-enabled apps/common/base.py:1',
    ]);
  });

  it('resolves a module named from the repository root for a manage.py in a subfolder (wagtail)', async () => {
    const files = {
      'mylib/__init__.py': '',
      'mylib/site/manage.py': managePy('mylib.site.settings'),
      'mylib/site/__init__.py': '',
      'mylib/site/settings.py': INSECURE_SETTINGS,
    };
    const discovered = await scanRepo(files);
    expect(judged(discovered.result)).toEqual([
      { root: 'mylib/site', module: 'mylib.site.settings', chosenBy: 'mylib/site/manage.py:7', judged: true },
    ]);
    const given = await scanRepo(files, { settingsModule: 'mylib.site.settings' });
    expect(judged(given.result)).toEqual([
      { root: 'mylib/site', module: 'mylib.site.settings', chosenBy: '--settings', judged: true },
    ]);
    expect(given.result.findings.map((f) => f.file)).toEqual(['mylib/site/settings.py']);
  });

  it('runs the deploy check with the folder the settings package resolves from on PYTHONPATH', async () => {
    // An interpreter that only says what PYTHONPATH it was given, so the run fails and keeps that in its transcript.
    const tools = writeTree({ 'python-says-path': '#!/bin/sh\necho "PYTHONPATH=$PYTHONPATH" >&2\nexit 1\n' });
    const python = join(tools, 'python-says-path');
    chmodSync(python, 0o755);
    const { root, result } = await scanRepo(
      {
        'mylib/__init__.py': '',
        'mylib/site/manage.py': managePy('mylib.site.settings'),
        'mylib/site/__init__.py': '',
        'mylib/site/settings.py': SECURE_SETTINGS,
      },
      { deployCheck: true, python, processEnvironment: { PYTHONPATH: '/opt/site-packages' } },
    );
    expect(result.deployChecks.map((run) => run.transcript.trim().split('\n').at(-1))).toEqual([
      `PYTHONPATH=${root}${delimiter}/opt/site-packages`,
    ]);
  });

  it('resolves a module under src/ of the repository', async () => {
    const { result } = await scanRepo({
      'manage.py': managePy('shop.settings'),
      'src/shop/__init__.py': '',
      'src/shop/settings.py': SECURE_SETTINGS,
    });
    expect(result.projects.map((p) => p.settingsFile)).toEqual(['src/shop/settings.py']);
  });
});
