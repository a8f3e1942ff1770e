import type { Setting, SettingsModel } from '../../settings/settings-model.js';
import type { UnknownCause } from '../../settings/unjudged.js';
import {
  agreed,
  anyTrue,
  dictGet,
  make,
  outcomes,
  pyContains,
  truthy,
  type Answer,
  type Value,
} from '../../settings/value.js';
import type { DjangoTarget } from '../../discover/django-version.js';
import { middlewareSetting } from '../django-conditions.js';
import type { DeploymentFacts } from '../rule.js';

/**
 * Content Security Policy, as three providers apply it:
 * - Django 6.0+: `django.middleware.csp.ContentSecurityPolicyMiddleware` sends `SECURE_CSP` (a flat dict of
 *   directive -> sources) and `SECURE_CSP_REPORT_ONLY`; an empty dict sends no header (django/middleware/csp.py).
 * - django-csp 4.x: `csp.middleware.CSPMiddleware` sends `CONTENT_SECURITY_POLICY["DIRECTIVES"]` merged over
 *   `default-src 'self'`, but only when the setting is a non-empty dict: without it, no header at all
 *   (csp/utils.py build_policy). The 3.x `CSP_*` settings are ignored (csp.E001 when "csp" is an app).
 * - django-csp 3.x: the same middleware sends the `CSP_*` settings, `default-src 'self'` when none is set;
 *   `CSP_REPORT_ONLY = True` turns the one policy into a report-only header.
 */
export const DJANGO_CSP_MIDDLEWARE = 'django.middleware.csp.ContentSecurityPolicyMiddleware';
export const LIBRARY_CSP_MIDDLEWARE = [
  'csp.middleware.CSPMiddleware',
  'csp.contrib.rate_limiting.RateLimitedCSPMiddleware',
] as const;

/** The settings django-csp 4's csp.E001 check treats as django-csp 3 configuration (csp/checks.py). */
const LEGACY_DIRECTIVE_SETTINGS = [
  'CSP_CHILD_SRC',
  'CSP_CONNECT_SRC',
  'CSP_DEFAULT_SRC',
  'CSP_SCRIPT_SRC',
  'CSP_SCRIPT_SRC_ATTR',
  'CSP_SCRIPT_SRC_ELEM',
  'CSP_OBJECT_SRC',
  'CSP_STYLE_SRC',
  'CSP_STYLE_SRC_ATTR',
  'CSP_STYLE_SRC_ELEM',
  'CSP_FONT_SRC',
  'CSP_FRAME_SRC',
  'CSP_IMG_SRC',
  'CSP_MANIFEST_SRC',
  'CSP_MEDIA_SRC',
  'CSP_PREFETCH_SRC',
  'CSP_WORKER_SRC',
  'CSP_BASE_URI',
  'CSP_PLUGIN_TYPES',
  'CSP_SANDBOX',
  'CSP_FORM_ACTION',
  'CSP_FRAME_ANCESTORS',
  'CSP_NAVIGATE_TO',
  'CSP_REQUIRE_SRI_FOR',
  'CSP_REQUIRE_TRUSTED_TYPES_FOR',
  'CSP_TRUSTED_TYPES',
  'CSP_UPGRADE_INSECURE_REQUESTS',
  'CSP_BLOCK_ALL_MIXED_CONTENT',
  'CSP_REPORT_URI',
  'CSP_REPORT_TO',
];
export const LEGACY_SETTINGS = [
  ...LEGACY_DIRECTIVE_SETTINGS,
  'CSP_REPORT_ONLY',
  'CSP_EXCLUDE_URL_PREFIXES',
  'CSP_REPORT_PERCENTAGE',
];

/** Whether a setting is written in the settings: undefined when a star import the model cannot see may set it. */
export function presence(settings: SettingsModel, name: string): Answer {
  if (settings.has(name)) return true;
  return settings.get(name).isAssigned ? undefined : false;
}

/** The first of `names` the settings set; undefined when none is set but an opaque import may set one. */
export function firstPresent(settings: SettingsModel, names: readonly string[]): string | false | undefined {
  let undecided = false;
  for (const name of names) {
    const present = presence(settings, name);
    if (present === true) return name;
    if (present === undefined) undecided = true;
  }
  return undecided ? undefined : false;
}

const CSP_LIKE_PATH = /csp|content_?security_?policy/i;

export interface MiddlewareFacts {
  /** The setting that lists the middleware (MIDDLEWARE, or MIDDLEWARE_CLASSES on old settings). */
  setting: Setting;
  /** Django 6's ContentSecurityPolicyMiddleware. */
  builtin: Answer;
  /** django-csp's CSPMiddleware (or its rate-limited variant). */
  library: Answer;
  /** How messages name each provider: its path, or the project subclass listed in its place. */
  builtinName: string;
  libraryName: string;
  /** Another middleware whose path names CSP (django-security's, a class the scanner cannot follow): its policy is not known. */
  other: string | false | undefined;
}

