import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { createTestKernel } from '@loomkit/kernel/testing';
import llmPlugin from '@loomkit/llm/plugin';
import securityPlugin from '@loomkit/plugin-security';
import { planted } from '@loomkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ToolSpec } from '../src/catalog/index.js';
import { createProtector, type Protector } from '../src/server/protect.js';
import { outcomeResult } from '../src/server/results.js';

const spec: ToolSpec = {
  name: 'query_map',
  command: 'query map',
  plugin: 'mega-query',
  summary: 'map',
  description: 'map',
  examples: ['map it'],
  effect: 'read',
  parameters: [
    { name: 'path', kind: 'arg', type: 'string', description: '', required: false, multiple: false, allowNo: false, path: true },
    { name: 'focus', kind: 'flag', type: 'string', description: '', required: false, multiple: false, allowNo: false, path: false },
  ],
};

describe('what the server returns and accepts', () => {
  let protector: Protector;
  let root: string;
  const cwd = process.cwd();

  beforeAll(async () => {
    const kernel = await createTestKernel({ plugins: [llmPlugin, securityPlugin] });
    root = realpathSync(kernel.paths.projectRoot);
    mkdirSync(join(root, 'src'), { recursive: true });
    process.chdir(root);
    protector = createProtector(kernel);
  });

  afterAll(() => process.chdir(cwd));

  it('redacts secrets in every string of a result, keys included, keeping its shape', () => {
    const { value, changed, text } = protector.redact({ files: [{ path: 'a.ts', line: `token = '${planted.github}'` }], [planted.aws]: 1, count: 3 });
    expect(changed).toBe(true);
    expect(text).toBeUndefined();
    const json = JSON.stringify(value);
    expect(json).not.toContain(planted.github);
    expect(json).not.toContain(planted.aws);
    expect(value).toMatchObject({ files: [{ path: 'a.ts', line: expect.stringContaining('[REDACTED:') }], count: 3 });
    expect(protector.redact({ clean: 'nothing here' })).toEqual({ value: { clean: 'nothing here' }, changed: false });
  });

  it('sends only redacted text when a secret shows only across fields', () => {
    const secret = 'hunter2-Very-Secret-99';
    const { value, text } = protector.redact({ password: secret });
    expect(value).toBeUndefined();
    expect(text).toContain('[REDACTED:');
    expect(text).not.toContain(secret);
    const result = outcomeResult(spec, { exitCode: 0, output: { password: secret } }, protector);
    expect(result.structuredContent).toBeUndefined();
    expect(JSON.stringify(result)).not.toContain(secret);
  });

  it('redacts a failing command\'s error too', () => {
    const result = outcomeResult(spec, { exitCode: 1, error: { code: 'X', message: `bad key ${planted.stripe}` } }, protector);
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result)).not.toContain(planted.stripe);
  });

  it('refuses path arguments outside the project or at credentials, and lets the project\'s own through', () => {
    expect(() => protector.checkPaths(spec, { path: 'src' })).not.toThrow();
    expect(() => protector.checkPaths(spec, { path: '.' })).not.toThrow();
    expect(() => protector.checkPaths(spec, { path: '/etc' })).toThrow(expect.objectContaining({ code: 'POLICY_PATH_DENIED' }));
    expect(() => protector.checkPaths(spec, { path: '../..' })).toThrow(expect.objectContaining({ code: 'POLICY_PATH_DENIED' }));
    expect(() => protector.checkPaths(spec, { path: join(process.env.HOME ?? '/root', '.ssh/id_rsa') })).toThrow(expect.objectContaining({ code: 'POLICY_PATH_DENIED' }));
    // "-" would make the command read stdin: in stdio mode, the protocol's own messages.
    expect(() => protector.checkPaths(spec, { path: '-' })).toThrow(expect.objectContaining({ code: 'MCP_INVALID_ARGUMENTS' }));
    // Only path parameters are paths: a focus word is not checked.
    expect(() => protector.checkPaths(spec, { focus: '/etc' })).not.toThrow();
  });
});
