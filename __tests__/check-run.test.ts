// The check run, end to end: dist/index.js runs as the runner runs it, with GITHUB_API_URL pointing at a
// local server that validates every request against GitHub's OpenAPI description. Scenarios run in
// parallel (each with its own server), because Octokit's throttling spaces write requests a second apart.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { runActionAsync, type ActionRun } from './support/action-runner.js';
import {
  CREATE_CHECK_RUN,
  faults,
  GitHubApiServer,
  UPDATE_CHECK_RUN,
  type Fault,
  type RecordedRequest,
} from './support/github-api-server.js';
import { writeTree } from './support/settings-harness.js';

const TOKEN = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a';
/** GITHUB_SHA of a pull_request run: the test merge commit, which is not what the pull request shows. */
const MERGE_SHA = '3a1f0c6e9b2d4f8a7c5e1b0d9f6a2c4e8b7d5f30';
const HEAD_SHA = 'c0ffee5b7e4d2a9f8e1c3b6d0a7f4e2c9b8d1a65';
const BASE_SHA = '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d';
const PUSH_SHA = '5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e';
const QUEUE_SHA = 'b1a2c3d4e5f60718293a4b5c6d7e8f9012345678';
const DOCS = 'https://github.com/django-security-gate/django-security-gate/blob/main/docs/rules';
const API_LIMIT = 65535;

const MANAGE = `import os, sys
if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
`;

/** HTTPS, headers and middleware as production needs them, so each scenario's findings are its own. */
const HARDENING = `MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]
SECURE_CSP = {"default-src": ["'self'"]}
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
`;

const HARDENED = `import os
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["shop.example.com"]
${HARDENING}`;

/** Two errors (debug-enabled at 3, credential-hardcoded at 5) and a warning (allowed-hosts-wildcard at 4). */
const INSECURE = `import os
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["*"]
EMAIL_HOST_PASSWORD = "smtp-password-123"
${HARDENING}`;

/** One warning, x-frame-options-middleware-missing, on the whole MIDDLEWARE list: lines 5 to 9. */
const WITHOUT_CLICKJACKING = HARDENED.replace('    "django.middleware.clickjacking.XFrameOptionsMiddleware",\n', '');

/** A hardened settings module with `count` credentials written in it: one credential-hardcoded error each. */
function withCredentials(count: number): string {
  const lines = Array.from(
    { length: count },
    (_, i) => `SERVICE_${i + 1}_PASSWORD = "pw-${String(i + 1).padStart(4, '0')}-s3cr3t"`,
  );
  return `${HARDENED}${lines.join('\n')}\n`;
}

function project(folder: string, settings: string): Record<string, string> {
  const prefix = folder === '.' ? '' : `${folder}/`;
  return {
    '.git/HEAD': 'ref: refs/heads/main\n',
    [`${prefix}manage.py`]: MANAGE,
    [`${prefix}shop/__init__.py`]: '',
    [`${prefix}shop/settings.py`]: settings,
  };
}

// Event payloads shaped like the webhooks GitHub writes to GITHUB_EVENT_PATH (trimmed to the fields a
// reader could plausibly use, with their real nesting).
const OWNER = {
  login: 'acme',
  id: 1402156,
  node_id: 'O_kgDOABVk7A',
  type: 'Organization',
  html_url: 'https://github.com/acme',
};
const REPOSITORY = {
  id: 712398451,
  node_id: 'R_kgDOKnZ1cw',
  name: 'shop',
  full_name: 'acme/shop',
  private: false,
  owner: OWNER,
  html_url: 'https://github.com/acme/shop',
  url: 'https://api.github.com/repos/acme/shop',
  fork: false,
  default_branch: 'main',
};
const FORK = {
  ...REPOSITORY,
  id: 803311042,
  node_id: 'R_kgDOL_lJwg',
  full_name: 'mallory/shop',
  owner: {
    login: 'mallory',
    id: 5533011,
    node_id: 'U_kgDOAFRk0w',
    type: 'User',
    html_url: 'https://github.com/mallory',
  },
  html_url: 'https://github.com/mallory/shop',
  url: 'https://api.github.com/repos/mallory/shop',
  fork: true,
};

function pullRequestEvent(name: 'pull_request' | 'pull_request_target', head: typeof REPOSITORY) {
  return {
    name,
    payload: {
      action: 'synchronize',
      number: 42,
      before: BASE_SHA,
      after: HEAD_SHA,
      pull_request: {
        url: 'https://api.github.com/repos/acme/shop/pulls/42',
        id: 2034567812,
        node_id: 'PR_kwDOKnZ1c855R1qE',
        html_url: 'https://github.com/acme/shop/pull/42',
        number: 42,
        state: 'open',
        locked: false,
        draft: false,
        title: 'Read the SMTP password from the environment',
        user: head.owner,
        merge_commit_sha: MERGE_SHA,
        head: { label: `${head.owner.login}:fix-smtp`, ref: 'fix-smtp', sha: HEAD_SHA, user: head.owner, repo: head },
        base: { label: 'acme:main', ref: 'main', sha: BASE_SHA, user: OWNER, repo: REPOSITORY },
        author_association: head === REPOSITORY ? 'MEMBER' : 'FIRST_TIME_CONTRIBUTOR',
      },
      repository: REPOSITORY,
      organization: { login: 'acme', id: OWNER.id, node_id: OWNER.node_id },
      sender: head.owner,
    },
  };
}

