import { z } from 'zod';

/** The `session` section of loom.config.json. */
export const sessionConfigSchema = z.strictObject({
  /** Tokens of context a resumed session may send (older turns are compacted beyond it). */
  contextTokens: z.number().int().positive().default(60_000),
  /** Turns kept verbatim at the end of the context when compacting. */
  keepRecentTurns: z.number().int().min(0).default(6),
  /** Project notes file pinned into every call, relative to the project root. */
  notesFile: z.string().default('LOOM.md'),
});
export type SessionConfig = z.output<typeof sessionConfigSchema>;

export const RECORD_VERSION = 1;

const tokens = z.object({ input: z.number(), output: z.number(), cacheWrite: z.number(), cacheRead: z.number() });
const gitState = z.object({ branch: z.string().nullable(), head: z.string().nullable() });

/** One line of `.loom/sessions/<id>.jsonl`. Records are append-only; `v` is migrated on read. */
export const sessionRecordSchema = z.discriminatedUnion('type', [
  z.object({ v: z.number(), type: z.literal('session'), id: z.string(), name: z.string(), createdAt: z.string(), projectRoot: z.string(), forkedFrom: z.string().nullable() }),
  z.object({
    v: z.number(),
    type: z.literal('turn'),
    seq: z.number().int().nonnegative(),
    at: z.string(),
    /** `command`: a Loom command run in the session; `conversation`: a message to Claude; `summary`: a compaction. */
    kind: z.enum(['command', 'conversation', 'summary']),
    command: z.string().nullable(),
    input: z.string(),
    output: z.string(),
    model: z.string().nullable(),
    tokens,
    costUsd: z.number(),
    durationMs: z.number(),
    git: gitState,
    files: z.array(z.string()),
    /** For a summary turn: the seqs it summarises (the raw turns stay on disk). */
    summarises: z.array(z.number()).optional(),
  }),
  z.object({ v: z.number(), type: z.literal('checkpoint'), id: z.string(), at: z.string(), message: z.string(), ref: z.string(), commit: z.string(), auto: z.boolean() }),
  z.object({ v: z.number(), type: z.literal('rename'), at: z.string(), name: z.string() }),
  z.object({ v: z.number(), type: z.literal('pin'), at: z.string(), id: z.string(), text: z.string() }),
  z.object({ v: z.number(), type: z.literal('unpin'), at: z.string(), id: z.string() }),
  z.object({ v: z.number(), type: z.literal('end'), at: z.string() }),
  // Resuming an ended session re-opens it: the log, not the active marker, says it is open.
  z.object({ v: z.number(), type: z.literal('resume'), at: z.string() }),
]);
export type SessionRecord = z.output<typeof sessionRecordSchema>;
export type TurnRecord = Extract<SessionRecord, { type: 'turn' }>;
export type CheckpointRecord = Extract<SessionRecord, { type: 'checkpoint' }>;
