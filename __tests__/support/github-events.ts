// Commits, the token, and event payloads shaped like the webhooks GitHub writes to GITHUB_EVENT_PATH, for the
// check-run tests.

export const TOKEN = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a';
/** GITHUB_SHA of a pull_request run: the test merge commit, which is not what the pull request shows. */
export const MERGE_SHA = '3a1f0c6e9b2d4f8a7c5e1b0d9f6a2c4e8b7d5f30';
export const HEAD_SHA = 'c0ffee5b7e4d2a9f8e1c3b6d0a7f4e2c9b8d1a65';
const BASE_SHA = '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d';
export const PUSH_SHA = '5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e';
export const QUEUE_SHA = 'b1a2c3d4e5f60718293a4b5c6d7e8f9012345678';
// Event payloads shaped like the webhooks GitHub writes to GITHUB_EVENT_PATH (trimmed to the fields a
// reader could plausibly use, with their real nesting).
const OWNER = {
  login: 'acme',
  id: 1402156,
  node_id: 'O_kgDOABVk7A',
  type: 'Organization',
  html_url: 'https://github.com/acme',
};
export const REPOSITORY = {
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
export const FORK = {
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

export function pullRequestEvent(name: 'pull_request' | 'pull_request_target', head: typeof REPOSITORY) {
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

/**
 * A pull request whose fork was deleted after it was opened: GitHub still sends the head's label, ref and sha,
 * but `head.repo` is null. The run is still a fork's, with a read-only token.
 */
export function deletedForkPullRequestEvent() {
  const { name, payload } = pullRequestEvent('pull_request', FORK);
  const { pull_request } = payload;
  return {
    name,
    payload: { ...payload, pull_request: { ...pull_request, head: { ...pull_request.head, repo: null } } },
  };
}

export const PUSH_EVENT = {
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

export const MERGE_GROUP_EVENT = {
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
