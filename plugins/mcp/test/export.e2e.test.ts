/**
 * `loom export claude-commands` writes one slash command per tool `loom mcp tools` lists;
 * each file's YAML frontmatter is parsed back with a real YAML parser. Needs `pnpm build`.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, requireBuild, type Project } from './support/project.js';

interface ListedTool {
  name: string;
  command: string;
  effect: string;
  description: string;
  inputSchema: { properties: Record<string, { enum?: string[] }>; required?: string[] };
}

describe('loom export claude-commands', () => {
  let project: Project;
  let tools: ListedTool[];

  beforeAll(async () => {
    requireBuild();
    project = await createProject({ 'README.md': '# demo\n' });
    const listed = await project.loom(['mcp', 'tools', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    tools = listed.json<ListedTool[]>();
  }, 120_000);

  afterAll(() => project?.remove());

  it('writes one Markdown slash command per listed tool, with parseable frontmatter', async () => {
    const exported = await project.loom(['export', 'claude-commands', '--json']);
    expect(exported.code, exported.stderr).toBe(0);
    const dir = join(project.root, '.claude/commands');
    const files = readdirSync(dir).sort();
    const expected = tools.map((tool) => `loom-${tool.command.replaceAll(' ', '-')}.md`).sort();
    expect(files).toEqual(expected);
    expect(files).toContain('loom-query-mega.md');
    expect(files).toContain('loom-hello.md');

    for (const tool of tools) {
      const text = readFileSync(join(dir, `loom-${tool.command.replaceAll(' ', '-')}.md`), 'utf8');
      const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
      expect(match, tool.name).not.toBeNull();
      const frontmatter = parse(match![1]!) as Record<string, unknown>;
      expect(Object.keys(frontmatter).sort()).toEqual(['allowed-tools', 'argument-hint', 'description']);
      expect(frontmatter['allowed-tools']).toBe(`Bash(loom ${tool.command}:*)`);
      expect(tool.description.startsWith(String(frontmatter.description).replace(/\.?$/, ''))).toBe(true);
      const hint = String(frontmatter['argument-hint'] ?? '');
      for (const required of tool.inputSchema.required ?? []) expect(hint, `${tool.name} ${required}`).toContain(required);
      expect(match![2]).toContain(`loom ${tool.command} $ARGUMENTS --json`);
      if (tool.effect === 'spend') expect(match![2]).toMatch(/--dry-run first/);
    }
    const mega = parse(/^---\n([\s\S]*?)\n---/.exec(readFileSync(join(dir, 'loom-query-mega.md'), 'utf8'))![1]!) as Record<string, string>;
    expect(mega['argument-hint']).toContain('[--mode <codebase|architecture|security|');
  });

  it('writes into --dir, and prints the snippets for each MCP client', async () => {
    const exported = await project.loom(['export', 'claude-commands', '--dir', 'elsewhere', '--json']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(readdirSync(join(project.root, 'elsewhere'))).toHaveLength(tools.length);

    const code = await project.loom(['mcp', 'config', 'claude-code']);
    expect(code.stdout.trim()).toBe('claude mcp add loom -- loom mcp serve');
    for (const client of ['claude-desktop', 'cursor']) {
      const snippet = await project.loom(['mcp', 'config', client]);
      expect(snippet.code, snippet.stderr).toBe(0);
      expect(JSON.parse(snippet.stdout)).toEqual({ mcpServers: { loom: { command: 'loom', args: ['mcp', 'serve', '--project', project.root] } } });
    }
    const bad = await project.loom(['mcp', 'config', 'vim']);
    expect(bad.code).not.toBe(0);
  });

  it('a --dir it cannot make or write into is one line saying so, not a bug report, and never a hang', async () => {
    writeFileSync(join(project.root, 'a-file'), 'x');
    // Under a file; and under /proc, where Node 20's recursive mkdir spins forever.
    for (const [dir, code] of [[join(project.root, 'a-file', 'commands'), 'ENOTDIR'], ['/proc/loom-commands', 'ENOENT']] as const) {
      const failed = await project.loom(['export', 'claude-commands', '--dir', dir]);
      expect(failed.code, dir).toBe(1);
      expect(failed.stderr.trim().split('\n')).toEqual([`error[EXPORT_DIR_UNWRITABLE]: cannot write slash commands into ${dir}: ${code}`, 'hint: pass --dir a folder you can create and write to (default: .claude/commands)']);
      expect(failed.stdout).toBe('');
    }
  }, 60_000);
});