const PUSH_EVENT = {
  name: 'push',
  payload: {
    ref: 'refs/heads/main',
    before: BASE_SHA,
    after: PUSH_SHA,
    created: false,
    deleted: false,
    forced: false,
    base_ref: null,
    compare: `https://github.com/acme/shop/compare/${BASE_SHA.slice(0, 12)}...${PUSH_SHA.slice(0, 12)}`,
    head_commit: {
      id: PUSH_SHA,
      tree_id: BASE_SHA,
      message: 'Harden production settings',
      timestamp: '2026-11-25T18:40:00Z',
    },
    repository: REPOSITORY,
    pusher: { name: 'octo-dev', email: 'octo-dev@example.com' },
    sender: OWNER,
  },
};

const MERGE_GROUP_EVENT = {
  name: 'merge_group',
  payload: {
    action: 'checks_requested',
    merge_group: {
      head_sha: QUEUE_SHA,
      head_ref: `refs/heads/gh-readonly-queue/main/pr-42-${BASE_SHA}`,
      base_sha: BASE_SHA,
      base_ref: 'refs/heads/main',
      head_commit: {
        id: QUEUE_SHA,
        tree_id: BASE_SHA,
        message: 'Merge pull request #42 from acme/fix-smtp',
        timestamp: '2026-11-25T18:45:00Z',
        author: { name: 'octo-dev', email: 'octo-dev@example.com' },
        committer: { name: 'GitHub', email: 'noreply@github.com' },
      },
    },
    repository: REPOSITORY,
    organization: { login: 'acme', id: OWNER.id, node_id: OWNER.node_id },
    sender: OWNER,
  },
};

interface Scenario {
  files: Record<string, string>;
  inputs?: Record<string, string>;
  event: { name: string; payload: object };
  /** GITHUB_SHA; the pull request's merge commit unless told. */
  sha?: string;
  faults?: Fault[];
}

const SAME_REPO_PR = pullRequestEvent('pull_request', REPOSITORY);
const FORK_PR = pullRequestEvent('pull_request', FORK);
/** A project in a subfolder of the repository. */
const BACKEND = (settings: string) => project('backend', settings);
const IN_BACKEND = { 'working-directory': 'backend' };
const LONG_FOLDER = Array.from({ length: 5 }, (_, i) => `${'deeply-nested-service-folder-'.repeat(6)}${i}`).join('/');
const LONG_KEY = `${'payment_gateway_'.repeat(4500)}token`;

