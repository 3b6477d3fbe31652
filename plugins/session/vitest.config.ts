import { loomProject } from '../../vitest.shared.js';

export default loomProject('session', { testTimeout: 60_000 });
