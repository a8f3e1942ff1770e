import type { SourceSpan } from '../finding.js';
import { describeSpan } from '../parse/span.js';
import { pyEquals as plainEquals } from '../python/operators.js';
import { asciiString, pyRepr, pyStrOf, reprString, type PyScalar } from '../python/values.js';
import type { CastName } from './env-readers.js';

/**
 * How one environment variable contributed to a value:
 * - `given`: the production environment (--env / the `env` input) supplies it;
 * - `default`: it is not given, so the read's default applies;
 * - `unset`: it is not given and the read has no default, so the read yields None;
 * - `required`: the read has no default and would fail when unset, so production must supply it.
 */
export interface EnvRead {
  variable: string;
  state: 'given' | 'default' | 'unset' | 'required';
  given?: string;
  /** Where the default that applies is written (a call's argument, or a django-environ scheme). */
  defaultSpan?: SourceSpan;
  /**
   * Set when the read is of a name in a module the repository does not hold (`getattr(configuration,
   * "NAME", default)`) rather than of an environment variable: `variable` is then the name and this says
   * which module ("the deploy-time module netbox.configuration"). Such a read is never given.
   */
  module?: string;
  /** Another source production may take the value from, said with the variable ("no dynaconf settings file sets DEBUG"). */
  orElse?: string;
}

/** Objects the interpreter knows by behaviour: modules, callables and configuration helpers. */
export type PyObject =
  /**
   * `file` is set for a module of the repository (its absolute path); `deployTime` for one the repository's
   * packages import but do not hold (netbox.configuration), written for each deployment.
   */
  | { type: 'module'; name: string; file?: string; deployTime?: boolean }
  | { type: 'callable'; name: string }
  | { type: 'os.environ' }
  /** `globals()`, `vars()`, `locals()`: the settings module's own namespace, handed to helpers that set settings. */
  | { type: 'namespace' }
  /** A dynaconf settings object: names read from PREFIX_NAME variables, else from its settings files. */
  | { type: 'dynaconf-settings'; prefix: string; files: ReadonlyMap<string, Value> }
  | {
      type: 'env-reader';
      library: 'django-environ' | 'environs';
      scheme: Map<string, EnvScheme>;
      /** django-environ's FileAwareEnv: NAME_FILE, when given, names a file holding NAME's value. */
      fileAware?: boolean;
      /** A `**spread` in the schema the model cannot see (`**EXTRA_SCHEMA`): it may hold any variable's entry. */
      unseen?: { text: string; span: SourceSpan };
    }
  /** A file path built from a value (`Path(os.environ["KEY_FILE"])`, `open(path)`), read only at deploy time. */
  | { type: 'file-path'; path: Value }
  /** python-decouple's `Csv(...)` with a str item cast: the delimiter and strip characters, and the result type. */
  | { type: 'csv-cast'; delimiter: string; strip: string; sequence: 'list' | 'tuple' }
  | { type: 'method'; receiver: Value; name: string }
  | { type: 'function'; name: string; definition: unknown; module: string }
  /** A class the settings define (configuration-classes.ts holds its definition). */
  | { type: 'class'; name: string; definition: unknown }
  /**
   * An object of a library class the model follows by behaviour: a django-configurations `values.*Value(...)`
   * reader, a configuration instance (`self`), or a method bound to one (django-configurations.ts).
   */
  | { type: 'instance'; name: string; definition: unknown }
  /** django-split-settings' `optional("local.py")`: a file included only when it exists. */
  | { type: 'optional-include'; path: Value }
  /** A library's marker object, known by its repr (django-csp 4's `csp.constants.NONCE`, library-constants.ts). */
  | { type: 'marker'; name: string };

export interface EnvScheme {
  cast?: CastName;
  default?: Value;
}

/**
 * Members of a collection the model cannot see (`[*env_apps, "x"]`, `d.update(unknown)`): the known
 * members are still known present, but an absent member may be among these.
 */
