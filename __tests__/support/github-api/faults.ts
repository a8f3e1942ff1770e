// Faults a test scripts into the local GitHub API: the error answers GitHub really gives.
import { CREATE_CHECK_RUN, UPDATE_CHECK_RUN } from './openapi-description.js';

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
