// The check-run scenarios (a project, the action's inputs, an event, scripted API faults), each played by
// index.js (built from src/) against its own local GitHub API, and helpers to read what was sent.
import { readFileSync } from 'node:fs';
import { runActionAsync, type ActionRun } from './action-runner.js';
import {
  CREATE_CHECK_RUN,
  faults,
  GitHubApiServer,
  UPDATE_CHECK_RUN,
  type Fault,
  type RecordedRequest,
} from './github-api-server.js';
import { writeTree } from './settings-harness.js';
import {
  FORK,
  MERGE_GROUP_EVENT,
  MERGE_SHA,
  PUSH_EVENT,
  PUSH_SHA,
  REPOSITORY,
  TOKEN,
  deletedForkPullRequestEvent,
  pullRequestEvent,
} from './github-events.js';
import { HARDENED, INSECURE, WITHOUT_CLICKJACKING, project, withCredentials } from './check-run-projects.js';

export const DOCS = 'https://github.com/django-security-gate/django-security-gate/blob/main/docs/rules';
export const API_LIMIT = 65535;

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
export const LONG_FOLDER = Array.from({ length: 5 }, (_, i) => `${'deeply-nested-service-folder-'.repeat(6)}${i}`).join(
  '/',
);
export const LONG_KEY = `${'payment_gateway_'.repeat(4500)}token`;

export const SCENARIOS = {
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
  deletedFork: { files: BACKEND(INSECURE), inputs: IN_BACKEND, event: deletedForkPullRequestEvent() },
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

export type ScenarioName = keyof typeof SCENARIOS;

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

export interface Outcome {
  run: ActionRun;
  api: GitHubApiServer;
  workspace: string;
  results: SarifResult[];
  sarif: { runs: Array<{ automationDetails?: { id?: string }; results: SarifResult[] }> };
}

export const outcomes = {} as Record<ScenarioName, Outcome>;
export const servers: GitHubApiServer[] = [];

/** Starts a scenario: its own API server, a fresh workspace, and index.js (built from src/) run against both. */
export async function start(scenario: Scenario): Promise<{ api: GitHubApiServer; outcome: Promise<Outcome> }> {
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
export const COMMAND = { error: 'error', warning: 'warning', note: 'notice' } as const;

/** The annotation the Checks API should get for a finding, derived from the SARIF file's result. */
export function expectedAnnotation(result: SarifResult): Record<string, unknown> {
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

export const bodyOf = (request: RecordedRequest) => request.body as CheckRunBody;
/** The PATCH requests GitHub accepted that carry annotations, in the order sent. */
export const annotationUpdates = (api: GitHubApiServer) =>
  api.requestsTo(UPDATE_CHECK_RUN).filter((r) => r.status === 200 && bodyOf(r).output?.annotations !== undefined);
export const annotationsSent = (api: GitHubApiServer) =>
  annotationUpdates(api).flatMap((r) => bodyOf(r).output!.annotations!);
export const completion = (api: GitHubApiServer) =>
  api.requestsTo(UPDATE_CHECK_RUN).filter((r) => r.status === 200 && bodyOf(r).status === 'completed');
/** Workflow-command annotations (`::error title=...,file=...::message`) the step printed. */
export const commandAnnotations = (stdout: string) =>
  stdout.split('\n').filter((line) => /^::(error|warning|notice) \S*file=/.test(line));
export const warnings = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::warning::'));
export const summaryOf = (api: GitHubApiServer) => bodyOf(completion(api).at(-1)!).output!;

/** Closes every server started for the tests of a file; each file calls it in its afterAll. */
export async function closeServers(): Promise<void> {
  await Promise.all(servers.map((server) => server.close()));
}
