/** Prompt-injection detection and fencing of untrusted content. */
export { createInjectionGuard, scoreText, type InjectionGuardOptions, type DetailedVerdict } from './guard.js';
export { fence, fenceId, neutralize } from './fence.js';
export { loadModel, parseModel, MODEL_URL, type InjectionModel, type ModelFile } from './model.js';
export { analyze, featureLayout, DENSE_FEATURES, FEATURE_LAYOUT_VERSION, HASH_BITS } from './features.js';
export { normalize, type NormalizedText } from './normalize.js';
export { segment, type Channel, type Segment } from './hidden-channels.js';