const SCENARIOS = {
  overThousand: { files: BACKEND(withCredentials(1001)), inputs: IN_BACKEND, event: SAME_REPO_PR },
  failing: { files: BACKEND(INSECURE), inputs: IN_BACKEND, event: SAME_REPO_PR },
  passing: { files: BACKEND(HARDENED), inputs: { ...IN_BACKEND, 'fail-on': 'note' }, event: SAME_REPO_PR },
  neutral: { files: BACKEND(INSECURE), inputs: { ...IN_BACKEND, 'fail-on': 'never' }, event: SAME_REPO_PR },
  push: {
    files: BACKEND(INSECURE),
    inputs: { ...IN_BACKEND, 'check-name': 'Settings audit', annotations: 'check-run' },
    event: PUSH_EVENT,
    sha: PUSH_SHA,
  },
  // On GitHub GITHUB_SHA is the queue's head too; a different value here shows which one is read.
  mergeGroup: { files: BACKEND(INSECURE), inputs: IN_BACKEND, event: MERGE_GROUP_EVENT },
  pullRequestTarget: {
    files: BACKEND(WITHOUT_CLICKJACKING),
    inputs: IN_BACKEND,
    event: pullRequestEvent('pull_request_target', REPOSITORY),
  },
  fork: { files: BACKEND(INSECURE), inputs: IN_BACKEND, event: FORK_PR },
  // pull_request_target runs with the base repository's token, so a fork's pull request still gets a check run.
  forkPullRequestTarget: {
    files: BACKEND(INSECURE),
    inputs: IN_BACKEND,
    event: pullRequestEvent('pull_request_target', FORK),
  },
  // A message of multi-byte characters: the 64 KB limit counts bytes.
  multiByte: {
    files: BACKEND(`${HARDENED}SERVICES = {"${'€'.repeat(25000)}_token": "tok-live-0123456789abcdef"}\n`),
    inputs: IN_BACKEND,
    event: SAME_REPO_PR,
  },
  forkPassing: { files: BACKEND(HARDENED), inputs: IN_BACKEND, event: FORK_PR },
  forbidden: {
    files: BACKEND(INSECURE),
    inputs: IN_BACKEND,
    event: SAME_REPO_PR,
    faults: [faults.notAccessibleByIntegration()],
  },
  forbiddenPassing: {
    files: BACKEND(HARDENED),
    inputs: IN_BACKEND,
    event: SAME_REPO_PR,
    faults: [faults.notAccessibleByIntegration()],
  },
  serverErrorOnce: {
    files: BACKEND(INSECURE),
    inputs: IN_BACKEND,
    event: SAME_REPO_PR,
    faults: [faults.serverError(CREATE_CHECK_RUN, 1)],
  },
  secondaryLimitOnCreate: {
    files: BACKEND(INSECURE),
    inputs: IN_BACKEND,
    event: SAME_REPO_PR,
    faults: [faults.secondaryRateLimit(CREATE_CHECK_RUN, 1, 1)],
  },
  secondaryLimitOnAnnotations: {
    files: BACKEND(withCredentials(60)),
    inputs: IN_BACKEND,
    event: SAME_REPO_PR,
    faults: [faults.secondaryRateLimit(UPDATE_CHECK_RUN, 1, 1)],
  },
  updateRejected: {
    files: BACKEND(INSECURE),
    inputs: IN_BACKEND,
    event: SAME_REPO_PR,
    faults: [faults.validationFailed(UPDATE_CHECK_RUN, 1)],
  },
  many: { files: BACKEND(withCredentials(120)), inputs: IN_BACKEND, event: SAME_REPO_PR },
  oversized: {
    files: project(LONG_FOLDER, `${HARDENED}SERVICES = {"${LONG_KEY}": "tok-live-0123456789abcdef"}\n`),
    inputs: { 'working-directory': LONG_FOLDER },
    event: SAME_REPO_PR,
  },
  // No working-directory: the project is discovered in services/web, and GITHUB_WORKSPACE is the root.
  subfolder: { files: project('services/web', INSECURE), inputs: {}, event: SAME_REPO_PR },
  workflowMode: { files: BACKEND(INSECURE), inputs: { ...IN_BACKEND, annotations: 'workflow' }, event: SAME_REPO_PR },
  noAnnotations: { files: BACKEND(INSECURE), inputs: { ...IN_BACKEND, annotations: 'none' }, event: SAME_REPO_PR },
} satisfies Record<string, Scenario>;

type ScenarioName = keyof typeof SCENARIOS;

interface SarifResult {
  ruleId: string;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string };
      region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
    };
  }>;
  partialFingerprints: Record<string, string>;
  properties: { fix: string };
}

interface Outcome {
  run: ActionRun;
  api: GitHubApiServer;
  workspace: string;
  results: SarifResult[];
  sarif: { runs: Array<{ automationDetails?: { id?: string }; results: SarifResult[] }> };
}

const outcomes = {} as Record<ScenarioName, Outcome>;
const servers: GitHubApiServer[] = [];

/** Starts a scenario: its own API server, a fresh workspace, and dist/index.js run against both. */
async function start(scenario: Scenario): Promise<{ api: GitHubApiServer; outcome: Promise<Outcome> }> {
  const api = await GitHubApiServer.start({ faults: scenario.faults });
  servers.push(api);
  const workspace = writeTree(scenario.files);
  const outcome = runActionAsync(
    workspace,
    { 'deploy-check': 'false', token: TOKEN, ...scenario.inputs },
    scenario.event,
    { apiUrl: api.url, sha: scenario.sha ?? MERGE_SHA },
  ).then((run) => {
    const sarif = run.outputs['sarif-file']
      ? JSON.parse(readFileSync(run.outputs['sarif-file'], 'utf8'))
      : { runs: [] };
    return { run, api, workspace, sarif, results: sarif.runs[0]?.results ?? [] };
  });
  return { api, outcome };
}

const LEVEL = { error: 'failure', warning: 'warning', note: 'notice' } as const;
const COMMAND = { error: 'error', warning: 'warning', note: 'notice' } as const;

/** The annotation the Checks API should get for a finding, derived from the SARIF file's result. */
function expectedAnnotation(result: SarifResult): Record<string, unknown> {
  const { artifactLocation, region } = result.locations[0]!.physicalLocation;
  return {
    path: artifactLocation.uri,
    start_line: region.startLine,
    end_line: region.endLine,
    ...(region.startLine === region.endLine ? { start_column: region.startColumn, end_column: region.endColumn } : {}),
    annotation_level: LEVEL[result.level],
    title: result.ruleId,
    message: result.message.text.slice(0, result.message.text.lastIndexOf('\nFix: ')),
    raw_details: `Fix: ${result.properties.fix}\nDocs: ${DOCS}/${result.ruleId}.md`,
  };
}

type Annotation = Record<string, unknown> & { path: string; start_line: number; message: string; title: string };
interface CheckRunBody {
  name?: string;
  head_sha?: string;
  status?: string;
  conclusion?: string;
  completed_at?: string;
  output?: { title: string; summary: string; text?: string; annotations?: Annotation[] };
}

