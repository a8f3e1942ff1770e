// GitHub's published OpenAPI description (@octokit/openapi): parsed once, its operations found by path
// template, their schemas compiled with Ajv on first use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';

// ajv-formats is CommonJS: the default import is its module.exports, whose `default` is the plugin.
const addFormats = (addFormatsModule as unknown as { default: FormatsPlugin }).default;

export const SPEC_FILE = join(
  process.cwd(),
  'node_modules',
  '@octokit',
  'openapi',
  'generated',
  'api.github.com.deref.json',
);

export const CREATE_CHECK_RUN = 'POST /repos/{owner}/{repo}/check-runs';
export const UPDATE_CHECK_RUN = 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}';
export const GET_CHECK_RUN = 'GET /repos/{owner}/{repo}/check-runs/{check_run_id}';

export type JsonSchema = Record<string, unknown>;

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

interface OpenApiMediaType {
  schema?: JsonSchema;
  examples?: Record<string, { value?: unknown }>;
}

export interface OpenApiOperation {
  operationId: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, OpenApiMediaType> };
  responses: Record<string, { content?: Record<string, OpenApiMediaType> }>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation | unknown>>;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

export interface Route {
  template: string;
  pattern: RegExp;
  names: string[];
  /** Segments without a parameter: the most literal template wins (`.../check-runs/{id}/annotations`). */
  literals: number;
  operations: Map<string, OpenApiOperation>;
}

// One parse of the 70 MB description per test file (Jest gives each file its own module registry).
let spec: OpenApiDocument | undefined;
let routesBySegments: Map<number, Route[]> | undefined;
let ajv: Ajv | undefined;

export function openApi(): OpenApiDocument {
  spec ??= JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as OpenApiDocument;
  return spec;
}

export function routes(): Map<number, Route[]> {
  if (routesBySegments) return routesBySegments;
  routesBySegments = new Map();
  for (const [template, item] of Object.entries(openApi().paths)) {
    const segments = template.split('/').slice(1);
    const names: string[] = [];
    const pattern = segments
      .map((segment) =>
        segment
          .split(/(\{[^}]+\})/)
          .map((part) => {
            const name = /^\{([^}]+)\}$/.exec(part)?.[1];
            if (name) {
              names.push(name);
              return '([^/]+)';
            }
            return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          })
          .join(''),
      )
      .join('/');
    const operations = new Map<string, OpenApiOperation>();
    for (const [method, operation] of Object.entries(item)) {
      if (METHODS.has(method)) operations.set(method.toUpperCase(), operation as OpenApiOperation);
    }
    const route: Route = {
      template,
      pattern: new RegExp(`^/${pattern}$`),
      names,
      literals: segments.filter((segment) => !segment.includes('{')).length,
      operations,
    };
    const bucket = routesBySegments.get(segments.length) ?? [];
    bucket.push(route);
    routesBySegments.set(segments.length, bucket);
  }
  return routesBySegments;
}

function validator(): Ajv {
  if (ajv) return ajv;
  ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  // OpenAPI's own formats, and GitHub's extras, so that none is silently ignored.
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('binary', true);
  ajv.addFormat('byte', true);
  ajv.addFormat('timestamp', true);
  ajv.addFormat('repo.nwo', /^[\w.-]+\/[\w.-]+$/);
  return ajv;
}

const compiled = new Map<string, ValidateFunction>();

/**
 * OpenAPI 3.0's `nullable: true` admits null, but Ajv checks `enum` on its own, so GitHub's nullable enums
 * (a check run's `conclusion` before completion) would reject null: add it to such enums.
 */
function admitNullInNullableEnums(schema: unknown, seen = new WeakSet<object>()): void {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
  seen.add(schema);
  const node = schema as JsonSchema;
  if (node.nullable === true && Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null];
  for (const value of Object.values(node)) admitNullInNullableEnums(value, seen);
}

/** Compiles a schema of the description once, on first use (compiling all of them would take seconds). */
export function compile(key: string, schema: JsonSchema): ValidateFunction {
  const known = compiled.get(key);
  if (known) return known;
  admitNullInNullableEnums(schema);
  const validate = validator().compile(schema);
  compiled.set(key, validate);
  return validate;
}

export function describeErrors(where: string, errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const params = Object.keys(error.params ?? {}).length ? ` ${JSON.stringify(error.params)}` : '';
    return `${where}${error.instancePath} ${error.message ?? 'is invalid'}${params}`;
  });
}
