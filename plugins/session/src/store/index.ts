export { createSessionStore, FileSessionStore, SESSIONS_DIR, type ResolvedSession, type SessionStoreOptions } from './store.js';
export { UserIndex } from './user-index.js';
export { validateName, validateReference, newId, isId, datedName, uniqueName, newPinId, printable } from './ids.js';
export { parseLine, migrate, serialize, foldState } from './records.js';
export { withLock, writeFileAtomic, type LockOptions } from './fs-utils.js';
export type { SessionStore, SessionState, SessionSummary } from './types.js';
