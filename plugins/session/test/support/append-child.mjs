// A writer in its own process, appending turns to one session through the built store:
// `node append-child.mjs <projectRoot> <dataDir> <sessionId> <tag> <count|forever> [barrier]`.
// With a barrier file, prints "ready" and waits for that file to exist before appending, so
// several writers start together. Prints "go" after its first append, so a parent can time
// a kill -9 after that.
import { existsSync } from 'node:fs';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSessionStore } from '../../dist/store/index.js';

const [root, dataDir, id, tag, count, barrier] = process.argv.slice(2);
if (barrier) {
  process.stdout.write('ready\n');
  while (!existsSync(barrier)) await sleep(2);
}
const store = createSessionStore({ projectRoot: root, dataDir, lock: { staleMs: 2000 } });
const limit = count === 'forever' ? Infinity : Number(count);
// Outputs of varied size, some larger than a pipe buffer, so writes are not trivially small.
const filler = 'x'.repeat(20_000);

for (let i = 0; i < limit; i++) {
  const size = (i * 7919) % 12_000;
  await store.append(id, [
    {
      v: 1,
      type: 'turn',
      seq: 0,
      at: new Date().toISOString(),
      kind: 'command',
      command: 'test',
      input: `${tag}-${i}`,
      output: filler.slice(0, size),
      model: null,
      tokens: { input: i, output: 0, cacheWrite: 0, cacheRead: 0 },
      costUsd: 0,
      durationMs: 0,
      git: { branch: null, head: null },
      files: [],
    },
  ]);
  if (i === 0) process.stdout.write('go\n');
}
