#!/usr/bin/env node
// Fast path: `loom --version` answers from package.json, loading neither oclif nor the
// kernel, its plugins, the Anthropic SDK or simple-git. Same output as oclif's.
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  const { name, version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${name}/${version} ${process.platform}-${process.arch} node-${process.version}\n`);
} else if (argv.length === 3 && argv[0] === 'chain' && argv[1] === 'validate' && !argv[2].startsWith('-') && (await import('@loomkit/plugin-chain/fast-validate')).validateFast(argv[2], new URL('..', import.meta.url))) {
  // Fast path: a workflow file the chain plugin can declare valid alone (see validateFast).
} else {
  const { main } = await import('../dist/main.js');
  await main(argv);
}
