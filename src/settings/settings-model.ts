import type { SourceSpan } from '../finding.js';
import type { SourceStore } from '../parse/source-store.js';
import { fileStartSpan } from '../parse/span.js';
import { DJANGO_DEFAULTS, plainToValue } from './django-defaults.js';
import {
  GuardedVariables,
  OPAQUE_NAMES,
  SettingsInterpreter,
  type ModelDiagnostic,
  type Scope,
} from './interpreter.js';
import { applyConfiguration } from './django-configurations.js';
import { projectMiddlewareLineage, type ClassLineage } from './class-lineage.js';
import type { ModuleResolver } from './module-resolver.js';
import type { ProductionEnvironment } from './production-environment.js';
import { undecidedBecause, UNRECORDED, type QuestionLog, type UnknownCause } from './unjudged.js';
import {
  describe,
  describeConditions,
  isTrueSingleton,
  make,
  pyContains,
  pyEquals,
  repr,
  truthy,
  type Answer,
  type EnvRead,
  type Value,
} from './value.js';

export interface SettingsModule {
  /** Dotted name, e.g. `config.settings.production`. */
  name: string;
  absPath: string;
  /** Repository-relative path. */
  file: string;
}

/**
 * One setting as production would see it, with where it came from. Its questions (truthy, isTrue,
 * contains, equals) are three-valued; an undecided answer is written to the log of the rule asking, so
 * the scan can say which settings it could not judge and why.
 */
export class Setting {
  constructor(
    readonly name: string,
    readonly value: Value,
    /** The statement that last assigned it; undefined when Django's default applies. */
    readonly assignedAt: SourceSpan | undefined,
    private readonly fallbackSpan: SourceSpan,
    private readonly log: QuestionLog = UNRECORDED,
  ) {}

  get isAssigned(): boolean {
    return this.assignedAt !== undefined;
  }

  /** Python truthiness, or undefined when the model cannot establish it. */
  truthy(): Answer {
    return this.answer(truthy(this.value));
  }

  /** `setting is True`. */
  isTrue(): Answer {
    return this.answer(isTrueSingleton(this.value));
  }

  /** `entry in setting`. */
  contains(entry: string): Answer {
    return this.answer(pyContains(this.value, make('str', { value: entry }, this.origin)));
  }

  /** `setting == text`. */
  equals(text: string): Answer {
    return this.answer(pyEquals(this.value, make('str', { value: text }, this.origin)));
  }

  /**
   * Says that the rule could not judge this setting, for rules that read `value` themselves: because of
   * `part` (the part of the value that decided it; default the whole value), or of the causes given.
   */
  undecided(part: Value | readonly UnknownCause[] = this.value): void {
    this.log.undecided(this.name, Array.isArray(part) ? part : undecidedBecause(part as Value));
  }

  private answer(answer: Answer): Answer {
    if (answer === undefined) this.undecided();
    return answer;
  }

  /** Where a finding about this setting belongs: the expression that produced the value, else the module. */
  get origin(): SourceSpan {
    return this.isAssigned ? this.value.span : this.fallbackSpan;
  }

  describe(): string {
    if (this.isAssigned) return describe(this.value);
    // The conditions say when the settings leave the name unset (the configuration class a default picks),
    // not what Django's default depends on: said around the default, never inside its parentheses.
    const how = describeConditions(this.value);
    return how
      ? `not set ${how}, so Django's default ${repr(this.value)} applies`
      : `not set (Django's default is ${repr(this.value)})`;
  }
}

/** The resolved settings of one Django project: what rules ask questions of. */
export class SettingsModel {
  constructor(
    readonly module: SettingsModule,
    private readonly scope: Scope,
    readonly diagnostics: readonly ModelDiagnostic[],
    readonly environment: ProductionEnvironment,
    /** Repository-relative paths of every module the settings pulled in. */
    readonly files: readonly string[],
    /** The most specific production module: where a setting that is never assigned should be written. */
    readonly placementFile: string = module.file,
    private readonly log: QuestionLog = UNRECORDED,
    /** Reads every setting depends on, assigned or not (a django-configurations class chosen by a default). */
    private readonly chosenBy: readonly EnvRead[] = [],
    /** The project classes the middleware settings name, with the library classes they derive from. */
    private readonly middlewareLineage: ReadonlyMap<string, ClassLineage> = new Map(),
    /** The django-configurations class judged, and the evidence that chose it. */
    readonly configurationClass?: { name: string; from: string },
  ) {}

  /** The same settings, with every undecided question written to `log` (one rule's). */
  askedBy(log: QuestionLog): SettingsModel {
    return new SettingsModel(
      this.module,
      this.scope,
      this.diagnostics,
      this.environment,
      this.files,
      this.placementFile,
      log,
      this.chosenBy,
      this.middlewareLineage,
      this.configurationClass,
    );
  }

