import { atLeast, type DjangoTarget } from '../../discover/django-version.js';
import type { Setting, SettingsModel } from '../../settings/settings-model.js';
import { DJANGO_CSP_NONCE } from '../../settings/library-constants.js';
import { dictGet, outcomes, truthy, type Answer, type Value } from '../../settings/value.js';
import type { DeploymentFacts } from '../rule.js';
import { libraryVersion, middlewareFacts, presence, undecidedLibraryPolicy } from './providers.js';

/**
 * The enforced Content Security Policies production sends, as lookups of their directives: each source
 * certain on every path, possible on some, or hidden in a part the model cannot see.
 */

/** One source expression of a directive, with the value it was written in. */
export interface Source {
  /** Lower-cased, as browsers compare keywords and schemes. */
  token: string;
  written: string;
  item: Value;
}

/** A directive as the model knows it: sources certain on every path, sources possible on some, or unknown parts. */
export interface Directive {
  name: string;
  /** Whether the header carries the directive: undefined when an undecided branch or an unknown value decides. */
  present: Answer;
  certain: Source[];
  possible: Set<string>;
  /** Some part of the value is unknown, so any source may be in it. */
  open: boolean;
  /** Values the directive's sources were computed through (for "when CSP_SCRIPT is unset"). */
  through: Value[];
}

