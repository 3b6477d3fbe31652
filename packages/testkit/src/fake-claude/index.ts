export { startFakeClaude } from './server.js';
export { DEFAULT_FAKE_MODELS } from './models.js';
export { sampleFromSchema } from './json-schema.js';
export { CHARS_PER_TOKEN, estimateTokens } from './usage.js';
export type {
  FakeClaude,
  FakeClaudeOptions,
  FakeErrorReply,
  FakeErrorType,
  FakeFaultSpec,
  FakeFaultStep,
  FakeMessagesRequest,
  FakeModel,
  FakeRecordedRequest,
  FakeUsage,
  FakeReply,
  FakeReplyContext,
  FakeReplyScript,
  FakeReplySpec,
  FakeStopReason,
  FakeToolCall,
} from './types.js';
