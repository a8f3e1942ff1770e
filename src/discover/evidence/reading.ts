import type { EvidenceLook } from './look.js';
import type { VariableShapes } from './settings-assignments.js';

/** One file being read, and what is being looked for in it: what every reader gets. */
export interface FileToRead {
  text: string;
  absPath: string;
  repoRoot: string;
  repoRelPath: string;
  /** What the path says (`deploy/dev/...`, `Dockerfile.prod`). */
  look: EvidenceLook;
  variable: VariableShapes;
  /** Whether a file the read one points at ships (a compose `env_file:` that git ignores does not). */
  isShipped: (absPath: string) => boolean;
}

/** A value one reader found, before the file and kind are attached: what every reader gives. */
export interface FoundModule {
  module: string;
  line: number;
  look: EvidenceLook;
  /** Where in the file it was found (a Dockerfile stage, compose service, CI job, docs heading), for tests and remarks. */
  context?: string;
  /** Set when the module is set in another file the read one points at (a compose service's `env_file`). */
  file?: string;
  /** Set only for a build step (a Dockerfile `RUN`, a bare `ARG`): the running container does not get it. */
  buildOnly?: boolean;
}
