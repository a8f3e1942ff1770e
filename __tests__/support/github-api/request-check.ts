// A request checked against the description (operation, parameters, body, documented limits), and an
// answer of the local API checked against the operation's response schema.
import type { IncomingHttpHeaders } from 'node:http';
import {
  compile,
  CREATE_CHECK_RUN,
  describeErrors,
  type JsonSchema,
  openApi,
  type OpenApiOperation,
  type Route,
  routes,
  UPDATE_CHECK_RUN,
} from './openapi-description.js';

/** A parameter's text as the value its schema describes (path and query parameters arrive as strings). */
function coerce(text: string, schema: JsonSchema | undefined): unknown {
  const type = schema?.type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

export interface MatchedOperation {
  /** `METHOD /template`, e.g. `PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}`. */
  key: string;
  operationId: string;
  params: Record<string, unknown>;
}

export interface RequestCheck {
  operation?: MatchedOperation;
  body: unknown;
  errors: string[];
}

function byteLength(text: unknown): number {
  return typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : 0;
}

function characters(text: unknown): number {
  return typeof text === 'string' ? [...text].length : 0;
}

/**
 * Limits the Checks API documents only in prose (the descriptions of the fields), checked as GitHub
 * enforces them: 255-character annotation titles, 64 KB messages and details, lines from 1, columns only
 * on a single line, and a conclusion whenever the run is completed.
 */
function documentedCheckRunLimits(body: Record<string, unknown>): string[] {
  const errors: string[] = [];
  if ((body.status === 'completed' || body.completed_at !== undefined) && body.conclusion === undefined) {
    errors.push('(body) a conclusion is required with status "completed" or completed_at');
  }
  const output = body.output as { annotations?: Array<Record<string, unknown>> } | undefined;
  (output?.annotations ?? []).forEach((annotation, index) => {
    const at = `(body)/output/annotations/${index}`;
    if (characters(annotation.title) > 255) errors.push(`${at}/title is longer than 255 characters`);
    if (byteLength(annotation.message) > 64 * 1024) errors.push(`${at}/message is larger than 64 KB`);
    if (byteLength(annotation.raw_details) > 64 * 1024) errors.push(`${at}/raw_details is larger than 64 KB`);
    const start = annotation.start_line as number;
    const end = annotation.end_line as number;
    if (start < 1) errors.push(`${at}/start_line must be at least 1`);
    if (end < start) errors.push(`${at}/end_line is before start_line`);
    const columns = annotation.start_column !== undefined || annotation.end_column !== undefined;
    if (columns && start !== end) errors.push(`${at} has columns but spans several lines`);
    if (columns && ((annotation.start_column as number) < 1 || (annotation.end_column as number) < 1)) {
      errors.push(`${at} columns start at 1`);
    }
    if (
      columns &&
      start === end &&
      annotation.start_column !== undefined &&
      annotation.end_column !== undefined &&
      (annotation.end_column as number) < (annotation.start_column as number)
    ) {
      errors.push(`${at}/end_column is before start_column`);
    }
  });
  return errors;
}

/** Finds the operation for a request and validates its parameters and body against the description. */
export function checkRequest(method: string, url: string, headers: IncomingHttpHeaders, rawBody: string): RequestCheck {
  const { pathname, searchParams } = new URL(url, 'http://127.0.0.1');
  const errors: string[] = [];
  let body: unknown;
  if (rawBody.length > 0) {
    if (!/^application\/json\b/.test(headers['content-type'] ?? '')) {
      errors.push(`(headers) content-type is ${headers['content-type'] ?? 'missing'}, not application/json`);
    }
    try {
      body = JSON.parse(rawBody);
    } catch (error) {
      errors.push(`(body) is not JSON: ${(error as Error).message}`);
      return { body: rawBody, errors };
    }
  }

  const segments = pathname.split('/').length - 1;
  let best: { route: Route; values: string[] } | undefined;
  for (const route of routes().get(segments) ?? []) {
    if (!route.operations.has(method)) continue;
    const match = route.pattern.exec(pathname);
    if (match && (!best || route.literals > best.route.literals)) best = { route, values: match.slice(1) };
  }
  if (!best) {
    errors.push(`${method} ${pathname} is not an operation of GitHub's REST API`);
    return { body, errors };
  }
  const { route, values } = best;
  const operation = route.operations.get(method)!;
  const key = `${method} ${route.template}`;
  const params: Record<string, unknown> = {};
  const declared = operation.parameters ?? [];
  route.names.forEach((name, index) => {
    const parameter = declared.find((p) => p.in === 'path' && p.name === name);
    const value = coerce(decodeURIComponent(values[index]!), parameter?.schema);
    params[name] = value;
    if (!parameter) errors.push(`(path) ${name} is not declared`);
    else if (parameter.schema) {
      const validate = compile(`${key} path ${name}`, parameter.schema);
      if (!validate(value)) errors.push(...describeErrors(`(path ${name})`, validate.errors));
    }
  });
  for (const [name, text] of searchParams) {
    const parameter = declared.find((p) => p.in === 'query' && p.name === name);
    if (!parameter) {
      errors.push(`(query) ${name} is not a parameter of ${operation.operationId}`);
      continue;
    }
    const value = coerce(text, parameter.schema);
    params[name] = value;
    if (parameter.schema) {
      const validate = compile(`${key} query ${name}`, parameter.schema);
      if (!validate(value)) errors.push(...describeErrors(`(query ${name})`, validate.errors));
    }
  }
  for (const parameter of declared) {
    if (parameter.in === 'query' && parameter.required && !searchParams.has(parameter.name)) {
      errors.push(`(query) ${parameter.name} is required`);
    }
  }

  const requestBody = operation.requestBody;
  if (body === undefined) {
    if (requestBody?.required) errors.push(`(body) is required by ${operation.operationId}`);
  } else if (!requestBody) {
    errors.push(`(body) ${operation.operationId} takes no body`);
  } else {
    const schema = requestBody.content['application/json']?.schema;
    if (!schema) errors.push(`(body) ${operation.operationId} takes no JSON body`);
    else {
      const validate = compile(`${key} body`, schema);
      if (!validate(body)) errors.push(...describeErrors('(body)', validate.errors));
    }
  }
  if ((key === CREATE_CHECK_RUN || key === UPDATE_CHECK_RUN) && body && typeof body === 'object') {
    errors.push(...documentedCheckRunLimits(body as Record<string, unknown>));
  }
  return { operation: { key, operationId: operation.operationId, params }, body, errors };
}

/** Checks one of this server's answers against the operation's response schema for that status. */
export function responseErrors(operationKey: string, status: number, payload: unknown): string[] {
  const [method, template] = operationKey.split(' ') as [string, string];
  const operation = openApi().paths[template]?.[method.toLowerCase()] as OpenApiOperation | undefined;
  const schema = operation?.responses[String(status)]?.content?.['application/json']?.schema;
  if (!schema) return [`${operationKey} has no JSON response ${status} in the description`];
  const validate = compile(`${operationKey} response ${status}`, schema);
  return validate(payload) ? [] : describeErrors(`(response ${status})`, validate.errors);
}
