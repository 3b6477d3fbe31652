/**
 * One rule for unknown config keys, wherever they come from: a warning naming the key and
 * the closest known one, the key ignored, the command (and the plugin) unaffected; writing
 * one with `loom config set` is refused with the same suggestion. Needs `pnpm build` first.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLoom } from './support/cli.js';

const loom = createLoom();
const freshProject = () => mkdtempSync(join(tmpdir(), 'loom-keys-'));
const warnings = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('warn: '));

describe('unknown config keys', () => {
  it('a misspelt top-level section in loom.config.json is a warning naming the closest section', async () => {
    const project = freshProject();
    writeFileSync(join(project, 'loom.config.json'), JSON.stringify({ securty: { onSecret: 'block' } }));
    const result = await loom(['session', 'list', '--json'], { cwd: project });
    expect(result.code, result.stderr).toBe(0);
    expect(warnings(result.stderr)).toEqual([
      `warn: ${join(project, 'loom.config.json')}: unknown config key "securty", ignored (did you mean "security"?)`,
    ]);
  });

  it('--set nokey=1 is a warning too', async () => {
    const result = await loom(['session', 'list', '--json', '--set', 'nokey=1'], { cwd: freshProject() });
    expect(result.code, result.stderr).toBe(0);
    expect(warnings(result.stderr)).toEqual(['warn: flags: unknown config key "nokey", ignored']);
  });

  it('an unknown key in a plugin\'s section warns and leaves the plugin working, its other keys applied', async () => {
    const project = freshProject();
    const result = await loom(['config', 'get', 'security.onSecret', '--set', 'security.onSecrett=warn', '--set', 'security.onSecret=block'], { cwd: project });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe('block');
    expect(warnings(result.stderr)).toEqual(['warn: flags: unknown config key "security.onSecrett", ignored (did you mean "security.onSecret"?)']);
    const policy = await loom(['security', 'policy', '--json', '--set', 'security.onSecrett=warn'], { cwd: project });
    expect(policy.code, policy.stderr).toBe(0);
  });

  it('`loom config set` refuses an unknown key, naming the closest', async () => {
    const set = await loom(['config', 'set', 'security.onSecrett', 'block'], { cwd: freshProject() });
    expect(set.code).toBe(1);
    expect(set.stderr).toMatch(/^error\[CONFIG_UNKNOWN_KEY\]: no config key "security\.onSecrett"\nhint: did you mean "security\.onSecret"\?/);
    const section = await loom(['config', 'set', 'securty.onSecret', 'block'], { cwd: freshProject() });
    expect(section.stderr).toMatch(/hint: did you mean "security(\.onSecret)?"\?/);
  });
});
