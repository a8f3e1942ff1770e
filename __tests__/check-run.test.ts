// The check run, end to end: index.js (built from src/) runs as the runner runs it, with GITHUB_API_URL pointing at a
// local server that validates every request against GitHub's OpenAPI description. Scenarios run in
// parallel (each with its own server), because Octokit's throttling spaces write requests a second apart.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CREATE_CHECK_RUN, UPDATE_CHECK_RUN } from './support/github-api-server.js';
import { HEAD_SHA, MERGE_SHA, PUSH_SHA, QUEUE_SHA, TOKEN } from './support/github-events.js';
import {
  API_LIMIT,
  COMMAND,
  DOCS,
  LONG_FOLDER,
  LONG_KEY,
  type Outcome,
  SCENARIOS,
  type ScenarioName,
  annotationUpdates,
  annotationsSent,
  bodyOf,
  closeServers,
  commandAnnotations,
  completion,
  expectedAnnotation,
  outcomes,
  start,
  summaryOf,
  warnings,
} from './support/check-run-scenarios.js';

afterAll(closeServers);

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

    it('on a pull request whose fork was deleted (head.repo null): the same as a fork', () => {
      const { api, run } = outcomes.deletedFork;
      expect(api.requests).toEqual([]);
      expectFallback(outcomes.deletedFork);
      expect(warnings(run.stdout)[0]).toMatch(/^::warning::No check run was reported: .*fork/);
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