  /**
   * The library classes a project middleware in MIDDLEWARE (or MIDDLEWARE_CLASSES) derives from, read from
   * its class statement (class-lineage.ts); undefined for a path outside the project.
   */
  middlewareBases(path: string): ClassLineage | undefined {
    return this.middlewareLineage.get(path);
  }

  /** Where a setting that is never assigned should be written (line 1 of the most specific module). */
  get moduleSpan(): SourceSpan {
    return fileStartSpan(this.placementFile);
  }

  names(): string[] {
    return [...this.scope.keys()].filter((name) => /^[A-Z][A-Z0-9_]*$/.test(name)).sort();
  }

  has(name: string): boolean {
    return this.scope.has(name);
  }

  /** The setting production sees; `djangoDefault` stands in for Django's default where it differs by release. */
  get(name: string, djangoDefault?: Value): Setting {
    const binding = this.scope.get(name);
    if (binding) return new Setting(name, binding.value, binding.assignedAt, this.moduleSpan, this.log);
    const opaque = this.scope.get(OPAQUE_NAMES);
    if (opaque) return new Setting(name, opaque.value, opaque.assignedAt, this.moduleSpan, this.log);
    const value = djangoDefault ?? plainToValue(DJANGO_DEFAULTS[name] ?? null, this.moduleSpan);
    const conditioned = this.chosenBy.length ? ({ ...value, conditions: this.chosenBy } as Value) : value;
    return new Setting(name, conditioned, undefined, this.moduleSpan, this.log);
  }
}

export interface LoadSettingsOptions {
  store: SourceStore;
  resolver: ModuleResolver;
  environment: ProductionEnvironment;
  module: SettingsModule;
  /** The interpreter production runs (--python), where star-imported packages are looked up. */
  python?: string;
  /** The repository's deployment and documentation files (absolute): DJANGO_CONFIGURATION is read from them. */
  deploymentFiles?: readonly string[];
  /** The file whose evidence chose the settings module (absolute): its DJANGO_CONFIGURATION comes first. */
  settingsEvidenceFile?: string;
}

const MAX_GUARD_ROUNDS = 8;

/**
 * The selected module when it assigns settings itself; otherwise (a package `__init__.py` that only picks
 * a module) the module it star-imported last, followed down the same way.
 */
function mostSpecificModule(absPath: string, interpreter: SettingsInterpreter): string {
  const seen = new Set<string>();
  let current = absPath;
  while (!interpreter.modulesAssigningSettings.has(current) && !seen.has(current)) {
    seen.add(current);
    const next = interpreter.starImports.get(current)?.at(-1);
    if (!next) break;
    current = next;
  }
  return current;
}

/**
 * Runs the settings module under the production environment. When the settings refuse to import with a
 * variable unset (a guard that raises), that variable is one production must set: run again with it
 * treated as supplied, so a guarded fallback is not reported as if production used it.
 */
export async function loadSettings(options: LoadSettingsOptions): Promise<SettingsModel> {
  let environment = options.environment;
  for (let round = 0; ; round++) {
    const interpreter = new SettingsInterpreter({
      store: options.store,
      resolver: options.resolver,
      environment,
      python: options.python,
      deploymentFiles: options.deploymentFiles,
      settingsEvidenceFile: options.settingsEvidenceFile,
    });
    try {
      const scope = (await interpreter.runModule(options.module.absPath)) ?? new Map();
      const configuration = applyConfiguration(scope, options.module, interpreter);
      const files = interpreter.modulesRun.map((absPath) => options.store.repoPath(absPath));
      const placement = options.store.repoPath(
        configuration?.absPath ?? mostSpecificModule(options.module.absPath, interpreter),
      );
      const lineage = await projectMiddlewareLineage(
        ['MIDDLEWARE', 'MIDDLEWARE_CLASSES'].map((name) => scope.get(name)?.value),
        { store: options.store, resolver: options.resolver, fromFile: options.module.absPath },
      );
      return new SettingsModel(
        options.module,
        scope,
        interpreter.diagnostics,
        environment,
        files,
        placement,
        UNRECORDED,
        configuration?.chosenBy,
        lineage,
        configuration && { name: configuration.name, from: configuration.from },
      );
    } catch (error) {
      if (!(error instanceof GuardedVariables) || round >= MAX_GUARD_ROUNDS) throw error;
      const fresh = error.variables.filter((variable) => !environment.guarded.has(variable));
      if (fresh.length === 0) throw error;
      environment = environment.withGuarded(fresh);
    }
  }
}
