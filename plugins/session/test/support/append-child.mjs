// A writer in its own process, appending turns to one session through the built store:
// `node append-child.mjs <projectRoot> <dataDir> <sessionId> <tag> <count|forever> [barrier [peerTag]]`.
// With a barrier file, prints "ready" and waits for that file to exist before appending, so
// several writers start together. With a peer, it goes in lockstep: turn i waits until the
// peer has appended its turn i - 1, so both contend for the lock at every step and their
// turns are forced to alternate. Prints "go" after its first append, so a parent can time a
// kill -9 after that.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSessionStore } from '../../dist/store/index.js';

const [root, dataDir, id, tag, count, barrier, peer] = process.argv.slice(2);
if (barrier) {
  process.stdout.write('ready\n');
  while (!existsSync(barrier)) await sleep(2);
}
const store = createSessionStore({ projectRoot: root, dataDir, lock: { staleMs: 2000 } });
const limit = count === 'forever' ? Infinity : Number(count);
// Outputs of varied size, some larger than a pipe buffer, so writes are not trivially small.
const filler = 'x'.repeat(20_000);

const progressOf = (who) => {
  try {
    return Number(readFileSync(`${barrier}.${who}`, 'utf8'));
  } catch {
    return 0;
  }
};

for (let i = 0; i < limit; i++) {
  if (peer) while (progressOf(peer) < i) await sleep(1);
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
  if (peer) writeFileSync(`${barrier}.${tag}`, String(i + 1));
  if (i === 0) process.stdout.write('go\n');
}
