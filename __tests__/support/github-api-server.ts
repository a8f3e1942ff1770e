// A stand-in for api.github.com that the action's bundle talks to over HTTP. Every request is checked
// against GitHub's published OpenAPI description (@octokit/openapi): the operation is found by method and
// path template, path and query parameters and the JSON body are validated with Ajv, and the answer is
// shaped like GitHub's (and itself checked against the operation's response schema). Tests script faults
// (403, 5xx, secondary rate limits) per server and assert on what was sent.
import { readFileSync } from 'node:fs';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
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

type JsonSchema = Record<string, unknown>;

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

interface OpenApiOperation {
  operationId: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, OpenApiMediaType> };
  responses: Record<string, { content?: Record<string, OpenApiMediaType> }>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation | unknown>>;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

interface Route {
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

function openApi(): OpenApiDocument {
  spec ??= JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as OpenApiDocument;
  return spec;
}

function routes(): Map<number, Route[]> {
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
function compile(key: string, schema: JsonSchema): ValidateFunction {
  const known = compiled.get(key);
  if (known) return known;
  admitNullInNullableEnums(schema);
  const validate = validator().compile(schema);
  compiled.set(key, validate);
  return validate;
}

function describeErrors(where: string, errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const params = Object.keys(error.params ?? {}).length ? ` ${JSON.stringify(error.params)}` : '';
    return `${where}${error.instancePath} ${error.message ?? 'is invalid'}${params}`;
  });
}

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
function responseErrors(operationKey: string, status: number, payload: unknown): string[] {
  const [method, template] = operationKey.split(' ') as [string, string];
  const operation = openApi().paths[template]?.[method.toLowerCase()] as OpenApiOperation | undefined;
  const schema = operation?.responses[String(status)]?.content?.['application/json']?.schema;
  if (!schema) return [`${operationKey} has no JSON response ${status} in the description`];
  const validate = compile(`${operationKey} response ${status}`, schema);
  return validate(payload) ? [] : describeErrors(`(response ${status})`, validate.errors);
}

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  /** The matched operation, `METHOD /template`; undefined when no operation matches. */
  operation?: string;
  operationId?: string;
  params: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** What the description (and the documented limits) reject; empty for a valid request. */
  errors: string[];
  /** The status this server answered with. */
  status: number;
  /** The scripted fault that answered, if any. */
  fault?: Fault;
  /** Date.now() when the request arrived. */
  receivedAt: number;
}

export interface Fault {
  /** `METHOD /template` of the operation to fail, e.g. CREATE_CHECK_RUN. */
  operation: string;
  status: number;
  body: object;
  headers?: Record<string, string>;
  /** How many matching requests get the fault (1 unless told; Infinity for all). */
  times?: number;
  /** How many matching requests pass untouched before the fault applies. */
  after?: number;
}

const DOCS = 'https://docs.github.com/rest/checks/runs';

/** The faults GitHub really answers with, as scripts for a test. */
export const faults = {
  /** What a fork's read-only GITHUB_TOKEN (or a job without `checks: write`) gets. */
  notAccessibleByIntegration(operation = CREATE_CHECK_RUN, times = Infinity): Fault {
    return {
      operation,
      times,
      status: 403,
      headers: { 'x-accepted-github-permissions': 'checks=write' },
      body: {
        message: 'Resource not accessible by integration',
        documentation_url: `${DOCS}#create-a-check-run`,
        status: '403',
      },
    };
  },
  serverError(operation = CREATE_CHECK_RUN, times = 1): Fault {
    return { operation, times, status: 500, body: { message: 'Server Error' } };
  },
  secondaryRateLimit(operation = CREATE_CHECK_RUN, times = 1, retryAfterSeconds = 1): Fault {
    return {
      operation,
      times,
      status: 403,
      headers: {
        'retry-after': String(retryAfterSeconds),
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4990',
        'x-ratelimit-used': '10',
        'x-ratelimit-resource': 'core',
      },
      body: {
        message:
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0400:2A2A:1C2B3D:4E5F60:6789ABCD.',
        documentation_url:
          'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        status: '403',
      },
    };
  },
  validationFailed(operation = UPDATE_CHECK_RUN, times = 1): Fault {
    return {
      operation,
      times,
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [],
        documentation_url: `${DOCS}#update-a-check-run`,
        status: '422',
      },
    };
  },
};

export interface CheckRunRecord {
  id: number;
  owner: string;
  repo: string;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  started_at: string;
  completed_at: string | null;
  external_id: string;
  details_url?: string;
  output: { title: string | null; summary: string | null; text: string | null };
  /** Every annotation received, in the order received (the API appends them). */
  annotations: Array<Record<string, unknown>>;
}

