/**
 * Third-party plugins cannot take Loom down: each misbehaving plugin is linked into the
 * built CLI with `loom plugins link --no-install` (no npm needed: the plugins import
 * nothing), then unrelated commands must keep working and `doctor` must say what each
 * plugin did. Needs `pnpm build` first.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoom, isolatedUser } from './support/cli.js';

interface PluginRow {
  name: string;
  package: string;
  firstParty: boolean;
  state: string;
  error: { code: string; message: string } | null;
}

/** Short, so a hung plugin costs the suite little; far above what a healthy import takes. */
const PHASE_TIMEOUT_MS = 2_000;

const PLUGINS: Record<string, { loom: unknown; code?: string }> = {
  'loom-plugin-hangs': {
    loom: './plugin.js',
    code: "export default { $loomPlugin: 1, name: 'hangs', version: '1.0.0', kernel: '^1', setup: () => new Promise(() => undefined) };",
  },
  'loom-plugin-exits': { loom: './plugin.js', code: 'process.exit(0);' },
  'loom-plugin-exits-in-setup': {
    loom: './plugin.js',
    code: "export default { $loomPlugin: 1, name: 'exits-in-setup', version: '1.0.0', kernel: '^1', setup() { process.exit(0); } };",
  },
  'loom-plugin-spins': { loom: './plugin.js', code: 'for (;;) {}' },
  'loom-plugin-impostor': {
    loom: './plugin.js',
    code: "export default { $loomPlugin: 1, name: 'security', version: '9.9.9', kernel: '^1' };",
  },
  'loom-plugin-bad-field': { loom: 123 },
};

