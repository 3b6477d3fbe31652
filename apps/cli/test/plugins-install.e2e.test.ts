/**
 * `loom plugins install` installs a third-party plugin honestly: from an npm registry, with
 * the real npm that @oclif/plugin-plugins runs, into the user's data dir, where the plugin
 * gets its own copy of @loomkit/kernel and still receives its services from the host kernel.
 *
 * The registry is a verdaccio on 127.0.0.1 with no uplinks, filled by the test:
 * - the workspace packages, by `pnpm publish -r`: the command a release runs under the
 *   hood (`pnpm release` runs `changeset publish`, which runs `pnpm publish` per package in
 *   a pnpm workspace), so each package is proven to publish on its own;
 * - every third-party package the plugins need at run time, re-packed from node_modules
 *   (see support/mirror.ts), so that npm never needs the internet.
 * Nothing here talks to any address but 127.0.0.1. Needs `pnpm build` first.
 */
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { KERNEL_API_VERSION } from '@loomkit/kernel';
import { createTempProject, type TempProject } from '@loomkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoom, isolatedUser } from './support/cli.js';
import { exec } from './support/exec.js';
import { mirrorPackages, productionClosure, type Closure } from './support/mirror.js';
import { npmCli, npmEnv, startRegistry, withoutNpmConfig, type Registry } from './support/registry.js';
import { publishWorkspace, REPO_ROOT, workspacePackages } from './support/workspace.js';

const HELLO = join(REPO_ROOT, 'examples/plugin-hello');
const FUTURE = join(REPO_ROOT, 'examples/plugin-future');
const INSTALL_TIMEOUT = 90_000;

interface PluginReport {
  name: string;
  package: string;
  version: string | null;
  firstParty: boolean;
  state: string;
  error: { code: string; message: string; hint?: string } | null;
}

interface Doctor {
  ok: boolean;
  plugins: PluginReport[];
}

