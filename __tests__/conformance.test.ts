// Conformance of the static settings rules with real Django: for every provisioned series (3.2, 4.2, 5.2,
// 6.1), each configuration of a generated matrix (__tests__/support/settings-matrix.ts) is run through
// Django's own deploy checks (__tests__/support/deploy-check-driver.py, one Python process per series) and
// through the rules of SETTINGS_RULES; the Django check IDs the rules are responsible for (the union of
// `djangoChecks` over ALL_RULES, so rules join the comparison as they land) must be the same on both sides.
//
// Not compared, and said so in the output:
//   * configurations Django refuses to load (`ALLOWED_HOSTS = None` on 4.0+): the static side has no model of
//     Django's loader, so the test checks instead that Django reports exactly the expected load error, and
//     that no other configuration fails to load;
//   * configurations needing a Python module the series was provisioned without (django-environ, decouple).
// Deliberate deviations of the rules are NAMED_EXCEPTIONS below, each with its reason and its exact diff.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DjangoTarget } from '../src/discover/django-version.js';
import { ALL_RULES, SETTINGS_RULES } from '../src/rules/registry.js';
import type { SettingsModel } from '../src/settings/settings-model.js';
import {
  PROVISION_HINT,
  VERSIONS_FILE,
  requireDjangoInstall,
  runPython,
  type DjangoInstall,
} from './support/django-versions.js';
import { settingsOf } from './support/settings-harness.js';
import {
  ENV_PREFIX,
  expectedLoadError,
  settingsMatrix,
  STRONG_KEY,
  type SettingsConfiguration,
} from './support/settings-matrix.js';

const SERIES = ['3.2', '4.2', '5.2', '6.1'] as const;
const DRIVER = join(process.cwd(), '__tests__', 'support', 'deploy-check-driver.py');

/** A deliberate, documented difference between a rule and Django, with the exact diff it allows. */
interface NamedException {
  name: string;
  reason: string;
  series: readonly string[];
  applies(config: SettingsConfiguration): boolean;
  /** IDs Django reports that the rules do not predict, and the reverse. */
  djangoOnly: readonly string[];
  predictedOnly: readonly string[];
}

// None at present. An entry looks like:
//   { name: 'debug-enabled: uncast DEBUG read', reason: 'why the rule deliberately differs (and where that is
//     documented)', series: SERIES, applies: (config) => /^DEBUG = os\.getenv\(/m.test(config.source),
//     djangoOnly: [], predictedOnly: ['security.W018'] }
const NAMED_EXCEPTIONS: readonly NamedException[] = [];

interface DriverResult {
  id: string;
  ids: string[];
  error: string | null;
}

type Prediction = { ids: string[]; undeclared: string[] } | { error: string };

interface Mismatch {
  config: SettingsConfiguration;
  django: string;
  predicted: string;
  note: string;
}

const configurations = settingsMatrix();
const responsible = new Set(ALL_RULES.flatMap((rule) => rule.djangoChecks));
const responsibleList = [...responsible].sort();
let folder = '';
const models = new Map<string, SettingsModel | Error>();
const driverRuns = new Map<string, { results: Map<string, DriverResult>; seconds: number }>();

/** The environment of every Python run: nothing the settings read, no settings module, no async override. */
function pythonEnvironment(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    DJANGO_SETTINGS_MODULE: undefined,
    DJANGO_ALLOW_ASYNC_UNSAFE: undefined,
    DJANGO_COLORS: 'nocolor',
  };
  for (const key of Object.keys(process.env)) if (key.startsWith(ENV_PREFIX)) env[key] = undefined;
  return env;
}

function runDriver(install: DjangoInstall): { results: Map<string, DriverResult>; seconds: number } {
  const cached = driverRuns.get(install.series);
  if (cached) return cached;
  const started = performance.now();
  const run = runPython(install, [DRIVER, '--path', folder], {
    cwd: folder,
    env: pythonEnvironment(),
    input: JSON.stringify(configurations.map(({ id, module }) => ({ id, module }))),
    timeout: 120_000,
  });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) {
    throw new Error(
      `deploy-check-driver.py failed on Django ${install.version} (status ${run.status}, signal ${run.signal}):\n` +
        run.stderr.slice(-3000),
    );
  }
  const results = new Map<string, DriverResult>();
  for (const line of run.stdout.split('\n')) {
    if (!line.trim()) continue;
    const result = JSON.parse(line) as DriverResult;
    results.set(result.id, result);
  }
  const missing = configurations.filter((config) => !results.has(config.id));
  if (missing.length > 0) throw new Error(`the driver gave no answer for ${missing.map((c) => c.id).join(', ')}`);
  const entry = { results, seconds };
  driverRuns.set(install.series, entry);
  return entry;
}

function targetOf(series: string): DjangoTarget {
  const [major, minor] = series.split('.').map(Number) as [number, number];
  return { major, minor, source: 'test' };
}

