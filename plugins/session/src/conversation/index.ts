export { createConversationService, readPinnedMemory, textOf, type ConversationDeps } from './service.js';
export { planContext, renderTurn, seqRange, systemPrompt, visibleItems } from './context.js';
export type { CompactionPreview, ContextPlan, ConversationService } from './types.js';
