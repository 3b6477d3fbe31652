import { createToken } from '@loomkit/kernel';
import type { Llm } from './client.js';

/** The one door to Claude. Plugins take it from `ctx.get(LlmToken)`, never from this package's internals. */
export const LlmToken = createToken<Llm>('loom.llm');