function tokensOf(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/** How a provider renders a directive's value. */
interface Rendering {
  /** Django 6 drops a directive whose list is empty; django-csp 4 sends it bare. */
  emptyIsAbsent: boolean;
  /** The marker object the provider replaces by the response's nonce (django-csp 4's `csp.constants.NONCE`). */
  nonceMarker?: string;
}

/** The token the rules read a nonce the provider adds as (see csp-unsafe-source's NONCE_OR_HASH). */
const NONCE_TOKEN = '<csp_nonce_sentinel>';

/** The sources of one list item (or of a string directive value): certain on every path, possible on some. */
export function itemSources(
  item: Value,
  nonceMarker?: string,
): { certain: Source[]; possible: string[]; open: boolean } {
  const perOption: Array<Source[] | undefined> = outcomes(item).map((option) => {
    if (option.kind === 'str')
      return tokensOf(option.value).map((written) => ({ token: written.toLowerCase(), written, item: option }));
    if (option.kind === 'object' && option.object.type === 'marker' && option.object.name === nonceMarker) {
      return [{ token: NONCE_TOKEN, written: option.object.name, item: option }];
    }
    // An unknown value may be any source; None, a bool or a number is none.
    return option.kind === 'unknown' || option.kind === 'object' ? undefined : [];
  });
  const known = perOption.filter((sources): sources is Source[] => sources !== undefined);
  const open = known.length < perOption.length;
  const possible = known.flat().map((source) => source.token);
  const certain = open
    ? []
    : (known[0] ?? []).filter((source) => known.every((sources) => sources.some((s) => s.token === source.token)));
  return { certain, possible, open };
}

interface DirectiveOption {
  present: Answer;
  sources: Source[];
  possible: string[];
  open: boolean;
}

function directiveOption(option: Value, rendering: Rendering): DirectiveOption {
  const none: DirectiveOption = { present: false, sources: [], possible: [], open: false };
  switch (option.kind) {
    case 'unknown':
    case 'either':
      return { present: undefined, sources: [], possible: [], open: true };
    case 'none':
      return none;
    case 'bool':
      return option.value ? { ...none, present: true } : none;
    case 'str':
    case 'object': {
      const found = itemSources(option, rendering.nonceMarker);
      return { present: true, sources: found.certain, possible: found.possible, open: found.open };
    }
    case 'list':
    case 'tuple':
    case 'set': {
      if (option.items.length === 0 && rendering.emptyIsAbsent) return none;
      const found = option.items.map((item) => itemSources(item, rendering.nonceMarker));
      return {
        present: true,
        sources: found.flatMap((f) => f.certain),
        possible: found.flatMap((f) => f.possible),
        open: found.some((f) => f.open),
      };
    }
    default:
      return { ...none, present: true };
  }
}

/** A directive's value, under the rendering rules of its provider (see directiveRenders). */
function directiveOf(name: string, value: Value, rendering: Rendering, through: Value[]): Directive {
  const perOption = outcomes(value).map((option) => directiveOption(option, rendering));
  const answers = perOption.map((option) => option.present);
  const present = answers.every((p) => p === true) ? true : answers.every((p) => p === false) ? false : undefined;
  const [first] = perOption;
  const certain =
    present === true && first
      ? first.sources.filter((source) =>
          perOption.every((option) => option.sources.some((s) => s.token === source.token)),
        )
      : [];
  return {
    name,
    present,
    certain,
    possible: new Set(perOption.flatMap((option) => option.possible)),
    open: perOption.some((option) => option.open),
    through: [...through, value],
  };
}

/** One enforced policy, as a lookup of its directives. */
export interface Policy {
  /** The setting the policy is written in, for messages and the finding's `setting`. */
  setting: string;
  /** How a directive is named in the settings: `SECURE_CSP["script-src"]`, `CSP_SCRIPT_SRC`. */
  label(directive: string): string;
  directive(name: string): Directive;
  /** Records the setting that holds a directive as not judged (an unknown part, an undecided branch). */
  undecided(directive: string): void;
  /** How the project adds a nonce, for the fix. */
  nonceFix: string;
  hostFix: string;
}

/** A dict of directives (Django 6's SECURE_CSP, django-csp 4's DIRECTIVES) as a policy lookup. */
function dictPolicy(
  dict: Value & { kind: 'dict' },
  rendering: Rendering,
  through: Value[],
): (name: string) => Directive {
  const keysKnown = !dict.open && dict.entries.every(([key]) => key.kind === 'str');
  return (name) => {
    const entry = dict.entries.find(([key]) => key.kind === 'str' && key.value.toLowerCase() === name);
    if (entry) return directiveOf(name, entry[1], rendering, [...through, dict]);
    return {
      name,
      present: keysKnown ? false : undefined,
      certain: [],
      possible: new Set(),
      open: !keysKnown,
      through,
    };
  };
}

/** The enforced policies production sends, each established by the settings; none when that is not known. */
export function enforcedPolicies(
  settings: SettingsModel,
  django: DjangoTarget,
  deployment: DeploymentFacts,
): Policy[][] {
  const middleware = middlewareFacts(settings, django);
  const policies: Policy[][] = [];
  // A middleware that names CSP but is neither provider may be a subclass of either: its settings then apply.
  const other = typeof middleware.other === 'string';
  const builtinAvailable = atLeast(django, 6, 0);
  if (
    middleware.other === undefined ||
    middleware.library === undefined ||
    (builtinAvailable && middleware.builtin === undefined)
  ) {
    middleware.setting.undecided();
  }

  if (builtinAvailable && (middleware.builtin === true || other)) {
    const setting = settings.get('SECURE_CSP');
    policies.push(
      outcomes(setting.value).map((option) =>
        option.kind === 'dict'
          ? {
              setting: 'SECURE_CSP',
              label: (name: string) => `SECURE_CSP["${name}"]`,
              directive: dictPolicy(option, { emptyIsAbsent: true }, [setting.value]),
              undecided: () => setting.undecided(),
              nonceFix:
                '"script-src": [CSP.SELF, CSP.NONCE] (with the csp context processor and nonce="{{ csp_nonce }}")',
              hostFix: '"script-src": [CSP.SELF, "https://cdn.example.com"]',
            }
          : otherPolicy(setting, option),
      ),
    );
  }

  if (middleware.library === true || other) {
    const version = libraryVersion(settings, deployment);
    if (version.major === 4) {
      const setting = settings.get('CONTENT_SECURITY_POLICY');
      policies.push(
        outcomes(setting.value).flatMap((option): Policy[] => {
          if (option.kind !== 'dict') return [otherPolicy(setting, option)];
          const directives = dictGet(option, 'DIRECTIVES') ?? { ...option, kind: 'dict', entries: [] };
          return outcomes(directives).map((inner) =>
            inner.kind === 'dict'
              ? {
                  setting: 'CONTENT_SECURITY_POLICY',
                  label: (name: string) => `CONTENT_SECURITY_POLICY["DIRECTIVES"]["${name}"]`,
                  directive: withDefaultSelf(
                    dictPolicy(inner, { emptyIsAbsent: false, nonceMarker: DJANGO_CSP_NONCE }, [setting.value, option]),
                  ),
                  undecided: () => setting.undecided(),
                  nonceFix:
                    '"script-src": [SELF, NONCE] (from csp.constants; nonce="{{ request.csp_nonce }}" in templates)',
                  hostFix: '"script-src": [SELF, "https://cdn.example.com"]',
                }
              : otherPolicy(setting, inner),
          );
        }),
      );
    } else if (version.major === 3) {
      const reportOnly = settings.get('CSP_REPORT_ONLY');
      const enforced = truthy(reportOnly.value);
      if (enforced === false) policies.push([legacyPolicy(settings)]);
      else if (enforced === undefined) reportOnly.undecided();
    } else {
      undecidedLibraryPolicy(settings, version, middleware.setting);
    }
  }
  return policies;
}

/** django-csp 4 merges DIRECTIVES over `default-src 'self'`: without the key, default-src is 'self'. */
function withDefaultSelf(lookup: (name: string) => Directive): (name: string) => Directive {
  return (name) => {
    const directive = lookup(name);
    if (name !== 'default-src' || directive.present !== false || directive.open) return directive;
    return { ...directive, present: true };
  };
}

/**
 * A policy setting that is not a dict: None (or another value Django rejects) sends no directive; a value
 * the model cannot see may send any, and is recorded as not judged when a rule asks.
 */
function otherPolicy(setting: Setting, option: Value): Policy {
  const unknown = option.kind === 'unknown';
  return {
    setting: setting.name,
    label: (name) => name,
    directive: (name) => ({
      name,
      present: unknown ? undefined : false,
      certain: [],
      possible: new Set(),
      open: unknown,
      through: [],
    }),
    undecided: () => setting.undecided(option),
    nonceFix: '',
    hostFix: '',
  };
}

/** django-csp 3: one setting per directive, `CSP_SCRIPT_SRC` for script-src. */
function legacyPolicy(settings: SettingsModel): Policy {
  const nonceIn = settings.has('CSP_INCLUDE_NONCE_IN') ? settings.get('CSP_INCLUDE_NONCE_IN').value : undefined;
  const settingOf = (name: string) => `CSP_${name.toUpperCase().replace(/-/g, '_')}`;
  return {
    setting: 'CSP_*',
    label: settingOf,
    undecided: (name) => settings.get(settingOf(name)).undecided(),
    directive: (name) => {
      const settingName = settingOf(name);
      const present = presence(settings, settingName);
      if (present === false) {
        // CSP_DEFAULT_SRC defaults to ("'self'",), which no rule here objects to.
        return { name, present: name === 'default-src', certain: [], possible: new Set(), open: false, through: [] };
      }
      const setting = settings.get(settingName);
      const directive = directiveOf(name, setting.value, { emptyIsAbsent: false }, []);
      // 3.x adds the nonce (when a template used it) to the directives CSP_INCLUDE_NONCE_IN names; only an
      // explicit setting counts: its default, ["default-src"], says nothing about the project using nonces.
      if (nonceIn !== undefined) {
        for (const option of outcomes(nonceIn)) {
          const entries =
            option.kind === 'list' || option.kind === 'tuple' || option.kind === 'set' ? option.items : [option];
          for (const entry of entries.map((each) => itemSources(each))) {
            if (entry.open) directive.open = true;
            if (entry.possible.includes(name)) directive.possible.add(NONCE_TOKEN);
          }
        }
      }
      return directive;
    },
    nonceFix: `${settingOf('script-src')} = ("'self'",) with CSP_INCLUDE_NONCE_IN = ("script-src",) and nonce="{{ request.csp_nonce }}" on the scripts`,
    hostFix: `${settingOf('script-src')} = ("'self'", "https://cdn.example.com")`,
  };
}
