import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, resolvePaths, type Paths } from '@loomkit/kernel';
import { createLlm, llmConfigSchema, type Llm } from '@loomkit/llm';
import { createTempProject, startFakeClaude, type FakeClaude, type FakeMessagesRequest, type FakeReplyScript, type TempProject } from '@loomkit/testkit';
import type { z } from 'zod';
import { createConversationService } from '../../src/conversation/index.js';
import type { ConversationService } from '../../src/conversation/types.js';
import { RECORD_VERSION, sessionConfigSchema, type TurnRecord } from '../../src/schema.js';
import { createSessionStore, type FileSessionStore } from '../../src/store/index.js';

export interface ConversationSetup {
  fake: FakeClaude;
  project: TempProject;
  paths: Paths;
  llm: Llm;
  store: FileSessionStore;
  sessionId: string;
  service: ConversationService;
  /** Another service over the same store, llm and project, with other session settings. */
  withConfig(config: z.input<typeof sessionConfigSchema>): ConversationService;
  /** The Messages requests the fake received, oldest first. */
  messageRequests(): FakeMessagesRequest[];
  close(): Promise<void>;
}

export async function setUpConversation(options: { reply?: FakeReplyScript; config?: z.input<typeof sessionConfigSchema>; online?: boolean; files?: Record<string, string> } = {}): Promise<ConversationSetup> {
  const fake = await startFakeClaude({ reply: options.reply });
  const project = await createTempProject({ git: true, files: options.files ?? {} });
  const paths = resolvePaths({ cwd: project.root, userConfigDir: join(project.root, '.u'), dataDir: join(project.root, '.d'), cacheDir: join(project.root, '.c') });
  const llm = createLlm({
    config: llmConfigSchema.parse({
      retry: { baseDelayMs: 5, maxDelayMs: 50 },
      limits: { requestsPerMinute: 100_000, inputTokensPerMinute: 100_000_000, outputTokensPerMinute: 100_000_000 },
    }),
    env: { ANTHROPIC_API_KEY: options.online === false ? '' : fake.apiKey, ANTHROPIC_BASE_URL: fake.url },
    events: { emit: async () => undefined },
    paths,
    logger: createLogger('silent'),
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'loom-data-'));
  const store = createSessionStore({ projectRoot: project.root, dataDir, now: () => Date.parse('2025-11-24T09:00:00Z') });
  const session = await store.create('chat');
  let clock = Date.parse('2025-11-24T10:00:00Z');
  const withConfig = (config: z.input<typeof sessionConfigSchema>) =>
    createConversationService({ store, llm, config: sessionConfigSchema.parse(config), paths, now: () => (clock += 250), checkRead: (path) => path });
  return {
    fake,
    project,
    paths,
    llm,
    store,
    sessionId: session.id,
    service: withConfig(options.config ?? {}),
    withConfig,
    messageRequests: () => fake.requests.filter((request) => request.path === '/v1/messages').map((request) => request.body as FakeMessagesRequest),
    async close() {
      await fake.close();
      project.remove();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The text of a message's or system prompt's content, whether a string or blocks. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((block) => (block as { text?: string }).text ?? '').join('');
  return '';
}

/** A raw turn record, for sessions whose history a test writes directly. */
export function turn(seq: number, input: string, output: string, extra: Partial<TurnRecord> = {}): TurnRecord {
  return {
    v: RECORD_VERSION,
    type: 'turn',
    seq,
    at: new Date(Date.UTC(2025, 10, 24, 9, seq)).toISOString(),
    kind: 'conversation',
    command: null,
    input,
    output,
    model: 'claude-sonnet-4-6',
    tokens: { input: 10, output: 10, cacheWrite: 0, cacheRead: 0 },
    costUsd: 0.001,
    durationMs: 100,
    git: { branch: 'main', head: null },
    files: [],
    ...extra,
  };
}
