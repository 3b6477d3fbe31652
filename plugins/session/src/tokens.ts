import { createToken } from '@loomkit/kernel';
import type { CheckpointService } from './checkpoints/types.js';
import type { ConversationService } from './conversation/types.js';
import type { SessionStore } from './store/types.js';

export const SessionStoreToken = createToken<SessionStore>('loom.session.store');
export const CheckpointsToken = createToken<CheckpointService>('loom.session.checkpoints');
export const ConversationToken = createToken<ConversationService>('loom.session.conversation');
