import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { posix } from 'node:path';

/**
 * `.dockerignore` as Docker reads it (moby/patternmatcher), which is not `.gitignore`: every pattern is
 * anchored at the build context's root (`*.md` is root-level Markdown only, `**` reaches deeper), a pattern
 * that matches a folder excludes everything under it, the last matching pattern wins, and `!` exceptions
 * re-include a file even inside an excluded folder.
 */
interface Pattern {
  exclusion: boolean;
  components: number;
  regexp: RegExp;
}

function compile(pattern: string): RegExp {
  // A leading `**` before plain text is a suffix test in Docker (`**foo` matches `barfoo`).
  if (pattern.startsWith('**') && !/[*?[\\]/.test(pattern.slice(2))) {
    const suffix = pattern.slice(2).replace(/[.+()|{}$^]/g, '\\$&');
    return suffix.startsWith('/') ? new RegExp(`(^|/)${suffix.slice(1)}$`) : new RegExp(`${suffix}$`);
  }
  let source = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') i++;
        source += i + 1 >= pattern.length ? '.*' : '(.*/)?';
      } else {
        source += '[^/]*';
      }
    } else if (ch === '?') {
      source += '[^/]';
    } else if (ch === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) {
        source += '\\[';
        continue;
      }
      source += pattern.slice(i, end + 1);
      i = end;
    } else if (ch === '\\' && i + 1 < pattern.length) {
      source += `\\${pattern[++i]}`;
    } else {
      source += ch.replace(/[.+()|{}$^]/g, '\\$&');
    }
  }
  return new RegExp(`${source}$`);
}

/** The patterns of an ignore file, cleaned as Docker's ignorefile.ReadAll cleans them. */
export function readDockerignorePatterns(text: string): string[] {
  const patterns: string[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (raw.startsWith('#')) continue;
    let pattern = raw.trim();
    if (!pattern) continue;
    const exclusion = pattern.startsWith('!');
    if (exclusion) pattern = pattern.slice(1).trim();
    if (pattern) {
      pattern = posix.normalize(pattern).replace(/\/+$/, '') || '/';
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    patterns.push(exclusion ? `!${pattern}` : pattern);
  }
  return patterns;
}

export class DockerIgnore {
  private readonly patterns: Pattern[];

  constructor(patterns: readonly string[]) {
    this.patterns = patterns
      .filter((p) => p !== '' && p !== '!')
      .map((p) => {
        const exclusion = p.startsWith('!');
        const body = exclusion ? p.slice(1) : p;
        return { exclusion, components: body.split('/').length, regexp: compile(body) };
      });
  }

  static fromText(text: string): DockerIgnore {
    return new DockerIgnore(readDockerignorePatterns(text));
  }

  /**
   * The ignore file BuildKit uses for a Dockerfile: `<Dockerfile name>.dockerignore` beside it, else the
   * context's `.dockerignore`; an empty matcher when there is neither.
   */
  static forBuild(dockerfile: string, context: string): { ignore: DockerIgnore; file?: string } {
    for (const file of [
      join(dirname(dockerfile), `${basename(dockerfile)}.dockerignore`),
      join(context, '.dockerignore'),
    ]) {
      if (existsSync(file)) {
        try {
          return { ignore: DockerIgnore.fromText(readFileSync(file, 'utf8')), file };
        } catch {
          continue;
        }
      }
    }
    return { ignore: new DockerIgnore([]) };
  }

  /** Whether a context-relative, slash-separated path is left out of the build context. */
  excludes(path: string): boolean {
    const file = posix.normalize(path).replace(/^\.\/|\/+$/g, '');
    if (file === '.' || file === '') return false;
    const parents = file.split('/').slice(0, -1);
    let matched = false;
    for (const pattern of this.patterns) {
      if (pattern.exclusion !== matched) continue;
      let match = pattern.regexp.test(file);
      // A pattern that matches a folder above the file excludes the file too.
      for (let i = 1; !match && i <= parents.length; i++) match = pattern.regexp.test(parents.slice(0, i).join('/'));
      if (match) matched = !pattern.exclusion;
    }
    return matched;
  }
}
