export { createCheckpointService, resolveCheckpoint, refComponent, CHECKPOINT_REF_PREFIX, type CheckpointDeps } from './service.js';
export type { CheckpointService, RestorePreview } from './types.js';