function predict(config: SettingsConfiguration, target: DjangoTarget): Prediction {
  const settings = models.get(config.id);
  if (!settings) return { error: 'no settings model' };
  if (settings instanceof Error) return { error: `settings model failed: ${settings.message}` };
  const reported = new Set<string>();
  for (const rule of SETTINGS_RULES) {
    try {
      rule.check({
        settings,
        django: target,
        deployment: {},
        report: (problem) => {
          if (problem.djangoCheck) reported.add(problem.djangoCheck);
        },
      });
    } catch (error) {
      return { error: `rule ${rule.id} threw: ${(error as Error).message}` };
    }
  }
  const ids = [...reported].sort();
  return { ids: ids.filter((id) => responsible.has(id)), undeclared: ids.filter((id) => !responsible.has(id)) };
}

const short = (ids: readonly string[]) => (ids.length ? ids.map((id) => id.replace(/^security\./, '')).join(' ') : '-');
const difference = (a: readonly string[], b: readonly string[]) => a.filter((id) => !b.includes(id));
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

function table(rows: Mismatch[]): string {
  const cells = rows.map((row) => [row.config.id, row.config.summary, row.django, row.predicted, row.note]);
  const headings = ['config', 'settings (vs. the clean baseline)', 'Django', 'predicted', 'note'];
  const clip = (text: string, width: number) => (text.length > width ? text.slice(0, width - 1) + '…' : text);
  // The IDs are never clipped; the id, summary and note columns are.
  const widths = [44, 64, 0, 0, 48].map((max, column) => {
    const natural = Math.max(headings[column]!.length, ...cells.map((row) => row[column]!.length));
    return max === 0 ? natural : Math.min(max, natural);
  });
  const line = (row: string[]) =>
    row.map((cell, column) => clip(cell, widths[column]!).padEnd(widths[column]!)).join(' | ');
  return [line(headings), widths.map((width) => '-'.repeat(width)).join('-+-'), ...cells.map(line)].join('\n');
}

/**
 * settingsOf writes each configuration into its own `dsg-*` folder under the system temp folder and leaves it
 * there; remove the ones this run made (made since `since`, holding nothing but one of our `cfg_NNNN` modules).
 */
function removeHarnessFolders(since: number): void {
  const root = tmpdir();
  for (const name of readdirSync(root)) {
    if (!name.startsWith('dsg-')) continue;
    const path = join(root, name);
    try {
      if (statSync(path).mtimeMs < since - 1000) continue;
      const entries = readdirSync(path);
      if (entries.length === 1 && /^cfg_\d{4}(?:\.py)?$/.test(entries[0]!))
        rmSync(path, { recursive: true, force: true });
    } catch {
      // gone already, or not ours to read
    }
  }
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'dsg-conformance-'));
  for (const config of configurations) {
    for (const [path, text] of Object.entries(config.files)) {
      const target = join(folder, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
  }
  writeFileSync(
    join(folder, 'manage.py'),
    'import sys\n\nif __name__ == "__main__":\n    from django.core.management import execute_from_command_line\n\n    execute_from_command_line(sys.argv)\n',
  );
  const started = Date.now();
  for (const config of configurations) {
    try {
      models.set(config.id, await settingsOf(config.files, config.module, {}));
    } catch (error) {
      models.set(config.id, error instanceof Error ? error : new Error(String(error)));
    }
  }
  removeHarnessFolders(started);
}, 60_000);

afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('conformance of the static rules with `manage.py check --deploy`', () => {
  test('real Django is provisioned', () => {
    if (!existsSync(VERSIONS_FILE)) {
      throw new Error(`${VERSIONS_FILE} is missing: run scripts/provision-django.sh (${PROVISION_HINT})`);
    }
  });

  test('the matrix is deterministic, large and unique', () => {
    expect(configurations.length).toBeGreaterThanOrEqual(300);
    expect(new Set(configurations.map((config) => config.id)).size).toBe(configurations.length);
    expect(new Set(configurations.map((config) => config.module)).size).toBe(configurations.length);
    const key = [...STRONG_KEY];
    expect(key.length).toBeGreaterThanOrEqual(50);
    expect(new Set(key).size).toBeGreaterThanOrEqual(5);
  });

  describe.each(SERIES)('Django %s', (series) => {
    test('the driver answers as manage.py check --deploy does', () => {
      const install = requireDjangoInstall(series);
      const { results } = runDriver(install);
      // The configuration on which Django reports the most IDs (first in matrix order on ties).
      let richest = configurations[0]!;
      for (const config of configurations) {
        if (results.get(config.id)!.ids.length > results.get(richest.id)!.ids.length) richest = config;
      }
      const run = runPython(install, ['manage.py', 'check', '--deploy', '--settings', richest.module], {
        cwd: folder,
        env: pythonEnvironment(),
      });
      const output = run.stdout + run.stderr;
      expect(output).toContain('System check identified');
      const ids = [...new Set([...output.matchAll(/^\S.*?: \(([\w.]+)\) /gm)].map((match) => match[1]!))]
        .filter((id) => id.startsWith('security.') || id.startsWith('async.'))
        .sort();
      expect({ config: richest.id, ids }).toEqual({ config: richest.id, ids: results.get(richest.id)!.ids });
      expect(results.get(richest.id)!.error).toBeNull();
    });

    test('the rules predict the Django check IDs they are responsible for', () => {
      const install = requireDjangoInstall(series);
      const { results, seconds } = runDriver(install);
      const target = targetOf(series);
      const modules = new Set(install.modules ?? []);
      const exceptions = NAMED_EXCEPTIONS.filter((exception) => exception.series.includes(series));
      const used = new Map<string, number>(exceptions.map((exception) => [exception.name, 0]));
      const mismatches: Mismatch[] = [];
      const fired = new Map<string, number>(responsibleList.map((id) => [id, 0]));
      let identical = 0;
      let excepted = 0;
      let loadErrors = 0;
      const skipped: string[] = [];

      for (const config of configurations) {
        const missing = config.requires.filter((module) => !modules.has(module));
        if (missing.length > 0) {
          skipped.push(`${config.id} (needs ${missing.join(', ')})`);
          continue;
        }
        const result = results.get(config.id)!;
        const expectedError = expectedLoadError(config, target.major, target.minor);
        if (result.error !== null || expectedError !== undefined) {
          if (result.error === expectedError) {
            loadErrors++;
          } else {
            mismatches.push({
              config,
              django: result.error ?? short(result.ids.filter((id) => responsible.has(id))),
              predicted: expectedError ? `load error: ${expectedError}` : '(loads)',
              note: 'Django load/crash differs from the matrix expectation',
            });
          }
          continue;
        }
        const django = result.ids.filter((id) => responsible.has(id));
        for (const id of django) fired.set(id, fired.get(id)! + 1);
        const prediction = predict(config, target);
        if ('error' in prediction) {
          mismatches.push({ config, django: short(django), predicted: '(error)', note: prediction.error });
          continue;
        }
        const { ids: predicted, undeclared } = prediction;
        if (undeclared.length > 0) {
          mismatches.push({
            config,
            django: short(django),
            predicted: short(predicted),
            note: `rules reported IDs no rule declares in djangoChecks: ${undeclared.join(', ')}`,
          });
          continue;
        }
        if (sameSet(django, predicted)) {
          identical++;
          continue;
        }
        const djangoOnly = difference(django, predicted);
        const predictedOnly = difference(predicted, django);
        const exception = exceptions.find(
          (candidate) =>
            candidate.applies(config) &&
            sameSet(candidate.djangoOnly, djangoOnly) &&
            sameSet(candidate.predictedOnly, predictedOnly),
        );
        if (exception) {
          excepted++;
          used.set(exception.name, used.get(exception.name)! + 1);
          continue;
        }
        const notes = [];
        if (djangoOnly.length) notes.push(`missed ${short(djangoOnly)}`);
        if (predictedOnly.length) notes.push(`extra ${short(predictedOnly)}`);
        mismatches.push({ config, django: short(django), predicted: short(predicted), note: notes.join('; ') });
      }

      const compared = identical + excepted + mismatches.length;
      const agreement = compared === 0 ? 0 : ((identical + excepted) / compared) * 100;
      const stale = [...used].filter(([, count]) => count === 0).map(([name]) => name);
      const lines = [
        `Django ${install.version} (Python ${install.pythonVersion}): agreement ${agreement.toFixed(1)}% ` +
          `(${identical + excepted}/${compared} configurations; ${identical} identical, ${excepted} named exceptions` +
          [...used].map(([name, count]) => ` [${name}: ${count}]`).join('') +
          `) on ${short(responsibleList)}`,
        `  ${configurations.length} configurations: ${loadErrors} excluded as load errors (each the expected ` +
          `"must be a list or a tuple" error), ${skipped.length} skipped for missing modules` +
          (skipped.length ? ` (${skipped.join(', ')})` : '') +
          `; driver ${seconds.toFixed(1)} s`,
      ];
      lines.push(
        `  configurations where Django reports each ID: ${[...fired].map(([id, count]) => `${short([id])}×${count}`).join(' ')}`,
      );
      if (stale.length > 0) lines.push(`  named exceptions that no configuration needs any more: ${stale.join(', ')}`);
      if (mismatches.length > 0) {
        lines.push(`  ${mismatches.length} mismatches; the first ${Math.min(20, mismatches.length)}:`);
        lines.push(table(mismatches.slice(0, 20)));
        const first = mismatches[0]!.config;
        lines.push(`  source of ${first.id} (${first.module}):`, first.source.replace(/^/gm, '    '));
      }
      console.log(lines.join('\n'));
      if (mismatches.length > 0 || stale.length > 0) throw new Error(lines.join('\n'));
    });
  });
});
