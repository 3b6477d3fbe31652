import { parseArgs } from 'node:util';

/**
 * `query mega [path] [--dry-run] [--json]`, each flag once, as oclif would parse it; undefined
 * for anything else (a question, another flag, `--`), which the command answers.
 */
export function parseMegaArgv(argv: readonly string[]): { target?: string; json: boolean; dryRun: boolean } | undefined {
  if (argv[0] !== 'query' || argv[1] !== 'mega') return undefined;
  let parsed;
  try {
    parsed = parseArgs({ args: argv.slice(2), options: { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } }, strict: true, allowPositionals: true, tokens: true });
  } catch {
    return undefined;
  }
  const names = parsed.tokens.flatMap((token) => (token.kind === 'option' ? [token.name] : token.kind === 'option-terminator' ? ['--'] : []));
  if (new Set(names).size !== names.length || names.includes('--') || parsed.positionals.length > 1) return undefined;
  const flags = { json: names.includes('json'), dryRun: names.includes('dry-run') };
  return parsed.positionals.length === 1 ? { target: parsed.positionals[0], ...flags } : flags;
}
