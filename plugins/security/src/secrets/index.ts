/** The secret scanner: rules, pre-filter, placeholders, masking, fingerprints, baseline, streaming. */
export { createSecretScanner, resolveOverlaps, type SecretScannerOptions } from './scanner.js';
export { RULES } from './rules.js';
export type { MatchContext, RuleCheck, SecretRule, Span } from './rule.js';
export { createKeywordFilter, type KeywordFilter } from './keywords.js';
export { characterClasses, shannonEntropy } from './entropy.js';
export { hasExampleContext, isDocumentation, isHexDigest, isLockfile, isLoopbackHost, isPlaceholder, isTemplate, isUuid, type PlaceholderPolicy } from './placeholders.js';
export { maskSecret } from './mask.js';
export { fingerprint, normalizeFile, secretHash } from './fingerprint.js';
export { createBaseline, parseBaseline, readBaseline, writeBaseline, type Baseline, type BaselineEntry } from './baseline.js';
export { BINARY_EXTENSIONS, BINARY_SNIFF_BYTES, isBinaryContent, isBinaryPath } from './binary.js';
export { DEFAULT_CHUNK_BYTES, DEFAULT_OVERLAP_CHARS, scanFileInChunks, type ChunkOptions } from './stream.js';
export { IGNORE_MARKER, IGNORE_NEXT_LINE_MARKER, isIgnored } from './ignore.js';
export { evaluate, OUT_OF_SCOPE_RULES, parseCases, type CaseOutcome, type Evaluation, type EvaluationOptions, type LabelledCase } from './evaluation.js';