export interface OpenPart {
  why: string;
  span: SourceSpan;
  /** What would make it judgeable, e.g. "set EXTRA_APPS in the production environment". */
  hint?: string;
}

interface ValueCommon {
  span: SourceSpan;
  /** Environment reads the value was computed from. */
  env: readonly EnvRead[];
  /** Environment reads that decided the branch the value was assigned in (`if ENV == "dev": ...`). */
  conditions?: readonly EnvRead[];
  /**
   * Set when the value is a variable's text taken as it is, with no cast: its truthiness is then that of
   * a string, so any non-empty value, "False" and "0" included, is true.
   */
  rawEnv?: string;
}

export type Value = ValueCommon &
  (
    | { kind: 'none' }
    | { kind: 'bool'; value: boolean }
    | { kind: 'int'; value: number }
    | { kind: 'float'; value: number }
    | { kind: 'str'; value: string }
    | { kind: 'list'; items: Value[]; open?: OpenPart }
    | { kind: 'tuple'; items: Value[]; open?: OpenPart }
    | { kind: 'set'; items: Value[]; open?: OpenPart }
    | { kind: 'dict'; entries: Array<[Value, Value]>; open?: OpenPart }
    | { kind: 'object'; object: PyObject }
    /**
     * `why` names what the model could not follow ("the deploy-time module configuration"); `span` is the
     * construct that made it unknown; `hint` says what would make it judgeable ("set FEATURE in env").
     */
    | {
        kind: 'unknown';
        why: string;
        hint?: string;
        /** What kind of construct it is, the same for every site of it ("a call of lasuite's SecretFileValue"). */
        subject?: string;
      }
    /**
     * Several outcomes, when a condition the model cannot decide picks between them. `at` is the condition
     * itself (the `if`), when known; `hint` says what would decide it ("set FEATURE in env").
     */
    | { kind: 'either'; options: Value[]; condition: string; at?: SourceSpan; hint?: string }
  );

export type ValueOf<K extends Value['kind']> = Extract<Value, { kind: K }>;

type Payload<K extends Value['kind']> = K extends Value['kind'] ? Omit<ValueOf<K>, 'kind' | 'span' | 'env'> : never;

export function make<K extends Value['kind']>(
  kind: K,
  payload: Payload<K>,
  span: SourceSpan,
  env: readonly EnvRead[] = [],
): Value {
  return { kind, ...payload, span, env } as unknown as Value;
}

export const unknown = (why: string, span: SourceSpan, env: readonly EnvRead[] = [], hint?: string): Value =>
  make('unknown', hint ? { why, hint } : { why }, span, env);

export function mergeEnv(...groups: ReadonlyArray<readonly EnvRead[]>): EnvRead[] {
  const seen = new Map<string, EnvRead>();
  for (const group of groups) {
    for (const read of group) {
      const key = read.module ? `${read.module}\0${read.variable}` : read.variable;
      if (!seen.has(key)) seen.set(key, read);
    }
  }
  return [...seen.values()];
}

export function withProvenance(value: Value, span: SourceSpan, env: readonly EnvRead[]): Value {
  return { ...value, span, env: mergeEnv(value.env, env) } as Value;
}

export function isKnown(value: Value): boolean {
  switch (value.kind) {
    case 'unknown':
    case 'either':
      return false;
    case 'list':
    case 'tuple':
    case 'set':
      return !value.open && value.items.every(isKnown);
    case 'dict':
      return !value.open && value.entries.every(([k, v]) => isKnown(k) && isKnown(v));
    default:
      return true;
  }
}

/**
 * The answer to a question about a value, like Ruff's `Truthiness`: true, false, or undefined when the
 * model cannot tell (an unknown value, an undecided branch whose options disagree, an open collection).
 */
export type Answer = boolean | undefined;

