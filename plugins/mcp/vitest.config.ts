import { loomProject } from '../../vitest.shared.js';

export default loomProject('mcp', { testTimeout: 60_000 });
