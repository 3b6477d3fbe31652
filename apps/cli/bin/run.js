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
} else if (!(argv[0] === 'auto' && (await autoDryRun(argv.slice(1)))) && !(await earlyAnswer(argv))) {
  // `loom mcp serve`: the MCP server answers from its cached tool table while oclif and the kernel load (plugin-mcp's early entry).
  if (argv[0] === 'mcp' && argv[1] === 'serve') await import('@loomkit/plugin-mcp/early').then((early) => early.serveEarly(argv, new URL('../', import.meta.url))).catch(() => false);
  // oclif, semver and tsyringe from one bundled file instead of ~200 small ones (bin/vendored.js).
  (await import('./vendored.js')).useVendored(new URL('../', import.meta.url));
  const { main } = await import('../dist/main.js');
  await main(argv);
}

// Fast path: `loom auto "…" --dry-run` answered from the router's cached model, without
// oclif; when the cache is missing or stale it declines and oclif's path refits it.
async function autoDryRun(args) {
  if (!args.includes('--dry-run')) return false;
  try {
    const { fastDryRun } = await import('@loomkit/plugin-auto-router/fast');
    const out = fastDryRun(args, { cwd: process.cwd(), env: process.env, bin: 'loom' });
    if (out === undefined) return false;
    process.stdout.write(`${out}\n`);
    return true;
  } catch {
    return false;
  }
}

// Temporary until the CLI's dispatcher lands: a plugin module named in package.json's
// `earlyAnswers` under the command's first word may answer before oclif loads, or decline.
async function earlyAnswer(args) {
  const cliRoot = new URL('../', import.meta.url);
  try {
    const { earlyAnswers = {} } = JSON.parse(readFileSync(new URL('package.json', cliRoot), 'utf8'));
    const specifier = earlyAnswers[args[0]];
    if (specifier === undefined) return false;
    return (await (await import(specifier)).answer(args, { cliRoot, cwd: process.cwd(), env: process.env })) === true;
  } catch {
    return false;
  }
}
