import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { isWithin } from '../parse/source-store.js';

/** The Django release whose `check --deploy` the static rules mirror. */
export interface DjangoTarget {
  major: number;
  minor: number;
  /** Where the version came from: "requirements.txt", "poetry.lock", "the config file", or that none was found. */
  source: string;
}

/** Feature releases the rules know, oldest first; an unknown project is judged as the newest. */
export const KNOWN_SERIES: ReadonlyArray<readonly [number, number]> = [
  [3, 2],
  [4, 0],
  [4, 1],
  [4, 2],
  [5, 0],
  [5, 1],
  [5, 2],
  [6, 0],
  [6, 1],
];

const NEWEST = KNOWN_SERIES[KNOWN_SERIES.length - 1]!;

export function newestDjango(source = 'newest; no version in the project files'): DjangoTarget {
  return { major: NEWEST[0], minor: NEWEST[1], source };
}

/** Whether the target is at least `major.minor`. */
export function atLeast(target: DjangoTarget, major: number, minor: number): boolean {
  return target.major > major || (target.major === major && target.minor >= minor);
}

export function seriesLabel(target: DjangoTarget): string {
  return `${target.major}.${target.minor}`;
}

type Version = readonly [number, number];

function parseVersion(text: string): Version | undefined {
  const match = /^(\d+)(?:\.(\d+|\*))?/.exec(text.trim());
  if (!match) return undefined;
  return [Number(match[1]), match[2] === undefined || match[2] === '*' ? 0 : Number(match[2])];
}

const compare = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1];

/**
 * The newest known series a PEP 440 / Poetry specifier allows: `==4.2.*` and `~=4.2.0` pin 4.2, `>=4.2,<5`
 * gives 4.2, `^4.2` gives 4.2, a bare `>=4.2` the newest release.
 */
export function seriesFromSpecifier(
  specifier: string,
  known: ReadonlyArray<readonly [number, number]> = KNOWN_SERIES,
): Version | undefined {
  let lower: Version | undefined;
  let upper: { version: Version; inclusive: boolean } | undefined;
  for (const raw of specifier.split(',')) {
    const clause = raw.trim().replace(/\s+/g, '');
    if (!clause || clause === '*') continue;
    const match = /^(===|==|~=|>=|<=|!=|>|<|\^|~)?(.+)$/.exec(clause);
    if (!match) continue;
    const operator = match[1] ?? '==';
    const version = parseVersion(match[2]!);
    if (!version) continue;
    switch (operator) {
      case '==':
      case '===':
        return version;
      case '~=': {
        const parts = match[2]!.split('.');
        if (parts.length >= 3) return version;
        lower = version;
        upper = { version: [version[0] + 1, 0], inclusive: false };
        break;
      }
      case '^':
        lower = version;
        upper = { version: [version[0] + 1, 0], inclusive: false };
        break;
      case '~':
        return version;
      case '>=':
      case '>':
        lower = version;
        break;
      case '<':
        upper = { version, inclusive: false };
        break;
      case '<=':
        upper = { version, inclusive: true };
        break;
      default:
        break;
    }
  }
  const allowed = known.filter(
    (series) =>
      (!lower || compare(series, lower) >= 0) &&
      (!upper || (upper.inclusive ? compare(series, upper.version) <= 0 : compare(series, upper.version) < 0)),
  );
  if (allowed.length > 0) return allowed[allowed.length - 1];
  return lower;
}

function escapeName(name: string): string {
  // PEP 503: "-", "_" and "." are interchangeable in package names.
  return name.replace(/[-_.]/g, '[-_.]');
}

/** What one file says about a package: its specifier, "" when it names the package unpinned. */
type Finder = (text: string, name: string) => string | undefined;

const inLockFile: Finder = (text, name) =>
  new RegExp(`\\[\\[package\\]\\]\\s*\\nname\\s*=\\s*"${escapeName(name)}"\\s*\\nversion\\s*=\\s*"([^"]+)"`, 'i').exec(
    text,
  )?.[1];

const inPipfileLock: Finder = (text, name) => {
  try {
    const lock = JSON.parse(text) as { default?: Record<string, { version?: string }> };
    const pattern = new RegExp(`^${escapeName(name)}$`, 'i');
    return Object.entries(lock.default ?? {}).find(([key]) => pattern.test(key))?.[1].version;
  } catch {
    return undefined;
  }
};

const inRequirements: Finder = (text, name) => {
  const match = new RegExp(
    `^\\s*${escapeName(name)}\\s*(\\[[^\\]]*\\])?\\s*([=~<>!][^;#\\s]*(?:\\s*,\\s*[=~<>!][^;#\\s]*)*)?\\s*(?:[;#].*)?$`,
    'im',
  ).exec(text);
  return match ? (match[2] ?? '') : undefined;
};

const inPyproject: Finder = (text, name) => {
  // The name may also be quoted unpinned outside the dependencies (keywords = ["Django"]): a pin wins.
  const listed = [
    ...text.matchAll(new RegExp(`["']${escapeName(name)}\\s*(\\[[^\\]]*\\])?\\s*([=~<>!][^"';]*)?["']`, 'gi')),
  ];
  if (listed.length > 0) return (listed.find((match) => match[2]) ?? listed[0]!)[2] ?? '';
  const poetry = new RegExp(
    `^\\s*${escapeName(name)}\\s*=\\s*(?:"([^"]+)"|\\{[^}]*version\\s*=\\s*"([^"]+)")`,
    'im',
  ).exec(text);
  return poetry ? (poetry[1] ?? poetry[2]) : undefined;
};

