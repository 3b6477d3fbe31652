import { describe, expect, it } from 'vitest';
import { currentInvocation, runInvocation } from '../src/invocation.js';

describe('command invocations', () => {
  it('gives each run its own id, kept across awaits, nested runs included, and none outside', async () => {
    expect(currentInvocation()).toBeUndefined();
    const seen: Array<[string, string | undefined]> = [];
    const run = (name: string, inner?: () => Promise<void>) =>
      runInvocation(async () => {
        const mine = currentInvocation();
        await new Promise((done) => setTimeout(done, 5));
        seen.push([name, currentInvocation()]);
        if (inner) await inner();
        expect(currentInvocation()).toBe(mine);
        return mine;
      });
    const ids = await Promise.all([run('a'), run('b', async () => void (await run('b-inner')))]);
    expect(new Set(ids).size).toBe(2);
    expect(Object.fromEntries(seen).a).toBe(ids[0]);
    expect(Object.fromEntries(seen).b).toBe(ids[1]);
    expect([...ids]).not.toContain(Object.fromEntries(seen)['b-inner']);
    expect(Object.fromEntries(seen)['b-inner']).toBeDefined();
    expect(currentInvocation()).toBeUndefined();
  });
});
