import { loomProject } from '../../vitest.shared.js';

export default loomProject('metrics', { testTimeout: 60_000 });
