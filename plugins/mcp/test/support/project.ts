import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createCliRunner, createTempProject, isolatedUserEnv, type CliRunOptions } from '@loomkit/testkit';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
export const BIN = join(REPO_ROOT, 'apps/cli/bin/run.js');
export const HELLO = join(REPO_ROOT, 'examples/plugin-hello');
const cli = createCliRunner(BIN);

export function requireBuild(): void {
  for (const file of ['apps/cli/dist/main.js', 'plugins/mcp/dist/index.js', 'plugins/mcp/oclif.manifest.json', 'examples/plugin-hello/dist/index.js']) {
    if (!existsSync(join(REPO_ROOT, file))) throw new Error(`${file} is missing: run \`pnpm build\` first`);
  }
}

export interface Project {
  root: string;
  env: Record<string, string>;
  loom(args: string[], options?: CliRunOptions): ReturnType<typeof cli>;
  /** An MCP client connected to `loom mcp serve` running in the project, as Claude Code starts it; `prepare` sees it before it connects. */
  connect(env?: Record<string, string>, prepare?: (client: Client) => void): Promise<{ client: Client; stderr: () => string }>;
  remove(): void;
}

/** A temp git project with isolated user folders, the built CLI run in it, the example third-party plugin linked. */
export async function createProject(files: Record<string, string>): Promise<Project> {
  const temp = await createTempProject({ git: true, files: { '.gitignore': '.loom/\n', ...files } });
  const user = `${temp.root}-user`;
  mkdirSync(user, { recursive: true });
  const env: Record<string, string> = { ...isolatedUserEnv(user), NO_COLOR: '1' };
  const loom = (args: string[], options: CliRunOptions = {}) => cli(args, { cwd: temp.root, ...options, env: { ...env, ...options.env } });
  const linked = await loom(['plugins', 'link', HELLO, '--no-install']);
  if (linked.code !== 0) throw new Error(`linking the example plugin failed: ${linked.stderr}`);
  return {
    root: temp.root,
    env,
    loom,
    async connect(extra = {}, prepare = () => undefined) {
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [BIN, 'mcp', 'serve'],
        cwd: temp.root,
        env: { PATH: process.env.PATH ?? '', ...env, ...extra },
        stderr: 'pipe',
      });
      let stderr = '';
      transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const client = new Client({ name: 'loom-test', version: '1.0.0' });
      prepare(client);
      await client.connect(transport);
      return { client, stderr: () => stderr };
    },
    remove() {
      rmSync(temp.root, { recursive: true, force: true });
      rmSync(user, { recursive: true, force: true });
    },
  };
}

/**
 * The server's environment for calls to the fake: `concurrency` Claude calls at once, and
 * token-per-minute limits high enough that only that concurrency limit throttles.
 */
export function fakeClaudeEnv(fake: { apiKey: string; url: string }, concurrency: number): Record<string, string> {
  return {
    ANTHROPIC_API_KEY: fake.apiKey,
    ANTHROPIC_BASE_URL: fake.url,
    LOOM_LLM__LIMITS__CONCURRENCY: String(concurrency),
    LOOM_LLM__LIMITS__INPUT_TOKENS_PER_MINUTE: '100000000',
    LOOM_LLM__LIMITS__OUTPUT_TOKENS_PER_MINUTE: '100000000',
  };
}

/** Links a copy of the example plugin into `project` in place of the example itself, for tests that edit it; returns the copy's folder. */
export async function linkHelloCopy(project: Project): Promise<string> {
  const plugin = `${project.root}-hello`;
  mkdirSync(plugin);
  for (const name of ['package.json', 'oclif.manifest.json', 'dist']) cpSync(join(HELLO, name), join(plugin, name), { recursive: true });
  symlinkSync(join(HELLO, 'node_modules'), join(plugin, 'node_modules'));
  for (const args of [['plugins', 'unlink', HELLO], ['plugins', 'link', plugin, '--no-install']]) {
    const result = await project.loom(args);
    if (result.code !== 0) throw new Error(`loom ${args.join(' ')} failed: ${result.stderr}`);
  }
  return plugin;
}
