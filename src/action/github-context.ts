import { readFileSync } from 'node:fs';
import type { CheckRunTarget } from '../report/check-run.js';

/** The few facts about the workflow run the action needs, read once from the runner's environment. */
export interface RunContext {
  eventName: string;
  /** The commit findings refer to: the PR head for pull requests, the queue head for merge groups. */
  headSha: string;
  repository?: string;
  serverUrl: string;
  workspace: string;
  /** A pull request from another repository: its token is read-only, so no check run can be created. */
  fromFork: boolean;
}

interface EventPayload {
  pull_request?: { head?: { sha?: string; repo?: { full_name?: string } | null } };
  merge_group?: { head_sha?: string };
  repository?: { full_name?: string };
}

export function readRunContext(env: Readonly<Record<string, string | undefined>>): RunContext {
  let payload: EventPayload = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as EventPayload;
    } catch {
      payload = {};
    }
  }
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const headSha =
    (eventName.startsWith('pull_request') ? payload.pull_request?.head?.sha : undefined) ??
    (eventName === 'merge_group' ? payload.merge_group?.head_sha : undefined) ??
    env.GITHUB_SHA ??
    '';
  const headRepository = payload.pull_request?.head?.repo?.full_name;
  const baseRepository = payload.repository?.full_name ?? env.GITHUB_REPOSITORY;
  // A deleted fork leaves head.repo null: still not this repository.
  // pull_request_target runs with the base repository's token, which may write checks even for a fork.
  const fromFork =
    eventName === 'pull_request' &&
    payload.pull_request !== undefined &&
    (payload.pull_request.head?.repo === null || (headRepository !== undefined && headRepository !== baseRepository));
  return {
    eventName,
    headSha,
    fromFork,
    repository: env.GITHUB_REPOSITORY,
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
  };
}

export function lineUrlFor(context: RunContext): ((file: string, line: number) => string) | undefined {
  if (!context.repository || !context.headSha) return undefined;
  return (file, line) => `${context.serverUrl}/${context.repository}/blob/${context.headSha}/${file}#L${line}`;
}

/** Where the check run goes: this repository, the commit the findings are about, the name from the input. */
export function checkRunTarget(context: RunContext, name: string): CheckRunTarget | undefined {
  const [owner, repo] = (context.repository ?? '').split('/');
  if (!owner || !repo || !context.headSha) return undefined;
  return { owner, repo, headSha: context.headSha, name };
}