const inPipfile: Finder = (text, name) =>
  new RegExp(`^\\s*["']?${escapeName(name)}["']?\\s*=\\s*"([^"]+)"`, 'im').exec(text)?.[1];

const inSetupFile: Finder = (text, name) =>
  new RegExp(`["'\\s]${escapeName(name)}\\s*([=~<>!][^"';#\\n]*)`, 'i').exec(text)?.[1];

/**
 * Where each kind of file names a package's version, tried in this order in every folder: exact versions
 * in lock files first, then the requirement files production installs (the names real projects use), then
 * the packaging metadata.
 */
const FINDERS: ReadonlyArray<{ files: readonly string[]; find: Finder; requirements?: true }> = [
  { files: ['poetry.lock', 'uv.lock', 'pdm.lock'], find: inLockFile },
  { files: ['Pipfile.lock'], find: inPipfileLock },
  {
    files: [
      'requirements.txt',
      'requirements-prod.txt',
      'requirements-production.txt',
      'requirements/production.txt',
      'requirements/prod.txt',
      'requirements/base.txt',
      'requirements/common.txt',
      'requirements/requirements.txt',
      'requirements.in',
      'requirements/base.in',
    ],
    find: inRequirements,
    requirements: true,
  },
  { files: ['pyproject.toml'], find: inPyproject },
  { files: ['Pipfile'], find: inPipfile },
  { files: ['setup.cfg', 'setup.py'], find: inSetupFile },
];

export interface PackageSpecifier {
  /** The version specifier ("==4.2.*", "^5.0", "4.2.11"), "" when the package is listed unpinned. */
  specifier: string;
  /** Repository-relative path (with "/") of the file that lists it. */
  file: string;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** `-r other.txt`, `--requirement=other.txt`, `-c constraints.txt`: the files pip reads along with this one. */
const INCLUDE = /^\s*(?:-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+|(?=\S))(\S+)/gm;

/**
 * What a requirements file and the files it includes (`-r`, `-c`, relative to the including file, any depth,
 * each read once) say about `name`, in pip's reading order.
 */
function requirementsMentions(file: string, name: string, within: string, seen: Set<string>): PackageSpecifier[] {
  if (seen.has(file) || !isWithin(file, within)) return [];
  seen.add(file);
  const text = readText(file);
  if (text === undefined) return [];
  const mentions: PackageSpecifier[] = [];
  const specifier = inRequirements(text, name);
  if (specifier !== undefined) mentions.push({ specifier: specifier.trim(), file });
  for (const include of text.matchAll(INCLUDE)) {
    const target = resolve(dirname(file), include[1]!);
    mentions.push(...requirementsMentions(target, name, within, seen));
  }
  return mentions;
}

/** Every file in `folder` that names `name`, in FINDERS order (the absolute path in `file`). */
function mentionsIn(folder: string, name: string, within: string): PackageSpecifier[] {
  const mentions: PackageSpecifier[] = [];
  const seen = new Set<string>();
  for (const finder of FINDERS) {
    for (const fileName of finder.files) {
      const file = join(folder, fileName);
      if (!existsSync(file)) continue;
      if (finder.requirements) {
        mentions.push(...requirementsMentions(file, name, within, seen));
        continue;
      }
      const text = readText(file);
      const specifier = text === undefined ? undefined : finder.find(text, name);
      if (specifier !== undefined) mentions.push({ specifier: specifier.trim(), file });
    }
  }
  return mentions;
}

/** The folders from `start` up to `top` (both included), nearest first; only `start` when it is not inside `top`. */
function foldersUpTo(start: string, top: string): string[] {
  const folders = [resolve(start)];
  const root = resolve(top);
  if (!isWithin(folders[0]!, root)) return folders;
  while (folders[folders.length - 1] !== root) {
    const parent = dirname(folders[folders.length - 1]!);
    if (parent === folders[folders.length - 1]) break;
    folders.push(parent);
  }
  return folders;
}

/**
 * What the project's own files say about `name`: the nearest folder at or above `projectRoot`, up to the
 * repository root, whose lock, requirements or packaging files name it. In that folder a file that pins
 * it beats one that lists it unpinned. Which folder was scanned does not matter, only where the project is.
 */
export function findPackageSpecifier(
  projectRoot: string,
  repoRoot: string,
  name: string,
): PackageSpecifier | undefined {
  for (const folder of foldersUpTo(projectRoot, repoRoot)) {
    const within = isWithin(folder, resolve(repoRoot)) ? resolve(repoRoot) : folder;
    const mentions = mentionsIn(folder, name, within);
    const chosen = mentions.find((mention) => mention.specifier) ?? mentions[0];
    if (!chosen) continue;
    const path = relative(within, chosen.file).split(sep).join('/');
    return { specifier: chosen.specifier, file: path || basename(chosen.file) };
  }
  return undefined;
}

/**
 * The Django version a project targets: the config file's `django-version`, else the nearest project or
 * repository file that names it (findPackageSpecifier), else the newest release.
 */
export function detectDjangoVersion(projectRoot: string, repoRoot: string, configured?: string): DjangoTarget {
  if (configured) {
    const version = parseVersion(configured);
    if (version) return { major: version[0], minor: version[1], source: 'the config file' };
  }
  const found = findPackageSpecifier(projectRoot, repoRoot, 'django');
  const version = found?.specifier ? seriesFromSpecifier(found.specifier) : undefined;
  if (version) return { major: version[0], minor: version[1], source: found!.file };
  return found ? newestDjango(`newest; ${found.file} lists Django unpinned`) : newestDjango();
}
