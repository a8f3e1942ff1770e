#!/usr/bin/env node
/**
 * Compares the raw-sql-injection rule with its peers, Bandit (B608, B610, B611) and Ruff (S608, S610, S611):
 * precision and recall on the rule's labelled corpus (__tests__/fixtures/raw-sql), and whole-process scan
 * times on the synthetic benchmark project (scripts/bench.js) and, if given, on a real Django codebase.
 *
 *   npm run compare-peers -- [--real DIR] [--synthetic DIR] [--runs N] [--no-timing] [--details] [--json]
 *
 * Bandit and Ruff come from Debian's archive (python3-bandit, ruff; unstable carries current releases) and are
 * unpacked under .cache/peers with `dpkg -x`, through a private apt state under .cache/peers/apt, as
 * scripts/provision-django.sh does for Django: the system's apt configuration is only read (for its mirror),
 * never changed. Debian's ruff needs a newer glibc than older systems have; then the glibc of the same suite
 * is unpacked beside it and ruff runs through that glibc's loader. The tests never depend on any of this.
 *
 * Our side runs as the CLI, bundled from src/ into .cache/peers/dsg (so the figures are the current source's,
 * whatever dist/ holds). Timings are medians of --runs runs (default 5) after one warm-up, whole process,
 * each tool restricted to its SQL rules, every tool skipping the same folders (virtualenvs, node_modules, .git).
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readCorpus, score, writeCaseFiles } from './raw-sql-corpus.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = join(REPO, '.cache', 'peers');
const APT_DIR = join(CACHE, 'apt');
const SUITE = 'sid';
const BANDIT_TESTS = ['B608', 'B610', 'B611'];
const RUFF_RULES = ['S608', 'S610', 'S611'];
/** Folders no tool should scan: the same ones django-security-gate skips (src/discover/ignore-rules.ts). */
const SKIPPED_FOLDERS = [
  '.git',
  '.venv',
  'venv',
  '.direnv',
  'node_modules',
  'site-packages',
  '.tox',
  '.nox',
  '__pycache__',
];

const log = (message) => console.error(`compare-peers: ${message}`);

function run(command, args, options = {}) {
  return execFileSync(command, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, ...options });
}

// ------------------------------------------------------------------ provisioning (private apt state)

