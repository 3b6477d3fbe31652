import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCliRunner, createTempProject, type TempProject } from '@loomkit/testkit';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hasScript, spawnPty, type Pty } from './support/pty.js';

const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, '../bin/run.js');
const cli = createCliRunner(bin);
const require = createRequire(import.meta.url);

let project: TempProject;
let env: NodeJS.ProcessEnv;
let pty: Pty | undefined;

beforeAll(() => {
  if (!existsSync(resolve(here, '../dist/commands/shell.js'))) throw new Error('build the CLI first: pnpm build');
});

beforeEach(async () => {
  project = await createTempProject();
  // User dirs isolated: history, config and linked plugins all land in the temp project.
  env = {
    HOME: join(project.root, 'home'),
    LOOM_DATA_DIR: join(project.root, 'data'),
    LOOM_CONFIG_DIR: join(project.root, 'config'),
    LOOM_CACHE_DIR: join(project.root, 'cache'),
  };
});

afterEach(() => {
  pty?.kill();
  pty = undefined;
  project.remove();
});

describe('loom without a terminal', () => {
  it('prints the help and exits 0', async () => {
    const result = await cli([], { cwd: project.root, env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('USAGE');
    expect(result.stdout).toMatch(/shell +Open the interactive shell/);
  });
});

describe.skipIf(!hasScript)('loom on a terminal (needs util-linux `script` for a pseudo-terminal)', () => {
  it('opens the shell: /doctor runs in it, /exit leaves, history is kept', async () => {
    pty = spawnPty([process.execPath, bin], { cwd: project.root, env });
    await pty.waitFor('loom> ');

    // Tab completion, then the command itself.
    let mark = pty.mark();
    pty.type('/doc');
    await pty.waitFor('/doc', mark);
    pty.type('\t');
    await pty.waitFor('/doctor ', mark);
    pty.type('\r');
    const afterTable = await pty.waitFor('state dir', mark);
    const table = pty.output().slice(mark, afterTable);
    expect(table).toMatch(/check +result/);
    expect(table).toMatch(/✓ +node +v\d+/);
    await pty.waitFor('loom> ', afterTable);

    // /help shows one command's help (oclif's), and commands still run after it.
    mark = pty.mark();
    pty.type('/help doctor\r');
    await pty.waitFor('loom> ', await pty.waitFor('$ loom doctor', await pty.waitFor('USAGE', mark)));
    mark = pty.mark();
    pty.type('/config get logLevel\r');
    await pty.waitFor('loom> ', await pty.waitFor('warn', mark));

    // A topic command as a slash command: /query mega prints its offline report, ending with the plan.
    mark = pty.mark();
    pty.type('/query mega\r');
    await pty.waitFor('loom> ', await pty.waitFor('caching + batch', await pty.waitFor('REPOSITORY REPORT', mark)));

    // /chain runs its steps in the shell's process, with the live view on the terminal.
    mark = pty.mark();
    pty.type('/chain "security policy -> query map"\r');
    await pty.waitFor('loom> ', await pty.waitFor('finished: 2 succeeded', mark));

    // An unknown command does not end the shell; Ctrl-C at the prompt only says how to leave.
    mark = pty.mark();
    pty.type('/nope\r');
    await pty.waitFor('error[COMMAND_NOT_FOUND]: /nope is not a command', mark);
    await pty.waitFor('loom> ', mark);
    mark = pty.mark();
    pty.type('\x03');
    await pty.waitFor('press Ctrl-C again or Ctrl-D, or type /exit', mark);

    pty.type('/exit\r');
    expect(await pty.exited).toBe(0);
    const history = readFileSync(join(env.LOOM_DATA_DIR as string, 'shell_history'), 'utf8').split('\n');
    expect(history).toContain('/doctor');
    expect(history).toContain('/exit');
  });

  it('Ctrl-C cancels the running command, not the shell, even one that ignores it', async () => {
    const plugin = writeSlowPlugin(join(project.root, 'slow-plugin'));
    const link = await cli(['plugins', 'link', plugin, '--no-install'], { cwd: project.root, env });
    expect(link.code, link.stderr).toBe(0);

    pty = spawnPty([process.execPath, bin], { cwd: project.root, env });
    await pty.waitFor('loom> ');

    // A command that listens to its signal sees the abort.
    let mark = pty.mark();
    pty.type('/slow\r');
    await pty.waitFor('slow: started', mark);
    pty.type('\x03');
    await pty.waitFor('^C cancelled', mark);
    await pty.waitFor('slow: saw the abort', mark);
    await pty.waitFor('loom> ', mark);

    // A command that ignores it is left behind; the prompt comes back all the same.
    mark = pty.mark();
    pty.type('/stuck\r');
    await pty.waitFor('stuck: started', mark);
    pty.type('\x03');
    const cancelled = await pty.waitFor('^C cancelled', mark);
    await pty.waitFor('loom> ', cancelled);

    mark = pty.mark();
    pty.type('/doctor\r');
    await pty.waitFor('loom> ', await pty.waitFor('state dir', mark));
    pty.type('/exit\r');
    expect(await pty.exited).toBe(0);
  });
});

/**
 * An oclif plugin with two LoomCommands: `slow` waits for its signal, `stuck` never
 * ends. Plain ESM, linked against this workspace's kernel and oclif.
 */
function writeSlowPlugin(root: string): string {
  mkdirSync(join(root, 'commands'), { recursive: true });
  mkdirSync(join(root, 'node_modules', '@loomkit'), { recursive: true });
  mkdirSync(join(root, 'node_modules', '@oclif'), { recursive: true });
  symlinkSync(dirname(require.resolve('@loomkit/kernel/package.json')), join(root, 'node_modules', '@loomkit', 'kernel'));
  symlinkSync(dirname(require.resolve('@oclif/core/package.json')), join(root, 'node_modules', '@oclif', 'core'));
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: 'loom-test-slow', version: '1.0.0', type: 'module', oclif: { commands: './commands' } }),
  );
  writeFileSync(
    join(root, 'commands', 'slow.js'),
    `import { LoomCommand } from '@loomkit/kernel/command';
export default class Slow extends LoomCommand {
  static summary = 'Wait until cancelled.';
  async run() {
    this.log('slow: started');
    await new Promise((resolve) => this.signal.addEventListener('abort', resolve, { once: true }));
    this.log('slow: saw the abort');
  }
}
`,
  );
  writeFileSync(
    join(root, 'commands', 'stuck.js'),
    `import { LoomCommand } from '@loomkit/kernel/command';
export default class Stuck extends LoomCommand {
  static summary = 'Ignore the signal and never end.';
  async run() {
    this.log('stuck: started');
    await new Promise(() => {});
  }
}
`,
  );
  return root;
}
