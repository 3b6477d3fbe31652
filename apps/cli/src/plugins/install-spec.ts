import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { LoomError } from '@loomkit/kernel';
import { isFolder } from './installed.js';

/**
 * Written as a path on disk: oclif's install would take `../x` or `./x` for a GitHub slug and
 * let npm fail on the network, with a page of npm's output and no word about `plugins link`.
 */
const PATH_SPEC = /^(?:\.{1,2}|~)(?:[/\\]|$)|^[/\\]/;

/** What the install is asked for, or one clear line when it is a path: install takes a package from the registry. */
export function checkInstallSpec(spec: string, cwd = process.cwd()): string {
  if (!PATH_SPEC.test(spec)) return spec;
  // PATH_SPEC lets `~` through only alone or before a separator.
  const path = spec.startsWith('~') ? join(homedir(), spec.slice(1)) : resolve(cwd, spec);
  if (isFolder(path)) {
    return refuse(`${path} is a folder; install takes a package from the npm registry`, `link a plugin folder instead: loom plugins link ${spec}`);
  }
  if (existsSync(path)) {
    return refuse(`${path} is a file; install takes a package from the npm registry`, `install a packed plugin as a file: spec: loom plugins install file:${path}`);
  }
  return refuse(`${path} does not exist; install takes a package from the npm registry`, 'name a package (loom plugins install loom-plugin-hello), or link a folder (loom plugins link ./my-plugin)');
}

function refuse(message: string, hint: string): never {
  throw new LoomError('PLUGIN_INSTALL_NOT_A_PACKAGE', message, { hint, exitCode: 2 });
}

/** Installed plugins a failed install took away (oclif uninstalls the name it failed on), as name@version. */
export interface Aftermath {
  /** Put back as they were. */
  restored: string[];
  /** Could not be put back. */
  lost: string[];
}

/**
 * @oclif/plugin-plugins' install errors, said as Loom says errors: which package, what went
 * wrong, and what to do. Its own are parse-style errors (exit 2, "see --help"), though only a
 * bad name is a usage error. Anything else is returned as it is, unless the failure took an
 * installed plugin away (see Aftermath): then it is PLUGIN_INSTALL_FAILED, saying so.
 */
export function installError(error: unknown, spec: string, aftermath: Aftermath = { restored: [], lost: [] }, cwd = process.cwd()): unknown {
  const known = knownError(error, spec, cwd);
  if (aftermath.restored.length + aftermath.lost.length === 0) return known;
  // Any other failure still says what it took away and what was put back.
  const said = known instanceof LoomError ? known : failedInstall(spec, error instanceof Error ? error.message : String(error), error);
  const restored = aftermath.restored.length > 0 ? `; ${aftermath.restored.join(', ')} put back as installed before` : '';
  const lost = aftermath.lost.length > 0 ? `; the attempt removed ${aftermath.lost.join(', ')}` : '';
  const hint = aftermath.lost.length > 0 ? `reinstall it: ${aftermath.lost.map((plugin) => `loom plugins install ${plugin}`).join('; ')}` : said.hint;
  return new LoomError(said.code, `${said.message}${restored}${lost}`, { hint, exitCode: said.exitCode, cause: error });
}

function knownError(error: unknown, spec: string, cwd: string): unknown {
  const message = error instanceof Error ? error.message : '';
  const missing = /^(.+) does not exist in the registry\.$/.exec(message);
  if (missing) {
    const name = missing[1]!;
    const folder = isFolder(resolve(cwd, spec)) ? `; to use the folder ./${spec}, run loom plugins link ./${spec}` : '';
    return new LoomError('PLUGIN_NOT_FOUND', `${name} is not in the npm registry`, {
      hint: `check the name with \`npm view ${name}\` (installs come from the registry npm is set to use)${folder}`,
      cause: error,
    });
  }
  const failed = /exited with code (\d+)$/.exec(message);
  if (failed) return failedInstall(spec, `exit code ${failed[1]}`, error);
  if (message === 'plugin is invalid') {
    // oclif has already uninstalled it.
    return new LoomError('PLUGIN_NOT_A_PLUGIN', `${spec} is a package but not a Loom plugin, so it was not kept`, {
      hint: `a plugin's package.json has an "oclif" section (and "loom" for services); \`npm view ${spec}\` shows what this package is`,
      cause: error,
    });
  }
  if (message === 'Invalid npm package name.') {
    return new LoomError('PLUGIN_NAME_INVALID', `${spec} is not a valid npm package name`, {
      hint: 'npm names are lower case, with no spaces: loom-plugin-hello, or @scope/loom-plugin-hello',
      exitCode: 2,
      cause: error,
    });
  }
  return error;
}

function failedInstall(spec: string, why: string, cause: unknown): LoomError {
  return new LoomError('PLUGIN_INSTALL_FAILED', `npm could not install ${spec} (${why})`, {
    hint: "npm's own messages are above; `npm ping` checks that the registry answers",
    cause,
  });
}
