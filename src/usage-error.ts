/** Bad invocation, configuration or project layout: the CLI exits with code 2 and this one-line reason. */
export class UsageError extends Error {}
