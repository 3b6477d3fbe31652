// Prints line coverage per package (from vitest's v8 json-summary) and the closing
// `tests: N passed, N failed, N skipped` line (from vitest's JSON reporter). Fails when either
// report is missing, so a run that never reached the tests cannot look green.
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const coverageFile = resolve(root, 'reports/coverage/coverage-summary.json');
const testsFile = resolve(root, 'reports/vitest.json');

if (existsSync(coverageFile)) {
  const summary = JSON.parse(readFileSync(coverageFile, 'utf8'));
  const packages = new Map();
  for (const [file, data] of Object.entries(summary)) {
    if (file === 'total') continue;
    const name = relative(root, file).split('/').slice(0, 2).join('/');
    const entry = packages.get(name) ?? { covered: 0, total: 0 };
    entry.covered += data.lines.covered;
    entry.total += data.lines.total;
    packages.set(name, entry);
  }
  console.log('line coverage per package:');
  for (const [name, { covered, total }] of [...packages].sort()) {
    console.log(`  ${name.padEnd(28)} ${((100 * covered) / Math.max(total, 1)).toFixed(1).padStart(5)}%  (${covered}/${total} lines)`);
  }
} else {
  console.log('line coverage per package: no coverage report (tests did not run)');
}

if (!existsSync(testsFile)) {
  console.log('tests: 0 passed, 0 failed, 0 skipped');
  process.exitCode = 1;
} else {
  const report = JSON.parse(readFileSync(testsFile, 'utf8'));
  // A skipped test must say why in its own title (e.g. "needs util-linux script"), so the
  // list below tells a reader which tool or privilege this machine lacked.
  const skipped = report.testResults.flatMap((file) =>
    file.assertionResults.filter((test) => test.status !== 'passed' && test.status !== 'failed').map((test) => `${relative(root, file.name)}: ${test.fullName}`),
  );
  if (skipped.length > 0) {
    console.log(`skipped tests (${skipped.length}):`);
    for (const name of skipped) console.log(`  ${name}`);
  }
  console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped.length} skipped`);
}
