// The environment reads the settings model records, and what reports say with them: the variable check --deploy
// gets a throwaway key for, the fallbacks the given environment hid, and where each variable came from.
import { describe, expect, it } from '@jest/globals';
import {
  describeOrigins,
  environmentOrigins,
  throwawayKeyFor,
  throwawaySecretKey,
} from '../src/deploy-check/child-environment.js';
import { hiddenFallbacksRemark, originsRemark, throwawayRemark } from '../src/settings/environment-remarks.js';
import { settingsFrom } from './support/settings-harness.js';

const FALLBACK_KEY = `import os
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "django-insecure-committed-key-0123456789")
DEBUG = os.getenv("DJANGO_DEBUG", "False") == "True"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
REGION = os.environ.get("REGION")
`;

describe('the throwaway key for check --deploy', () => {
  it('is random, long enough for Django, and never a startproject key', () => {
    const keys = new Set(Array.from({ length: 20 }, throwawaySecretKey));
    expect(keys.size).toBe(20);
    for (const key of keys) {
      expect(key.length).toBeGreaterThanOrEqual(50);
      expect(new Set(key).size).toBeGreaterThanOrEqual(5);
      expect(key.startsWith('django-insecure-')).toBe(false);
    }
  });

  it('fills the variable SECRET_KEY is read from when neither env nor the runner sets it', async () => {
    const settings = await settingsFrom(FALLBACK_KEY);
    expect(throwawayKeyFor(settings.get('SECRET_KEY').value, new Map(), {})).toEqual({
      variable: 'DJANGO_SECRET_KEY',
      because: 'unset',
    });
  });

  it('fills a variable production must set (no default), which the static model marks required', async () => {
    const settings = await settingsFrom('import os\nSECRET_KEY = os.environ["APP_KEY"]\n');
    expect(throwawayKeyFor(settings.get('SECRET_KEY').value, new Map(), {})?.variable).toBe('APP_KEY');
  });

  it('never fills a variable that only chose the branch the key is assigned in', async () => {
    const settings = await settingsFrom(
      'import os\nif os.environ.get("ENVIRONMENT") == "production":\n    SECRET_KEY = os.environ["APP_KEY"]\nelse:\n    SECRET_KEY = "dev-only"\n',
    );
    expect(throwawayKeyFor(settings.get('SECRET_KEY').value, new Map(), {})).toBeUndefined();
  });

  it('fills a variable given empty, as a fork gets a missing secret', async () => {
    const given = new Map([['DJANGO_SECRET_KEY', '']]);
    const settings = await settingsFrom(FALLBACK_KEY, Object.fromEntries(given));
    expect(throwawayKeyFor(settings.get('SECRET_KEY').value, given, {})).toEqual({
      variable: 'DJANGO_SECRET_KEY',
      because: 'empty',
    });
  });

  it('leaves alone a key given, one the runner sets, and one written in the source', async () => {
    const given = new Map([['DJANGO_SECRET_KEY', 'x'.repeat(60)]]);
    const withGiven = await settingsFrom(FALLBACK_KEY, Object.fromEntries(given));
    expect(throwawayKeyFor(withGiven.get('SECRET_KEY').value, given, {})).toBeUndefined();
    const unset = await settingsFrom(FALLBACK_KEY);
    expect(
      throwawayKeyFor(unset.get('SECRET_KEY').value, new Map(), { DJANGO_SECRET_KEY: 'k'.repeat(60) }),
    ).toBeUndefined();
    const literal = await settingsFrom('SECRET_KEY = "written-in-the-source"\n');
    expect(throwawayKeyFor(literal.get('SECRET_KEY').value, new Map(), {})).toBeUndefined();
  });

  it('never reaches the static evaluation: the model still holds the committed fallback', async () => {
    const settings = await settingsFrom(FALLBACK_KEY);
    const value = settings.get('SECRET_KEY').value;
    expect(value.kind === 'str' && value.value).toBe('django-insecure-committed-key-0123456789');
  });
});

describe('fallbacks the given environment hides', () => {
  it('lists each read with a literal fallback the env sets, at the fallback, with the setting it feeds', async () => {
    const settings = await settingsFrom(FALLBACK_KEY, {
      DJANGO_SECRET_KEY: 'given-key',
      DJANGO_DEBUG: 'False',
      SENTRY_DSN: 'https://public@example.com/1',
      REGION: 'eu',
    });
    const remark = hiddenFallbacksRemark(settings)!;
    expect(remark).toMatch(/^Fallbacks not judged because the environment given sets their variables: /);
    expect(remark).toContain('DJANGO_SECRET_KEY for SECRET_KEY at settings.py:2');
    expect(remark).toContain('DJANGO_DEBUG for DEBUG at settings.py:3');
    // An empty fallback, no fallback at all, and a variable left unset hide nothing.
    expect(remark).not.toContain('SENTRY_DSN');
    expect(remark).not.toContain('REGION');
    expect(remark).not.toContain('DJANGO_ALLOWED_HOSTS');
  });

  it('says nothing when the env sets none of them', async () => {
    expect(hiddenFallbacksRemark(await settingsFrom(FALLBACK_KEY))).toBeUndefined();
  });
});

describe('where the variables came from', () => {
  it('lists every given name, and only the runner variables the settings read', async () => {
    const settings = await settingsFrom(FALLBACK_KEY, { DJANGO_ALLOWED_HOSTS: 'shop.example.com' });
    const origins = environmentOrigins(
      settings.environment.reads.variables(),
      new Map([
        ['DJANGO_ALLOWED_HOSTS', 'shop.example.com'],
        ['UNREAD', '1'],
      ]),
      { DJANGO_DEBUG: '1', HOME: '/root', PATH: '/usr/bin', INPUT_ENV: 'x', DJANGO_ALLOWED_HOSTS: 'runner.example' },
      { variable: 'DJANGO_SECRET_KEY', because: 'unset' },
    );
    expect(origins.given).toEqual(['DJANGO_ALLOWED_HOSTS', 'UNREAD']);
    expect(origins.inherited).toEqual(['DJANGO_DEBUG']);
    expect(describeOrigins(origins)).toBe(
      'Environment variables (names only) — given: DJANGO_ALLOWED_HOSTS, UNREAD; inherited from the runner and read by the settings: DJANGO_DEBUG; throwaway random value: DJANGO_SECRET_KEY.',
    );
    const remark = originsRemark('shop.settings', origins)!;
    expect(remark).toContain('given: DJANGO_ALLOWED_HOSTS, UNREAD');
    expect(remark).toContain("from the runner's own environment: DJANGO_DEBUG (manage.py check --deploy sees it");
    expect(remark).not.toContain('shop.example.com');
    expect(throwawayRemark('shop.settings', origins, settings)).toContain(
      'throwaway random DJANGO_SECRET_KEY because the environment given does not set DJANGO_SECRET_KEY (SECRET_KEY is read from it at settings.py:2)',
    );
  });
});