/** `any(...)` over three-valued answers: one true decides; otherwise an undecided one leaves it undecided. */
export function anyTrue(answers: readonly Answer[]): Answer {
  if (answers.includes(true)) return true;
  return answers.includes(undefined) ? undefined : false;
}

/** `all(...)` over three-valued answers: one false decides; otherwise an undecided one leaves it undecided. */
export function allTrue(answers: readonly Answer[]): Answer {
  if (answers.includes(false)) return false;
  return answers.includes(undefined) ? undefined : true;
}

/** `not answer`, keeping undecided undecided. */
export function negate(answer: Answer): Answer {
  return answer === undefined ? undefined : !answer;
}

/** The answer every option gives, or `otherwise` when they disagree (the options of an undecided branch). */
export function agreed<T>(answers: readonly T[], otherwise: T): T {
  const distinct = new Set(answers);
  return distinct.size === 1 ? answers[0]! : otherwise;
}

/** The same question asked of each option of an `either`, answered when every option agrees. */
function acrossOptions(value: Value & { kind: 'either' }, ask: (option: Value) => Answer): Answer {
  return agreed(value.options.map(ask), undefined);
}

/** Python truthiness; undefined when the model cannot tell. */
export function truthy(value: Value): Answer {
  switch (value.kind) {
    case 'none':
      return false;
    case 'bool':
      return value.value;
    case 'int':
    case 'float':
      return value.value !== 0;
    case 'str':
      return value.value.length > 0;
    case 'list':
    case 'tuple':
    case 'set':
      // An open collection with no known member may still be empty.
      return value.items.length > 0 ? true : value.open ? undefined : false;
    case 'dict':
      return value.entries.length > 0 ? true : value.open ? undefined : false;
    case 'object':
      return true;
    case 'unknown':
      return undefined;
    case 'either':
      return acrossOptions(value, truthy);
  }
}

/** `value is True` in Python. */
export function isTrueSingleton(value: Value): Answer {
  if (value.kind === 'unknown') return undefined;
  if (value.kind === 'either') return acrossOptions(value, isTrueSingleton);
  return value.kind === 'bool' && value.value;
}

/** Every concrete outcome a value may have (an `either` unfolded). */
export function outcomes(value: Value): Value[] {
  return value.kind === 'either' ? value.options.flatMap(outcomes) : [value];
}

/** Every read behind a value: its own, its outcomes', and the conditions that chose between them. */
export function readsOf(value: Value): EnvRead[] {
  return [value, ...outcomes(value)].flatMap((each) => [...each.env, ...(each.conditions ?? [])]);
}

function numeric(value: Value): number | undefined {
  if (value.kind === 'bool') return value.value ? 1 : 0;
  if (value.kind === 'int' || value.kind === 'float') return value.value;
  return undefined;
}

export function asNumber(value: Value): number | undefined {
  return numeric(value);
}

/** Python `==`; undefined when either side is not known (an undecided branch counts when its options agree). */
export function pyEquals(a: Value, b: Value): Answer {
  if (a.kind === 'either') return acrossOptions(a, (option) => pyEquals(option, b));
  if (b.kind === 'either') return acrossOptions(b, (option) => pyEquals(a, option));
  if (a.kind === 'unknown' || b.kind === 'unknown') return undefined;
  const sequences = ['list', 'tuple'];
  // A list never equals a tuple, whatever their items.
  if (sequences.includes(a.kind) && sequences.includes(b.kind) && a.kind !== b.kind) return false;
  if ((a.kind === 'list' || a.kind === 'tuple') && a.kind === b.kind) {
    // Item by item, as Python compares sequences: one known difference decides, even beside unknown items.
    const bi = (b as ValueOf<'list'>).items;
    if (a.open || (b as ValueOf<'list'>).open) return undefined;
    if (a.items.length !== bi.length) return false;
    return allTrue(a.items.map((item, i) => pyEquals(item, bi[i]!)));
  }
  if (!isKnown(a) || !isKnown(b)) return undefined;
  const [plainA, plainB] = [scalarToPy(a), scalarToPy(b)];
  if (plainA && plainB) return plainEquals(plainA, plainB);
  if (a.kind === 'none' || b.kind === 'none') return a.kind === b.kind;
  if (a.kind === 'set' && b.kind === 'set') {
    return (
      a.items.length === b.items.length && a.items.every((item) => b.items.some((o) => pyEquals(item, o) === true))
    );
  }
  if (a.kind === 'dict' && b.kind === 'dict') {
    return (
      a.entries.length === b.entries.length &&
      a.entries.every(([k, v]) => b.entries.some(([k2, v2]) => pyEquals(k, k2) === true && pyEquals(v, v2) === true))
    );
  }
  if (a.kind === 'object' || b.kind === 'object') return a === b;
  return false;
}

