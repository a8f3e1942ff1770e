import type { EvidenceLook } from './look.js';

/** A settings module one reader found, before the file and kind are attached. */
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
