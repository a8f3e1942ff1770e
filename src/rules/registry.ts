import { allowedHostsMissing, allowedHostsWildcard } from './allowed-hosts.js';
import { credentialHardcoded } from './credential-hardcoded.js';
import { debugEnabled } from './debug-enabled.js';
import { deployCheckFailed, djangoCheck, fileSkipped, pythonSyntaxError, settingsIncomplete } from './engine-rules.js';
import type { CodeRule, Rule, SettingsRule } from './rule.js';
import { secretKeyHardcoded, secretKeyWeak } from './secret-key.js';

export const SETTINGS_RULES: readonly SettingsRule[] = [
  debugEnabled,
  allowedHostsMissing,
  allowedHostsWildcard,
  secretKeyHardcoded,
  secretKeyWeak,
  credentialHardcoded,
];

export const CODE_RULES: readonly CodeRule[] = [];

export const ENGINE_RULES = [
  fileSkipped,
  pythonSyntaxError,
  settingsIncomplete,
  djangoCheck,
  deployCheckFailed,
] as const;

export const ALL_RULES: readonly Rule[] = [...SETTINGS_RULES, ...CODE_RULES, ...ENGINE_RULES];

export function findRule(id: string): Rule | undefined {
  return ALL_RULES.find((rule) => rule.id === id);
}
