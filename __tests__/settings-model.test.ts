import { describe, expect, it } from '@jest/globals';
import { repr } from '../src/settings/value.js';
import { settingsFrom } from './support/settings-harness.js';

describe('settings model: a single file', () => {
  it('evaluates literals', async () => {
    const settings = await settingsFrom('DEBUG = True\nALLOWED_HOSTS = ["a.com", "b.com"]\n');
    expect(settings.get('DEBUG').truthy()).toBe(true);
    expect(repr(settings.get('ALLOWED_HOSTS').value)).toBe("['a.com', 'b.com']");
    expect(settings.get('DEBUG').origin).toMatchObject({ file: 'settings.py', line: 1, column: 9 });
  });
});
