import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

/** The one call the check-run reporter makes, so tests and other clients can stand in for Octokit. */
export type GitHubRequest = (route: string, parameters: Record<string, unknown>) => Promise<{ data: unknown }>;

const MAX_RATE_LIMIT_RETRIES = 2;

/**
 * An Octokit client for GITHUB_API_URL that retries server errors with backoff (plugin-retry) and waits
 * out rate limits, primary and secondary, honouring retry-after (plugin-throttling).
 */
export function githubRequest(token: string): GitHubRequest {
  const octokit = getOctokit(
    token,
    {
      throttle: {
        onRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => {
          core.info(`GitHub's rate limit was reached; retrying in ${retryAfter} s.`);
          return retryCount < MAX_RATE_LIMIT_RETRIES;
        },
        onSecondaryRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => {
          core.info(`GitHub's secondary rate limit was reached; retrying in ${retryAfter} s.`);
          return retryCount < MAX_RATE_LIMIT_RETRIES;
        },
      },
    },
    retry,
    throttling,
  );
  return (route, parameters) => octokit.request(route, parameters);
}