interface LockEntry {
  version?: string;
  resolved?: string;
  link?: boolean;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const lockOf = (dataDir: string) => readJson<{ packages: Record<string, LockEntry> }>(join(dataDir, 'package-lock.json')).packages;

async function packument(registry: Registry, name: string): Promise<{ status: number; versions: Record<string, Record<string, unknown>> }> {
  const response = await fetch(new URL(name.replace('/', '%2f'), registry.url));
  const body = response.ok ? ((await response.json()) as { versions?: Record<string, Record<string, unknown>> }) : {};
  return { status: response.status, versions: body.versions ?? {} };
}

/** One set-up step under its own deadline, so a slow machine says which step stalled. */
async function step<T>(name: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`plugins install e2e: set-up step "${name}" took over ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('loom plugins install, end to end (verdaccio on 127.0.0.1, real npm, the built CLI)', () => {
  const removedEnv: Record<string, string | undefined> = {};
  let registry: Registry;
  let closure: Closure;
  /** Environment for the npm and pnpm the test runs itself. */
  let toolEnv: NodeJS.ProcessEnv;
  let user: NodeJS.ProcessEnv;
  let dataDir: string;
  let project: TempProject;
  let loom: ReturnType<typeof createLoom>;
  const inProject = (args: string[], timeoutMs?: number) => loom(args, { cwd: project.root, ...(timeoutMs ? { timeoutMs } : {}) });

  beforeAll(async () => {
    const built = ['apps/cli/dist/main.js', 'packages/kernel/dist/index.js', 'examples/plugin-hello/dist/index.js', 'examples/plugin-hello/oclif.manifest.json', 'examples/plugin-future/dist/index.js'];
    for (const file of built) {
      if (!existsSync(join(REPO_ROOT, file))) throw new Error(`${file} is missing: run \`pnpm build\` first`);
    }
    // createCliRunner passes this process's env on: drop the npm_config_* pnpm sets for scripts.
    for (const key of Object.keys(process.env).filter((name) => /^npm_config_/i.test(name))) {
      removedEnv[key] = process.env[key];
      delete process.env[key];
    }
    registry = await step('start verdaccio on 127.0.0.1', 30_000, startRegistry());
    toolEnv = { ...withoutNpmConfig(), ...npmEnv(registry, join(registry.dir, 'tool-npm-cache')) };
    closure = productionClosure([HELLO, FUTURE]);
    await step(`mirror ${closure.thirdParty.length} third-party packages into it`, 75_000, mirrorPackages(closure.thirdParty, registry, toolEnv));

    user = { ...isolatedUser(), ...npmEnv(registry, join(registry.dir, 'loom-npm-cache')) };
    dataDir = user.LOOM_DATA_DIR!;
    loom = createLoom(user);
    project = await createTempProject();
  }, 110_000);

  afterAll(async () => {
    await registry?.stop();
    project?.remove();
    if (user?.HOME) rmSync(user.HOME, { recursive: true, force: true });
    Object.assign(process.env, removedEnv);
  });

  it('mirrors the third-party closure, so the registry holds exactly what npm will ask for', async () => {
    expect(closure.thirdParty.map((pkg) => pkg.name)).toEqual(expect.arrayContaining(['@oclif/core', 'zod', 'tsyringe', 'semver']));
    for (const pkg of closure.thirdParty) {
      const { versions } = await packument(registry, pkg.name);
      expect(Object.keys(versions), pkg.name).toContain(pkg.version);
    }
    // No uplinks: what was not put there does not exist.
    expect((await packument(registry, 'left-pad')).status).toBe(404);
  });

  it('publishes every non-private workspace package with `pnpm publish -r`, as a release does', async () => {
    const packages = await workspacePackages(toolEnv);
    const publishable = packages.filter((pkg) => !pkg.private);
    expect(publishable.map((pkg) => pkg.name)).toEqual(expect.arrayContaining(['@loomkit/kernel', 'loomkit', 'loom-plugin-hello']));
    // The plugins' workspace dependencies must be among them, or npm could not install the plugins.
    const needed = closure.workspace.filter((pkg) => ![HELLO, FUTURE].includes(pkg.dir));
    expect(needed.map((pkg) => pkg.name)).toContain('@loomkit/kernel');
    for (const pkg of needed) expect(publishable.map((p) => p.name)).toContain(pkg.name);

    await publishWorkspace(registry, toolEnv);

    for (const pkg of publishable) {
      const published = (await packument(registry, pkg.name)).versions[pkg.version];
      expect(published, `${pkg.name}@${pkg.version} was not published`).toBeDefined();
      for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
        for (const [dependency, range] of Object.entries((published?.[field] ?? {}) as Record<string, string>)) {
          expect(range, `${pkg.name} ${field}.${dependency}`).not.toMatch(/^workspace:/);
        }
      }
    }
    const kernel = publishable.find((pkg) => pkg.name === '@loomkit/kernel')!;
    const cli = (await packument(registry, 'loomkit')).versions[publishable.find((pkg) => pkg.name === 'loomkit')!.version];
    expect((cli?.dependencies as Record<string, string>)['@loomkit/kernel']).toBe(`^${kernel.version}`);
    for (const pkg of packages.filter((p) => p.private)) expect((await packument(registry, pkg.name)).status, pkg.name).toBe(404);
  });

  it('installs loom-plugin-hello from the registry, with its own copy of the kernel', async () => {
    const result = await inProject(['plugins', 'install', 'loom-plugin-hello'], INSTALL_TIMEOUT);
    expect(result.code, result.stderr).toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain('installed v1.0.0');
    expect(readJson<{ version: string }>(join(dataDir, 'node_modules/loom-plugin-hello/package.json')).version).toBe('1.0.0');
    // Still following the tag it was installed with, not pinned to the version put back.
    const recorded = readJson<{ oclif: { plugins: Array<{ name: string; tag: string }> } }>(join(dataDir, 'package.json')).oclif.plugins;
    expect(recorded.find((plugin) => plugin.name === 'loom-plugin-hello')?.tag).toBe('latest');
    expect(readJson<{ version: string }>(join(dataDir, 'node_modules/@loomkit/kernel/package.json')).version).toBe(
      readJson<{ version: string }>(join(REPO_ROOT, 'packages/kernel/package.json')).version,
    );
    // Every package npm installed came from the test registry, none from anywhere else.
    const installed = Object.entries(lockOf(dataDir)).filter(([path]) => path !== '');
    expect(installed.length).toBeGreaterThan(20);
    for (const [path, entry] of installed) expect(entry.resolved?.slice(0, registry.url.length), path).toBe(registry.url);

    const list = await inProject(['plugins']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^loom-plugin-hello 1\.0\.0$/m);
  });

  it('runs `loom hello` on the plugin\'s own kernel copy, with the service from the host kernel', async () => {
    const result = await inProject(['hello', 'World', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const { greeting, kernelModule, kernelFromOwnCopy } = result.json<{ greeting: string; kernelModule: string; kernelFromOwnCopy: boolean }>();
    expect(greeting).toBe('Hello, World!');
    expect(kernelModule).toBe(join(realpathSync(dataDir), 'node_modules/@loomkit/kernel/dist/index.js'));
    expect(kernelModule.startsWith(join(REPO_ROOT, 'packages'))).toBe(false);
    // The plugin imports its own copy, yet the kernel it talks to is not built by that copy:
    // it is the host's, reached through the host bridge.
    expect(kernelFromOwnCopy).toBe(false);
  });

  it('reads its config section: `loom config set hello.greeting Hi`', async () => {
    const set = await inProject(['config', 'set', 'hello.greeting', 'Hi']);
    expect(set.code, set.stderr).toBe(0);
    expect(readJson<{ hello?: unknown }>(join(project.root, 'loom.config.json')).hello).toEqual({ greeting: 'Hi' });

    const hello = await inProject(['hello']);
    expect(hello.code, hello.stderr).toBe(0);
    expect(hello.stdout.trim()).toBe('Hi, world!');
  });

  it('shows in `loom doctor` as a ready third-party plugin', async () => {
    const doctor = await inProject(['doctor', '--json']);
    expect(doctor.code, doctor.stderr).toBe(0);
    const { ok, plugins } = doctor.json<Doctor>();
    expect(ok).toBe(true);
    expect(plugins).toContainEqual({ name: 'hello', package: 'loom-plugin-hello', version: '1.0.0', firstParty: false, state: 'ready', error: null });
  });

  it('installs a local tarball given as a `file:` spec', async () => {
    // plugin-plugins reads a bare path with a slash as a GitHub repository; `file:` makes it npm's.
    const packDir = mkdtempSync(join(registry.dir, 'pack-'));
    await exec(process.execPath, [npmCli(), 'pack', FUTURE, '--ignore-scripts', '--pack-destination', packDir, '--loglevel=error'], { cwd: packDir, env: toolEnv });
    const tarball = join(packDir, 'loom-plugin-future-1.0.0.tgz');
    expect(existsSync(tarball)).toBe(true);

    // --json, as the MCP server runs it: npm's output kept off stdout, the data on it.
    const result = await inProject(['plugins', 'install', `file:${tarball}`, '--json'], INSTALL_TIMEOUT);
    expect(result.code, result.stderr).toBe(0);
    expect(result.json<unknown>()).toEqual({ installed: [{ name: 'loom-plugin-future', version: '1.0.0' }] });
    // From the tarball: the package is private, so no registry has it.
    expect((await packument(registry, 'loom-plugin-future')).status).toBe(404);
    expect(lockOf(dataDir)['node_modules/loom-plugin-future']).toMatchObject({ version: '1.0.0', resolved: expect.stringMatching(/^file:/) });
  });

  it('says in one line which package failed and why: not in the registry, no such version, not a plugin', async () => {
    const before = readJson<{ dependencies?: Record<string, string> }>(join(dataDir, 'package.json')).dependencies;
    const errorOf = async (spec: string) => {
      const result = await inProject(['plugins', 'install', spec], INSTALL_TIMEOUT);
      const errors = result.stderr.split('\n').filter((line) => line.startsWith('error['));
      expect(errors, result.stderr).toHaveLength(1);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      return { code: result.code, error: errors[0]!, hint: result.stderr.split('\n')[result.stderr.split('\n').indexOf(errors[0]!) + 1] };
    };

    const missing = await errorOf('loom-plugin-nowhere');
    expect(missing.code).toBe(1);
    expect(missing.error).toBe('error[PLUGIN_NOT_FOUND]: loom-plugin-nowhere is not in the npm registry');
    expect(missing.hint).toMatch(/^hint: check the name with `npm view loom-plugin-nowhere`/);

    // oclif uninstalls the name it failed on; the installed 1.0.0 is put back.
    const version = await errorOf('loom-plugin-hello@9.9.9');
    expect(version.code).toBe(1);
    expect(version.error).toBe('error[PLUGIN_INSTALL_FAILED]: npm could not install loom-plugin-hello@9.9.9 (exit code 1); loom-plugin-hello@1.0.0 put back as installed before');
    expect(readJson<{ version: string }>(join(dataDir, 'node_modules/loom-plugin-hello/package.json')).version).toBe('1.0.0');

    // A package the registry has (mirrored for the plugins), which is no plugin at all.
    const plain = closure.thirdParty.find((pkg) => pkg.name === 'tsyringe')!;
    const notPlugin = await errorOf(plain.name);
    expect(notPlugin.code).toBe(1);
    expect(notPlugin.error).toBe(`error[PLUGIN_NOT_A_PLUGIN]: ${plain.name} is a package but not a Loom plugin, so it was not kept`);
    // None of them is left installed, and what was installed is still there.
    expect(readJson<{ dependencies?: Record<string, string> }>(join(dataDir, 'package.json')).dependencies).toEqual(before);
    const hello = await inProject(['hello', 'Ada']);
    expect(hello.code, hello.stderr).toBe(0);
  });

  it('refuses the plugin built for a future kernel at load: doctor says why, naming both versions', async () => {
    const doctor = await inProject(['doctor', '--json']);
    // A failed plugin fails doctor, by design (exit 1), but doctor itself runs.
    expect(doctor.code, doctor.stderr).toBe(1);
    const { ok, plugins } = doctor.json<Doctor>();
    expect(ok).toBe(false);
    const future = plugins.find((plugin) => plugin.name === 'future');
    expect(future).toMatchObject({ package: 'loom-plugin-future', version: '1.0.0', firstParty: false, state: 'failed' });
    expect(future?.error?.code).toBe('PLUGIN_KERNEL_INCOMPATIBLE');
    expect(future?.error?.message).toContain('kernel >=99.0.0');
    expect(future?.error?.message).toContain(`kernel ${KERNEL_API_VERSION}`);
    expect(plugins.find((plugin) => plugin.name === 'hello')?.state).toBe('ready');
  });

  it('`loom future` exits non-zero with one error line and a hint, and no stack trace', async () => {
    const result = await inProject(['future']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    const errors = lines.filter((line) => /error/i.test(line) && !line.startsWith('warn: '));
    expect(errors).toHaveLength(1);
    const [error] = errors as [string];
    expect(error).toMatch(/^error\[PLUGIN_KERNEL_INCOMPATIBLE\]: plugin future@1\.0\.0 /);
    // Both versions: the plugin's range and this kernel's (1.0.0 alone would match the plugin's own).
    expect(error).toContain('kernel >=99.0.0');
    expect(error).toContain(`kernel ${KERNEL_API_VERSION}`);
    const at = lines.indexOf(error);
    expect(lines[at + 1]).toMatch(/^hint: .*loom-plugin-future/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    // Anything else is the kernel's notice that the plugin is disabled.
    for (const line of lines.filter((_, index) => index !== at && index !== at + 1)) expect(line).toMatch(/^warn: .*future/);

    const json = await inProject(['future', '--json']);
    expect(json.code).toBe(1);
    expect(json.json<{ error: { code: string } }>().error.code).toBe('PLUGIN_KERNEL_INCOMPATIBLE');
  });

  it('keeps every other command working while that plugin is refused', async () => {
    const hello = await inProject(['hello', 'Ada']);
    expect(hello.code, hello.stderr).toBe(0);
    expect(hello.stdout.trim()).toBe('Hi, Ada!');

    const doctor = await inProject(['doctor']);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/hello\s+1\.0\.0\s+loom-plugin-hello\s+installed\s+ready/);
    expect(doctor.stdout).toMatch(/future\s+1\.0\.0\s+loom-plugin-future\s+installed\s+failed: \[PLUGIN_KERNEL_INCOMPATIBLE\]/);

    const get = await inProject(['config', 'get', 'hello.greeting']);
    expect(get.code, get.stderr).toBe(0);
    expect(get.stdout).toContain('Hi');
  });

  it('uninstalls loom-plugin-hello: gone from disk, from doctor and from the commands', async () => {
    const result = await inProject(['plugins', 'uninstall', 'loom-plugin-hello'], INSTALL_TIMEOUT);
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(dataDir, 'node_modules/loom-plugin-hello'))).toBe(false);

    const doctor = await inProject(['doctor', '--json']);
    expect(doctor.json<Doctor>().plugins.map((plugin) => plugin.name)).not.toContain('hello');
    expect(doctor.json<Doctor>().plugins.map((plugin) => plugin.name)).toContain('future');

    const list = await inProject(['plugins']);
    expect(list.stdout).not.toContain('loom-plugin-hello');
    expect(list.stdout).toContain('loom-plugin-future');

    const hello = await inProject(['hello']);
    expect(hello.code).toBe(2);
    expect(hello.stderr).toContain('error[COMMAND_NOT_FOUND]');
  });
});