const bodyOf = (request: RecordedRequest) => request.body as CheckRunBody;
/** The PATCH requests GitHub accepted that carry annotations, in the order sent. */
const annotationUpdates = (api: GitHubApiServer) =>
  api.requestsTo(UPDATE_CHECK_RUN).filter((r) => r.status === 200 && bodyOf(r).output?.annotations !== undefined);
const annotationsSent = (api: GitHubApiServer) => annotationUpdates(api).flatMap((r) => bodyOf(r).output!.annotations!);
const completion = (api: GitHubApiServer) =>
  api.requestsTo(UPDATE_CHECK_RUN).filter((r) => r.status === 200 && bodyOf(r).status === 'completed');
/** Workflow-command annotations (`::error title=...,file=...::message`) the step printed. */
const commandAnnotations = (stdout: string) =>
  stdout.split('\n').filter((line) => /^::(error|warning|notice) \S*file=/.test(line));
const warnings = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::warning::'));
const summaryOf = (api: GitHubApiServer) => bodyOf(completion(api).at(-1)!).output!;

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

describe('the local GitHub API validates requests against the OpenAPI description', () => {
  let api: GitHubApiServer;
  beforeAll(async () => {
    api = await GitHubApiServer.start();
    servers.push(api);
  });
  const send = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  const annotation = { path: 'a.py', start_line: 1, end_line: 1, annotation_level: 'warning', message: 'm' };

  it("answers a valid creation with a check run shaped like GitHub's", async () => {
    const { status, json } = await send('POST', '/repos/acme/shop/check-runs', {
      name: 'Django security',
      head_sha: HEAD_SHA,
      status: 'in_progress',
    });
    expect(status).toBe(201);
    expect(json).toMatchObject({
      name: 'Django security',
      head_sha: HEAD_SHA,
      status: 'in_progress',
      conclusion: null,
    });
    expect(json.html_url).toBe(`https://github.com/acme/shop/runs/${json.id}`);
    const update = await send('PATCH', `/repos/acme/shop/check-runs/${json.id}`, {
      conclusion: 'success',
      output: { title: 't', summary: 's', annotations: [annotation] },
    });
    expect(update.status).toBe(200);
    expect(update.json).toMatchObject({ status: 'completed', conclusion: 'success', output: { annotations_count: 1 } });
    expect(api.responseProblems).toEqual([]);
  });

  it.each([
    ['no head_sha', 'POST', '/repos/acme/shop/check-runs', { name: 'x' }, /must have required property 'head_sha'/],
    [
      'an unknown status',
      'POST',
      '/repos/acme/shop/check-runs',
      { name: 'x', head_sha: 'y', status: 'done' },
      /allowed values/,
    ],
    [
      '51 annotations',
      'PATCH',
      '/repos/acme/shop/check-runs/1',
      { output: { title: 't', summary: 's', annotations: Array(51).fill(annotation) } },
      /must NOT have more than 50 items/,
    ],
    ['completed without a conclusion', 'PATCH', '/repos/acme/shop/check-runs/1', { status: 'completed' }, /conclusion/],
    [
      'columns on a multi-line annotation',
      'PATCH',
      '/repos/acme/shop/check-runs/1',
      {
        output: {
          title: 't',
          summary: 's',
          annotations: [{ ...annotation, end_line: 2, start_column: 1, end_column: 3 }],
        },
      },
      /columns but spans several lines/,
    ],
    [
      'a 256-character annotation title',
      'PATCH',
      '/repos/acme/shop/check-runs/1',
      { output: { title: 't', summary: 's', annotations: [{ ...annotation, title: 'x'.repeat(256) }] } },
      /longer than 255 characters/,
    ],
    [
      'a summary over 65535 characters',
      'PATCH',
      '/repos/acme/shop/check-runs/1',
      { output: { title: 't', summary: 's'.repeat(65536) } },
      /65535/,
    ],
    [
      'a check run id that is not a number',
      'PATCH',
      '/repos/acme/shop/check-runs/latest',
      { status: 'in_progress' },
      /must be integer/,
    ],
    [
      'a path that is no operation',
      'POST',
      '/repos/acme/shop/check-run',
      { name: 'x', head_sha: 'y' },
      /not an operation/,
    ],
  ])('rejects %s with 422 and the validation errors', async (_what, method, path, body, error) => {
    const { status, json } = await send(method, path, body);
    expect(status).toBe(422);
    expect(String(json.message)).toMatch(error);
    expect(api.invalidRequests.at(-1)!.errors.join('\n')).toMatch(error);
  });
});

