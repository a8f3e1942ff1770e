import type { SourceSpan } from '../finding.js';
import type { SyntaxNode } from '../parse/python-parser.js';
import type { SourceStore } from '../parse/source-store.js';
import type { ModuleResolver } from './module-resolver.js';
import type { ProductionEnvironment } from './production-environment.js';
import type { EnvRead, Value } from './value.js';

/** Scopes, frames and control flow shared by the parts of the settings interpreter. */

export interface Binding {
  value: Value;
  /** The statement that last bound the name. */
  assignedAt: SourceSpan;
  /**
   * A library constant (`from csp.constants import SELF`): its source is outside the repository, so each use
   * is placed where it is written, as `CSP.SELF` is.
   */
  placedAtUse?: boolean;
}

export type Scope = Map<string, Binding>;

/** Something the model noticed about the settings code itself, reported as a note. */
export interface ModelDiagnostic {
  span: SourceSpan;
  message: string;
  fix: string;
}

export interface InterpreterHost {
  store: SourceStore;
  resolver: ModuleResolver;
  environment: ProductionEnvironment;
  /** The interpreter production runs (--python): where installed packages are looked up, never imported. */
  python?: string;
  /** The repository's deployment and documentation files (absolute), for what they set in the environment. */
  deploymentFiles?: readonly string[];
  /** The file whose evidence chose the settings module (absolute): what else it sets is production's too. */
  settingsEvidenceFile?: string;
}

/** How a block ended: it ran through, returned a value, or raised. */
export type Flow = { kind: 'normal' } | { kind: 'return'; value: Value } | Raise;

export interface Raise {
  kind: 'raise';
  span: SourceSpan;
  exception: string;
  env: readonly EnvRead[];
  importError?: boolean;
}

export const NORMAL: Flow = { kind: 'normal' };

/** What every part of the interpreter shares across modules: the host, the modules run, the notes. */
export interface InterpreterContext {
  readonly host: InterpreterHost;
  /** Modules being executed right now, so that import cycles stop. */
  readonly importing: Set<string>;
  readonly modulesRun: string[];
  readonly starImports: Map<string, string[]>;
  readonly modulesAssigningSettings: Set<string>;
  note(span: SourceSpan, message: string, fix: string): void;
  runModule(absPath: string): Promise<Scope | undefined>;
  /** The scope of a module already run, for expressions (which cannot wait) that name it. */
  loadedScope(absPath: string): Scope | undefined;
  onUncaughtRaise(flow: Raise, file: string): void;
}

export interface Frame {
  interpreter: InterpreterContext;
  scope: Scope;
  /** Module scope, for name lookups inside function bodies. */
  globals?: Scope;
  file: string;
  absPath: string;
  /** Environment reads that decided which branches led here. */
  pathEnv: readonly EnvRead[];
  /**
   * Whether a failed import here is an expected outcome (inside `try`, or in a branch of a condition the
   * model cannot decide, such as `if (BASE_DIR / "local.py").exists():`) rather than a broken module.
   */
  importsMayFail: boolean;
  depth: number;
  /**
   * Inside a project function handed the module's namespace (`populate(env, globals())`): the scope that
   * `namespace[name] = value` writes to.
   */
  namespace?: Scope;
  /** Names the running function declared `global`: assigning them writes `globals`, not the local scope. */
  globalNames?: Set<string>;
}

export interface FunctionDefinition {
  node: SyntaxNode;
  file: string;
  absPath: string;
  globals: Scope;
}

/** Bound when a star import brings names the model cannot see, so unassigned settings become unknown. */
export const OPAQUE_NAMES = '*';

/** The most items a loop or a repeated sequence is expanded into before the model gives up on it. */
export const MAX_UNROLL = 200;

export function cloneScope(scope: Scope): Scope {
  return new Map(scope);
}

export function replaceScope(target: Scope, source: Scope): void {
  target.clear();
  for (const [name, binding] of source) target.set(name, binding);
}
