import { loomProject } from '../../vitest.shared.js';

// End-to-end tests spawn the built CLI and, for plugins, a loopback npm registry.
export default loomProject('cli', { testTimeout: 120_000 });
