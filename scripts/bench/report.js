/** The human-readable report of a benchmark run (--json prints the raw results instead). */

export function printText(results) {
  const { project, files, scanner, node } = results;
  const fmt = (ms) => `${Math.round(ms)} ms`;
  let origin = 'existing folder';
  if (project.generated) origin = project.kept ? 'generated, kept' : 'generated, removed afterwards';
  console.log(`django-security-gate benchmark (${results.runs} run${results.runs === 1 ? '' : 's'} after 1 warm-up)`);
  console.log(`  project     ${project.path} (${origin})`);
  console.log(
    `  .py files   ${files.total} ${project.generated ? 'generated' : 'found'}, ${files.skipped} in skipped folders; ${files.scanned} scanned, ${files.scannedMB.toFixed(2)} MB`,
  );
  console.log(`  wall time   median ${fmt(scanner.median)}, min ${fmt(scanner.min)}, max ${fmt(scanner.max)}`);
  console.log(
    `  throughput  ${Math.round(scanner.filesPerSecond)} files/s, ${scanner.mbPerSecond.toFixed(1)} MB/s (from the median)`,
  );
  console.log(`  findings    ${scanner.findings}`);
  console.log(
    `  baseline    node -e "" median ${fmt(node.median)} (bare Node start-up, paid by every run; the scan's median is ${fmt(scanner.median - node.median)} above it)`,
  );
}
