// Early answers: a bundled plugin may answer a command before oclif and the kernel load,
// or decline so the ordinary path runs. The CLI's package.json lists them under
// `earlyAnswers` ("command words": module); each module exports
// `answer(argv, { cliRoot, cwd, env, dirs, version })`, true when it wrote the whole answer. A module
// may also start work and decline (the MCP server answers from its cache while oclif loads).
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The module listed for the longest run of leading command words in `argv`, if any. */
export function earlyModuleFor(argv, table) {
  let best;
  for (const [words, module] of Object.entries(table ?? {})) {
    const split = words.split(' ');
    if (split.every((word, n) => argv[n] === word) && (best === undefined || split.length > best.length)) best = { length: split.length, module };
  }
  return best?.module;
}

/**
 * oclif's config, data and cache folders of the CLI whose package.json is `pkg` (`Config.dir`:
 * `<BIN>_<KIND>_DIR`, else XDG's or the home's `<dirname>`; the cache under ~/Library/Caches on
 * macOS), without loading oclif.
 */
export function cliDirs(pkg, env) {
  const bin = pkg.oclif?.bin ?? pkg.name;
  const name = pkg.oclif?.dirname ?? bin;
  const home = env.HOME || homedir();
  const scoped = (kind) => env[`${bin.toUpperCase().replace(/-/g, '_')}_${kind}_DIR`];
  const xdg = (kind) => join(env[`XDG_${kind.toUpperCase()}_HOME`] || join(home, kind === 'data' ? '.local/share' : `.${kind}`), name);
  return {
    config: scoped('CONFIG') || xdg('config'),
    data: scoped('DATA') || xdg('data'),
    cache: scoped('CACHE') || (process.platform === 'darwin' ? join(home, 'Library', 'Caches', name) : xdg('cache')),
  };
}

/** True when an early module listed in `pkg.earlyAnswers` answered `argv` completely; any failure to load or answer declines. */
export async function answerEarly(argv, pkg, cliRoot) {
  const module = earlyModuleFor(argv, pkg.earlyAnswers);
  if (module === undefined) return false;
  try {
    const ctx = { cliRoot, cwd: process.cwd(), env: process.env, dirs: cliDirs(pkg, process.env), version: pkg.version };
    return (await (await import(module)).answer(argv, ctx)) === true;
  } catch {
    return false;
  }
}
