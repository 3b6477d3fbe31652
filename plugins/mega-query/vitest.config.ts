import { loomProject } from '../../vitest.shared.js';

export default loomProject('mega-query', { testTimeout: 60_000 });
