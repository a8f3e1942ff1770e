import { it } from '@jest/globals';
import { settingsFrom } from '../support/settings-harness.js';
import { repr, type Value } from '../../src/settings/value.js';

const cases: Array<[string, string[]]> = [
  [
    'from django.utils.csp import CSP\nSECURE_CSP = {"default-src": [CSP.SELF], "script-src": [CSP.SELF, CSP.UNSAFE_INLINE, CSP.NONCE]}',
    ['SECURE_CSP'],
  ],
  ['from django.utils import csp\nSECURE_CSP = {"default-src": [csp.CSP.SELF]}', ['SECURE_CSP']],
  ['import os\nSECURE_CSP = {"script-src": ["\'self\'", os.environ.get("CDN", "*")]}', ['SECURE_CSP']],
  [
    'import environ\nenv = environ.Env()\nSECURE_CSP = {"script-src": env.list("CSP_SCRIPT", default=["\'self\'", "\'unsafe-inline\'"])}',
    ['SECURE_CSP'],
  ],
  ['import os\nSECURE_CSP = {"script-src": ["\'self\'", os.environ["CDN"]]}', ['SECURE_CSP']],
  [
    'import os\nCSP_SCRIPT_SRC = ("\'self\'",) + (("\'unsafe-eval\'",) if os.environ.get("DEV") else ())',
    ['CSP_SCRIPT_SRC'],
  ],
  [
    'import os\nif os.environ.get("DEV"):\n    CSP_SCRIPT_SRC = ("\'unsafe-eval\'",)\nelse:\n    CSP_SCRIPT_SRC = ("\'self\'",)',
    ['CSP_SCRIPT_SRC'],
  ],
  ['MIDDLEWARE = []\nMIDDLEWARE += ["csp.middleware.CSPMiddleware"]', ['MIDDLEWARE']],
  ['import os\nSECURE_CSP = {"script-src": ["\'self\'"]} if os.environ.get("CSP") else {}', ['SECURE_CSP']],
];

function dump(v: Value, indent: string, out: string[]) {
  out.push(
    `${indent}${v.kind} ${repr(v)} @${v.span.line}:${v.span.column}-${v.span.endLine}:${v.span.endColumn} env=${JSON.stringify(v.env)} cond=${JSON.stringify(v.conditions ?? [])}`,
  );
  if (v.kind === 'dict') for (const [, x] of v.entries) dump(x, indent + '  ', out);
  if (v.kind === 'list' || v.kind === 'tuple') for (const x of v.items) dump(x, indent + '  ', out);
  if (v.kind === 'either') for (const x of v.options) dump(x, indent + '  ', out);
}

it('explore', async () => {
  for (const [code, names] of cases) {
    const settings = await settingsFrom(code);
    const lines = [code];
    for (const name of names) {
      const s = settings.get(name);
      lines.push(`  ${name}: describe=${s.describe()}`);
      dump(s.value, '    ', lines);
    }
    console.log(lines.join('\n'));
  }
});
