// For hosts that run chains themselves (the benchmarks): the engine behind the plugin's service.
export { createChainService } from './service.js';
export { createInProcessRunner, createShellRunner, commandIds } from './execute/index.js';
