/** Bandit and Ruff unpacked from Debian's archive into .cache/peers, through a private apt state. */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { APT_DIR, CACHE, REPO, SUITE, log, run } from './configuration.mjs';

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
export function provisionPeers() {
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