describe('the action reporting to the Checks API', () => {
  beforeAll(async () => {
    // The longest run (23 write requests, which Octokit's throttling spaces a second apart) gets the CPU to
    // itself until its scan is done; the others run while it waits between requests.
    const longest = await start(SCENARIOS.overThousand);
    await longest.api.waitForRequest((request) => request.operation === UPDATE_CHECK_RUN).catch(() => undefined);
    const others = (Object.keys(SCENARIOS) as ScenarioName[]).filter((name) => name !== 'overThousand');
    const started = await Promise.all(others.map((name) => start(SCENARIOS[name])));
    const played = await Promise.all(started.map(({ outcome }) => outcome));
    others.forEach((name, i) => (outcomes[name] = played[i]!));
    outcomes.overThousand = await longest.outcome;
  }, 90_000);

  it("sends no request the OpenAPI description rejects, and gets answers shaped like GitHub's", () => {
    for (const [name, { api }] of Object.entries(outcomes)) {
      expect({ name, invalid: api.invalidRequests.map((r) => [r.method, r.url, r.errors]) }).toEqual({
        name,
        invalid: [],
      });
      expect({ name, problems: api.responseProblems }).toEqual({ name, problems: [] });
      for (const request of api.requests) expect(request.headers.authorization).toBe(`token ${TOKEN}`);
    }
  });

  it('never prints the token', () => {
    for (const { run } of Object.values(outcomes)) expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  describe('on a pull request from the same repository', () => {
    it('creates one check run on the pull request head, not on the merge commit, in progress', () => {
      const { api } = outcomes.failing;
      const creates = api.requestsTo(CREATE_CHECK_RUN);
      expect(creates).toHaveLength(1);
      expect(api.requests[0]).toBe(creates[0]);
      expect(creates[0]!.params).toMatchObject({ owner: 'acme', repo: 'shop' });
      expect(bodyOf(creates[0]!)).toMatchObject({ name: 'Django security', head_sha: HEAD_SHA, status: 'in_progress' });
      expect(api.checkRuns).toHaveLength(1);
    });

    it('sends every finding as an annotation, then completes the run with conclusion failure', () => {
      const { api, results, run } = outcomes.failing;
      expect(results).toHaveLength(3);
      expect(annotationsSent(api)).toEqual(results.map(expectedAnnotation));
      expect(annotationsSent(api).map((a) => [a.title, a.path, a.start_line, a.annotation_level])).toEqual([
        ['debug-enabled', 'backend/shop/settings.py', 3, 'failure'],
        ['allowed-hosts-wildcard', 'backend/shop/settings.py', 4, 'warning'],
        ['credential-hardcoded', 'backend/shop/settings.py', 5, 'failure'],
      ]);
      const operations = api.requests.map((r) => `${r.operation} ${r.status}`);
      expect(operations).toEqual([`${CREATE_CHECK_RUN} 201`, `${UPDATE_CHECK_RUN} 200`, `${UPDATE_CHECK_RUN} 200`]);
      const last = bodyOf(api.requests[2]!);
      expect(last).toMatchObject({ status: 'completed', conclusion: 'failure' });
      expect(last.output!.annotations).toBeUndefined();
      expect(last.output!.title).toBe('2 errors, 1 warning, 0 notes');
      const [checkRun] = api.checkRuns;
      expect(checkRun).toMatchObject({ status: 'completed', conclusion: 'failure', head_sha: HEAD_SHA });
      expect(checkRun!.annotations).toHaveLength(3);
      expect(run.status).toBe(1);
    });

    it('summarises the findings in the check run with links to the rule docs and the lines of the head commit', () => {
      const { summary } = summaryOf(outcomes.failing.api);
      expect(summary).toContain(`[credential-hardcoded](${DOCS}/credential-hardcoded.md)`);
      expect(summary).toContain(`(https://github.com/acme/shop/blob/${HEAD_SHA}/backend/shop/settings.py#L5)`);
      expect(summary).not.toContain(MERGE_SHA);
      expect(summary).not.toContain('smtp-password-123');
    });

    it('sets check-run-url to the run and reports through it alone: no workflow-command annotations, no warning', () => {
      const { api, run } = outcomes.failing;
      expect(run.outputs['check-run-url']).toBe(`https://github.com/acme/shop/runs/${api.checkRuns[0]!.id}`);
      expect(run.outputs).toMatchObject({ passed: 'false', errors: '2', warnings: '1', notes: '0' });
      expect(commandAnnotations(run.stdout)).toEqual([]);
      expect(warnings(run.stdout)).toEqual([]);
      expect(run.stdout).toContain('::error::Django security gate failed: 2 error(s), 1 warning(s), 0 note(s)');
    });

    it('writes the job summary as well, linking to the exact lines of the head commit', () => {
      const { run } = outcomes.failing;
      expect(run.summary).toContain('Django security: failed');
      expect(run.summary).toContain(
        `[backend/shop/settings.py:3](https://github.com/acme/shop/blob/${HEAD_SHA}/backend/shop/settings.py#L3)`,
      );
      expect(run.summary).toMatch(/Rules that passed \(\d+\):.*`secret-key-hardcoded`/);
    });

    it('completes with success when nothing is found, and passes the step', () => {
      const { api, run } = outcomes.passing;
      expect(api.requests.map((r) => r.operation)).toEqual([CREATE_CHECK_RUN, UPDATE_CHECK_RUN]);
      expect(bodyOf(api.requests[1]!)).toMatchObject({
        status: 'completed',
        conclusion: 'success',
        output: { title: 'No findings' },
      });
      expect(run.status).toBe(0);
      expect(run.outputs['check-run-url']).toMatch(/^https:\/\/github\.com\/acme\/shop\/runs\/\d+$/);
    });

    it('completes with neutral when fail-on is never and there are findings, and passes the step', () => {
      const { api, run } = outcomes.neutral;
      expect(annotationsSent(api)).toHaveLength(3);
      expect(summaryOf(api).title).toBe('2 errors, 1 warning, 0 notes');
      expect(bodyOf(completion(api)[0]!).conclusion).toBe('neutral');
      expect(run.status).toBe(0);
      expect(run.outputs.passed).toBe('true');
    });
  });

  describe('picks the commit from the event', () => {
    it('uses GITHUB_SHA on a push, and the check-name input', () => {
      const { api, run } = outcomes.push;
      expect(bodyOf(api.requestsTo(CREATE_CHECK_RUN)[0]!)).toMatchObject({
        name: 'Settings audit',
        head_sha: PUSH_SHA,
      });
      expect(annotationsSent(api)).toHaveLength(3);
      expect(run.summary).toContain('Settings audit: failed');
      expect(run.summary).toContain(`/blob/${PUSH_SHA}/backend/shop/settings.py#L3`);
    });

    it('uses merge_group.head_sha in a merge queue', () => {
      const { api, run } = outcomes.mergeGroup;
      expect(bodyOf(api.requestsTo(CREATE_CHECK_RUN)[0]!).head_sha).toBe(QUEUE_SHA);
      expect(run.status).toBe(1);
    });

    it("creates a check run on pull_request_target from a fork: the token is the base repository's", () => {
      const { api, run } = outcomes.forkPullRequestTarget;
      expect(bodyOf(api.requestsTo(CREATE_CHECK_RUN)[0]!).head_sha).toBe(HEAD_SHA);
      expect(completion(api)).toHaveLength(1);
      expect(warnings(run.stdout)).toEqual([]);
    });

    it('uses the pull request head on pull_request_target', () => {
      const { api } = outcomes.pullRequestTarget;
      expect(bodyOf(api.requestsTo(CREATE_CHECK_RUN)[0]!).head_sha).toBe(HEAD_SHA);
      expect(completion(api)).toHaveLength(1);
    });
  });

  describe('annotation regions', () => {
    it('gives columns on a single line only: a finding over several lines has none', () => {
      const { api, results, run } = outcomes.pullRequestTarget;
      const [annotation] = annotationsSent(api);
      expect(annotationsSent(api)).toEqual(results.map(expectedAnnotation));
      expect(annotation).toMatchObject({
        title: 'x-frame-options-middleware-missing',
        path: 'backend/shop/settings.py',
        start_line: 5,
        end_line: 9,
        annotation_level: 'warning',
      });
      expect(annotation).not.toHaveProperty('start_column');
      expect(annotation).not.toHaveProperty('end_column');
      expect(run.status).toBe(1);
    });

    it('gives columns on a single line', () => {
      const [debug] = annotationsSent(outcomes.failing.api);
      expect(debug).toMatchObject({ start_line: 3, end_line: 3, start_column: expect.any(Number) });
      expect(debug!.end_column as number).toBeGreaterThan(debug!.start_column as number);
    });
  });

  describe('falls back to workflow commands and the job summary', () => {
    const expectFallback = (outcome: Outcome) => {
      const { run, results } = outcome;
      const printed = commandAnnotations(run.stdout);
      expect(printed).toHaveLength(results.length);
      for (const result of results) {
        const { artifactLocation, region } = result.locations[0]!.physicalLocation;
        expect(printed).toContainEqual(
          expect.stringContaining(
            `::${COMMAND[result.level]} title=${result.ruleId},file=${artifactLocation.uri},line=${region.startLine},`,
          ),
        );
      }
      expect(warnings(run.stdout)).toHaveLength(1);
      expect(run.outputs['check-run-url']).toBe('');
      expect(run.summary).toContain('No check run was reported');
      expect(run.summary).toContain(`/blob/${HEAD_SHA}/backend/shop/settings.py#L`);
    };

    it('on a pull request from a fork: no request at all, one warning with the permission to add', () => {
      const { api, run } = outcomes.fork;
      expect(api.requests).toEqual([]);
      expectFallback(outcomes.fork);
      expect(warnings(run.stdout)[0]).toMatch(/^::warning::No check run was reported: .*fork/);
      expect(warnings(run.stdout)[0]).toContain('permissions: checks: write');
      expect(run.status).toBe(1);
      expect(run.outputs.passed).toBe('false');
    });

    it('passes a fork pull request without findings', () => {
      const { api, run } = outcomes.forkPassing;
      expect(api.requests).toEqual([]);
      expect(warnings(run.stdout)).toHaveLength(1);
      expect(commandAnnotations(run.stdout)).toEqual([]);
      expect(run.status).toBe(0);
    });

    it('when creating the run answers 403: one attempt, the same fallback, the exit code from the findings', () => {
      for (const [outcome, exitCode] of [
        [outcomes.forbidden, 1],
        [outcomes.forbiddenPassing, 0],
      ] as const) {
        const { api, run } = outcome;
        expect(api.requests.map((r) => `${r.operation} ${r.status}`)).toEqual([`${CREATE_CHECK_RUN} 403`]);
        expect(warnings(run.stdout)).toHaveLength(1);
        expect(warnings(run.stdout)[0]).toContain('403');
        expect(warnings(run.stdout)[0]).toContain('Resource not accessible by integration');
        expect(warnings(run.stdout)[0]).toContain('permissions: checks: write');
        expect(run.outputs['check-run-url']).toBe('');
        expect(run.status).toBe(exitCode);
      }
      expectFallback(outcomes.forbidden);
    });

    it('when an update is rejected: the run is completed anyway, and the findings go to workflow commands', () => {
      const { api, run } = outcomes.updateRejected;
      expect(api.requests.map((r) => `${r.operation} ${r.status}`)).toEqual([
        `${CREATE_CHECK_RUN} 201`,
        `${UPDATE_CHECK_RUN} 422`,
        `${UPDATE_CHECK_RUN} 200`,
      ]);
      expect(api.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'neutral' });
      expect(bodyOf(api.requests[2]!).output!.summary).toContain('422');
      expectFallback(outcomes.updateRejected);
      expect(warnings(run.stdout)[0]).toContain('422');
      expect(run.status).toBe(1);
    });
  });

  describe('rides out transient API faults', () => {
    it('retries a 500 on creation with backoff and reports normally', () => {
      const { api, run } = outcomes.serverErrorOnce;
      const creates = api.requestsTo(CREATE_CHECK_RUN);
      expect(creates.map((r) => r.status)).toEqual([500, 201]);
      expect(creates[0]!.body).toEqual(creates[1]!.body);
      expect(creates[1]!.receivedAt - creates[0]!.receivedAt).toBeGreaterThanOrEqual(900);
      expect(completion(api)).toHaveLength(1);
      expect(annotationsSent(api)).toHaveLength(3);
      expect(run.outputs['check-run-url']).not.toBe('');
      expect(warnings(run.stdout)).toEqual([]);
      expect(run.status).toBe(1);
    });

    it('waits out a secondary rate limit on creation (retry-after) and reports normally', () => {
      const { api, run } = outcomes.secondaryLimitOnCreate;
      const creates = api.requestsTo(CREATE_CHECK_RUN);
      expect(creates.map((r) => r.status)).toEqual([403, 201]);
      expect(creates[1]!.receivedAt - creates[0]!.receivedAt).toBeGreaterThanOrEqual(900);
      expect(annotationsSent(api)).toHaveLength(3);
      expect(run.outputs['check-run-url']).not.toBe('');
      expect(warnings(run.stdout)).toEqual([]);
    });

    it('waits out a secondary rate limit between annotation batches without losing or repeating one', () => {
      const { api, results, run } = outcomes.secondaryLimitOnAnnotations;
      const updates = api.requestsTo(UPDATE_CHECK_RUN);
      expect(updates.map((r) => r.status)).toEqual([403, 200, 200, 200]);
      expect(updates[0]!.body).toEqual(updates[1]!.body);
      expect(annotationsSent(api)).toEqual(results.map(expectedAnnotation));
      expect(api.checkRuns[0]!.annotations).toHaveLength(60);
      expect(run.outputs['check-run-url']).not.toBe('');
    });
  });

  describe('within the API limits', () => {
    it('sends more than 50 findings in batches of 50, in order', () => {
      const { api, results } = outcomes.many;
      expect(results).toHaveLength(120);
      expect(annotationUpdates(api).map((r) => bodyOf(r).output!.annotations!.length)).toEqual([50, 50, 20]);
      expect(annotationsSent(api)).toEqual(results.map(expectedAnnotation));
      expect(api.checkRuns[0]!.annotations).toHaveLength(120);
      expect(summaryOf(api).title).toBe('120 errors, 0 warnings, 0 notes');
    });

    it('annotates every one of more than 1000 findings across ceil(n/50) requests', () => {
      const { api, results, run } = outcomes.overThousand;
      expect(results).toHaveLength(1001);
      const sizes = annotationUpdates(api).map((r) => bodyOf(r).output!.annotations!.length);
      expect(sizes).toEqual([...Array(20).fill(50), 1]);
      const sent = annotationsSent(api);
      expect(sent).toEqual(results.map(expectedAnnotation));
      expect(new Set(sent.map((a) => a.start_line)).size).toBe(1001);
      expect(api.checkRuns[0]!.annotations).toHaveLength(1001);
      expect(bodyOf(completion(api)[0]!).conclusion).toBe('failure');
      expect(run.status).toBe(1);
    });

    it('keeps the check run summary and text, and the job summary, within their limits', () => {
      const { api, run } = outcomes.overThousand;
      const output = summaryOf(api);
      expect(output.title).toBe('1001 errors, 0 warnings, 0 notes');
      expect(output.summary.length).toBeLessThanOrEqual(API_LIMIT);
      expect(output.summary).toMatch(/The summary is cut at GitHub's size limit: \d+ of 1001 findings are listed here/);
      expect((output.text ?? '').length).toBeLessThanOrEqual(API_LIMIT);
      expect(Buffer.byteLength(run.summary)).toBeLessThanOrEqual(1024 * 1024);
      expect(run.summary).toContain('1001 errors');
    });

    it('cuts a message of multi-byte characters to 64 KB of UTF-8, not 64 K characters', () => {
      const { api } = outcomes.multiByte;
      const annotation = annotationsSent(api).find((a) => a.title === 'credential-hardcoded');
      expect(annotation!.message.endsWith('…')).toBe(true);
      expect(Buffer.byteLength(annotation!.message)).toBeLessThanOrEqual(64 * 1024);
      expect(api.invalidRequests).toEqual([]);
    });

    it('lists the findings the summary had no room for in the check run text', () => {
      const output = summaryOf(outcomes.overThousand.api);
      expect(output.text).toContain('Findings not listed in the summary');
      expect(output.text!.length).toBeLessThanOrEqual(API_LIMIT);
    });

    it('cuts an oversized message with an ellipsis instead of having it rejected', () => {
      const { api, run, results } = outcomes.oversized;
      const [annotation] = annotationsSent(api).filter((a) => a.title === 'credential-hardcoded');
      expect(annotation!.path).toBe(`${LONG_FOLDER}/shop/settings.py`);
      expect(results[0]!.message.text.length).toBeGreaterThan(70000);
      expect([...annotation!.message].length).toBeLessThanOrEqual(64 * 1024);
      expect(annotation!.message.endsWith('…')).toBe(true);
      expect(annotation!.message.startsWith(`SERVICES["${LONG_KEY.slice(0, 1000)}`)).toBe(true);
      expect(String(annotation!.raw_details).endsWith('…')).toBe(true);
      expect(summaryOf(api).summary.length).toBeLessThanOrEqual(API_LIMIT);
      expect(api.requests.every((r) => r.status < 300)).toBe(true);
      expect(completion(api)).toHaveLength(1);
      expect(run.outputs['check-run-url']).not.toBe('');
      expect(run.status).toBe(1);
    });

    it('gives annotation paths relative to the repository root for a project in a subfolder', () => {
      const { api, run } = outcomes.subfolder;
      expect(annotationsSent(api).map((a) => `${a.path}:${a.start_line}`)).toEqual([
        'services/web/shop/settings.py:3',
        'services/web/shop/settings.py:4',
        'services/web/shop/settings.py:5',
      ]);
      expect(run.summary).toContain(`/blob/${HEAD_SHA}/services/web/shop/settings.py#L5`);
    });
  });

  describe('other annotation modes', () => {
    it('annotations: workflow prints workflow commands and calls no API', () => {
      const { api, run } = outcomes.workflowMode;
      expect(api.requests).toEqual([]);
      expect(commandAnnotations(run.stdout)).toHaveLength(3);
      expect(warnings(run.stdout)).toEqual([]);
      expect(run.outputs['check-run-url']).toBe('');
      expect(run.status).toBe(1);
    });

    it('annotations: none annotates nothing, calls no API, and still fails on the findings', () => {
      const { api, run } = outcomes.noAnnotations;
      expect(api.requests).toEqual([]);
      expect(commandAnnotations(run.stdout)).toEqual([]);
      expect(run.summary).toContain('Django security: failed');
      expect(run.status).toBe(1);
    });
  });

  describe('SARIF for code scanning', () => {
    it('is SARIF 2.1.0 without a fixed category (upload-sarif sets it), rules with help, and a fingerprint per result', () => {
      const { sarif, results } = outcomes.failing;
      expect(sarif).toMatchObject({ version: '2.1.0', $schema: expect.stringContaining('sarif') });
      expect(sarif.runs).toHaveLength(1);
      // upload-sarif applies its `category` input only when the file carries no automationDetails.id.
      expect(sarif.runs[0]!.automationDetails).toBeUndefined();
      for (const result of results) {
        expect(Object.values(result.partialFingerprints)[0]).toMatch(/^[0-9a-f]{32}$/);
        expect(result.locations[0]!.physicalLocation.artifactLocation.uri).toBe('backend/shop/settings.py');
      }
      expect(new Set(outcomes.many.results.map((r) => Object.values(r.partialFingerprints)[0])).size).toBe(120);
    });

    it('is written on the fallback path too', () => {
      expect(outcomes.fork.results).toHaveLength(3);
      expect(outcomes.fork.run.outputs['sarif-file']).toMatch(/django-security\.sarif$/);
    });
  });
});
