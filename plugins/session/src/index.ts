import { createRequire } from 'node:module';
import { CoreTokens, definePlugin } from '@loomkit/kernel';
import { LlmToken } from '@loomkit/llm';
import { PolicyToken } from '@loomkit/plugin-security';
import { createCheckpointService } from './checkpoints/index.js';
import { createConversationService } from './conversation/index.js';
import { sessionConfigSchema } from './schema.js';
import { createTurnRecorder } from './service/recorder.js';
import { createSessionStore } from './store/store.js';
import { CheckpointsToken, ConversationToken, SessionStoreToken } from './tokens.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const recorder = createTurnRecorder();

export default definePlugin({
  name: 'session',
  version,
  kernel: '^1.0.0',
  description: 'Durable, resumable, rewindable sessions: every turn recorded, nothing deleted behind your back.',
  // The security policy decides which notes file may be read into a call.
  dependsOn: { llm: '^0.1.0', security: '^0.1.0' },
  provides: [SessionStoreToken, CheckpointsToken, ConversationToken],
  config: sessionConfigSchema,
  // The notes file is read into every call: a project could point it at any file.
  weakensSecurity: ['notesFile'],
  routes: [
    { command: 'session start', summary: 'Start a named session and make it active', examples: ['start a session for the login bug', 'begin a new session called refactor-db', 'track this work as a session', 'continue from yesterday\'s session in a new one'], args: { name: 'a human-readable name (dated if left out)', from: 'a session to carry turns and memory from' } },
    { command: 'session list', summary: 'List sessions, here or in every project', examples: ['list my sessions', 'show all sessions on this machine', 'what sessions do I have in other repos'], args: { 'all-projects': 'include every project loom knows' } },
    { command: 'session status', summary: 'Show the active session: turns, tokens, cost', examples: ['which session am I in', 'how much has this session cost so far', 'session status'] },
    { command: 'session show', summary: 'Show a session\'s turns', examples: ['show the session refactor-db', 'what happened in session 3fk2', 'show the raw turns including compacted ones'], args: { session: 'id, id prefix or name', raw: 'include turns folded into summaries' } },
    { command: 'session resume', summary: 'Resume a session (a picker on a terminal)', examples: ['resume my last session', 'go back to the login bug session', 'continue where I left off'], args: { session: 'id, id prefix or name; the most recent if left out' } },
    { command: 'session end', summary: 'End the active session', examples: ['end this session', 'I am done with this work, close the session', 'end and archive the session'], args: { archive: 'also move it to the archive' } },
    { command: 'session fork', summary: 'Copy a session to try another direction', examples: ['fork this session', 'branch the session to try a different approach'], args: { session: 'the session to copy', name: 'the copy\'s name' } },
    { command: 'session memory', summary: 'Show what is pinned into every call', examples: ['what does claude always see', 'show pinned memory', 'show the project notes'] },
    { command: 'session memory add', summary: 'Pin a note into every call of the session', examples: ['remember that we use pnpm not npm', 'pin this: the API is versioned under /v2', 'always keep in mind the db is postgres 16'], args: { text: 'the note' } },
    { command: 'session memory rm', summary: 'Unpin a note', examples: ['forget the note about pnpm', 'remove pinned memory m3k9'], args: { id: 'the pin\'s id, from `session memory`' } },
    { command: 'session search', summary: 'Search sessions\' turns and memory', examples: ['find the session where we talked about rate limits', 'search all my sessions for "migration"', 'when did I fix the flaky test'], args: { text: 'words to find', 'all-projects': 'search every project' } },
    { command: 'session export', summary: 'Export a session as Markdown, JSON or a Claude Code transcript', examples: ['export this session to markdown', 'save the session as json', 'export the session for claude code'], args: { session: 'id, id prefix or name', format: 'md, json or claude-code' } },
    { command: 'session import', summary: 'Import a Claude Code transcript or a Loom export', examples: ['import my claude code conversation', 'bring in the transcript from ~/.claude/projects', 'import session.json'], args: { file: 'the transcript (.jsonl) or export (.json)', from: 'claude-code or loom' } },
    { command: 'session rename', summary: 'Rename a session', examples: ['rename this session to auth-fix', 'call session 3fk2 db-migration'], args: { session: 'id, id prefix or name', name: 'the new name' } },
    { command: 'session cleanup', summary: 'Archive (or purge) old sessions, saying what first', examples: ['clean up old sessions', 'archive sessions older than 30 days', 'keep only my 10 latest sessions', 'what would cleanup remove'], args: { 'older-than': 'e.g. 90d', keep: 'how many recent ones to keep', 'dry-run': 'only say what would happen', purge: 'delete for good instead of archiving' } },
    { command: 'session checkpoint', summary: 'Checkpoint the work tree without touching it', examples: ['checkpoint my work', 'save a restore point before the refactor', 'snapshot the repo with a message'], args: { message: 'what this checkpoint is' } },
    { command: 'session checkpoints', summary: 'List the session\'s checkpoints', examples: ['list checkpoints', 'what restore points do I have'] },
    { command: 'session restore', summary: 'Restore the work tree to a checkpoint', examples: ['undo everything since the last checkpoint', 'restore checkpoint 3', 'preview what restoring would change'], args: { checkpoint: 'the checkpoint id', preview: 'show the diff only', force: 'overwrite uncommitted changes' } },
    { command: 'session diff', summary: 'Diff checkpoints, or a checkpoint and the work tree', examples: ['what changed since the checkpoint', 'diff checkpoint 2 and 4'], args: { a: 'a checkpoint', b: 'another checkpoint (the work tree if left out)' } },
    { command: 'session ask', summary: 'Ask Claude within the session\'s context', examples: ['ask claude why the test fails, with the session context', 'continue the conversation'], args: { question: 'what to ask' } },
    { command: 'session compact', summary: 'Summarise older turns to fit the context budget', examples: ['compact the session', 'summarise old turns but keep the last 10', 'what would compaction drop'], args: { keep: 'turns kept verbatim', instructions: 'what the summary must keep', preview: 'only show what would be summarised' } },
    { command: 'ask', summary: 'Ask Claude, in the active session if there is one', examples: ['ask claude how the router works', 'explain this error', 'what does the session plugin do'], args: { question: 'what to ask' } },
  ],
  hooks: {
    'command:start': (payload, ctx) => recorder.start(payload, ctx),
    'llm:response': (payload, ctx) => recorder.llm(payload, ctx),
    'command:end': (payload, ctx) => recorder.end(payload, ctx),
    'command:error': (payload, ctx) => recorder.error(payload, ctx),
  },
  permissions: {
    filesystem: ['<dataDir>/sessions (the index of sessions across projects)', 'a transcript file given to `session import` (e.g. under ~/.claude/projects)'],
    shell: true,
  },
  setup(ctx) {
    const now = () => ctx.get(CoreTokens.Clock).now();
    ctx.provide(SessionStoreToken, { factory: () => createSessionStore({ projectRoot: ctx.paths.projectRoot, stateDir: ctx.paths.stateDir, dataDir: ctx.paths.dataDir, now }) });
    ctx.provide(CheckpointsToken, { factory: () => createCheckpointService({ store: ctx.get(SessionStoreToken), git: ctx.get(CoreTokens.Git), now }) });
    ctx.provide(ConversationToken, {
      factory: () => createConversationService({ store: ctx.get(SessionStoreToken), llm: ctx.get(LlmToken), config: ctx.config, paths: ctx.paths, now, checkRead: (path) => ctx.get(PolicyToken).checkPath(path) }),
    });
  },
});

export { SessionStoreToken, CheckpointsToken, ConversationToken } from './tokens.js';
export { sessionConfigSchema, sessionRecordSchema, RECORD_VERSION, type SessionConfig, type SessionRecord, type TurnRecord, type CheckpointRecord } from './schema.js';
export { createSessionStore, FileSessionStore, type SessionStoreOptions } from './store/store.js';
export type { SessionStore, SessionState, SessionSummary } from './store/types.js';
export { createSessionService, type SessionService } from './service/session-service.js';
export { parseClaudeCodeTranscript, toClaudeCodeTranscript } from './interop/claude-code.js';
export { createCheckpointService } from './checkpoints/index.js';
export { createConversationService } from './conversation/index.js';
export type { CheckpointService, RestorePreview } from './checkpoints/types.js';
export type { ConversationService, ContextPlan, CompactionPreview } from './conversation/types.js';
