export { scan, type ScanDeps, type ScanOptions } from './scan.js';
export { createFileCache, type CachedDerived, type FileCache, type FileCacheOptions } from './cache.js';
export { createReadProtected, type ProtectDeps } from './protect.js';
export { languageOf } from './language.js';
export { isBinaryContent, isBinaryPath } from './binary.js';
export { decodeText } from './read.js';
export { createProtectionCache, type CachedProtection, type ProtectionCache } from './protection-cache.js';
export { openStampIndex, type StampIndex } from './stamps.js';
export { cacheDirFor } from './cache-dir.js';
