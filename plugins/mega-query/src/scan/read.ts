import { createHash } from 'node:crypto';
import type { SkipReason } from '../types.js';
import type { WalkFs } from '../walk/fs.js';
import { skipReasonOf } from '../walk/skip-reason.js';
import { isBinaryContent } from './binary.js';

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'latin1';
}

/** A file's text and the hash of its raw bytes (the bytes themselves are not kept). */
export type ReadOutcome = ({ kind: 'text'; hash: string } & DecodedText) | { kind: 'skip'; reason: SkipReason; detail?: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * The text of `bytes`: strict UTF-8 with any BOM dropped, else latin1, which decodes every byte
 * sequence, so a legacy-encoded file is read rather than refused.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'), encoding: 'latin1' };
  }
}

/** sha256 of the raw bytes, first 16 hex characters: the key everything derived is cached under. */
export const contentHash = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

/** Reads `abs` as text, or says why not (binary content, gone, permission denied, not a regular file, over `maxBytes`). */
export async function readText(abs: string, fs: WalkFs, maxBytes?: number): Promise<ReadOutcome> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(abs, maxBytes);
  } catch (error) {
    return { kind: 'skip', ...skipReasonOf(error) };
  }
  if (isBinaryContent(bytes)) return { kind: 'skip', reason: 'binary', detail: 'content' };
  return { kind: 'text', hash: contentHash(bytes), ...decodeText(bytes) };
}
