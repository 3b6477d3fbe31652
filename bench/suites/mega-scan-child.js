// One cold scan in a fresh process, for the mega suite: walk + binary skip + secret scan +
// injection score + token count of `process.argv[2]`, no tree-sitter, no LLM. Prints one JSON
// line: files, bytes, the scan's own duration and the process's peak RSS.
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestKernel } from '@loomkit/kernel/testing';
import llmPlugin from '@loomkit/llm/plugin';
import megaQueryPlugin, { MegaQueryToken } from '@loomkit/plugin-mega-query';
import securityPlugin from '@loomkit/plugin-security';

const [target, mode = 'scan'] = process.argv.slice(2);
// A fresh project per run: an empty .loom/cache, so nothing is warm but the OS page cache.
const project = mkdtempSync(join(tmpdir(), 'loom-bench-scan-'));
const kernel = await createTestKernel({
  plugins: [llmPlugin, securityPlugin, megaQueryPlugin],
  cwd: project,
  env: {},
  config: { 'mega-query': { defaultExcludes: false } },
});
const service = kernel.get(MegaQueryToken);
const started = performance.now();
const result = mode === 'scan' ? await service.scan({ target }) : await service.mega({ target, dryRun: true });
const ms = performance.now() - started;
const scan = mode === 'scan' ? result : undefined;
process.stdout.write(
  `${JSON.stringify({
    ms,
    files: scan?.files.length ?? result.report.totals.files,
    bytes: scan?.totals.bytes,
    tokens: scan?.totals.tokens,
    skipped: scan?.skipped.length,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    plan: mode === 'scan' ? undefined : result.plan,
  })}\n`,
);
await kernel.dispose();
