/**
 * A compact subset of the Public Suffix List (https://publicsuffix.org/list/public_suffix_list.dat), for
 * telling a leading-dot `ALLOWED_HOSTS` entry that covers one site (".example.com") from one that covers
 * everybody's sites (".com", ".co.uk", ".herokuapp.com").
 *
 * A public suffix is a name under which anyone can get a name of their own: a top-level domain, a registry's
 * second level (co.uk), or a hosting service that gives each customer a subdomain (herokuapp.com). The full
 * list has some 10,000 rules; what matters here is the handful a Django settings file plausibly names, so
 * the subset is:
 *
 * - top-level domains: every two-letter label (the country codes; none of them is a private name) and the
 *   generic TLDs listed in GENERIC_TLDS. Special-use and internal names (".localhost", ".local",
 *   ".internal", ".lan", ".svc") are not TLDs and are left alone, and so is a generic TLD missing here;
 * - the registry second levels commonly seen (co.uk, com.au, co.jp...);
 * - the platform-as-a-service, serverless and tunnel domains Django projects are deployed to or tested
 *   through (herokuapp.com, pythonanywhere.com, azurewebsites.net, *.run.app, *.compute.amazonaws.com...).
 *
 * Rules use the list's own syntax: "*.run.app" makes every name directly under run.app a public suffix
 * (Cloud Run's a.run.app, ...). Every entry was checked against the list as of August 2026.
 */

export const GENERIC_TLDS: ReadonlySet<string> = new Set([
  // The original and sponsored generic TLDs.
  ...['com', 'net', 'org', 'info', 'biz', 'name', 'pro', 'edu', 'gov', 'mil', 'int'],
  ...['mobi', 'asia', 'tel', 'travel', 'jobs', 'aero', 'coop', 'museum', 'cat'],
  // New generic TLDs that web applications commonly use.
  ...['app', 'dev', 'page', 'xyz', 'online', 'site', 'website', 'tech', 'cloud', 'store', 'shop', 'live'],
  ...['blog', 'top', 'icu', 'club', 'vip', 'work', 'space', 'fun', 'agency', 'digital', 'studio', 'design'],
  ...['media', 'news', 'network', 'systems', 'solutions', 'services', 'software', 'host', 'hosting'],
  ...['email', 'run', 'today', 'world', 'life', 'group', 'company', 'global', 'tools', 'zone', 'link'],
  ...['click', 'one', 'codes', 'build', 'health', 'school', 'academy', 'games', 'social', 'chat'],
]);

