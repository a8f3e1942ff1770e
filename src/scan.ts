import { resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { loadConfig, locateConfig, type FailOn, type GateConfig } from './config/config-file.js';
import { IgnoreRules } from './discover/ignore-rules.js';
import { discoverProjects, type DjangoProject } from './discover/projects.js';
import { walkPythonFiles } from './discover/python-files.js';
import { detectDjangoVersion } from './discover/django-version.js';
import { findRepositoryRoot } from './discover/repository-root.js';
import { compareFindings, fingerprintOf, type Finding, type SourceSpan } from './finding.js';
import { applyBaseline, readBaseline, writeBaseline } from './gate/baseline.js';
import { summarise, type Summary } from './gate/verdict.js';
import { SourceStore, type InputProblem } from './parse/source-store.js';
import { fileSkipped, pythonSyntaxError, settingsIncomplete } from './rules/engine-rules.js';
import { CODE_RULES, SETTINGS_RULES } from './rules/registry.js';
import type { CodeRule, ReportedProblem, Rule } from './rules/rule.js';
import { ModuleResolver } from './settings/module-resolver.js';
import { ProductionEnvironment } from './settings/production-environment.js';
import { loadSettings } from './settings/settings-model.js';
import { UsageError } from './usage-error.js';

export interface ScanOptions {
  /** The folder to scan (default `.`). */
  path: string;
  settingsModule?: string;
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
}

export interface ScannedProject {
  /** Repository-relative folder of manage.py ("" for the root). */
  root: string;
  /** The Django release the rules judged against, and where that came from. */
  django: string;
  settingsModule: string;
  settingsFile: string;
  chosenBy: string;
  /** Modules the settings pulled in, repository-relative. */
  settingsFiles: readonly string[];
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
  /** Every rule that ran; rules without findings passed. */
  rulesRun: Rule[];
  stats: { pythonFiles: number; filesRead: number; filesParsed: number };
  config: GateConfig;
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

  add(rule: Rule, problem: ReportedProblem): void {
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
      source: 'static',
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

/** The whole static scan, independent of GitHub and of the terminal: discover, parse, model, rules, gate. */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const path = resolve(options.path);
  if (!existsSync(path) || !statSync(path).isDirectory()) throw new UsageError(`${options.path} is not a folder`);
  const repoRoot = options.repoRoot ? resolve(options.repoRoot) : findRepositoryRoot(path);
  const config = loadConfig(locateConfig(options.configFile, path, repoRoot), repoRoot);
  const failOn = options.failOn ?? config.failOn ?? 'warning';
  const environment = new Map([...config.env, ...options.environment]);
  const remarks: string[] = [];

  const ignoreRules = new IgnoreRules(repoRoot, config.exclude);
  const store = new SourceStore(repoRoot, config.maxFileBytes);
  const walk = walkPythonFiles(path, ignoreRules);
  const discovered = discoverProjects({
    path,
    repoRoot,
    manageFiles: walk.manageFiles,
    pythonFiles: walk.pythonFiles,
    settingsOption: options.settingsModule ?? config.settings,
    givenEnvironment: environment,
    processEnvironment: options.processEnvironment,
    isShipped: (absPath) => !ignoreRules.isIgnored(absPath),
  });
  remarks.push(...discovered.skipped.map((reason) => `Skipped a project: ${reason}.`));

  const collector = new FindingCollector(store, config);
  const projects: ScannedProject[] = [];
  for (const project of discovered.projects) {
    projects.push(
      await scanProject(project, {
        store,
        environment,
        collector,
        isShipped: (absPath) => !ignoreRules.isIgnored(absPath),
        repoRoot,
        config,
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

  for (const problem of store.problems) {
    collector.add(inputProblemRule(problem), { span: problem.span, message: problem.message, fix: problem.fix });
  }

  if (options.deployCheck) {
    remarks.push(
      'manage.py check --deploy is not run by this version yet; the findings come from the static checks (pass --no-deploy-check to silence this remark).',
    );
  }

  const all = collector.findings.sort(compareFindings);
  // A baseline named in the config file is relative to that file, as ESLint and Ruff resolve paths.
  const baselineFile =
    options.baselineFile ??
    (config.baseline && config.folder ? resolve(config.folder, config.baseline) : config.baseline);
  if (options.updateBaseline && !baselineFile) {
    throw new UsageError('--update-baseline needs a baseline file (--baseline FILE, or baseline: in the config file)');
  }
  let findings = all;
  let baselined = 0;
  if (baselineFile && options.updateBaseline) {
    writeBaseline(baselineFile, all);
    remarks.push(`Wrote ${all.length} finding(s) to the baseline ${baselineFile}.`);
    baselined = all.length;
    findings = [];
  } else if (baselineFile) {
    const accepted = readBaseline(baselineFile);
    ({ fresh: findings, baselined } = applyBaseline(all, accepted));
  }

  return {
    repoRoot,
    findings,
    summary: summarise(findings, failOn),
    failOn,
    projects,
    remarks,
    baselined,
    rulesRun: [...SETTINGS_RULES, ...codeRules].filter((rule) => config.rules.get(rule.id) !== 'off'),
    stats: { pythonFiles: walk.pythonFiles.length, filesRead: store.readCount, filesParsed: store.parseCount },
    config,
  };
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
  },
): Promise<ScannedProject> {
  const { store, collector } = context;
  const resolver = new ModuleResolver([project.root], context.isShipped);
  const settings = await loadSettings({
    store,
    resolver,
    environment: new ProductionEnvironment(context.environment),
    module: project.settings,
  });
  const django = detectDjangoVersion([project.root, context.repoRoot], context.config.djangoVersion, context.repoRoot);
  const deployment = { tlsTerminatedByProxy: context.config.tlsTerminatedByProxy };
  for (const rule of SETTINGS_RULES) {
    rule.check({ settings, django, deployment, report: (problem) => collector.add(rule, problem) });
  }
  for (const diagnostic of settings.diagnostics) {
    collector.add(settingsIncomplete, { span: diagnostic.span, message: diagnostic.message, fix: diagnostic.fix });
  }
  return {
    root: store.repoPath(project.root),
    django: `${django.major}.${django.minor} (${django.source})`,
    settingsModule: project.settings.name,
    settingsFile: project.settings.file,
    chosenBy: project.chosenBy,
    settingsFiles: settings.files,
  };
}