/**
 * What the middleware list says about CSP providers, asked without recording: each rule records the
 * middleware as not judged only where an undecided answer stops it. A project class deriving from a
 * provider (`class AdminCSPMiddleware(CSPMiddleware)`, read by class-lineage.ts) counts as that provider.
 */
export function middlewareFacts(settings: SettingsModel, django: DjangoTarget): MiddlewareFacts {
  const setting = middlewareSetting(settings, django);
  const has = (path: string) => pyContains(setting.value, make('str', { value: path }, setting.origin));
  const listed = new Set<string>();
  let undecided = false;
  for (const value of outcomes(setting.value)) {
    if (value.kind !== 'list' && value.kind !== 'tuple') {
      undecided = true;
      continue;
    }
    if (value.open) undecided = true;
    for (const entry of value.items.flatMap(outcomes)) {
      if (entry.kind !== 'str') undecided = true;
      else listed.add(entry.value);
    }
  }
  const derivesFrom = (path: string, providers: readonly string[]) =>
    providers.includes(path) ||
    (settings.middlewareBases(path)?.libraryBases ?? []).some((base) => providers.includes(base));
  const providing = (providers: readonly string[]) => [
    ...new Set([...providers, ...[...listed].filter((path) => derivesFrom(path, providers))]),
  ];
  const builtin = providing([DJANGO_CSP_MIDDLEWARE]);
  const library = providing(LIBRARY_CSP_MIDDLEWARE);
  const other = [...listed].find(
    (path) => !builtin.includes(path) && !library.includes(path) && CSP_LIKE_PATH.test(path),
  );
  const nameOf = (paths: readonly string[], base: string) => {
    const subclass = paths.find((path) => path !== base && listed.has(path) && !listed.has(base));
    return subclass ? `${subclass} (a subclass of ${base})` : base;
  };
  return {
    setting,
    builtin: anyTrue(builtin.map(has)),
    library: anyTrue(library.map(has)),
    builtinName: nameOf(builtin, DJANGO_CSP_MIDDLEWARE),
    libraryName: nameOf(library, LIBRARY_CSP_MIDDLEWARE[0]),
    other: other ?? (undecided ? undefined : false),
  };
}

/** Whether a policy setting makes the middleware send a header: established either way, or not known. */
export type PolicyState = 'applies' | 'empty' | 'unknown';

/**
 * Whether one directive's value is rendered. Django 6 (django/utils/csp.py build_policy) skips None, False
 * and empty lists; django-csp 4 skips None and a lone False, and renders an empty list as a bare directive.
 */
function directiveRenders(value: Value, emptyRenders: boolean): Answer {
  return agreed<Answer>(
    outcomes(value).map((option) => {
      switch (option.kind) {
        case 'none':
          return false;
        case 'bool':
          return option.value;
        case 'int':
        case 'float':
          return option.value !== 0;
        case 'list':
        case 'tuple':
        case 'set': {
          if (option.items.length === 0) return option.open && !emptyRenders ? undefined : emptyRenders;
          const [only] = option.items;
          return option.items.length === 1 && only!.kind === 'bool' ? only!.value : true;
        }
        case 'unknown':
        case 'either':
          return undefined;
        default:
          return true;
      }
    }),
    undefined,
  );
}

/** `SECURE_CSP` / `SECURE_CSP_REPORT_ONLY` on Django 6: a non-empty dict with a rendered directive applies. */
export function builtinPolicyState(value: Value): PolicyState {
  return agreed<PolicyState>(
    outcomes(value).map((option) => {
      if (option.kind === 'none') return 'empty';
      // Anything but a dict is security.E026, which Django's own check reports.
      if (option.kind !== 'dict') return 'unknown';
      const renders = anyTrue(option.entries.map(([, directive]) => directiveRenders(directive, false)));
      // Unseen directives (`{**BASE_CSP}`) may render.
      return renders === true ? 'applies' : renders === false && !option.open ? 'empty' : 'unknown';
    }),
    'unknown',
  );
}

/**
 * django-csp 4: `CONTENT_SECURITY_POLICY` applies when it is a non-empty dict. Its "DIRECTIVES" are merged
 * over `default-src 'self'`, so `{"EXCLUDE_URL_PREFIXES": [...]}` alone still sends `default-src 'self'`;
 * `"DIRECTIVES": None` sends nothing.
 */