/** Regions with their own Elastic Beanstalk suffix (myenv.us-east-1.elasticbeanstalk.com). */
const AWS_REGIONS = [
  ...['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1', 'af-south-1'],
  ...['eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'eu-south-1', 'me-south-1'],
  ...['ap-east-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1'],
  'ap-southeast-2',
];

/** Registry second levels (the list's ICANN section), in the list's syntax. */
export const REGISTRY_SUFFIX_RULES: readonly string[] = [
  ...['co.uk', 'org.uk', 'me.uk', 'ltd.uk', 'plc.uk', 'net.uk', 'ac.uk', 'gov.uk', 'nhs.uk', 'police.uk'],
  ...['com.au', 'net.au', 'org.au', 'edu.au', 'gov.au', 'asn.au', 'id.au'],
  ...['co.nz', 'net.nz', 'org.nz', 'ac.nz', 'govt.nz'],
  ...['co.jp', 'ne.jp', 'or.jp', 'ac.jp', 'go.jp'],
  ...['co.in', 'net.in', 'org.in', 'firm.in', 'gen.in', 'ind.in'],
  ...['com.br', 'net.br', 'org.br', 'co.za', 'org.za', 'com.mx', 'org.mx', 'com.ar', 'com.co', 'com.pe'],
  ...['com.sg', 'com.my', 'com.ph', 'co.id', 'co.th', 'com.vn', 'com.hk', 'com.tw', 'co.kr', 'or.kr'],
  ...['com.cn', 'net.cn', 'org.cn', 'com.tr', 'co.il', 'org.il', 'com.ng', 'co.ke', 'com.pk', 'com.bd'],
  ...['*.np', 'com.eg', 'com.sa', 'com.ua', 'com.pl', 'com.es', 'com.gr', 'com.pt'],
];

/** Platforms that give every customer a subdomain (the list's private section), in the list's syntax. */
export const PLATFORM_SUFFIX_RULES: readonly string[] = [
  ...['herokuapp.com', 'pythonanywhere.com', 'eu.pythonanywhere.com', 'onrender.com', 'fly.dev'],
  ...['up.railway.app', 'ondigitalocean.app', 'vercel.app', 'now.sh', 'netlify.app', 'github.io', 'gitlab.io'],
  ...['pages.dev', 'workers.dev', 'trycloudflare.com', 'repl.co', 'replit.dev', 'streamlit.app', 'hf.space'],
  // Microsoft Azure.
  ...['azurewebsites.net', 'cloudapp.net', 'azurestaticapps.net', 'azurefd.net', 'trafficmanager.net'],
  // Google Cloud and Firebase.
  ...['appspot.com', '*.r.appspot.com', '*.run.app', 'cloudfunctions.net', 'web.app', 'firebaseapp.com'],
  // Amazon Web Services.
  ...['elasticbeanstalk.com', '*.compute.amazonaws.com', '*.compute-1.amazonaws.com', '*.elb.amazonaws.com'],
  ...AWS_REGIONS.map((region) => `${region}.elasticbeanstalk.com`),
  ...['us-east-1.amazonaws.com', 's3.amazonaws.com', '*.awsapprunner.com', 'cloudfront.net'],
  // Tunnels and dynamic DNS used to reach development machines.
  ...['ngrok.io', 'ngrok.app', 'ngrok-free.app', 'duckdns.org', 'ddns.net'],
];

export const PUBLIC_SUFFIX_RULES: readonly string[] = [...REGISTRY_SUFFIX_RULES, ...PLATFORM_SUFFIX_RULES];
const PLATFORM_RULES = new Set(PLATFORM_SUFFIX_RULES);

const EXACT = new Set(PUBLIC_SUFFIX_RULES.filter((rule) => !rule.startsWith('*.')));
const WILDCARD_PARENTS = new Set(
  PUBLIC_SUFFIX_RULES.filter((rule) => rule.startsWith('*.')).map((rule) => rule.slice(2)),
);

/** Whether `domain` (lower case, no leading or trailing dot) is itself a public suffix of the subset. */
export function isPublicSuffix(domain: string): boolean {
  const labels = domain.split('.');
  if (labels.some((label) => label === '')) return false;
  if (labels.length === 1) return /^[a-z]{2}$/.test(domain) || GENERIC_TLDS.has(domain);
  return EXACT.has(domain) || WILDCARD_PARENTS.has(labels.slice(1).join('.'));
}

export interface PublicSuffixMatch {
  /** The public suffix: `domain` itself, or a rule under it ("*.compute.amazonaws.com"). */
  suffix: string;
  /** `domain` is the public suffix (".co.uk"), rather than a name above one (".amazonaws.com"). */
  exact: boolean;
  /** A hosting platform's suffix, shared by its customers, rather than a registry's (".com", ".co.uk"). */
  platform: boolean;
}

function isPlatformRule(domain: string): boolean {
  return PLATFORM_RULES.has(domain) || PLATFORM_RULES.has(`*.${domain.split('.').slice(1).join('.')}`);
}

/**
 * The public suffix that a leading-dot host pattern for `domain` covers: Django's ".D" matches D and every
 * name under it, so it reaches other owners' sites when D is a public suffix, or when a public suffix lies
 * under D (".amazonaws.com" covers compute.amazonaws.com, where every EC2 customer has names).
 */
export function publicSuffixCovered(domain: string): PublicSuffixMatch | undefined {
  const name = domain.toLowerCase();
  if (isPublicSuffix(name)) return { suffix: name, exact: true, platform: isPlatformRule(name) };
  if (name === '' || name.split('.').some((label) => label === '')) return undefined;
  const below = PUBLIC_SUFFIX_RULES.find((rule) => {
    const base = rule.startsWith('*.') ? rule.slice(2) : rule;
    return base.endsWith(`.${name}`) || (rule.startsWith('*.') && base === name);
  });
  return below ? { suffix: below, exact: false, platform: PLATFORM_RULES.has(below) } : undefined;
}
