// Reads the client's newline-delimited JSON-RPC on stdin before the SDK has loaded: each
// whole line is offered to `take` while every line so far was answered or forwarded; from the
// first line it does not take on, everything is kept for the SDK untouched. handOff() gives
// the SDK's transport a stream of all it must see — the kept bytes, then the rest of stdin.
import { PassThrough, type Readable } from 'node:stream';
import type { Take } from './answers.js';

const NEWLINE = 0x0a;
/** A line longer than this is no initialize or tools/list: the SDK's (its own limit is 10 MiB). */
const LONGEST = 1 << 20;

export interface EarlyReader {
  /** Resolves once the SDK is needed: tools/list answered, a line left to it, or the input ended. */
  readonly needed: Promise<void>;
  /** Stops answering: everything not answered, then the rest of the input, as one stream. */
  handOff(): Readable;
}

/** Starts reading `input`; answers go to `write`, in the order of the requests. */
export function readEarly(input: Readable, take: (line: string) => Take | undefined, write: (reply: string) => void): EarlyReader {
  /** Bytes the SDK will read, in order. */
  const kept: Buffer[] = [];
  let partial: Buffer = Buffer.alloc(0);
  let answering = true;
  let ended = false;
  let out: PassThrough | undefined;
  let need: () => void = () => undefined;
  const needed = new Promise<void>((resolve) => (need = resolve));

  const onData = (chunk: Buffer) => {
    if (out) return void out.write(chunk);
    if (!answering) return void kept.push(chunk);
    let bytes: Buffer = partial.length > 0 ? Buffer.concat([partial, chunk]) : chunk;
    for (let end = bytes.indexOf(NEWLINE); end !== -1 && answering; end = bytes.indexOf(NEWLINE)) {
      const taken = take(bytes.toString('utf8', 0, end).replace(/\r$/, ''));
      if (!taken) {
        answering = false;
        break;
      }
      if (taken.reply !== undefined) write(taken.reply);
      if (taken.forward) kept.push(bytes.subarray(0, end + 1));
      if (taken.listed) need();
      bytes = bytes.subarray(end + 1);
    }
    if (answering && bytes.length > LONGEST) answering = false;
    if (answering) partial = bytes;
    else {
      kept.push(bytes);
      partial = Buffer.alloc(0);
      need();
    }
  };
  const onEnd = () => {
    ended = true;
    out?.end();
    need();
  };
  input.on('data', onData);
  input.once('end', onEnd);
  // Before the hand-off an unreadable input is an ended one; after, the transport hears of it.
  input.on('error', (error) => (out ? out.destroy(error) : onEnd()));

  return {
    needed,
    handOff() {
      const handed = (out = new PassThrough());
      // The transport pauses its stream when the server closes: stdin then stops being read, so the process may end.
      handed.on('pause', () => {
        if (handed.listenerCount('data') > 0) return;
        input.off('data', onData);
        input.pause();
      });
      for (const bytes of [...kept, partial]) if (bytes.length > 0) handed.write(bytes);
      kept.length = 0;
      if (ended) handed.end();
      return handed;
    },
  };
}