function libraryPolicyState(value: Value): PolicyState {
  return agreed<PolicyState>(
    outcomes(value).map((option): PolicyState => {
      if (option.kind === 'none') return 'empty';
      if (option.kind !== 'dict') return 'unknown';
      if (option.entries.length === 0) return option.open ? 'unknown' : 'empty';
      if (option.entries.some(([key]) => key.kind !== 'str')) return 'unknown';
      const directives = dictGet(option, 'DIRECTIVES');
      if (directives === undefined) return option.open ? 'unknown' : 'applies';
      return agreed<PolicyState>(
        outcomes(directives).map((inner): PolicyState => {
          if (inner.kind === 'none') return 'empty';
          if (inner.kind !== 'dict' || inner.open) return 'unknown';
          const defaultSrc = dictGet(inner, 'default-src');
          const renders = anyTrue([
            defaultSrc === undefined ? true : directiveRenders(defaultSrc, true),
            ...inner.entries.map(([, directive]) => directiveRenders(directive, true)),
          ]);
          return renders === true ? 'applies' : renders === false ? 'empty' : 'unknown';
        }),
        'unknown',
      );
    }),
    'unknown',
  );
}

export interface LibraryVersion {
  major: 3 | 4 | undefined;
  /** "django-csp 4 (requirements.txt)", or "django-csp 4" when the settings' shape suggests it. */
  label: string;
}

/**
 * Which django-csp the settings are written for: the deployment fact when the engine read it from the
 * requirements, else the settings' shape: only 3.x `CSP_*` settings are read as 3.x (they apply there), only
 * `CONTENT_SECURITY_POLICY*` as 4.x; both, neither, or settings the model cannot see leave it unknown.
 */
export function libraryVersion(settings: SettingsModel, deployment: DeploymentFacts): LibraryVersion {
  const major = deployment.djangoCspMajor;
  const from = deployment.djangoCspSource ? ` (${deployment.djangoCspSource})` : '';
  if (major !== undefined && major >= 4) return { major: 4, label: `django-csp ${major}${from}` };
  if (major !== undefined) return { major: 3, label: `django-csp ${major}${from}` };
  const legacy = firstPresent(settings, LEGACY_SETTINGS);
  const modern = firstPresent(settings, ['CONTENT_SECURITY_POLICY', 'CONTENT_SECURITY_POLICY_REPORT_ONLY']);
  if (legacy && modern === false) return { major: 3, label: 'django-csp 3' };
  if (modern && legacy === false) return { major: 4, label: 'django-csp 4' };
  return { major: undefined, label: 'django-csp' };
}

export interface LibraryPolicy {
  enforced: PolicyState;
  reportOnly: PolicyState;
}

export function libraryPolicy(settings: SettingsModel, version: LibraryVersion): LibraryPolicy {
  if (version.major === 4) {
    return {
      enforced: libraryPolicyState(settings.get('CONTENT_SECURITY_POLICY').value),
      reportOnly: libraryPolicyState(settings.get('CONTENT_SECURITY_POLICY_REPORT_ONLY').value),
    };
  }
  if (version.major === 3) {
    // 3.x always sends its one policy (default-src 'self' at least), as report-only when CSP_REPORT_ONLY is true.
    const reportOnly = truthy(settings.get('CSP_REPORT_ONLY').value);
    if (reportOnly === undefined) return { enforced: 'unknown', reportOnly: 'unknown' };
    return reportOnly ? { enforced: 'empty', reportOnly: 'applies' } : { enforced: 'applies', reportOnly: 'empty' };
  }
  return { enforced: 'unknown', reportOnly: 'unknown' };
}

/**
 * Records why django-csp's policy is not known: the setting the version reads, or, when the version
 * itself is not known, that (at the middleware list, where django-csp is installed).
 */
export function undecidedLibraryPolicy(settings: SettingsModel, version: LibraryVersion, middleware: Setting): void {
  if (version.major === 4) return settings.get('CONTENT_SECURITY_POLICY').undecided();
  if (version.major === 3) return settings.get('CSP_REPORT_ONLY').undecided();
  const opaque = [...LEGACY_SETTINGS, 'CONTENT_SECURITY_POLICY'].find((name) => presence(settings, name) === undefined);
  if (opaque) return settings.get(opaque).undecided();
  const cause: UnknownCause = {
    span: middleware.origin,
    why: 'which major version of django-csp production installs (4.x reads CONTENT_SECURITY_POLICY, 3.x the CSP_* settings)',
    hint: 'pin django-csp in the requirements the scanner reads (requirements.txt, pyproject.toml, a lock file)',
  };
  settings.get('CONTENT_SECURITY_POLICY').undecided([cause]);
}
