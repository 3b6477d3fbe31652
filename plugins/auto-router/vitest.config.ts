import { loomProject } from '../../vitest.shared.js';

export default loomProject('auto-router', { testTimeout: 60_000 });
