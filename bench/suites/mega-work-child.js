// The per-file work of a cold `query mega` alone, on one thread, in a fresh process: for the
// floor row of mega-vs-repomix.js. Every file Loom reads (git's listing, else every regular
// file; binary and oversized ones skipped as the scan skips them) is read, hashed and decoded,
// then put through the scan's own per-file step (scan/work.ts, what a scan worker runs): secret
// scan, redaction, injection score, lines, tokens, and tree-sitter's symbols and imports; a copy
// (the bytes and name of a file before it) as the scan judges one, by its secret scan alone when
// that redacts the same spans. No walk, cache, graph, ranking or plan. Prints one JSON line: files, CPU of the loop, and the
// part of it in tree-sitter (CPU too: the process's, which on one thread is this work's and V8's).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { injectionGuardFrom, secretScannerFrom } from '@loomkit/plugin-security/detectors';

const require = createRequire(import.meta.url);
// The scan's internals are not exports of the plugin; a bench may read its build.
const dist = join(dirname(require.resolve('@loomkit/plugin-mega-query/package.json')), 'dist');
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const { twinKeyOf, workLikeTwin, workOn } = await load('scan/work.js');
const { readText } = await load('scan/read.js');
const { nodeFs } = await load('walk/fs.js');
const { isBinaryPath } = await load('scan/binary.js');
const { languageOf } = await load('scan/language.js');
const { structureOf } = await load('repomap/facts.js');

const MAX_FILE_BYTES = 1_048_576; // mega-query.maxFileBytes' default
const [dir] = process.argv.slice(2);

function listed(root) {
  try {
    return execFileSync('git', ['ls-files', '-z'], { cwd: root, maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }).toString().split('\0').filter(Boolean);
  } catch {
    return readdirSync(root, { recursive: true, withFileTypes: true }).flatMap((entry) => (entry.isFile() ? [relative(root, join(entry.parentPath, entry.name))] : []));
  }
}

let factsMs = 0;
const tools = {
  secrets: secretScannerFrom({ baseline: [], disabledRules: [] }),
  injection: injectionGuardFrom({}),
  facts: async (text, language, path) => {
    const started = process.cpuUsage();
    try {
      return await structureOf(text, language, path);
    } finally {
      const used = process.cpuUsage(started);
      factsMs += (used.user + used.system) / 1000;
    }
  },
};

const paths = listed(dir).filter((path) => !isBinaryPath(path));
const before = process.cpuUsage();
let files = 0;
const twins = new Map();
for (const path of paths) {
  const read = await readText(join(dir, path), nodeFs, MAX_FILE_BYTES);
  if (read.kind !== 'text') continue;
  const job = { raw: read.text, path, language: languageOf(path), encoding: read.encoding, protect: true, words: false };
  const key = twinKeyOf(read.hash, path);
  const twin = twins.get(key);
  const work = (twin && workLikeTwin(job, twin, tools.secrets)) ?? (await workOn(job, tools));
  if (!twins.has(key)) twins.set(key, work);
  files++;
}
const used = process.cpuUsage(before);
process.stdout.write(`${JSON.stringify({ files, cpuMs: (used.user + used.system) / 1000, factsMs })}\n`);
