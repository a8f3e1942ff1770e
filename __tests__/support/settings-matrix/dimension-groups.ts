// The one/, pairwise/ and cross/ groups: points of the dimensions, alone, paired and fully crossed.
import {
  APPS_WITH_SESSIONS,
  APPS_WITHOUT_SESSIONS,
  COOKIE_FLAGS,
  dimensionIndex,
  DIMENSIONS,
  type Expr,
  MIDDLEWARE_FORMS,
  TRUTHY_FLAGS,
  UNSET,
  valueIndex,
} from './dimensions.js';
import { pairwise } from './pairwise.js';
import { BASELINE, type Point, withChoice } from './rendering.js';

export interface Entry {
  id: string;
  point?: Point;
  /** Hand-written package: relative path (under the configuration's package) -> source, and the module in it. */
  package?: { files: Record<string, string>; module: string; summary: string; requires?: string[] };
}

export function oneFactor(): Entry[] {
  const entries: Entry[] = [];
  DIMENSIONS.forEach((dimension, d) => {
    dimension.variants.forEach((variant, v) => {
      if (v === dimension.clean) return;
      const choice = [...BASELINE];
      choice[d] = v;
      entries.push({ id: `one/${variant.label}`, point: { choice } });
    });
  });
  return entries;
}

export function pairwiseGroup(): Entry[] {
  const participating = DIMENSIONS.map((dimension) =>
    dimension.variants.flatMap((variant, index) => (variant.alone ? [] : [index])),
  );
  return pairwise(participating).map((choice, index) => ({
    id: `pairwise/${String(index + 1).padStart(3, '0')}`,
    point: { choice },
  }));
}

export function crossGroup(): Entry[] {
  const entries: Entry[] = [];
  const add = (id: string, changes: Record<string, number>) =>
    entries.push({ id: `cross/${id}`, point: { choice: withChoice(changes) } });
  const yesNo = [0, 1];

  // W010-W015: session app x session middleware x cookie flag.
  for (const setting of ['SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY'])
    for (const app of [APPS_WITH_SESSIONS, APPS_WITHOUT_SESSIONS])
      for (const mw of yesNo)
        for (const expr of COOKIE_FLAGS)
          add(`sessions/app=${app === APPS_WITH_SESSIONS}/mw=${mw === 0}/${setting}=${expr}`, {
            INSTALLED_APPS: app,
            MW_SESSION: mw,
            [setting]: valueIndex(setting, expr),
          });

  // W016: CSRF middleware x CSRF_USE_SESSIONS x CSRF_COOKIE_SECURE.
  for (const mw of yesNo)
    for (const useSessions of [UNSET, 'True', '"yes"', 'False'])
      for (const expr of COOKIE_FLAGS)
        add(`csrf/mw=${mw === 0}/CSRF_USE_SESSIONS=${useSessions}/CSRF_COOKIE_SECURE=${expr}`, {
          MW_CSRF: mw,
          CSRF_USE_SESSIONS: valueIndex('CSRF_USE_SESSIONS', useSessions),
          CSRF_COOKIE_SECURE: valueIndex('CSRF_COOKIE_SECURE', expr),
        });

  // W004, W005, W021: SecurityMiddleware x HSTS seconds x subdomains / preload.
  const seconds: Expr[] = [UNSET, '0', 'None', '"0"', '-1', '3600'];
  for (const mw of yesNo)
    for (const hsts of seconds)
      for (const setting of ['SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD'])
        for (const expr of TRUTHY_FLAGS)
          if (mw === 0 || expr === UNSET)
            add(`hsts/mw=${mw === 0}/SECURE_HSTS_SECONDS=${hsts}/${setting}=${expr}`, {
              MW_SECURITY: mw,
              SECURE_HSTS_SECONDS: valueIndex('SECURE_HSTS_SECONDS', hsts),
              [setting]: valueIndex(setting, expr),
            });

  // SecurityMiddleware-gated single settings (W006, W008, W022/E023, E024), XFrameOptions-gated W019.
  const gated: Array<[string, string]> = [
    ['MW_SECURITY', 'SECURE_CONTENT_TYPE_NOSNIFF'],
    ['MW_SECURITY', 'SECURE_SSL_REDIRECT'],
    ['MW_SECURITY', 'SECURE_REFERRER_POLICY'],
    ['MW_SECURITY', 'SECURE_CROSS_ORIGIN_OPENER_POLICY'],
    ['MW_XFO', 'X_FRAME_OPTIONS'],
  ];
  for (const [gate, setting] of gated)
    for (const mw of yesNo)
      DIMENSIONS[dimensionIndex(setting)]!.variants.forEach((variant, index) =>
        add(`gated/mw=${mw === 0}/${variant.label}`, { [gate]: mw, [setting]: index }),
      );

  // The middleware flags: all 16 combinations as a list, and again in the other forms.
  for (let bits = 0; bits < 16; bits++)
    for (const form of [0, 1 + (bits % (MIDDLEWARE_FORMS.length - 1))]) {
      const flags = { MW_SECURITY: bits & 1, MW_SESSION: (bits >> 1) & 1, MW_CSRF: (bits >> 2) & 1, MW_XFO: bits >> 3 };
      const label = Object.entries(flags)
        .map(([name, off]) => `${name.slice(3).toLowerCase()}=${off === 0}`)
        .join('/');
      add(`middleware/${MIDDLEWARE_FORMS[form]}/${label}`, { ...flags, MW_FORM: form });
    }

  // W009 x W025.
  const keys = DIMENSIONS[dimensionIndex('SECRET_KEY')]!.variants;
  const fallbacks = DIMENSIONS[dimensionIndex('SECRET_KEY_FALLBACKS')]!.variants;
  keys.forEach((key, k) =>
    fallbacks.forEach((fallback, f) =>
      add(`keys/${key.label}/${fallback.label}`, { SECRET_KEY: k, SECRET_KEY_FALLBACKS: f }),
    ),
  );
  return entries;
}
