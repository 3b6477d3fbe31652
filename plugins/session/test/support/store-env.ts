import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RECORD_VERSION, type TurnRecord } from '../../src/schema.js';
import { createSessionStore, type FileSessionStore } from '../../src/store/index.js';

/** Temp folders removed after each test: call `cleanup()` in afterEach. */
export function tempDirs() {
  const made: string[] = [];
  return {
    make(prefix = 'loom-session-'): string {
      const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
      made.push(dir);
      return dir;
    },
    cleanup() {
      while (made.length > 0) rmSync(made.pop()!, { recursive: true, force: true });
    },
  };
}

/** A clock that moves one second per reading, from a fixed date. */
export function steppingClock(start = '2025-11-24T09:00:00Z', stepMs = 1000): () => number {
  let now = Date.parse(start);
  return () => (now += stepMs);
}

export function storeAt(projectRoot: string, dataDir: string, now: () => number = steppingClock()): FileSessionStore {
  return createSessionStore({ projectRoot, dataDir, now, lock: { staleMs: 2000 } });
}

export function turn(input: string, overrides: Partial<TurnRecord> = {}): TurnRecord {
  return {
    v: RECORD_VERSION,
    type: 'turn',
    seq: 0,
    at: '2025-11-24T10:00:00.000Z',
    kind: 'conversation',
    command: null,
    input,
    output: `answer to ${input}`,
    model: 'claude-sonnet-4-5',
    tokens: { input: 10, output: 20, cacheWrite: 0, cacheRead: 0 },
    costUsd: 0.001,
    durationMs: 100,
    git: { branch: 'main', head: null },
    files: [],
    ...overrides,
  };
}
