import { loomProject } from '../../vitest.shared.js';

export default loomProject('security', { testTimeout: 60_000 });
