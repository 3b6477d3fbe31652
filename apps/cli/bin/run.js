#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { answerEarly } from './early.js';

const argv = process.argv.slice(2);
const cliRoot = new URL('../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', cliRoot), 'utf8'));
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  // Answered from package.json, loading neither oclif nor the kernel. Same output as oclif's.
  process.stdout.write(`${pkg.name}/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`);
} else if (await answerEarly(argv, pkg, cliRoot)) {
  // Answered: ending now skips tearing down the heap the answer built (~15 ms after a metrics
  // report of 10^5 responses); not while stdout still holds bytes (pipes are asynchronous on macOS).
  if (process.stdout.writableLength === 0) process.exit();
} else {
  // oclif, semver and tsyringe from one bundled file instead of ~200 small ones (bin/vendored.js).
  (await import('./vendored.js')).useVendored(cliRoot);
  const { main } = await import('../dist/main.js');
  await main(argv);
}
