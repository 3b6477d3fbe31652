export { createTempProject, type TempProject, type TempProjectOptions } from './temp-project.js';
export { createCliRunner, userEnv, type CliResult, type CliRunOptions, type CliRunner } from './cli-runner.js';
export {
  startFakeClaude,
  DEFAULT_FAKE_MODELS,
  sampleFromSchema,
  CHARS_PER_TOKEN,
  estimateTokens,
  type FakeClaude,
  type FakeClaudeOptions,
  type FakeErrorReply,
  type FakeErrorType,
  type FakeFaultSpec,
  type FakeFaultStep,
  type FakeMessagesRequest,
  type FakeModel,
  type FakeRecordedRequest,
  type FakeUsage,
  type FakeReply,
  type FakeReplyContext,
  type FakeReplyScript,
  type FakeReplySpec,
  type FakeStopReason,
  type FakeToolCall,
} from './fake-claude/index.js';
export { planted, pem, randomish } from './planted-secrets.js';
export { prng } from './fake-claude/ids.js';
export { billedUsd, type PriceTable } from './fake-claude/bill.js';
export { captureOutput, type CapturedOutput } from './capture-output.js';
export { createGeneratedRepo, GENERATED_LARGE_FILE_BYTES, type GeneratedRepo, type GeneratedRepoOptions } from './generated-repo.js';
export { FILE_TYPES, generateLookalikes, generateSecrets, type FileType, type GeneratedCase } from './secret-corpus.js';
export { generateClaudeTranscripts, type ClaudeTranscriptOptions, type ClaudeTranscriptTruth, type UsageTruth } from './claude-transcripts.js';
export { isolatedUserEnv } from './user-env.js';
export { cpuMsBestOf, measureGrowth, type Growth } from './growth.js';
