import { describe, expect, it } from '@jest/globals';
import ignore from 'ignore';
import { DockerIgnore, readDockerignorePatterns } from '../../src/discover/dockerignore.js';

/**
 * Docker's answers follow moby/patternmatcher (MatchesOrParentMatches after ignorefile.ReadAll). Where
 * `.gitignore` (the `ignore` package) answers differently, the case says so: those are the differences
 * that decide whether a settings module is in an image.
 */
const cases: Array<{ name: string; patterns: string; path: string; docker: boolean; gitDiffers?: boolean }> = [
  { name: 'a bare name is anchored at the context root', patterns: 'local.py', path: 'local.py', docker: true },
  {
    name: 'a bare name does not match deeper (gitignore matches at any depth)',
    patterns: 'local.py',
    path: 'mysite/settings/local.py',
    docker: false,
    gitDiffers: true,
  },
  {
    name: '*.md is root-level Markdown only',
    patterns: '*.md',
    path: 'docs/guide.md',
    docker: false,
    gitDiffers: true,
  },
  { name: '**/ reaches any depth', patterns: '**/local.py', path: 'mysite/settings/local.py', docker: true },
  { name: '**/ also matches at the root', patterns: '**/local.py', path: 'local.py', docker: true },
  { name: 'a folder pattern excludes what is inside it', patterns: 'docs', path: 'docs/a/b.md', docker: true },
  {
    name: 'an exception re-includes a file inside an excluded folder (gitignore cannot)',
    patterns: 'docs\n!docs/keep.md',
    path: 'docs/keep.md',
    docker: false,
    gitDiffers: true,
  },
  {
    name: 'allow-list: * then !mysite re-includes the folder contents',
    patterns: '*\n!manage.py\n!mysite',
    path: 'mysite/settings/production.py',
    docker: false,
    gitDiffers: true,
  },
  {
    name: 'allow-list: what is not listed stays out',
    patterns: '*\n!manage.py\n!mysite',
    path: 'docker/local.py',
    docker: true,
  },
  { name: 'the last matching pattern wins', patterns: '!a.py\n*.py', path: 'a.py', docker: true },
  {
    name: './ is cleaned away (paperless)',
    patterns: './src-ui/node_modules',
    path: 'src-ui/node_modules/x/y.js',
    docker: true,
    gitDiffers: true,
  },
  { name: 'a leading / is dropped', patterns: '/build', path: 'build/lib/a.py', docker: true },
  { name: 'a trailing / still matches the folder', patterns: 'settings/', path: 'settings/local.py', docker: true },
  {
    name: 'character classes (kuma **/*.py[cod])',
    patterns: '**/*.py[cod]',
    path: 'kuma/settings/prod.pyc',
    docker: true,
  },
  {
    name: 'character classes need a character',
    patterns: '**/*.py[cod]',
    path: 'kuma/settings/prod.py',
    docker: false,
  },
  {
    name: '**/tests excludes a tests folder anywhere (paperless)',
    patterns: '**/tests',
    path: 'src/documents/tests/test_api.py',
    docker: true,
  },
  { name: '? is one character, not a slash', patterns: 'a?b', path: 'a/b', docker: false },
  { name: '** in the middle spans folders', patterns: 'src/**/local.py', path: 'src/a/b/local.py', docker: true },
  { name: '** in the middle spans no folder too', patterns: 'src/**/local.py', path: 'src/local.py', docker: true },
  {
    name: 'a leading ** before plain text is a suffix test',
    patterns: '**local.py',
    path: 'mysite/notlocal.py',
    docker: true,
  },
  { name: 'comments and blank lines are skipped', patterns: '# local.py\n\n   \n', path: 'local.py', docker: false },
  { name: 'surrounding whitespace is trimmed', patterns: '   local.py   ', path: 'local.py', docker: true },
  { name: 'the context root itself is never excluded', patterns: '*', path: '.', docker: false },
];

describe('.dockerignore semantics', () => {
  it.each(cases)('$name', ({ patterns, path, docker, gitDiffers }) => {
    expect(DockerIgnore.fromText(patterns).excludes(path)).toBe(docker);
    if (gitDiffers !== undefined && path !== '.') {
      expect(ignore().add(patterns).ignores(path)).toBe(gitDiffers ? !docker : docker);
    }
  });

  it('cleans patterns as ignorefile.ReadAll does', () => {
    expect(readDockerignorePatterns('\uFEFF# comment\n./a/../b/\n!  /c\n  d  \n')).toEqual(['b', '!c', 'd']);
  });
});
