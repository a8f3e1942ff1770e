import { describe, expect, it } from '@jest/globals';
import { detectDjangoVersion, seriesFromSpecifier } from '../src/discover/django-version.js';
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
    [{ 'pyproject.toml': '[project]\ndependencies = ["django>=5.2,<6", "django-environ"]\n' }, '5.2', 'pyproject.toml'],
    [{ 'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.11"\ndjango = "^4.2"\n' }, '4.2', 'pyproject.toml'],
    [{ 'poetry.lock': '[[package]]\nname = "django"\nversion = "5.2.3"\n' }, '5.2', 'poetry.lock'],
    [{ 'Pipfile.lock': JSON.stringify({ default: { django: { version: '==3.2.19' } } }) }, '3.2', 'Pipfile.lock'],
    [{ 'uv.lock': '[[package]]\nname = "Django"\nversion = "6.1.1"\n' }, '6.1', 'uv.lock'],
  ])('reads %j', (files, series, source) => {
    const root = writeTree(files);
    const target = detectDjangoVersion([root], undefined, root);
    expect(`${target.major}.${target.minor}`).toBe(series);
    expect(target.source).toBe(source);
  });

  it('prefers the config file, and assumes the newest release when nothing says', () => {
    const root = writeTree({ 'requirements.txt': 'Django==4.2\n' });
    expect(detectDjangoVersion([root], '3.2', root)).toMatchObject({ major: 3, minor: 2, source: 'the config file' });
    const none = writeTree({ 'requirements.txt': 'django-csp==4.0\nDjango\n' });
    expect(detectDjangoVersion([none], undefined, none)).toMatchObject({ major: 6, minor: 1 });
  });
});
