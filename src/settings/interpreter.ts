import type { SourceSpan } from '../finding.js';
import { describeSpan, fileStartSpan } from '../parse/span.js';
import {
  OPAQUE_NAMES,
  type Frame,
  type InterpreterContext,
  type InterpreterHost,
  type ModelDiagnostic,
  type Raise,
  type Scope,
} from './frame.js';
import { runBlock } from './statements.js';
import { unknown } from './value.js';

export { OPAQUE_NAMES, type Binding, type InterpreterHost, type ModelDiagnostic, type Scope } from './frame.js';
export { RANDOM_SECRET } from './library-calls.js';

/** Raised when a guard in the settings refuses to run with an unset variable: rerun with it required. */
export class GuardedVariables extends Error {
  constructor(readonly variables: string[]) {
    super(`settings refuse to run without ${variables.join(', ')}`);
  }
}

/**
 * An abstract interpreter for settings modules: it runs the statements in order, follows star imports of
 * project modules, evaluates expressions with Python's semantics where values are known, and reads the
 * environment as production would (given values, else defaults), keeping where each value came from.
 *
 * This class holds what is shared across modules; statements.ts, expressions.ts, library-calls.ts,
 * user-functions.ts and imports.ts do the work, each given a Frame that points back here.
 */
export class SettingsInterpreter implements InterpreterContext {
  private readonly moduleScopes = new Map<string, Scope>();
  readonly importing = new Set<string>();
  readonly diagnostics: ModelDiagnostic[] = [];
  /** Every module file the settings pulled in, in the order first executed. */
  readonly modulesRun: string[] = [];
  /** For each module, the project modules it star-imported, in order. */
  readonly starImports = new Map<string, string[]>();
  /** Modules that assign at least one setting (an upper-case name) themselves. */
  readonly modulesAssigningSettings = new Set<string>();

  constructor(readonly host: InterpreterHost) {}

  note(span: SourceSpan, message: string, fix: string): void {
    if (!this.diagnostics.some((d) => d.message === message && describeSpan(d.span) === describeSpan(span))) {
      this.diagnostics.push({ span, message, fix });
    }
  }

  loadedScope(absPath: string): Scope | undefined {
    return this.moduleScopes.get(absPath);
  }

  async runModule(absPath: string): Promise<Scope | undefined> {
    const cached = this.moduleScopes.get(absPath);
    if (cached) return cached;
    if (this.importing.has(absPath)) return undefined;
    const source = await this.host.store.parse(absPath);
    if (!source) {
      // The store already reported why the file could not be read; what it sets is unknown, not empty.
      // It is still part of the settings chain: production would fail to import it.
      this.modulesRun.push(absPath);
      const span = fileStartSpan(this.host.store.repoPath(absPath));
      const opaque: Scope = new Map([
        [OPAQUE_NAMES, { value: unknown('the settings of an unreadable file', span), assignedAt: span }],
      ]);
      this.moduleScopes.set(absPath, opaque);
      return opaque;
    }
    this.importing.add(absPath);
    this.modulesRun.push(absPath);
    const scope: Scope = new Map();
    const frame: Frame = {
      interpreter: this,
      scope,
      file: source.file,
      absPath,
      pathEnv: [],
      importsMayFail: false,
      depth: 0,
    };
    try {
      const flow = await runBlock(source.tree.rootNode.namedChildren, frame);
      if (flow.kind === 'raise') this.onUncaughtRaise(flow, source.file);
    } finally {
      this.importing.delete(absPath);
    }
    this.moduleScopes.set(absPath, scope);
    return scope;
  }

  onUncaughtRaise(flow: Raise, file: string): void {
    // A name read from a deploy-time module is not a variable production could be asked to set.
    const guardable = flow.env.filter((read) => !read.module && (read.state === 'default' || read.state === 'unset'));
    if (guardable.length > 0) throw new GuardedVariables(guardable.map((read) => read.variable));
    this.note(
      flow.span,
      `${file} raises ${flow.exception} at line ${flow.span.line} whatever the environment; settings after it were not read.`,
      'Make sure the settings module imports cleanly in production.',
    );
  }
}
