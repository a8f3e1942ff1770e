import { delimiter, resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { loadConfig, locateConfig, type FailOn, type GateConfig } from './config/config-file.js';
import { IgnoreRules } from './discover/ignore-rules.js';
import { discoverProjects, findProjectAbove, projectAboveRemark, type DjangoProject } from './discover/projects.js';
import { isServerEntryPoint } from './discover/entry-points.js';
import { importRootOf } from './discover/module-search-path.js';
import { walkPythonFiles } from './discover/python-files.js';
import { productionImage } from './discover/production-image.js';
import { evidenceFileOf } from './discover/settings-choice.js';
import { imageRemarks } from './discover/image-remarks.js';
import { detectDeploymentFacts } from './discover/deployment-facts.js';
import { detectDjangoVersion, type DjangoTarget } from './discover/django-version.js';
import {
  childEnvironment,
  environmentOrigins,
  describeOrigins,
  throwawayKeyFor,
  throwawaySecretKey,
  type EnvironmentOrigins,
} from './deploy-check/child-environment.js';
import { hiddenFallbacksRemark, originsRemark, throwawayRemark } from './settings/environment-remarks.js';
import { deployCheckFailure, mergeDeployCheck, type ProjectFinding } from './deploy-check/deploy-findings.js';
import { parseCheckOutput } from './deploy-check/parse-check-output.js';
import { runDeployCheck, type DeployCheckRequest, type DeployCheckRun } from './deploy-check/run-deploy-check.js';
import { describeSpan, fileStartSpan } from './parse/span.js';
import { findRepositoryRoot } from './discover/repository-root.js';
import { compareFindings, fingerprintOf, type Finding, type FindingSource, type SourceSpan } from './finding.js';
import { applyBaseline, readBaseline, writeBaseline } from './gate/baseline.js';
import { applySuppressions, type SuppressedFinding } from './gate/suppressions.js';
import { summarise, type Summary } from './gate/verdict.js';
import { SourceStore, toRepoPath, type InputProblem } from './parse/source-store.js';
import {
  deployCheckFailed,
  djangoCheck,
  fileSkipped,
  pythonSyntaxError,
  settingsIncomplete,
} from './rules/engine-rules.js';
import { CODE_RULES, ENGINE_RULES, findRule, SETTINGS_RULES } from './rules/registry.js';
import { notApplicableRules, type NotApplicableRule } from './rules/not-applicable.js';
import type { CodeRule, ReportedProblem, Rule } from './rules/rule.js';
import { ModuleResolver } from './settings/module-resolver.js';
import { ProductionEnvironment } from './settings/production-environment.js';
import { loadSettings } from './settings/settings-model.js';
import { UnjudgedRecorder } from './settings/unjudged.js';
import { unjudgedSettings } from './rules/unjudged-settings.js';
import { withRuleSelection, type RuleSelection } from './rules/rule-selection.js';
import { UsageError } from './usage-error.js';
import { assertWritableFile } from './writable-file.js';

/** Long enough for a large project's imports, short enough that a hung import does not hold CI. */
export const DEFAULT_DEPLOY_CHECK_TIMEOUT = 300;

export interface ScanOptions {
  /** The folder to scan (default `.`). */
  path: string;
  settingsModule?: string;
  /** What gave settingsModule, for reports: "--settings" (default) or "the settings-module input". */
  settingsModuleFrom?: string;
  /** The production environment, from --env / --env-file / the `env` input. */
  environment: ReadonlyMap<string, string>;
  /** The scanner's own process environment (consulted for DJANGO_SETTINGS_MODULE only). */
  processEnvironment: Readonly<Record<string, string | undefined>>;
  deployCheck: boolean;
  python?: string;
  configFile?: string;
  baselineFile?: string;
  updateBaseline?: boolean;
  failOn?: FailOn;
  /** Folder that repository-relative paths start from; default: the nearest folder above `path` holding `.git`. */
  repoRoot?: string;
  /** The code rules to run; default: the registry's. */
  codeRules?: readonly CodeRule[];
  /** --select / --ignore: rules not selected are off, as if the config file turned them off. */
  ruleSelection?: RuleSelection;
  /** Told each throwaway SECRET_KEY value given to check --deploy, so the runner can mask it. */
  maskSecret?: (value: string) => void;
}

export interface ScannedProject {
  /** Repository-relative folder of manage.py ("" for the root). */
  root: string;
  /** The Django release the rules judged against ("5.2"). */
  django: string;
  /** Where that release came from ("requirements.txt", "the interpreter's Django 5.2.3"). */
  djangoFrom: string;
  settingsModule: string;
  settingsFile: string;
  chosenBy: string;
  /** False for a project that only runs a library's tests: its code was scanned, its settings not judged as production. */
  judged: boolean;
  /** Modules the settings pulled in, repository-relative. */
  settingsFiles: readonly string[];
  /** Settings some rule could not judge (each named in a settings-incomplete note), sorted. */
  unjudged: readonly string[];
}

export interface ScanResult {
  repoRoot: string;
  findings: Finding[];
  summary: Summary;
  failOn: FailOn;
  projects: ScannedProject[];
  /** Things the user should know about the run itself (choices made, features not run). */
  remarks: string[];
  baselined: number;
  /** Findings a `# django-security: ignore[...]` comment accepted: reported, never gating. */
  suppressed: SuppressedFinding[];
  /** Every rule that ran (engine rules included); rules without findings passed, unless not applicable. */
  rulesRun: Rule[];
  /** Rules that ran but had nothing to judge in any project (HSTS options while HSTS is off). */
  notApplicable: NotApplicableRule[];
  stats: { pythonFiles: number; filesRead: number; filesParsed: number };
  config: GateConfig;
  /** Each `manage.py check --deploy` run, with its transcript. */
  deployChecks: DeployCheckRecord[];
}

class FindingCollector {
  readonly findings: Finding[] = [];

  constructor(
    private readonly store: SourceStore,
    private readonly config: GateConfig,
  ) {}

  /**
   * The whole first line of the finding, not just its span: a span may move within a line (a given
   * environment value points at the read, a default at its literal) but the line's text stays.
   */
  private snippet(span: SourceSpan): string {
    const source = this.store.read(resolve(this.store.repoRoot, span.file));
    return source?.text.split('\n')[span.line - 1] ?? '';
  }

  add(rule: Rule, problem: ReportedProblem, source: FindingSource = 'static'): void {
    const override = this.config.rules.get(rule.id);
    if (override === 'off') return;
    const level = override ?? problem.level ?? rule.level;
    const { span } = problem;
    const finding: Finding = {
      ruleId: rule.id,
      level,
      message: problem.message,
      file: span.file,
      line: span.line,
      column: span.column,
      endLine: span.endLine,
      endColumn: span.endColumn,
      fix: problem.fix,
      source,
      fingerprint: fingerprintOf(rule.id, span.file, this.snippet(span), problem.setting ?? ''),
    };
    if (problem.setting) finding.setting = problem.setting;
    if (problem.djangoCheck) finding.djangoCheck = problem.djangoCheck;
    const duplicate = this.findings.some(
      (f) =>
        f.ruleId === finding.ruleId &&
        f.file === finding.file &&
        f.line === finding.line &&
        f.message === finding.message,
    );
    if (!duplicate) this.findings.push(finding);
  }
}

function inputProblemRule(problem: InputProblem): Rule {
  return problem.kind === 'python-syntax-error' ? pythonSyntaxError : fileSkipped;
}

/**
 * A problem in a module of the production settings is an error: Python would refuse to import it, so the
 * deployment would not start (or, for a file too large to scan, its settings were never judged).
 */
function inputProblemReport(problem: InputProblem, settingsModule: string | undefined): ReportedProblem {
  const { span, message, fix } = problem;
  if (!settingsModule) return { span, message, fix };
  const consequence = problem.breaksImport
    ? 'Python would fail to import it, so the deployment would not start'
    : 'the settings it holds were not judged, so the gate cannot pass them';
  return {
    span,
    level: 'error',
    message: `${message} ${span.file} is part of the production settings (${settingsModule}): ${consequence}.`,
    fix,
  };
}

/** The whole static scan, independent of GitHub and of the terminal: discover, parse, model, rules, gate. */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  let path = resolve(options.path);
  if (!existsSync(path) || !statSync(path).isDirectory()) throw new UsageError(`${options.path} is not a folder`);
  const repoRoot = options.repoRoot ? resolve(options.repoRoot) : findRepositoryRoot(path);
  const configFile = locateConfig(options.configFile, path, repoRoot);
  const config = withRuleSelection(loadConfig(configFile, repoRoot), options.ruleSelection);
  const failOn = options.failOn ?? config.failOn ?? 'warning';
  const environment = new Map([...config.env, ...options.environment]);
  const remarks: string[] = [];
  // Baseline problems stop the run before the scan, not after it.
  // A baseline named in the config file is relative to that file, as ESLint and Ruff resolve paths.
  const baselineFile =
    options.baselineFile ??
    (config.baseline && config.folder ? resolve(config.folder, config.baseline) : config.baseline);
  if (options.updateBaseline && !baselineFile) {
    throw new UsageError('--update-baseline needs a baseline file (--baseline FILE, or baseline: in the config file)');
  }
  if (baselineFile && options.updateBaseline) assertWritableFile(baselineFile, 'the baseline');
  const accepted = baselineFile && !options.updateBaseline ? readBaseline(baselineFile) : undefined;

  const ignoreRules = new IgnoreRules(repoRoot, config.exclude);
  if (ignoreRules.remark) remarks.push(ignoreRules.remark);
  const store = new SourceStore(repoRoot, config.maxFileBytes);
  const isShipped = (absPath: string) => !ignoreRules.isIgnored(absPath);
  let walk = walkPythonFiles(path, ignoreRules);
  const settingsOption = options.settingsModule ?? config.settings;
  // Run from inside a project's subfolder (`cd blog && django-security-gate`): the project is the one above.
  if (!settingsOption && walk.manageFiles.length === 0 && !walk.pythonFiles.some(isServerEntryPoint)) {
    const above = findProjectAbove(path, repoRoot, isShipped);
    if (above) {
      remarks.push(projectAboveRemark(repoRoot, path, above));
      path = above;
      walk = walkPythonFiles(path, ignoreRules);
    }
  }
  // Deployment files anywhere in the repository say which settings module production runs.
  const repositoryWalk = path === repoRoot ? walk : walkPythonFiles(repoRoot, ignoreRules);
  const discovered = await discoverProjects({
    path,
    repoRoot,
    manageFiles: walk.manageFiles,
    pythonFiles: walk.pythonFiles,
    deploymentFiles: repositoryWalk.deploymentFiles,
    repositoryManageFiles: repositoryWalk.manageFiles,
    settingsOption,
    settingsOptionFrom: options.settingsModule
      ? (options.settingsModuleFrom ?? '--settings')
      : `the config file ${configFile ? toRepoPath(repoRoot, resolve(configFile)) : ''}`,
    givenEnvironment: environment,
    processEnvironment: options.processEnvironment,
    isShipped,
  });
  remarks.push(...discovered.remarks);
  remarks.push(...discovered.skipped.map((reason) => `Skipped a project: ${reason}.`));

  const collector = new FindingCollector(store, config);
  const projects: ScannedProject[] = [];
  const deployChecks: DeployCheckRecord[] = [];
  const unjudgedAt = new Map<string, string>();
  const notApplicableIn: Map<string, string>[] = [];
  for (const project of discovered.projects) {
    projects.push(
      await scanProject(project, {
        store,
        environment,
        collector,
        isShipped,
        repoRoot,
        config,
        deployCheck: options.deployCheck,
        python: options.python,
        processEnvironment: options.processEnvironment,
        maskSecret: options.maskSecret,
        deployChecks,
        unjudgedAt,
        notApplicableIn,
        deploymentFiles: repositoryWalk.deploymentFiles,
      }),
    );
    remarks.push(...project.remarks);
  }

  const codeRules = (options.codeRules ?? CODE_RULES).filter((rule) => config.rules.get(rule.id) !== 'off');
  if (codeRules.length > 0) {
    const words = [...new Set(codeRules.flatMap((rule) => rule.words))];
    for (const file of walk.pythonFiles) {
      if (!store.readIfMentions(file, words)) continue;
      const source = await store.parse(file);
      if (!source) continue;
      for (const rule of codeRules) {
        if (rule.words.some((word) => source.text.includes(word))) {
          rule.check({ source, report: (problem) => collector.add(rule, problem) });
        }
      }
    }
  }

  // Every Python file is read for suppression comments, so one that suppresses nothing is found too.
  for (const file of walk.pythonFiles) store.read(file);

  const settingsModuleOf = new Map<string, string>();
  for (const project of projects) {
    for (const file of project.settingsFiles)
      if (!settingsModuleOf.has(file)) settingsModuleOf.set(file, project.settingsModule);
  }
  for (const problem of store.problems) {
    const report = inputProblemReport(problem, settingsModuleOf.get(problem.span.file));
    const unjudged = unjudgedAt.get(describeSpan(problem.span));
    collector.add(
      inputProblemRule(problem),
      unjudged ? { ...report, message: `${report.message} ${unjudged}` } : report,
    );
  }

  // Counted as --list-rules lists them: engine rules too, Django's own only when check --deploy ran.
  const rulesRun = [
    ...SETTINGS_RULES,
    ...codeRules,
    ...ENGINE_RULES.filter((rule) => options.deployCheck || (rule !== djangoCheck && rule !== deployCheckFailed)),
  ].filter((rule) => config.rules.get(rule.id) !== 'off');
  const suppression = applySuppressions(collector.findings, walk.pythonFiles, store, {
    dialects: new Set(config.suppressionComments),
    isKnownRule: (id) => findRule(id) !== undefined,
    isActive: (id) => rulesRun.some((rule) => rule.id === id),
  });
  collector.findings.splice(0, collector.findings.length, ...suppression.kept);
  for (const { rule, problem } of suppression.notes) collector.add(rule, problem);

  const all = collector.findings.sort(compareFindings);
  let findings = all;
  let baselined = 0;
  if (baselineFile && options.updateBaseline) {
    writeBaseline(baselineFile, all);
    remarks.push(`Wrote ${all.length} finding(s) to the baseline ${baselineFile}.`);
    baselined = all.length;
    findings = [];
  } else if (baselineFile) {
    ({ fresh: findings, baselined } = applyBaseline(all, accepted!));
  }

  return {
    repoRoot,
    findings,
    summary: summarise(findings, failOn),
    failOn,
    projects,
    remarks,
    baselined,
    suppressed: suppression.suppressed.sort(compareFindings),
    rulesRun,
    notApplicable: notApplicableRules(notApplicableIn, collector.findings),
    stats: { pythonFiles: walk.pythonFiles.length, filesRead: store.readCount, filesParsed: store.parseCount },
    config,
    deployChecks,
  };
}

