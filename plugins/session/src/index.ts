import { createRequire } from 'node:module';
import { CoreTokens, definePlugin } from '@loomkit/kernel';
import { LlmToken } from '@loomkit/llm';
import { PolicyToken } from '@loomkit/plugin-security';
import { createCheckpointService } from './checkpoints/index.js';
import { createConversationService } from './conversation/index.js';
import { sessionRoutes } from './routes.js';
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
  routes: sessionRoutes,
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
