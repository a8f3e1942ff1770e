#!/usr/bin/env node
/**
 * Compares the raw-sql-injection rule with its peers, Bandit (B608, B610, B611) and Ruff (S608, S610, S611):
 * precision and recall on the rule's labelled corpus (__tests__/fixtures/raw-sql), and whole-process scan
 * times on the synthetic benchmark project (scripts/bench.js) and, if given, on a real Django codebase.
 *
 *   npm run compare-peers -- [--real DIR] [--synthetic DIR] [--runs N] [--no-timing] [--details] [--json]
 *
 * Bandit and Ruff come from Debian's archive (python3-bandit, ruff; unstable carries current releases) and are
 * unpacked under .cache/peers with `dpkg -x`, through a private apt state under .cache/peers/apt, as
 * scripts/provision-django.sh does for Django: the system's apt configuration is only read (for its mirror),
 * never changed. Debian's ruff needs a newer glibc than older systems have; then the glibc of the same suite
 * is unpacked beside it and ruff runs through that glibc's loader. The tests never depend on any of this.
 *
 * Our side runs as the CLI, bundled from src/ into .cache/peers/dsg (so the figures are the current source's,
 * whatever dist/ holds). Timings are medians of --runs runs (default 5) after one warm-up, whole process,
 * each tool restricted to its SQL rules, every tool skipping the same folders (virtualenvs, node_modules, .git).
 */
import { readFileSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readCorpus, score } from './raw-sql-corpus.mjs';
import { REPO, log } from './compare-peers/configuration.mjs';
import { corpusScores } from './compare-peers/corpus-scores.mjs';
import { buildCli } from './compare-peers/our-cli.mjs';
import { provisionPeers } from './compare-peers/provision-peers.mjs';
import { TOOLS, printDetails, printScores, printTimings } from './compare-peers/report.mjs';
import { syntheticProject, timeTools } from './compare-peers/timing.mjs';

async function main() {
  const { values } = parseArgs({
    options: {
      real: { type: 'string' },
      synthetic: { type: 'string' },
      runs: { type: 'string', default: '5' },
      'no-timing': { type: 'boolean', default: false },
      details: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(
      // The header comment of this file is the help.
      readFileSync(fileURLToPath(import.meta.url), 'utf8')
        .split(' */')[0]
        .split('\n')
        .slice(2)
        .map((line) => line.replace(/^ \* ?/, ''))
        .join('\n'),
    );
    return;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs must be a positive whole number, not "${values.runs}"`);

  const peers = provisionPeers();
  const cli = await buildCli();
  const cases = readCorpus(join(REPO, '__tests__', 'fixtures', 'raw-sql'));
  const verdicts = await corpusScores(cases, cli, peers);
  const results = {
    peers: { bandit: peers.bandit.version, ruff: peers.ruff.version },
    corpus: Object.fromEntries(Object.keys(TOOLS).map((tool) => [tool, score(cases, verdicts[tool])])),
    timings: {},
  };

  if (!values['no-timing']) {
    const synthetic = values.synthetic ? resolve(values.synthetic) : syntheticProject();
    results.timings.synthetic = await timeTools(synthetic, cli, peers, runs);
    if (!values.synthetic) rmSync(synthetic, { recursive: true, force: true });
    if (values.real)
      results.timings[basename(resolve(values.real))] = await timeTools(resolve(values.real), cli, peers, runs);
    else log('no --real DIR given: the real-codebase timing is skipped');
  }

  if (values.json) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  printScores(cases, verdicts, peers);
  if (values.details) printDetails(cases, verdicts);
  if (!values['no-timing']) printTimings(results.timings, runs);
}

main().catch((error) => {
  console.error(`compare-peers: ${error.message}`);
  process.exitCode = 1;
});