/** One run of `manage.py check --deploy`, kept for reports (transcript, timing). */
export interface DeployCheckRecord {
  project: string;
  command: string;
  djangoVersion?: string;
  durationMs: number;
  outcome: 'ran' | 'failed';
  transcript: string;
  /** The variables the child ran with, by origin (names only). */
  environment?: EnvironmentOrigins;
}

/** `--python`, else python3, else python: the first that starts. */
async function runWithInterpreters(
  candidates: readonly string[],
  request: Omit<DeployCheckRequest, 'python'>,
): Promise<DeployCheckRun> {
  let run: DeployCheckRun | undefined;
  for (const python of candidates) {
    run = await runDeployCheck({ ...request, python });
    if (!run.notFound) return run;
  }
  return run!;
}

async function scanProject(
  project: DjangoProject,
  context: {
    store: SourceStore;
    environment: ReadonlyMap<string, string>;
    collector: FindingCollector;
    isShipped: (absPath: string) => boolean;
    repoRoot: string;
    config: GateConfig;
    deployCheck: boolean;
    python?: string;
    processEnvironment: Readonly<Record<string, string | undefined>>;
    maskSecret?: (value: string) => void;
    deployChecks: DeployCheckRecord[];
    /** What an input problem at file:line leaves unjudged, said with that problem. */
    unjudgedAt: Map<string, string>;
    /** Per judged project, the rules that had nothing to judge in its settings, with the reason. */
    notApplicableIn: Map<string, string>[];
    /** The repository's deployment files: production's Dockerfile among them. */
    deploymentFiles: readonly string[];
  },
): Promise<ScannedProject> {
  const { store, collector, config } = context;
  if (!project.judged) {
    // A project that only runs a library's tests: its code is scanned with the rest, its settings are not judged.
    const django = detectDjangoVersion(project.root, context.repoRoot, config.djangoVersion);
    return {
      root: store.repoPath(project.root),
      django: `${django.major}.${django.minor}`,
      djangoFrom: django.source,
      settingsModule: project.settings.name,
      settingsFile: project.settings.file,
      chosenBy: project.chosenBy,
      judged: false,
      settingsFiles: [],
      unjudged: [],
    };
  }
  // What production's image holds decides optional modules (try/except ImportError) and modules a Dockerfile copies in.
  const image = productionImage({
    projectRoot: project.root,
    repoRoot: context.repoRoot,
    deploymentFiles: context.deploymentFiles,
    chosenBy: project.chosenBy,
  });
  const resolver = new ModuleResolver(project.searchRoots, context.isShipped, image);
  // The settings module itself may be a file the image copies in (taiga's docker/config.py as settings.config).
  const entry = image && resolver.resolve(project.settings.name, 0, project.root)?.absPath;
  if (entry && resolver.targetOf(entry))
    project.settings = { ...project.settings, absPath: entry, file: store.repoPath(entry) };
  const settings = await loadSettings({
    store,
    resolver,
    environment: new ProductionEnvironment(context.environment),
    module: project.settings,
    python: context.python,
    deploymentFiles: context.deploymentFiles,
    settingsEvidenceFile: evidenceFileOf(project.chosenBy, context.repoRoot, context.deploymentFiles),
  });
  if (image) project.remarks.push(...imageRemarks(image, resolver.imageEvents(), context.repoRoot));
  if (settings.configurationClass) {
    const { name, from } = settings.configurationClass;
    project.remarks.push(
      `${project.settings.name} defines its settings in django-configurations classes; the scan judges ${name} (${from}). Set DJANGO_CONFIGURATION in --env to judge another class.`,
    );
  }

  const hidden = hiddenFallbacksRemark(settings);
  if (hidden) project.remarks.push(hidden);

  let run: DeployCheckRun | undefined;
  let origins: EnvironmentOrigins | undefined;
  let throwawayValue: string | undefined;
  const timeoutSeconds = config.deployCheckTimeout ?? DEFAULT_DEPLOY_CHECK_TIMEOUT;
  if (context.deployCheck && project.manageFile) {
    const env = childEnvironment(context.processEnvironment, context.environment, project.settings.name);
    // check --deploy needs a strong key to import the settings, not production's: a random one, for the child only.
    const throwaway = throwawayKeyFor(
      settings.get('SECRET_KEY').value,
      context.environment,
      context.processEnvironment,
    );
    if (throwaway) {
      throwawayValue = throwawaySecretKey();
      context.maskSecret?.(throwawayValue);
      env[throwaway.variable] = throwawayValue;
    }
    origins = environmentOrigins(
      settings.environment.reads.variables(),
      context.environment,
      context.processEnvironment,
      throwaway,
    );
    // Settings the scan found above manage.py's folder (wagtail's, from the repository root) import there too.
    const importRoot = importRootOf(project.settings.name, project.settings.absPath, project.searchRoots);
    if (importRoot && importRoot !== project.root)
      env.PYTHONPATH = [importRoot, env.PYTHONPATH].filter(Boolean).join(delimiter);
    run = await runWithInterpreters(context.python ? [context.python] : ['python3', 'python'], {
      cwd: project.root,
      env,
      timeoutSeconds,
      tags: config.deployCheckTags,
      image: image && resolver.imageModules(),
    });
  }
  // The runner's own variables reach only the child: without it, they play no part.
  origins ??= environmentOrigins(settings.environment.reads.variables(), context.environment, {});
  for (const remark of [
    originsRemark(project.settings.name, origins),
    throwawayRemark(project.settings.name, origins, settings),
  ])
    if (remark) project.remarks.push(remark);
  // The interpreter's Django is the one that runs in production's image; project files come next.
  const interpreterVersion = run?.djangoVersion ? /^(\d+)\.(\d+)/.exec(run.djangoVersion) : null;
  const django: DjangoTarget = interpreterVersion
    ? {
        major: Number(interpreterVersion[1]),
        minor: Number(interpreterVersion[2]),
        source: `the interpreter's Django ${run!.djangoVersion}`,
      }
    : detectDjangoVersion(project.root, context.repoRoot, config.djangoVersion);
  const deployment = detectDeploymentFacts(project.root, context.repoRoot, config);

  let findings: ProjectFinding[] = [];
  const recorder = new UnjudgedRecorder();
  const notApplicable = new Map<string, string>();
  context.notApplicableIn.push(notApplicable);
  for (const rule of SETTINGS_RULES.filter((rule) => config.rules.get(rule.id) !== 'off')) {
    rule.check({
      settings: settings.askedBy(recorder.forRule(rule.id)),
      django,
      deployment,
      report: (problem) => findings.push({ rule, problem, source: 'static' }),
      notApplicable: (reason) => notApplicable.set(rule.id, reason),
    });
  }
  // Django's own checks answer, for the settings as loaded, what the rules that mirror them could not.
  let judgedByDjango = false;
  if (context.deployCheck) {
    const mergeContext = {
      settings,
      project,
      repoRoot: context.repoRoot,
      failureLevel: config.deployCheckFailure ?? 'error',
      environment: origins,
    } as const;
    if (!run) {
      findings.push({
        rule: deployCheckFailed,
        source: 'deploy-check',
        problem: {
          span: fileStartSpan(project.settings.file),
          level: mergeContext.failureLevel,
          message: `manage.py check --deploy cannot run: the project in ${store.repoPath(project.root) || '.'} has no manage.py.`,
          fix: 'Scan the folder that holds manage.py, or pass --no-deploy-check (deploy-check: false) to run the static checks only',
        },
      });
    } else {
      const parsed = run.notFound || run.timedOut ? undefined : parseCheckOutput(run.stdout, run.stderr);
      if (parsed?.kind === 'result') findings = mergeDeployCheck(findings, parsed, mergeContext);
      else findings.push(deployCheckFailure(run, parsed, mergeContext, timeoutSeconds));
      judgedByDjango = parsed?.kind === 'result';
      context.deployChecks.push({
        project: store.repoPath(project.root),
        command: run.command,
        djangoVersion: run.djangoVersion,
        durationMs: run.durationMs,
        outcome: parsed?.kind === 'result' ? 'ran' : 'failed',
        transcript: [origins ? describeOrigins(origins) : '', run.stdout, run.stderr]
          .filter((text) => text.trim())
          .join('\n')
          .split(throwawayValue ?? '\u0000')
          .join('***'),
        ...(origins ? { environment: origins } : {}),
      });
    }
  }
  const mirrorsDjango = (id: string) => (SETTINGS_RULES.find((rule) => rule.id === id)?.djangoChecks.length ?? 0) > 0;
  const { notes, addenda, unjudged } = unjudgedSettings(
    recorder.questions.filter(
      (question) => config.rules.get(question.rule) !== 'off' && !(judgedByDjango && mirrorsDjango(question.rule)),
    ),
    settings.diagnostics,
    findings.map(({ rule, problem }) => ({ rule: rule.id, setting: problem.setting })),
    store.problems.map((problem) => problem.span),
  );
  for (const [key, sentence] of addenda) context.unjudgedAt.set(key, sentence);
  for (const problem of notes) findings.push({ rule: settingsIncomplete, source: 'static', problem });
  for (const { rule, problem, source } of findings) collector.add(rule, problem, source);

  return {
    root: store.repoPath(project.root),
    django: `${django.major}.${django.minor}`,
    djangoFrom: django.source,
    settingsModule: project.settings.name,
    settingsFile: project.settings.file,
    chosenBy: project.chosenBy,
    judged: true,
    settingsFiles: settings.files,
    unjudged,
  };
}
