#!/usr/bin/env node
/**
 * Wall-clock benchmark of the whole CLI on a large synthetic Django project.
 *
 *   node scripts/bench.js [--files N] [--runs K] [--keep] [--project DIR] [--json]
 *
 * The project is generated from a fixed seed, so every run of the benchmark scans the same bytes.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateProject } from './bench/generate-project.js';
import { CLI, countPythonFiles, repeat, round, runScanner, summarise, timeProcess } from './bench/measure.js';
import { printText } from './bench/report.js';

const USAGE = `Usage: node scripts/bench.js [options]

Generates a synthetic Django project and times the whole CLI process on it.

Options:
  --files N        approximate number of .py files to generate, including those in
                   skipped folders (default 3000)
  --runs K         timed runs after one warm-up run (default 5)
  --keep           keep the generated project and print its path
  --project DIR    benchmark an existing folder instead of generating one
  --json           print the results as JSON
  -h, --help       print this help`;

function readOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      files: { type: 'string', default: '3000' },
      runs: { type: 'string', default: '5' },
      keep: { type: 'boolean', default: false },
      project: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const positive = (name) => {
    const number = Number(values[name]);
    if (!Number.isInteger(number) || number < 1)
      throw new Error(`--${name} must be a positive whole number, not "${values[name]}"`);
    return number;
  };
  return { ...values, files: positive('files'), runs: positive('runs') };
}

async function main() {
  const options = readOptions(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return;
  }
  if (!existsSync(CLI)) throw new Error(`${CLI} does not exist; run npm run build first`);

  const generated = !options.project;
  const projectDir = generated ? mkdtempSync(join(tmpdir(), 'dsg-bench-')) : resolve(options.project);
  const removeProject = () => rmSync(projectDir, { recursive: true, force: true });
  if (generated && !options.keep) process.once('SIGINT', () => (removeProject(), process.exit(130)));
  try {
    if (generated) {
      console.error(`Generating about ${options.files} .py files in ${projectDir} ...`);
      generateProject(projectDir, options.files);
    } else if (!existsSync(projectDir) || !statSync(projectDir).isDirectory()) {
      throw new Error(`${options.project} is not a folder`);
    }
    const counts = countPythonFiles(projectDir);

    console.error(`Timing the scanner (${options.runs} runs + warm-up) ...`);
    const scans = await repeat(options.runs, () => runScanner(projectDir));
    const bare = await repeat(options.runs, () => timeProcess(['-e', '']));

    const scanner = summarise(scans.map((scan) => scan.milliseconds));
    const scannedMB = counts.scannedBytes / 1e6;
    const results = {
      runs: options.runs,
      project: { path: projectDir, generated, kept: generated && options.keep },
      files: {
        total: counts.scannedFiles + counts.skippedFiles,
        skipped: counts.skippedFiles,
        scanned: counts.scannedFiles,
        scannedMB,
      },
      scanner: {
        ...scanner,
        samples: scans.map((scan) => scan.milliseconds),
        filesPerSecond: counts.scannedFiles / (scanner.median / 1000),
        mbPerSecond: scannedMB / (scanner.median / 1000),
        findings: scans[scans.length - 1].findings,
      },
      node: summarise(bare.map((run) => run.milliseconds)),
    };
    if (options.json) {
      console.log(JSON.stringify(results, (_key, value) => (typeof value === 'number' ? round(value) : value), 2));
    } else {
      printText(results);
    }
  } finally {
    if (generated && !options.keep) removeProject();
    else if (generated) console.error(`Kept the project in ${projectDir}`);
  }
}

main().catch((error) => {
  console.error(`bench: ${error.message}`);
  process.exitCode = 1;
});