/**
 * Python `needle in haystack`; undefined when it cannot be decided. A known member is known present even
 * in a partly unknown collection; an absent one is known absent only when nothing unseen could supply it.
 */
export function pyContains(haystack: Value, needle: Value): Answer {
  if (haystack.kind === 'either') return acrossOptions(haystack, (option) => pyContains(option, needle));
  if (needle.kind === 'either') return acrossOptions(needle, (option) => pyContains(haystack, option));
  if (haystack.kind === 'str') {
    if (needle.kind !== 'str') return undefined;
    return haystack.value.includes(needle.value);
  }
  if (haystack.kind === 'list' || haystack.kind === 'tuple' || haystack.kind === 'set') {
    let undecided = haystack.open !== undefined;
    for (const item of haystack.items) {
      const equal = pyEquals(item, needle);
      if (equal === true) return true;
      if (equal === undefined) undecided = true;
    }
    return undecided ? undefined : false;
  }
  if (haystack.kind === 'dict') {
    const items = haystack.entries.map(([k]) => k);
    return pyContains(make('list', haystack.open ? { items, open: haystack.open } : { items }, haystack.span), needle);
  }
  return undefined;
}

export function dictGet(dict: Value, key: string): Value | undefined {
  if (dict.kind !== 'dict') return undefined;
  for (const [k, v] of dict.entries) if (k.kind === 'str' && k.value === key) return v;
  return undefined;
}

/**
 * The Python layer's value of a scalar. The model keeps ints as JS numbers, exact up to 2**53; past that
 * the number's own digits stand for it.
 */
export function scalarToPy(value: Value): PyScalar | undefined {
  switch (value.kind) {
    case 'none':
      return { kind: 'none' };
    case 'bool':
      return { kind: 'bool', value: value.value };
    case 'int':
      return Number.isFinite(value.value) ? { kind: 'int', value: BigInt(Math.trunc(value.value)) } : undefined;
    case 'float':
      return { kind: 'float', value: value.value };
    case 'str':
      return { kind: 'str', value: value.value };
    default:
      return undefined;
  }
}

/**
 * `repr(text)` as Python prints it. Where CPython's Unicode tables may judge a character's printability
 * differently from this engine's, `ascii(text)` stands in: the same string, every non-ASCII character escaped.
 */
export function reprText(text: string): string {
  return reprString(text) ?? asciiString(text);
}

/** `str(value)` for the scalar values settings use; undefined for anything else. */
export function stringForm(value: Value): string | undefined {
  const plain = scalarToPy(value);
  return plain && pyStrOf(plain);
}

/** The members of a collection, with "…" standing for the ones the model cannot see. */
function withUnseen(members: string[], open: OpenPart | undefined): string {
  return (open ? [...members, '…'] : members).join(', ');
}

