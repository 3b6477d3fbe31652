import { createToken } from '@loomkit/kernel';
import type { Policy } from '@loomkit/plugin-security';
import type { CheckpointService, SessionStore } from '@loomkit/plugin-session';
import type { ChainService } from './service.js';

export const ChainToken = createToken<ChainService>('loom.chain');

// The optional plugins' tokens, named as they register them (Symbol.for keys): importing
// their modules would load them even when a workflow needs neither.
export const PolicyToken = createToken<Policy>('loom.security.policy');
export const CheckpointsToken = createToken<CheckpointService>('loom.session.checkpoints');
export const SessionStoreToken = createToken<SessionStore>('loom.session.store');