export interface GitHubApiServerOptions {
  faults?: Fault[];
  /** The web host in html_url (the runner's GITHUB_SERVER_URL). */
  serverUrl?: string;
}

const GITHUB_ACTIONS_APP = {
  id: 15368,
  client_id: 'Iv1.05c79e9ad1f6bdfa',
  slug: 'github-actions',
  node_id: 'MDM6QXBwMTUzNjg=',
  owner: {
    login: 'github',
    id: 9919,
    node_id: 'MDEyOk9yZ2FuaXphdGlvbjk5MTk=',
    avatar_url: 'https://avatars.githubusercontent.com/u/9919?v=4',
    gravatar_id: '',
    url: 'https://api.github.com/users/github',
    html_url: 'https://github.com/github',
    followers_url: 'https://api.github.com/users/github/followers',
    following_url: 'https://api.github.com/users/github/following{/other_user}',
    gists_url: 'https://api.github.com/users/github/gists{/gist_id}',
    starred_url: 'https://api.github.com/users/github/starred{/owner}{/repo}',
    subscriptions_url: 'https://api.github.com/users/github/subscriptions',
    organizations_url: 'https://api.github.com/users/github/orgs',
    repos_url: 'https://api.github.com/users/github/repos',
    events_url: 'https://api.github.com/users/github/events{/privacy}',
    received_events_url: 'https://api.github.com/users/github/received_events',
    type: 'Organization',
    user_view_type: 'public',
    site_admin: false,
  },
  name: 'GitHub Actions',
  description: 'Automate your workflow from idea to production',
  external_url: 'https://help.github.com/en/actions',
  html_url: 'https://github.com/apps/github-actions',
  created_at: '2018-07-30T09:30:17Z',
  updated_at: '2024-04-10T20:33:16Z',
  permissions: { actions: 'write', checks: 'write', contents: 'write', metadata: 'read', pull_requests: 'write' },
  events: ['check_run', 'check_suite', 'pull_request', 'push'],
};