/** Python repr of a value, as a user would write it in settings. */
export function repr(value: Value): string {
  switch (value.kind) {
    case 'none':
    case 'bool':
    case 'int':
    case 'float': {
      // Only an int the model holds as an infinite JS number has no Python value.
      const plain = scalarToPy(value);
      return (plain && pyRepr(plain)) ?? '<unknown>';
    }
    case 'str':
      return reprText(value.value);
    case 'list':
      return `[${withUnseen(value.items.map(repr), value.open)}]`;
    case 'tuple':
      return value.items.length === 1 && !value.open
        ? `(${repr(value.items[0]!)},)`
        : `(${withUnseen(value.items.map(repr), value.open)})`;
    case 'set':
      return value.items.length === 0 && !value.open ? 'set()' : `{${withUnseen(value.items.map(repr), value.open)}}`;
    case 'dict':
      return `{${withUnseen(
        value.entries.map(([k, v]) => `${repr(k)}: ${repr(v)}`),
        value.open,
      )}}`;
    case 'object':
      return value.object.type === 'marker' ? value.object.name : `<${value.object.type}>`;
    case 'unknown':
      return '<unknown>';
    case 'either':
      // Branches that give the same value (the same default on both sides) are one outcome to the reader.
      return [...new Set(value.options.map(repr))].join(' or ');
  }
}

const SECRET_LIKE_VARIABLE = /KEY|SECRET|PASS|PWD|TOKEN|CREDENTIAL|AUTH|DSN|URL|PRIVATE|SIGN|SALT|CERT/i;

/**
 * "when DJANGO_DEBUG is unset (default at config/settings/base.py:14)", or "" when no read shaped the value.
 * The default's location is left out when it is on the line `at` already points to.
 */
export function describeEnvironment(env: readonly EnvRead[], at?: SourceSpan): string {
  const elsewhere = (span: SourceSpan) => !at || span.file !== at.file || span.line !== at.line;
  const parts: string[] = [];
  for (const read of env) {
    switch (read.state) {
      case 'default': {
        const where =
          read.defaultSpan && elsewhere(read.defaultSpan) ? ` (default at ${describeSpan(read.defaultSpan)})` : '';
        parts.push(
          read.module
            ? `unless ${read.module} sets ${read.variable}${where}`
            : `when ${read.variable} is unset${read.orElse ? ` and ${read.orElse}` : ''}${where}`,
        );
        break;
      }
      case 'unset':
        parts.push(`when ${read.variable} is unset`);
        break;
      case 'given':
        // Given values can be production secrets: show only short values of harmless-looking variables.
        parts.push(
          SECRET_LIKE_VARIABLE.test(read.variable) || (read.given ?? '').length > 24
            ? `with ${read.variable} from the given environment`
            : `with ${read.variable}=${reprText(read.given ?? '')} from the given environment`,
        );
        break;
      case 'required':
        break;
    }
  }
  return parts.join(' and ');
}

/** What a value is and how it came to be: "True when DJANGO_DEBUG is unset (default at base.py:14)". */
/** How the environment shaped a value, its computation and the branch it was assigned in: "when X is unset". */
export function describeConditions(value: Value): string {
  return describeEnvironment(mergeEnv(value.env, value.conditions ?? []), value.span);
}

export function describe(value: Value): string {
  const how = describeConditions(value);
  return how ? `${repr(value)} ${how}` : repr(value);
}

/** Whether the value holds only because some variable is not set (a default, or None from a bare read). */
export function reliesOnUnsetVariable(value: Value): boolean {
  return [...value.env, ...(value.conditions ?? [])].some((read) => read.state === 'default' || read.state === 'unset');
}

/**
 * Whether the value is unknown only because production supplies it (an environment read with no default):
 * such a value is the deployment's, not something the source could have written.
 */
export function isSuppliedAtDeploy(value: Value): boolean {
  return value.kind === 'unknown' && value.env.some((read) => read.state === 'required');
}

/** Whether the value was written in the source (directly or via a read's default) rather than supplied. */
export function isWrittenInSource(value: Value): boolean {
  return value.env.every((read) => read.state === 'default' || read.state === 'unset');
}
