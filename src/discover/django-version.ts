import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

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

/** Where each kind of file names a package's version: exact in lock files, a specifier elsewhere. */
const FINDERS: Array<{ files: string[]; find(text: string, name: string): string | undefined }> = [
  {
    files: ['poetry.lock', 'uv.lock', 'pdm.lock'],
    find: (text, name) =>
      new RegExp(
        `\\[\\[package\\]\\]\\s*\\nname\\s*=\\s*"${escapeName(name)}"\\s*\\nversion\\s*=\\s*"([^"]+)"`,
        'i',
      ).exec(text)?.[1],
  },
  {
    files: ['Pipfile.lock'],
    find: (text, name) => {
      try {
        const lock = JSON.parse(text) as { default?: Record<string, { version?: string }> };
        const pattern = new RegExp(`^${escapeName(name)}$`, 'i');
        return Object.entries(lock.default ?? {}).find(([key]) => pattern.test(key))?.[1].version;
      } catch {
        return undefined;
      }
    },
  },
  {
    files: [
      'requirements.txt',
      'requirements/production.txt',
      'requirements/prod.txt',
      'requirements/base.txt',
      'requirements.in',
      'requirements/base.in',
    ],
    find: (text, name) => {
      const match = new RegExp(
        `^\\s*${escapeName(name)}\\s*(\\[[^\\]]*\\])?\\s*([=~<>!][^;#\\s]*(?:\\s*,\\s*[=~<>!][^;#\\s]*)*)?\\s*(?:[;#].*)?$`,
        'im',
      ).exec(text);
      return match ? (match[2] ?? '') : undefined;
    },
  },
  {
    files: ['pyproject.toml'],
    find: (text, name) => {
      const listed = new RegExp(`["']${escapeName(name)}\\s*(\\[[^\\]]*\\])?\\s*([=~<>!][^"';]*)?["']`, 'i').exec(text);
      if (listed) return listed[2] ?? '';
      const poetry = new RegExp(
        `^\\s*${escapeName(name)}\\s*=\\s*(?:"([^"]+)"|\\{[^}]*version\\s*=\\s*"([^"]+)")`,
        'im',
      ).exec(text);
      return poetry ? (poetry[1] ?? poetry[2]) : undefined;
    },
  },
  {
    files: ['Pipfile'],
    find: (text, name) => new RegExp(`^\\s*["']?${escapeName(name)}["']?\\s*=\\s*"([^"]+)"`, 'im').exec(text)?.[1],
  },
  {
    files: ['setup.cfg', 'setup.py'],
    find: (text, name) => new RegExp(`["'\\s]${escapeName(name)}\\s*([=~<>!][^"',;\\n]*)`, 'i').exec(text)?.[1],
  },
];

export interface PackageSpecifier {
  /** The version specifier ("==4.2.*", "^5.0", "4.2.11"), "" when the package is listed unpinned. */
  specifier: string;
  /** Repository-relative path of the file that lists it. */
  file: string;
}

/** The first project or repository file that lists `name`, with what it says about the version. */
export function findPackageSpecifier(
  folders: readonly string[],
  name: string,
  repoRoot?: string,
): PackageSpecifier | undefined {
  for (const folder of [...new Set(folders)]) {
    for (const finder of FINDERS) {
      for (const fileName of finder.files) {
        const file = join(folder, fileName);
        if (!existsSync(file)) continue;
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch {
          continue;
        }
        const specifier = finder.find(text, name);
        if (specifier !== undefined) {
          return { specifier: specifier.trim(), file: repoRoot ? relative(repoRoot, file) || fileName : fileName };
        }
      }
    }
  }
  return undefined;
}

/**
 * The Django version a project targets: the config file's `django-version`, else the first project or
 * repository file that names it, else the newest release.
 */
export function detectDjangoVersion(
  folders: readonly string[],
  configured: string | undefined,
  repoRoot: string,
): DjangoTarget {
  if (configured) {
    const version = parseVersion(configured);
    if (version) return { major: version[0], minor: version[1], source: 'the config file' };
  }
  const found = findPackageSpecifier(folders, 'django', repoRoot);
  const version = found?.specifier ? seriesFromSpecifier(found.specifier) : undefined;
  return version ? { major: version[0], minor: version[1], source: found!.file } : newestDjango();
}
