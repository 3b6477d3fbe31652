import { loomProject } from '../../vitest.shared.js';

export default loomProject('chain', { testTimeout: 60_000 });
