export { createRunStore, RUNS_DIR, type RunStore } from './store.js';