/** The local GitHub API: start one per test (or per scenario), point GITHUB_API_URL at `url`, close it after. */
export class GitHubApiServer {
  readonly requests: RecordedRequest[] = [];
  readonly checkRuns: CheckRunRecord[] = [];
  /** Answers of this server that do not match the description's response schemas (a bug in the double). */
  readonly responseProblems: string[] = [];
  private readonly faults: Array<Fault & { seen: number; used: number }> = [];
  private readonly waiters = new Set<(request: RecordedRequest) => void>();
  private nextId = 28_734_592_001;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly serverUrl: string,
  ) {}

  static async start(options: GitHubApiServerOptions = {}): Promise<GitHubApiServer> {
    openApi();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const api = new GitHubApiServer(server, `http://127.0.0.1:${port}`, options.serverUrl ?? 'https://github.com');
    for (const fault of options.faults ?? []) api.addFault(fault);
    server.on('request', (request, response) => void api.handle(request, response));
    return api;
  }

  addFault(fault: Fault): void {
    this.faults.push({ ...fault, seen: 0, used: 0 });
  }

  /** Requests the description rejects (or no operation matches): a correct client sends none. */
  get invalidRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.errors.length > 0);
  }

  /** Resolves with the first recorded request (past or future) that matches, or rejects after `timeoutMs`. */
  waitForRequest(matches: (request: RecordedRequest) => boolean, timeoutMs = 30_000): Promise<RecordedRequest> {
    const seen = this.requests.find(matches);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no matching request within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = (request: RecordedRequest) => {
        if (!matches(request)) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(request);
      };
      this.waiters.add(waiter);
    });
  }

  requestsTo(operation: string): RecordedRequest[] {
    return this.requests.filter((request) => request.operation === operation);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const method = (request.method ?? 'GET').toUpperCase();
    const url = request.url ?? '/';
    const check = checkRequest(method, url, request.headers, Buffer.concat(chunks).toString('utf8'));
    const record: RecordedRequest = {
      method,
      url,
      operation: check.operation?.key,
      operationId: check.operation?.operationId,
      params: check.operation?.params ?? {},
      headers: request.headers,
      body: check.body,
      errors: check.errors,
      status: 0,
      receivedAt: Date.now(),
    };
    this.requests.push(record);

    let status: number;
    let payload: unknown;
    let headers: Record<string, string> = {};
    let fault: (typeof this.faults)[number] | undefined;
    if (check.errors.length === 0) {
      for (const candidate of this.faults.filter((f) => f.operation === record.operation)) {
        const due = candidate.seen++ >= (candidate.after ?? 0) && candidate.used < (candidate.times ?? 1);
        fault ??= due ? candidate : undefined;
      }
    }
    if (check.errors.length > 0) {
      status = 422;
      payload = {
        message: `Invalid request.\n\n${check.errors.join('\n')}`,
        errors: check.errors,
        documentation_url: 'https://docs.github.com/rest',
        status: '422',
      };
    } else if (fault) {
      fault.used++;
      record.fault = fault;
      ({ status, body: payload } = fault);
      headers = fault.headers ?? {};
    } else {
      [status, payload] = this.answer(check.operation!, check.body as Record<string, unknown> | undefined);
      if (status < 300) {
        this.responseProblems.push(...responseErrors(check.operation!.key, status, payload).map((e) => `${url}: ${e}`));
      }
    }
    record.status = status;
    for (const waiter of [...this.waiters]) waiter(record);
    const text = JSON.stringify(payload);
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': `0400:${this.requests.length.toString(16).toUpperCase()}:1C2B3D:4E5F60:6789ABCD`,
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(5000 - this.requests.length),
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-used': String(this.requests.length),
      'x-ratelimit-resource': 'core',
      ...headers,
    });
    response.end(text);
  }

  private answer(operation: MatchedOperation, body: Record<string, unknown> | undefined): [number, unknown] {
    const {
      owner,
      repo,
      check_run_id: id,
    } = operation.params as { owner: string; repo: string; check_run_id?: number };
    const notFound = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' };
    const find = () =>
      this.checkRuns.find(
        (run) =>
          run.id === id &&
          run.owner.toLowerCase() === owner.toLowerCase() &&
          run.repo.toLowerCase() === repo.toLowerCase(),
      );
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    if (operation.key === CREATE_CHECK_RUN && body) {
      const run: CheckRunRecord = {
        id: this.nextId++,
        owner,
        repo,
        name: body.name as string,
        head_sha: body.head_sha as string,
        status: 'queued',
        conclusion: null,
        started_at: (body.started_at as string | undefined) ?? now,
        completed_at: null,
        external_id: (body.external_id as string | undefined) ?? '',
        details_url: body.details_url as string | undefined,
        output: { title: null, summary: null, text: null },
        annotations: [],
      };
      this.apply(run, body, now);
      this.checkRuns.push(run);
      return [201, this.checkRunJson(run)];
    }
    if (operation.key === UPDATE_CHECK_RUN && body) {
      const run = find();
      if (!run) return [404, notFound];
      if (body.name !== undefined) run.name = body.name as string;
      this.apply(run, body, now);
      return [200, this.checkRunJson(run)];
    }
    if (operation.key === GET_CHECK_RUN) {
      const run = find();
      return run ? [200, this.checkRunJson(run)] : [404, notFound];
    }
    return [404, notFound];
  }

  private apply(run: CheckRunRecord, body: Record<string, unknown>, now: string): void {
    if (body.status !== undefined) run.status = body.status as string;
    if (body.conclusion !== undefined) {
      run.conclusion = body.conclusion as string;
      run.status = 'completed';
    }
    if (run.status === 'completed') run.completed_at = (body.completed_at as string | undefined) ?? now;
    const output = body.output as
      { title?: string; summary?: string; text?: string; annotations?: Array<Record<string, unknown>> } | undefined;
    if (output) {
      run.output.title = output.title ?? run.output.title;
      run.output.summary = output.summary ?? run.output.summary;
      if (output.text !== undefined) run.output.text = output.text;
      run.annotations.push(...(output.annotations ?? []));
    }
  }

  private checkRunJson(run: CheckRunRecord): object {
    const api = `https://api.github.com/repos/${run.owner}/${run.repo}/check-runs/${run.id}`;
    return {
      id: run.id,
      name: run.name,
      node_id: Buffer.from(`04:CheckRun${run.id}`).toString('base64').replace(/=+$/, ''),
      head_sha: run.head_sha,
      external_id: run.external_id,
      url: api,
      html_url: `${this.serverUrl}/${run.owner}/${run.repo}/runs/${run.id}`,
      details_url: run.details_url ?? `${this.serverUrl}/${run.owner}/${run.repo}/runs/${run.id}`,
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.started_at,
      completed_at: run.completed_at,
      output: {
        title: run.output.title,
        summary: run.output.summary,
        text: run.output.text,
        annotations_count: run.annotations.length,
        annotations_url: `${api}/annotations`,
      },
      check_suite: { id: 30_245_882_711 },
      app: GITHUB_ACTIONS_APP,
      pull_requests: [],
    };
  }
}
