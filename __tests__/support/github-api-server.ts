// A stand-in for api.github.com that the action's bundle talks to over HTTP. Every request is checked
// against GitHub's published OpenAPI description (@octokit/openapi): the operation is found by method and
// path template, path and query parameters and the JSON body are validated with Ajv, and the answer is
// shaped like GitHub's (and itself checked against the operation's response schema). Tests script faults
// (403, 5xx, secondary rate limits) per server and assert on what was sent.
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Fault } from './github-api/faults.js';
import { CREATE_CHECK_RUN, GET_CHECK_RUN, openApi, UPDATE_CHECK_RUN } from './github-api/openapi-description.js';
import { checkRequest, type MatchedOperation, responseErrors } from './github-api/request-check.js';
export { CREATE_CHECK_RUN, GET_CHECK_RUN, SPEC_FILE, UPDATE_CHECK_RUN } from './github-api/openapi-description.js';
export { checkRequest, type MatchedOperation, type RequestCheck } from './github-api/request-check.js';
export { faults, type Fault } from './github-api/faults.js';

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
