import { allowedHostsMissing, allowedHostsWildcard } from './allowed-hosts.js';
import { credentialHardcoded } from './credential-hardcoded.js';
import { debugEnabled } from './debug-enabled.js';
import { deployCheckFailed, djangoCheck, fileSkipped, pythonSyntaxError, settingsIncomplete } from './engine-rules.js';
import { suppressionReasonMissing, unusedSuppression } from './suppression-rules.js';
import type { CodeRule, Rule, SettingsRule } from './rule.js';
import { secretKeyHardcoded, secretKeyWeak } from './secret-key.js';
import { contentTypeNosniffDisabled } from './content-type-nosniff.js';
import { csrfCookieInsecure, sessionCookieHttponlyDisabled, sessionCookieInsecure } from './cookies.js';
import { crossOriginOpenerPolicyInvalid } from './cross-origin-opener-policy.js';
import { hstsMissing, hstsPreloadMissing, hstsSubdomainsMissing } from './hsts.js';
import { csrfMiddlewareMissing, securityMiddlewareMissing } from './middleware-missing.js';
import { referrerPolicyMissing } from './referrer-policy.js';
import { sslRedirectDisabled } from './ssl-redirect.js';
import { proxySslHeaderInvalid } from './proxy-ssl-header.js';
import { rawSqlInjection } from './raw-sql-injection.js';
import { hstsTooShort } from './hsts-too-short.js';
import { csrfCookieHttponlyDisabled } from './csrf-cookie-httponly.js';
import { cspMissing } from './csp-missing.js';
import { cspUnsafeSource } from './csp-unsafe-source.js';
import { xFrameOptionsMiddlewareMissing, xFrameOptionsWeak } from './x-frame-options.js';

export const SETTINGS_RULES: readonly SettingsRule[] = [
  debugEnabled,
  allowedHostsMissing,
  allowedHostsWildcard,
  sslRedirectDisabled,
  proxySslHeaderInvalid,
  hstsMissing,
  hstsTooShort,
  hstsSubdomainsMissing,
  hstsPreloadMissing,
  sessionCookieInsecure,
  sessionCookieHttponlyDisabled,
  csrfCookieInsecure,
  csrfCookieHttponlyDisabled,
  cspMissing,
  cspUnsafeSource,
  xFrameOptionsMiddlewareMissing,
  xFrameOptionsWeak,
  secretKeyHardcoded,
  secretKeyWeak,
  credentialHardcoded,
  securityMiddlewareMissing,
  csrfMiddlewareMissing,
  contentTypeNosniffDisabled,
  referrerPolicyMissing,
  crossOriginOpenerPolicyInvalid,
];

export const CODE_RULES: readonly CodeRule[] = [rawSqlInjection];

export const ENGINE_RULES = [
  fileSkipped,
  pythonSyntaxError,
  settingsIncomplete,
  djangoCheck,
  deployCheckFailed,
  unusedSuppression,
  suppressionReasonMissing,
] as const;

export const ALL_RULES: readonly Rule[] = [...SETTINGS_RULES, ...CODE_RULES, ...ENGINE_RULES];

export function findRule(id: string): Rule | undefined {
  return ALL_RULES.find((rule) => rule.id === id);
}
