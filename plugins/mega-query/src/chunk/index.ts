export { planChunks, chunkHash, compressedPaths, type ChunkOptions } from './pack.js';
export { planAnswerChunk } from './answer-chunk.js';
export { renderChunk } from './render.js';
export { summarizePack, type PackSummary } from './summary.js';
export { costPlan, type CostPlanOptions } from './plan.js';
