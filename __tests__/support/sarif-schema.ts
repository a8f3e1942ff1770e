// The SARIF 2.1.0 JSON schema (as @microsoft/jest-sarif ships it), compiled with the project's Ajv.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';

// ajv-formats is CommonJS: the default import is its module.exports, whose `default` is the plugin.
const addFormats = (addFormatsModule as unknown as { default: FormatsPlugin }).default;

const SCHEMA_FILE = join(
  process.cwd(),
  'node_modules',
  '@microsoft',
  'jest-sarif',
  'lib',
  'schemas',
  'sarif-2.1.0-rtm.5.json',
);

let validate: ValidateFunction | undefined;

/**
 * The schema's errors for a SARIF log ([] when valid). The schema is written for JSON Schema draft-04, whose
 * only difference that matters to it is `id` for `$id` (it uses no boolean exclusiveMinimum), so Ajv's
 * draft-07 reads it once that key is renamed.
 */
export function sarifSchemaErrors(log: unknown): string[] {
  if (!validate) {
    const { $schema: _draft, id, ...schema } = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
    // The schema's pattern for `language` has a stray `]` that only a regular expression without the u flag accepts.
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true, unicodeRegExp: false });
    addFormats(ajv);
    validate = ajv.compile({ $id: id as string, ...schema });
  }
  if (validate(log)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword}`);
}
