import { describe, expect, it, vi } from 'vitest';
import { LoomError } from '../src/errors.js';
import { createEventBus, type HandlerFailure } from '../src/events.js';

const payload = { command: 'session start', argv: ['--fast'] };

function bus() {
  const reported: HandlerFailure[] = [];
  return { events: createEventBus((failure) => reported.push(failure)), reported };
}

describe('createEventBus', () => {
  it('runs handlers in subscription order with the payload', async () => {
    const { events } = bus();
    const calls: string[] = [];
    events.on('command:start', (p) => void calls.push(`first ${p.command}`));
    events.on('command:start', (p) => void calls.push(`second ${p.argv.join(' ')}`));
    events.on('command:end', () => void calls.push('other event'));
    await events.emit('command:start', payload);
    expect(calls).toEqual(['first session start', 'second --fast']);
  });

  it('awaits each handler before running the next', async () => {
    const { events } = bus();
    const calls: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    events.on('command:start', async () => {
      await gate;
      calls.push('slow');
    });
    events.on('command:start', () => void calls.push('fast'));
    const emitted = events.emit('command:start', payload);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([]);
    release();
    await emitted;
    expect(calls).toEqual(['slow', 'fast']);
  });

  it('does nothing for an event without handlers', async () => {
    const { events, reported } = bus();
    await expect(events.emit('command:end', { command: 'x', durationMs: 1 })).resolves.toBeUndefined();
    expect(reported).toEqual([]);
  });

  it('stops calling a handler once it unsubscribes', async () => {
    const { events } = bus();
    const kept = vi.fn();
    const dropped = vi.fn();
    events.on('command:start', kept);
    const off = events.on('command:start', dropped);
    await events.emit('command:start', payload);
    off();
    await events.emit('command:start', payload);
    expect(kept).toHaveBeenCalledTimes(2);
    expect(dropped).toHaveBeenCalledTimes(1);
  });

  it('unsubscribes only the subscription it was returned for', async () => {
    const { events } = bus();
    const handler = vi.fn();
    const offFirst = events.on('command:start', handler);
    events.on('command:start', handler);
    offFirst();
    offFirst();
    await events.emit('command:start', payload);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('lets a handler unsubscribe itself during emit without skipping the next one', async () => {
    const { events } = bus();
    const calls: string[] = [];
    const off = events.on('command:start', () => {
      calls.push('once');
      off();
    });
    events.on('command:start', () => void calls.push('always'));
    await events.emit('command:start', payload);
    await events.emit('command:start', payload);
    expect(calls).toEqual(['once', 'always', 'always']);
  });

  it('reports a throwing handler as HOOK_FAILED and keeps running the others', async () => {
    const { events, reported } = bus();
    const after = vi.fn();
    events.on('command:start', () => {
      throw new Error('kaput');
    }, { owner: 'flaky' });
    events.on('command:start', after);
    await expect(events.emit('command:start', payload)).resolves.toBeUndefined();
    expect(after).toHaveBeenCalledWith(payload);
    expect(reported).toHaveLength(1);
    expect(reported[0]!.event).toBe('command:start');
    expect(reported[0]!.owner).toBe('flaky');
    expect(reported[0]!.error.code).toBe('HOOK_FAILED');
    expect(reported[0]!.error.message).toBe('kaput');
  });

  it('reports a rejected async handler and keeps a LoomError as it is', async () => {
    const { events, reported } = bus();
    const original = new LoomError('MY_CODE', 'nope');
    events.on('command:end', async () => {
      throw original;
    });
    await events.emit('command:end', { command: 'x', durationMs: 3 });
    expect(reported).toEqual([{ event: 'command:end', owner: undefined, error: original }]);
  });

  it('sends a failure to the handler’s own onFailure instead of the bus reporter', async () => {
    const { events, reported } = bus();
    const own: HandlerFailure[] = [];
    events.on('command:start', () => {
      throw new Error('mine');
    }, { owner: 'p', onFailure: (failure) => own.push(failure) });
    await events.emit('command:start', payload);
    expect(reported).toEqual([]);
    expect(own.map((f) => [f.event, f.owner, f.error.message])).toEqual([['command:start', 'p', 'mine']]);
  });

  it('propagates from emit when onFailure throws, skipping later handlers', async () => {
    const { events } = bus();
    const later = vi.fn();
    events.on('command:start', () => {
      throw new Error('inner');
    }, {
      onFailure: (failure) => {
        throw new LoomError('FATAL', `wrapped ${failure.error.message}`);
      },
    });
    events.on('command:start', later);
    await expect(events.emit('command:start', payload)).rejects.toMatchObject({ code: 'FATAL', message: 'wrapped inner' });
    expect(later).not.toHaveBeenCalled();
  });

  it('removes every handler of one owner, on every event, and no others', async () => {
    const { events } = bus();
    const calls: string[] = [];
    events.on('command:start', () => void calls.push('a start'), { owner: 'a' });
    events.on('command:end', () => void calls.push('a end'), { owner: 'a' });
    events.on('command:start', () => void calls.push('b start'), { owner: 'b' });
    events.on('command:end', () => void calls.push('anonymous end'));
    events.removeOwner('a');
    await events.emit('command:start', payload);
    await events.emit('command:end', { command: 'x', durationMs: 1 });
    expect(calls).toEqual(['b start', 'anonymous end']);
  });
});
