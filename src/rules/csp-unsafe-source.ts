import type { SourceSpan } from '../finding.js';
import { describeEnvironment, mergeEnv, type EnvRead, type Value } from '../settings/value.js';
import { enforcedPolicies, type Directive, type Policy, type Source } from './csp/directives.js';
import type { SettingsRule } from './rule.js';

const NONCE_OR_HASH = /^'(nonce-[^']+|sha(256|384|512)-[^']+)'$|^<csp_nonce_sentinel>$/;
const STRICT_DYNAMIC = "'strict-dynamic'";

interface Risk {
  /** Which directives it matters in. */
  directives: readonly string[];
  /** Browsers ignore it next to a nonce or hash (CSP2+). */
  ignoredWithNonceOrHash: boolean;
  /** Browsers ignore it next to 'strict-dynamic' (CSP3). */
  ignoredWithStrictDynamic: boolean;
  why(directive: string): string;
  fix(policy: Policy, directive: string): string;
}

const SCRIPT_FETCH = ['script-src', 'script-src-elem', 'default-src'] as const;

const RISKS = new Map<string, Risk>(
  Object.entries({
    "'unsafe-inline'": {
      directives: ['script-src', 'script-src-elem', 'script-src-attr', 'default-src'],
      ignoredWithNonceOrHash: true,
      ignoredWithStrictDynamic: true,
      why: (directive: string) =>
        `${directive === 'script-src-attr' ? 'on* event attributes run' : directive === 'script-src-elem' ? 'inline <script> blocks run' : 'inline <script> blocks and on* event attributes run'}, so markup an attacker injects executes and the policy does not stop XSS`,
      fix: (policy: Policy, directive: string) =>
        directive === 'script-src-attr'
          ? `Replace on* attributes with addEventListener() in static files and drop 'unsafe-inline' from ${policy.label(directive)}`
          : `Move inline scripts to static files or give them a nonce: ${policy.nonceFix}`,
    },
    "'unsafe-eval'": {
      directives: ['script-src', 'default-src'],
      ignoredWithNonceOrHash: false,
      ignoredWithStrictDynamic: false,
      why: () => 'eval(), new Function() and string timers turn text into code, so data an attacker controls can run',
      fix: () =>
        "Remove 'unsafe-eval' and replace eval()/new Function() in the scripts ('wasm-unsafe-eval' if only WebAssembly needs it)",
    },
    '*': {
      directives: SCRIPT_FETCH,
      ignoredWithNonceOrHash: false,
      ignoredWithStrictDynamic: true,
      why: () => 'scripts may load from any host, including one an attacker controls',
      fix: (policy: Policy) => `List the hosts scripts come from instead: ${policy.hostFix}`,
    },
    'http:': {
      directives: SCRIPT_FETCH,
      ignoredWithNonceOrHash: false,
      ignoredWithStrictDynamic: true,
      why: () => 'scripts may load from any host over plain HTTP, which anyone on the network path can also rewrite',
      fix: (policy: Policy) => `List the hosts scripts come from, over https: ${policy.hostFix}`,
    },
    'https:': {
      directives: SCRIPT_FETCH,
      ignoredWithNonceOrHash: false,
      ignoredWithStrictDynamic: true,
      why: () => 'scripts may load from any HTTPS host, including one an attacker controls',
      fix: (policy: Policy) => `List the hosts scripts come from instead: ${policy.hostFix}`,
    },
    'data:': {
      directives: SCRIPT_FETCH,
      ignoredWithNonceOrHash: false,
      ignoredWithStrictDynamic: true,
      why: () => 'a data: URL is a script the attacker writes into the page itself (<script src="data:...">)',
      fix: () => 'Remove data: from the script sources (keep it in img-src if images need it)',
    },
  } satisfies Record<string, Risk>),
);

function isNeutralised(directive: Directive, test: (token: string) => boolean): boolean {
  // An unknown part of the directive may be a nonce, a hash or 'strict-dynamic': then nothing is established.
  return directive.open || [...directive.possible].some(test);
}

interface UnsafeSource {
  key: string;
  source: Source;
  directive: Directive;
  governsBecause?: string;
  policy: Policy;
}

/**
 * The unsafe sources one policy establishes, keyed by directive and source; a script directive the model
 * cannot fully see (present on some branches only, an unknown part, a risky source on some branches) is
 * recorded as not judged.
 */
function unsafeSourcesOf(policy: Policy): UnsafeSource[] {
  const found: UnsafeSource[] = [];
  const scriptSrc = policy.directive('script-src');
  const checked: Array<{ directive: Directive; governsBecause?: string }> = [];
  const undecided = (directive: Directive) => policy.undecided(directive.name);
  const consider = (directive: Directive, governsBecause?: string) => {
    if (directive.present === true) checked.push({ directive, ...(governsBecause ? { governsBecause } : {}) });
    else if (directive.present === undefined) undecided(directive);
  };
  consider(scriptSrc);
  for (const name of ['script-src-elem', 'script-src-attr']) consider(policy.directive(name));
  // Scripts fall back to default-src only when script-src is absent.
  if (scriptSrc.present === false && !scriptSrc.open) {
    consider(policy.directive('default-src'), 'script-src is not set');
  }
  for (const { directive } of checked) {
    const onSomeBranches = [...directive.possible].some(
      (token) =>
        RISKS.get(token)?.directives.includes(directive.name) &&
        !directive.certain.some((source) => source.token === token),
    );
    if (directive.open || onSomeBranches) undecided(directive);
  }
  for (const { directive, governsBecause } of checked) {
    const nonceOrHash = isNeutralised(directive, (token) => NONCE_OR_HASH.test(token));
    const strictDynamic = isNeutralised(directive, (token) => token === STRICT_DYNAMIC);
    for (const source of directive.certain) {
      const risk = RISKS.get(source.token);
      if (!risk || !risk.directives.includes(directive.name)) continue;
      if (risk.ignoredWithNonceOrHash && nonceOrHash) continue;
      if (risk.ignoredWithStrictDynamic && strictDynamic) continue;
      found.push({ key: `${directive.name}\0${source.token}`, source, directive, governsBecause, policy });
    }
  }
  return found;
}

function conditionsOf(values: readonly Value[]): readonly EnvRead[] {
  return mergeEnv(...values.map((value) => mergeEnv(value.env, value.conditions ?? [])));
}

function spanKey(span: SourceSpan): string {
  return `${span.file}:${span.line}:${span.column}`;
}

export const cspUnsafeSource: SettingsRule = {
  kind: 'settings',
  id: 'csp-unsafe-source',
  level: 'warning',
  summary:
    "The Content Security Policy lets scripts run from unsafe sources ('unsafe-inline', 'unsafe-eval', *, http:, https:, data:)",
  djangoChecks: [],
  seedItem: 6,
  securitySeverity: 5.4,
  tags: ['security', 'settings', 'xss', 'csp'],
  check({ settings, django, deployment, report }) {
    const reported = new Set<string>();
    for (const alternatives of enforcedPolicies(settings, django, deployment)) {
      // An undecided branch between policies: only what every branch establishes is reported.
      const perAlternative = alternatives.map(unsafeSourcesOf);
      const [first = []] = perAlternative;
      const inEvery = (key: string) => perAlternative.every((found) => found.some((other) => other.key === key));
      const branchOnly = perAlternative.flat().find((unsafe) => !inEvery(unsafe.key));
      if (branchOnly) branchOnly.policy.undecided(branchOnly.directive.name);
      for (const unsafe of first) {
        if (!inEvery(unsafe.key)) continue;
        const { source, directive, governsBecause, policy } = unsafe;
        const where = `${spanKey(source.item.span)}\0${unsafe.key}`;
        if (reported.has(where)) continue;
        reported.add(where);
        const risk = RISKS.get(source.token)!;
        const how = describeEnvironment(conditionsOf([...directive.through, source.item]), source.item.span);
        const named = governsBecause
          ? `${policy.label(directive.name)}, which governs scripts because ${governsBecause},`
          : policy.label(directive.name);
        report({
          span: source.item.span,
          setting: policy.setting === 'CSP_*' ? policy.label(directive.name) : policy.setting,
          message: `${named} allows ${source.written.startsWith("'") ? source.written : `"${source.written}"`}${how ? ` ${how}` : ''}: ${risk.why(directive.name)}.`,
          fix: risk.fix(policy, directive.name),
        });
      }
    }
  },
  docs: {
    what: "Flags sources in the enforced Content Security Policy that let scripts run anyway: `'unsafe-inline'`, `'unsafe-eval'`, `*`, `http:`, `https:` and `data:` in `script-src`, `script-src-elem` and `script-src-attr`, and in `default-src` when `script-src` is not set (scripts then fall back to it). It reads all three shapes: Django 6's `SECURE_CSP` (with `django.utils.csp.CSP` constants), django-csp 4's `CONTENT_SECURITY_POLICY[\"DIRECTIVES\"]` and django-csp 3's `CSP_SCRIPT_SRC`-style tuples.",
    why: "A policy's value is in what it refuses. `'unsafe-inline'` lets any inline `<script>` or `onerror=` attribute run, which is exactly what a cross-site scripting payload is; `'unsafe-eval'` turns strings into code; `*`, `http:`, `https:` and `data:` let a script come from anywhere, a host the attacker runs or a `data:` URL they write into the page. With one of these in the script directives the header is present, scanners see a policy, and injected scripts run as if there were none.",
    example: `from django.utils.csp import CSP

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE, "https:"],
}`,
    useInstead: `from django.utils.csp import CSP

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE, "https://cdn.example.com"],
}
# templates: <script nonce="{{ csp_nonce }}">, with
# "django.template.context_processors.csp" in the context processors`,
    notes: [
      "`'unsafe-inline'` next to a nonce or a hash (`'nonce-…'`, Django's `CSP.NONCE`, django-csp 4's `NONCE` from `csp.constants`, `'sha256-…'`) in the same directive is not reported: browsers supporting CSP level 2 or later ignore it then, and it only serves older browsers. Django and django-csp put the nonce in the header only on responses whose template used it; on other pages `'unsafe-inline'` stays in effect, so keep it out of policies that do not need it.",
      "Next to `'strict-dynamic'` (CSP level 3), browsers ignore `'unsafe-inline'`, host sources and schemes in script directives, so they are not reported there; `'unsafe-eval'` still is.",
      'For django-csp 3, a nonce counts only when `CSP_INCLUDE_NONCE_IN` is set and names the directive: its default, `["default-src"]`, says nothing about the project using nonces.',
      "`'unsafe-inline'` in `style-src` and `data:` in `img-src` or `font-src` are not reported: injected styles and images can leak data but do not run code, and both are common in working policies. `default-src` is not checked for scripts when `script-src` is set.",
      "Only the enforced policy that applies is checked: report-only policies, `SECURE_CSP` before Django 6.0, a policy whose middleware is missing, and django-csp settings of the other major version are left to csp-missing. A project middleware whose class derives from Django's or django-csp's counts as that middleware (see csp-missing).",
      'The constants of `django.utils.csp.CSP` (Django 6) and of `csp.constants` (django-csp 4.0: `SELF`, `NONE`, `UNSAFE_INLINE`, `NONCE`…) are read with the values those releases give them.',
      'A source from an environment read is reported with the condition ("when CSP_SCRIPT_SRC is unset"). A directive with a part the scanner cannot evaluate (an unknown variable, a constant it does not know) is not judged for sources that part could neutralise, such as a nonce; an undecided branch is reported only for what every branch contains.',
    ],
    references: [
      { title: 'Django: Content Security Policy', url: 'https://docs.djangoproject.com/en/stable/ref/csp/' },
      {
        title: 'django-csp: configuration',
        url: 'https://django-csp.readthedocs.io/en/latest/configuration.html',
      },
      {
        title: 'MDN: script-src',
        url: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Content-Security-Policy/script-src',
      },
      { title: 'CSP Level 3: strict-dynamic and nonces', url: 'https://www.w3.org/TR/CSP3/#strict-dynamic-usage' },
      { title: 'web.dev: strict CSP', url: 'https://web.dev/articles/strict-csp' },
      {
        title: 'OWASP Content Security Policy Cheat Sheet',
        url: 'https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html',
      },
    ],
  },
};
