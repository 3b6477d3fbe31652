import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTestKernel } from '@loomkit/kernel/testing';
import llmPlugin from '@loomkit/llm/plugin';
import { afterEach, describe, expect, it } from 'vitest';
import securityPlugin, { detectionVersion, InjectionGuardToken, SecretsToken } from '../src/index.js';
import { codeDigest } from '../src/detection-version.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A plugin-shaped folder: src/{secrets,injection,redaction}/ and data/. */
function layout(): { base: URL; write: (path: string, text: string) => void } {
  const root = mkdtempSync(join(tmpdir(), 'detection-version-'));
  dirs.push(root);
  for (const dir of ['src/secrets', 'src/injection', 'src/redaction', 'data', 'src/commands']) mkdirSync(join(root, dir), { recursive: true });
  const write = (path: string, text: string) => writeFileSync(join(root, path), text);
  write('src/secrets/rules.js', 'export const RULES = [/ghp_[a-z]{36}/];\n');
  write('src/injection/model.js', 'export const load = () => 1;\n');
  write('src/redaction/redactor.js', 'export const placeholder = () => "[x]";\n');
  write('data/injection-model.json', '{"weights":[0.1,0.2]}\n');
  return { base: pathToFileURL(join(root, 'src/')), write };
}

async function versionsWith(config: Record<string, unknown>) {
  const kernel = await createTestKernel({ plugins: [llmPlugin, securityPlugin], config: { security: config } });
  const versions = { secrets: kernel.get(SecretsToken).version, injection: kernel.get(InjectionGuardToken).version };
  await kernel.dispose();
  return versions;
}

describe('the detection version', () => {
  it('changes with a rule, a detection module or the model, and not with what decides nothing', () => {
    const { base, write } = layout();
    const first = codeDigest(base);
    expect(codeDigest(base)).toBe(first);
    write('src/commands/scan.js', 'export default 1;\n');
    write('src/secrets/rules.js.map', '{}');
    expect(codeDigest(base)).toBe(first);
    write('src/secrets/rules.js', 'export const RULES = [/ghp_[a-z]{36}/, /sk_live_[a-z]{24}/];\n');
    const newRule = codeDigest(base);
    expect(newRule).not.toBe(first);
    write('data/injection-model.json', '{"weights":[0.1,0.3]}\n');
    expect(codeDigest(base)).not.toBe(newRule);
  });

  it('stamps the scanner and the guard: equal for equal settings, different when the baseline rules or threshold differ', async () => {
    const plain = await versionsWith({});
    expect(plain.secrets).toMatch(/^[0-9a-f]{16}$/);
    expect(plain.injection).toMatch(/^[0-9a-f]{16}$/);
    expect(plain.secrets).not.toBe(plain.injection);
    expect(await versionsWith({})).toEqual(plain);
    const disabled = await versionsWith({ disabledRules: ['github-token'] });
    expect(disabled.secrets).not.toBe(plain.secrets);
    expect(disabled.injection).toBe(plain.injection);
    const stricter = await versionsWith({ injection: { threshold: 0.2 } });
    expect(stricter.injection).not.toBe(plain.injection);
    expect(stricter.secrets).toBe(plain.secrets);
    expect(detectionVersion()).toMatch(/^[0-9a-f]{16}$/);
    expect(detectionVersion('secrets')).not.toBe(detectionVersion());
  });
});