/** The Debian archive this machine's apt uses (read only), else Debian's CDN. */
function debianMirror() {
  if (process.env.PEERS_DEBIAN_MIRROR) return process.env.PEERS_DEBIAN_MIRROR;
  try {
    const uris = run('apt-get', ['indextargets', '--format', '$(REPO_URI)'], { stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')
      .filter((uri) => /\/debian\/?$/.test(uri));
    if (uris[0]) return uris[0];
  } catch {
    // No apt-get indextargets: fall back below.
  }
  return 'http://deb.debian.org/debian/';
}

function aptSetup() {
  const keyring = '/usr/share/keyrings/debian-archive-keyring.gpg';
  if (!existsSync(keyring)) throw new Error(`no Debian archive keyring at ${keyring}`);
  const arch = run('dpkg', ['--print-architecture']).trim();
  for (const folder of ['lists/partial', 'cache/archives/partial'])
    mkdirSync(join(APT_DIR, folder), { recursive: true });
  const sources = `deb [arch=${arch} signed-by=${keyring}] ${debianMirror()} ${SUITE} main\n`;
  const sourcesFile = join(APT_DIR, 'sources.list');
  if (!existsSync(sourcesFile) || readFileSync(sourcesFile, 'utf8') !== sources) {
    writeFileSync(sourcesFile, sources);
    rmSync(join(APT_DIR, 'lists', '.updated'), { force: true });
  }
  // APT_CONFIG names itself as the main config, read after apt.conf.d: the system's hooks are cleared there.
  const config = join(APT_DIR, 'apt.conf');
  writeFileSync(
    config,
    [
      `Dir::Etc::main "${config}";`,
      '#clear APT::Update::Pre-Invoke;',
      '#clear APT::Update::Post-Invoke;',
      '#clear APT::Update::Post-Invoke-Success;',
      '#clear DPkg::Pre-Invoke;',
      '#clear DPkg::Post-Invoke;',
      '',
    ].join('\n'),
  );
  const options = [
    ['Dir::State::Lists', join(APT_DIR, 'lists')],
    ['Dir::Etc::SourceList', sourcesFile],
    ['Dir::Etc::SourceParts', '/dev/null'],
    ['Dir::Cache', join(APT_DIR, 'cache')],
    ['Dir::Cache::pkgcache', 'pkgcache.bin'],
    ['Dir::Cache::srcpkgcache', 'srcpkgcache.bin'],
    ['Dir::Etc::Preferences', '/dev/null'],
    ['Dir::Etc::PreferencesParts', '/dev/null'],
    ['Acquire::Languages', 'none'],
    ['APT::Sandbox::User', 'root'],
    ['Debug::NoLocking', 'true'],
  ].flatMap(([key, value]) => ['-o', `${key}=${value}`]);
  const apt = (command, args, extra = {}) =>
    run(command, [...args, ...options], { env: { ...process.env, APT_CONFIG: config }, ...extra });
  const stamp = join(APT_DIR, 'lists', '.updated');
  const fresh = existsSync(stamp) && Date.now() - statSync(stamp).mtimeMs < 12 * 3600 * 1000;
  if (!fresh) {
    log(`updating the private package lists (${SUITE}) in ${APT_DIR.replace(`${REPO}/`, '')}`);
    apt('apt-get', ['-q', '-q', 'update'], { stdio: ['ignore', 'pipe', 'pipe'] });
    writeFileSync(stamp, '');
  }
  return apt;
}

/** A package's record in the suite: version and dependencies. */
function packageRecord(apt, name) {
  const text = apt('apt-cache', ['show', `${name}/${SUITE}`], { stdio: ['ignore', 'pipe', 'ignore'] });
  const record = text.split('\n\n')[0];
  const field = (key) => new RegExp(`^${key}: (.*)$`, 'm').exec(record)?.[1] ?? '';
  return { version: field('Version'), depends: `${field('Pre-Depends')}, ${field('Depends')}` };
}

/** The Python packages a record depends on: the first python3-* alternative of each dependency group. */
function pythonDependencies(depends) {
  const names = [];
  for (const group of depends.split(',')) {
    for (const alternative of group.split('|')) {
      const name = alternative.trim().split(/[\s(:]/)[0];
      if (
        /^python3-/.test(name) &&
        !/^python3-(supported-min|supported-max|minimal|all|dev|stdlib-extensions)$/.test(name)
      ) {
        names.push(name);
        break;
      }
    }
  }
  return names;
}

function closure(apt, roots) {
  const seen = new Map();
  const queue = [...roots];
  while (queue.length) {
    const name = queue.shift();
    if (seen.has(name)) continue;
    const record = packageRecord(apt, name);
    seen.set(name, record.version);
    queue.push(...pythonDependencies(record.depends));
  }
  return seen;
}

/** Downloads packages (by name, from the suite) and unpacks them into `target`. */
function unpack(apt, names, target) {
  const debs = join(CACHE, 'debs');
  mkdirSync(debs, { recursive: true });
  mkdirSync(target, { recursive: true });
  const wanted = names.map((name) => `${name}/${SUITE}`);
  log(`downloading ${names.length} package(s): ${names.join(' ')}`);
  const folder = mkdtempSync(join(debs, '.download-'));
  try {
    apt('apt-get', ['-q', '-q', 'download', ...wanted], { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const deb of readdirSync(folder).filter((file) => file.endsWith('.deb'))) {
      run('dpkg', ['-x', join(folder, deb), target]);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Interpreters to try for Bandit, newest first: Debian unstable's packages target its newest Python. */
function pythonCandidates() {
  const candidates = [];
  const pyenv = join(process.env.PYENV_ROOT ?? join(process.env.HOME ?? '/root', '.pyenv'), 'versions');
  if (existsSync(pyenv)) {
    const versions = readdirSync(pyenv).filter((version) => /^3\.\d+/.test(version));
    versions.sort((a, b) => b.localeCompare(a, undefined, { numeric: true }));
    candidates.push(...versions.map((version) => join(pyenv, version, 'bin', 'python3')));
  }
  candidates.push('/usr/bin/python3', 'python3');
  return candidates.filter((candidate, index) => candidates.indexOf(candidate) === index);
}

function pythonEnv(pythonpath) {
  const env = { ...process.env, PYTHONPATH: pythonpath, PYTHONNOUSERSITE: '1' };
  delete env.PYTHONHOME;
  return env;
}

/** Bandit and Ruff, ready to run; provisions them on first use and re-verifies afterwards. */
function provisionPeers() {
  const root = join(CACHE, 'root');
  const libc = join(CACHE, 'libc');
  const manifest = join(CACHE, 'peers.json');
  let apt;
  if (
    !existsSync(join(root, 'usr', 'bin', 'ruff')) ||
    !existsSync(join(root, 'usr', 'lib', 'python3', 'dist-packages', 'bandit'))
  ) {
    apt = aptSetup();
    const packages = closure(apt, ['python3-bandit']);
    packages.set('ruff', packageRecord(apt, 'ruff').version);
    unpack(apt, [...packages.keys()], root);
    writeFileSync(manifest, `${JSON.stringify(Object.fromEntries(packages), null, 2)}\n`);
  }
  const ruffBinary = join(root, 'usr', 'bin', 'ruff');
  const ruffThroughLoader = () => {
    const loader = [
      join(libc, 'usr', 'lib64', 'ld-linux-x86-64.so.2'),
      join(libc, 'lib64', 'ld-linux-x86-64.so.2'),
    ].find(existsSync);
    if (!loader) throw new Error('no dynamic loader in the unpacked glibc');
    const paths = ['usr/lib/x86_64-linux-gnu', 'lib/x86_64-linux-gnu'].map((path) => join(libc, path)).join(':');
    return [loader, '--library-path', paths, ruffBinary];
  };
  let ruff = [ruffBinary];
  try {
    run(ruffBinary, ['--version'], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    // Built for the suite's glibc: run it through that glibc's own loader, unpacked beside it.
    if (!existsSync(libc)) unpack(apt ?? aptSetup(), ['libc6', 'libgcc-s1'], libc);
    ruff = ruffThroughLoader();
  }
  const ruffVersion = run(ruff[0], [...ruff.slice(1), '--version']).trim();

  const pythonpath = join(root, 'usr', 'lib', 'python3', 'dist-packages');
  const banditMain = 'import sys; from bandit.cli.main import main; sys.exit(main())';
  for (const python of pythonCandidates()) {
    try {
      const version = run(python, ['-c', `${banditMain.split(';')[0]}; import bandit; print(bandit.__version__)`], {
        env: pythonEnv(pythonpath),
        stdio: ['ignore', 'pipe', 'pipe'],
      }).trim();
      const pythonVersion = run(python, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])']).trim();
      return {
        bandit: {
          command: [python, '-c', banditMain],
          env: pythonEnv(pythonpath),
          version: `bandit ${version} (Python ${pythonVersion})`,
        },
        ruff: { command: ruff, env: process.env, version: ruffVersion },
      };
    } catch {
      // This interpreter cannot import the unpacked Bandit (too old, or no such interpreter): try the next.
    }
  }
  throw new Error('no Python interpreter could import the unpacked Bandit');
}

// ------------------------------------------------------------------ our CLI, bundled from src/

async function buildCli() {
  const { rollup } = await import('rollup');
  const configs = (await import(join(REPO, 'rollup.config.js'))).default;
  const cli = configs.find((config) => config.output.file === 'dist/cli.js');
  const outFile = join(CACHE, 'dsg', 'cli.js');
  log('bundling the CLI from src/ into .cache/peers/dsg');
  const previous = process.cwd();
  process.chdir(REPO);
  try {
    const bundle = await rollup({ ...cli, onwarn: () => {} });
    await bundle.write({ ...cli.output, file: outFile });
    await bundle.close();
  } finally {
    process.chdir(previous);
  }
  return outFile;
}

// ------------------------------------------------------------------ running the tools

function ourCommand(cli, folder) {
  return [process.execPath, [cli, folder, '--no-deploy-check', '--format', 'json', '--fail-on', 'never']];
}

function banditCommand(peers, folder) {
  const excluded = SKIPPED_FOLDERS.map((name) => `*/${name}/*`).join(',');
  const [python, ...args] = peers.bandit.command;
  return [python, [...args, '-r', folder, '-t', BANDIT_TESTS.join(','), '-f', 'json', '-q', '-x', excluded]];
}

function ruffCommand(peers, folder) {
  const [binary, ...args] = peers.ruff.command;
  return [
    binary,
    [
      ...args,
      'check',
      '--isolated',
      '--no-cache',
      '--exit-zero',
      '--target-version',
      'py313',
      '--select',
      RUFF_RULES.join(','),
      '--output-format',
      'json',
      '--extend-exclude',
      SKIPPED_FOLDERS.join(','),
      folder,
    ],
  ];
}

/** Runs a command to completion; returns its output and the wall-clock milliseconds. */
async function timed(command, args, env) {
  const start = process.hrtime.bigint();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
  const out = [];
  const err = [];
  child.stdout.on('data', (chunk) => out.push(chunk));
  child.stderr.on('data', (chunk) => err.push(chunk));
  const [code] = await once(child, 'close');
  return {
    code,
    milliseconds: Number(process.hrtime.bigint() - start) / 1e6,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}

/** Files each tool reported an SQL finding in (paths relative to `folder`), with the number of findings. */
const parsers = {
  ours(stdout, folder) {
    const report = JSON.parse(stdout);
    return report.findings
      .filter((finding) => finding.ruleId === 'raw-sql-injection')
      .map((finding) => relativeTo(folder, join(folder, finding.file)));
  },
  bandit(stdout, folder) {
    const report = JSON.parse(stdout);
    return report.results
      .filter((result) => BANDIT_TESTS.includes(result.test_id))
      .map((result) => relativeTo(folder, result.filename));
  },
  ruff(stdout, folder) {
    return JSON.parse(stdout)
      .filter((diagnostic) => RUFF_RULES.includes(diagnostic.code))
      .map((diagnostic) => relativeTo(folder, diagnostic.filename));
  },
};

function relativeTo(folder, file) {
  const absolute = resolve(folder, file);
  return absolute.startsWith(`${folder}/`) ? absolute.slice(folder.length + 1) : absolute;
}

async function findings(tool, command, args, env, folder) {
  const result = await timed(command, args, env);
  if (result.code !== 0 && tool !== 'bandit')
    throw new Error(`${tool} exited with ${result.code}: ${result.stderr.slice(0, 2000)}`);
  try {
    return parsers[tool](result.stdout, folder);
  } catch (error) {
    throw new Error(`could not read ${tool}'s output (${error.message}): ${result.stderr.slice(0, 2000)}`, {
      cause: error,
    });
  }
}

// ------------------------------------------------------------------ precision and recall on the corpus

/** The corpus as a project: manage.py and settings (our CLI needs a project), the cases under cases/. */
function writeCorpusProject(cases) {
  const folder = mkdtempSync(join(tmpdir(), 'dsg-corpus-'));
  writeFileSync(
    join(folder, 'manage.py'),
    'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "corpus_site.settings")\n',
  );
  mkdirSync(join(folder, 'corpus_site'));
  writeFileSync(join(folder, 'corpus_site', '__init__.py'), '');
  writeFileSync(
    join(folder, 'corpus_site', 'settings.py'),
    'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\nDEBUG = False\n',
  );
  const names = writeCaseFiles(cases, join(folder, 'cases'));
  return { folder, names };
}

async function corpusScores(cases, cli, peers) {
  const { folder, names } = writeCorpusProject(cases);
  const cases_ = join(folder, 'cases');
  try {
    const flaggedFiles = {
      ours: new Set(
        (await findings('ours', ...ourCommand(cli, folder), undefined, folder)).map((file) => basename(file)),
      ),
      bandit: new Set(
        (await findings('bandit', ...banditCommand(peers, cases_), peers.bandit.env, cases_)).map((file) =>
          basename(file),
        ),
      ),
      ruff: new Set(
        (await findings('ruff', ...ruffCommand(peers, cases_), peers.ruff.env, cases_)).map((file) => basename(file)),
      ),
    };
    const verdicts = {};
    for (const [tool, files] of Object.entries(flaggedFiles)) {
      verdicts[tool] = new Map(cases.map((testCase) => [testCase.id, files.has(names.get(testCase.id))]));
    }
    return verdicts;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ timing

function countPythonFiles(folder) {
  let count = 0;
  const visit = (current) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.includes(entry.name) && !existsSync(join(current, entry.name, 'pyvenv.cfg')))
          visit(join(current, entry.name));
      } else if (entry.name.endsWith('.py')) count += 1;
    }
  };
  visit(folder);
  return count;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function timeTools(folder, cli, peers, runs) {
  const commands = {
    ours: [...ourCommand(cli, folder), undefined],
    bandit: [...banditCommand(peers, folder), peers.bandit.env],
    ruff: [...ruffCommand(peers, folder), peers.ruff.env],
  };
  const results = {};
  for (const [tool, [command, args, env]] of Object.entries(commands)) {
    log(`timing ${tool} on ${folder} (${runs} runs after a warm-up)`);
    const warmUp = await timed(command, args, env);
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push((await timed(command, args, env)).milliseconds);
    let sqlFindings;
    try {
      sqlFindings = parsers[tool](warmUp.stdout, folder).length;
    } catch {
      sqlFindings = undefined;
    }
    results[tool] = { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), sqlFindings };
  }
  return { folder, pythonFiles: countPythonFiles(folder), ...results };
}

/** The synthetic benchmark project, generated by scripts/bench.js (which needs dist/cli.js to run its own timing). */
function syntheticProject() {
  log('generating the synthetic benchmark project (node scripts/bench.js --keep --runs 1)');
  const output = run(process.execPath, [join(REPO, 'scripts', 'bench.js'), '--keep', '--runs', '1', '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(output).project.path;
}

// ------------------------------------------------------------------ report

const TOOLS = { ours: 'django-security-gate', bandit: 'Bandit', ruff: 'Ruff' };
const percent = (value) => `${(value * 100).toFixed(1)}%`;

function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => String(cell).padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function printScores(cases, verdicts, peers) {
  const limitations = cases.filter((testCase) => testCase.knownMiss || testCase.knownFalsePositive);
  console.log(
    `\nCorpus: ${cases.length} labelled cases (${cases.filter((c) => c.flagged).length} to flag, ${cases.filter((c) => !c.flagged).length} to pass), ${limitations.length} of them documented limitations of ours.`,
  );
  console.log(
    `Peers: ${peers.bandit.version}, tests ${BANDIT_TESTS.join('/')}; ${peers.ruff.version}, rules ${RUFF_RULES.join('/')}.\n`,
  );
  const rows = [['tool', 'TP', 'FP', 'FN', 'TN', 'precision', 'recall']];
  for (const [tool, name] of Object.entries(TOOLS)) {
    const s = score(cases, verdicts[tool]);
    rows.push([
      name,
      s.truePositives,
      s.falsePositives,
      s.falseNegatives,
      s.trueNegatives,
      percent(s.precision),
      percent(s.recall),
    ]);
  }
  console.log(table(rows));
  console.log(
    '\nBy fixture: cases each tool got right (flagged when labelled a finding, passed when labelled none):\n',
  );
  const files = [...new Set(cases.map((testCase) => testCase.file))];
  const byFile = [['fixture', 'cases', ...Object.values(TOOLS)]];
  for (const file of files) {
    const inFile = cases.filter((testCase) => testCase.file === file);
    byFile.push([
      file,
      inFile.length,
      ...Object.keys(TOOLS).map(
        (tool) => inFile.filter((testCase) => verdicts[tool].get(testCase.id) === testCase.flagged).length,
      ),
    ]);
  }
  console.log(table(byFile));
}

/** Every case some tool got wrong, with each tool's verdict: where the figures come from. */
function printDetails(cases, verdicts) {
  console.log('\nCases some tool got wrong (+ flagged, - passed; label first):\n');
  const rows = [['case', 'label', ...Object.values(TOOLS)]];
  for (const testCase of cases) {
    const marks = Object.keys(TOOLS).map((tool) => (verdicts[tool].get(testCase.id) ? '+' : '-'));
    const label = testCase.flagged ? '+' : '-';
    if (marks.every((mark) => mark === label)) continue;
    rows.push([`${testCase.id} ${testCase.name}`.slice(0, 90), label, ...marks]);
  }
  console.log(table(rows));
}

function printTimings(timings, runs) {
  const rows = [['codebase', '.py files', 'tool', 'median', 'min-max', 'SQL findings']];
  for (const [label, timing] of Object.entries(timings)) {
    for (const [tool, name] of Object.entries(TOOLS)) {
      const { median: middle, min, max, sqlFindings } = timing[tool];
      rows.push([
        label,
        timing.pythonFiles,
        name,
        `${Math.round(middle)} ms`,
        `${Math.round(min)}-${Math.round(max)} ms`,
        sqlFindings ?? '?',
      ]);
    }
  }
  console.log(
    `\nWhole-process scan time (${runs} runs after a warm-up), each tool limited to its SQL rules, the same folders skipped:\n`,
  );
  console.log(table(rows));
}

async function main() {
  const { values } = parseArgs({
    options: {
      real: { type: 'string' },
      synthetic: { type: 'string' },
      runs: { type: 'string', default: '5' },
      'no-timing': { type: 'boolean', default: false },
      details: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(
      // The header comment of this file is the help.
      readFileSync(fileURLToPath(import.meta.url), 'utf8')
        .split(' */')[0]
        .split('\n')
        .slice(2)
        .map((line) => line.replace(/^ \* ?/, ''))
        .join('\n'),
    );
    return;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs must be a positive whole number, not "${values.runs}"`);

  const peers = provisionPeers();
  const cli = await buildCli();
  const cases = readCorpus(join(REPO, '__tests__', 'fixtures', 'raw-sql'));
  const verdicts = await corpusScores(cases, cli, peers);
  const results = {
    peers: { bandit: peers.bandit.version, ruff: peers.ruff.version },
    corpus: Object.fromEntries(Object.keys(TOOLS).map((tool) => [tool, score(cases, verdicts[tool])])),
    timings: {},
  };

  if (!values['no-timing']) {
    const synthetic = values.synthetic ? resolve(values.synthetic) : syntheticProject();
    results.timings.synthetic = await timeTools(synthetic, cli, peers, runs);
    if (!values.synthetic) rmSync(synthetic, { recursive: true, force: true });
    if (values.real)
      results.timings[basename(resolve(values.real))] = await timeTools(resolve(values.real), cli, peers, runs);
    else log('no --real DIR given: the real-codebase timing is skipped');
  }

  if (values.json) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  printScores(cases, verdicts, peers);
  if (values.details) printDetails(cases, verdicts);
  if (!values['no-timing']) printTimings(results.timings, runs);
}

main().catch((error) => {
  console.error(`compare-peers: ${error.message}`);
  process.exitCode = 1;
});
