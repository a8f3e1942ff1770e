// The local GitHub API the check-run tests use (__tests__/support/github-api-server.ts) validates requests
// against GitHub's OpenAPI description and answers like GitHub.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GitHubApiServer } from './support/github-api-server.js';
import { HEAD_SHA, TOKEN } from './support/github-events.js';
import { closeServers, servers } from './support/check-run-scenarios.js';

afterAll(closeServers);

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
