/** Virtualenvs and vendored folders full of Python that the scanner must not walk into. */

function libraryModule(random, packageName, index) {
  const out = [`"""${packageName} internals, part ${index}."""`, 'import functools', ''];
  for (let i = random.skewed(2, 30); i > 0; i--) {
    out.push(
      '',
      `def helper_${index}_${i}(cursor, sql, params=None):`,
      '    # Library code talks SQL too: a scan that wanders into site-packages would report it.',
      '    if params is None:',
      '        return cursor.execute(sql)',
      '    return cursor.execute(sql % params)',
      '',
    );
  }
  return `${out.join('\n')}\n`;
}

export function writeSkippedFolders(write, random, pythonFileBudget) {
  const venvFiles = Math.round(pythonFileBudget * 0.85);
  const direnvFiles = Math.round(pythonFileBudget * 0.05);
  const nodeGypFiles = pythonFileBudget - venvFiles - direnvFiles;

  write('.venv/pyvenv.cfg', 'home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.12.4\n');
  write('.venv/bin/activate', '# This file must be used with "source bin/activate"\n');
  const packages = ['django', 'rest_framework', 'celery', 'kombu', 'requests', 'urllib3', 'psycopg', 'redis', 'boto3'];
  for (let i = 0; i < venvFiles; i++) {
    const packageName = packages[i % packages.length];
    write(`.venv/lib/python3.12/site-packages/${packageName}/module_${i}.py`, libraryModule(random, packageName, i));
  }
  // direnv's layout puts a virtualenv under a name the tool cannot know: only pyvenv.cfg marks it.
  write('.direnv/python-3.12.4/pyvenv.cfg', 'home = /usr/bin\nversion = 3.12.4\n');
  for (let i = 0; i < direnvFiles; i++) {
    write(`.direnv/python-3.12.4/lib/python3.12/site-packages/six/module_${i}.py`, libraryModule(random, 'six', i));
  }
  for (let i = 0; i < nodeGypFiles; i++) {
    write(`node_modules/node-gyp/gyp/pylib/gyp/generator/module_${i}.py`, libraryModule(random, 'gyp', i));
  }
  for (const packageName of ['react', 'react-dom', 'lodash', 'htmx.org', 'esbuild', 'chart.js']) {
    write(
      `node_modules/${packageName}/package.json`,
      `{"name": "${packageName}", "version": "1.0.0", "main": "index.js"}\n`,
    );
    write(
      `node_modules/${packageName}/index.js`,
      `module.exports = function ${packageName.replace(/\W/g, '')}() {};\n`.repeat(random.skewed(10, 2000)),
    );
  }
}
