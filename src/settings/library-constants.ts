import type { PyObject } from './value.js';

/**
 * Module-level constants of libraries that settings import by name, with the values the library gives
 * them, so a policy written with them is judged rather than unknown. A `str` is the constant's text; an
 * object is a marker the code reading the setting recognises by name.
 */
export type LibraryConstant = string | PyObject;

/** The name django-csp 4's nonce marker is known by: its repr, `csp.constants.NONCE`. */
export const DJANGO_CSP_NONCE = 'csp.constants.NONCE';

export const MODULE_CONSTANTS: Record<string, Record<string, LibraryConstant>> = {
  // django-csp 4.0 csp/constants.py (the module is new in 4.0; 3.x has none). NONCE is the only instance of
  // the class Nonce, which build_policy (csp/utils.py) replaces by 'nonce-<value>' in any directive
  // holding it on a response that used the nonce, and removes otherwise.
  'csp.constants': {
    HEADER: 'Content-Security-Policy',
    HEADER_REPORT_ONLY: 'Content-Security-Policy-Report-Only',
    NONE: "'none'",
    REPORT_SAMPLE: "'report-sample'",
    SELF: "'self'",
    STRICT_DYNAMIC: "'strict-dynamic'",
    UNSAFE_ALLOW_REDIRECTS: "'unsafe-allow-redirects'",
    UNSAFE_EVAL: "'unsafe-eval'",
    UNSAFE_HASHES: "'unsafe-hashes'",
    UNSAFE_INLINE: "'unsafe-inline'",
    WASM_UNSAFE_EVAL: "'wasm-unsafe-eval'",
    NONCE: { type: 'marker', name: DJANGO_CSP_NONCE },
  },
};