describe('third-party plugins cannot take Loom down (linked into the built CLI)', () => {
  const base = mkdtempSync(join(tmpdir(), 'loom-isolation-'));
  const project = join(base, 'project');
  const user = isolatedUser();
  const env = { ...user, LOOM_KERNEL__PHASE_TIMEOUT_MS: String(PHASE_TIMEOUT_MS) };
  const loom = createLoom(env);
  const run = (args: string[]) => loom(args, { cwd: project, timeoutMs: 60_000 });

  beforeAll(async () => {
    mkdirSync(project);
    for (const [name, { loom: field, code }] of Object.entries(PLUGINS)) {
      const root = join(base, name);
      mkdirSync(root);
      writeFileSync(join(root, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', oclif: {}, loom: field }));
      if (code) writeFileSync(join(root, 'plugin.js'), `${code}\n`);
      const linked = await run(['plugins', 'link', root, '--no-install']);
      expect(linked.code, linked.stderr).toBe(0);
    }
  }, 120_000);

  afterAll(() => {
    rmSync(base, { recursive: true, force: true });
    rmSync(user.HOME!, { recursive: true, force: true });
  });

  it('doctor runs to its end and reports each plugin by what it did', async () => {
    const doctor = await run(['doctor', '--json']);
    expect(doctor.code).toBe(1);
    const rows = doctor.json<{ plugins: PluginRow[] }>().plugins;
    const byPackage = (name: string) => rows.find((row) => row.package === name);
    expect(byPackage('loom-plugin-hangs')?.error).toMatchObject({ code: 'PLUGIN_TIMEOUT', message: `plugin hangs did not finish setup within ${PHASE_TIMEOUT_MS} ms` });
    expect(byPackage('loom-plugin-spins')?.error).toMatchObject({ code: 'PLUGIN_TIMEOUT', message: expect.stringContaining('did not finish loading') });
    expect(byPackage('loom-plugin-exits')?.error).toMatchObject({ code: 'PLUGIN_EXIT', message: expect.stringContaining('process.exit(0) while loading') });
    expect(byPackage('loom-plugin-exits-in-setup')?.error).toMatchObject({ code: 'PLUGIN_EXIT', message: expect.stringContaining('during setup') });
    expect(byPackage('loom-plugin-impostor')?.error).toMatchObject({ code: 'PLUGIN_NAME_TAKEN', message: expect.stringContaining('@loomkit/plugin-security') });
    expect(byPackage('loom-plugin-bad-field')?.error).toMatchObject({ code: 'PLUGIN_MANIFEST_INVALID', message: expect.stringContaining('got 123') });
    // Every bundled plugin is ready: the impostor did not knock out the real security plugin.
    for (const row of rows.filter((r) => r.firstParty)) expect(row, row.name).toMatchObject({ state: 'ready', error: null });
    expect(rows.filter((row) => row.name === 'security' && row.firstParty)).toHaveLength(1);
  }, 60_000);

  it('doctor\'s table has a row per plugin, the malformed field included', async () => {
    const doctor = await run(['doctor']);
    expect(doctor.stdout).toMatch(/loom-plugin-bad-field\s+installed\s+failed: \[PLUGIN_MANIFEST_INVALID\]/);
    expect(doctor.stdout).toMatch(/loom-plugin-spins\s+installed\s+failed: \[PLUGIN_TIMEOUT\]/);
  }, 60_000);

  it('unrelated commands keep working and print their output', async () => {
    const policy = await run(['security', 'policy', '--json']);
    expect(policy.code, policy.stderr).toBe(0);
    expect(policy.json<Record<string, unknown>>()).toEqual(expect.any(Object));
    expect(policy.stderr).not.toContain('PLUGIN_DUPLICATE');
    const sessions = await run(['session', 'list', '--json']);
    expect(sessions.code, sessions.stderr).toBe(0);
    expect(sessions.json<unknown[]>()).toEqual([]);
  }, 60_000);

  it('prints no "cannot be auto-transpiled" warning for linked plugins', async () => {
    const result = await run(['config', 'list']);
    expect(result.stderr).not.toContain('auto-transpiled');
  }, 60_000);

  it('`plugins` lists the linked plugins one a line, and --json is a compact list', async () => {
    const list = await run(['plugins']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^loom-plugin-hangs 1\\.0\\.0 \\(link\\) ${base}/loom-plugin-hangs$`, 'm'));
    expect(list.stdout.trim().split('\n')).toHaveLength(Object.keys(PLUGINS).length);
    const json = await run(['plugins', '--json']);
    const plugins = json.json<Array<Record<string, unknown>>>();
    expect(plugins.map((plugin) => plugin.name)).toEqual(Object.keys(PLUGINS).sort());
    for (const plugin of plugins) expect(Object.keys(plugin).sort()).toEqual(['commands', 'name', 'root', 'type', 'version']);
    expect(json.stdout.split('\n').length).toBeLessThan(100);
  }, 60_000);

  it('`plugins inspect` shows one plugin; no name or an unknown one is one clear line', async () => {
    const inspect = await run(['plugins', 'inspect', '@loomkit/plugin-session', '--json']);
    expect(inspect.code, inspect.stderr).toBe(0);
    expect(inspect.json<{ type: string; commands: string[] }>()).toMatchObject({ type: 'core', commands: expect.arrayContaining(['session list']) });

    const missing = await run(['plugins', 'inspect']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error\[USAGE\]: Missing 1 required arg: name/);
    const unknown = await run(['plugins', 'inspect', 'loom-plugin-hang']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim().split('\n')).toEqual([
      'error[PLUGIN_NOT_INSTALLED]: no plugin named "loom-plugin-hang" is installed',
      expect.stringMatching(/^hint: did you mean loom-plugin-hangs\?/),
    ]);
  }, 60_000);

  it('`plugins link` of a missing folder, or one without package.json, is one clear line', async () => {
    const nowhere = await run(['plugins', 'link', join(base, 'nowhere')]);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr.trim().split('\n')).toEqual([`error[PLUGIN_LINK_NOT_FOUND]: ${join(base, 'nowhere')} is not a folder`, expect.stringMatching(/^hint: /)]);
    const empty = await run(['plugins', 'link', project]);
    expect(empty.stderr).toMatch(/^error\[PLUGIN_LINK_NOT_FOUND\]: .* has no package\.json\n/);
  }, 60_000);

  it('`plugins install` of a path is refused before npm runs, pointing at link or a file: spec', async () => {
    const lines = async (args: string[]) => {
      const result = await run(args);
      expect(result.code).toBe(2);
      return result.stderr.trim().split('\n');
    };
    // oclif alone would read `../x` as a GitHub slug and let npm fail on the network.
    expect(await lines(['plugins', 'install', project])).toEqual([
      `error[PLUGIN_INSTALL_NOT_A_PACKAGE]: ${project} is a folder; install takes a package from the npm registry`,
      `hint: link a plugin folder instead: loom plugins link ${project}`,
    ]);
    const file = join(base, 'loom-plugin-x-1.0.0.tgz');
    writeFileSync(file, '');
    expect(await lines(['plugins', 'add', file])).toEqual([
      `error[PLUGIN_INSTALL_NOT_A_PACKAGE]: ${file} is a file; install takes a package from the npm registry`,
      `hint: install a packed plugin as a file: spec: loom plugins install file:${file}`,
    ]);
    // The first bad spec stops them all: the good name before it is not installed either.
    const gone = await lines(['plugins', 'install', 'loom-plugin-hello', './nowhere']);
    expect(gone[0]).toMatch(/^error\[PLUGIN_INSTALL_NOT_A_PACKAGE\]: .*nowhere does not exist; install takes a package from the npm registry$/);
    expect(gone).toHaveLength(2);
    const bad = await lines(['plugins', 'install', 'Not A Name']);
    expect(bad[0]).toBe('error[PLUGIN_NAME_INVALID]: Not A Name is not a valid npm package name');
  }, 60_000);

  it('`plugins uninstall` of a name nothing answers to is one line with the nearest one', async () => {
    const typo = await run(['plugins', 'uninstall', 'loom-plugin-hangz']);
    expect(typo.code).toBe(1);
    expect(typo.stderr.trim().split('\n')).toEqual(['error[PLUGIN_NOT_INSTALLED]: no plugin named "loom-plugin-hangz" is installed', expect.stringMatching(/^hint: did you mean loom-plugin-hang/)]);
    // No name: the plugin linked from this folder, and none is.
    const none = await run(['plugins', 'remove']);
    expect(none.code).toBe(1);
    expect(none.stderr.trim().split('\n')[0]).toBe('error[PLUGIN_NOT_INSTALLED]: no plugin is linked from this folder');
  }, 60_000);
});
