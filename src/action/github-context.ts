import { readFileSync } from 'node:fs';

/** The few facts about the workflow run the action needs, read once from the runner's environment. */
export interface RunContext {
  eventName: string;
  /** The commit findings refer to: the PR head for pull requests, the queue head for merge groups. */
  headSha: string;
  repository?: string;
  serverUrl: string;
  workspace: string;
}

interface EventPayload {
  pull_request?: { head?: { sha?: string } };
  merge_group?: { head_sha?: string };
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
  return {
    eventName,
    headSha,
    repository: env.GITHUB_REPOSITORY,
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
  };
}

export function lineUrlFor(context: RunContext): ((file: string, line: number) => string) | undefined {
  if (!context.repository || !context.headSha) return undefined;
  return (file, line) => `${context.serverUrl}/${context.repository}/blob/${context.headSha}/${file}#L${line}`;
}
