export { LoomCommand } from './loom-command.js';
export { bootKernel, discoverPlugins, pathsFor, configFileLayers } from './boot.js';
export { normalizeError, renderError, errorJson, USAGE_EXIT } from './render-error.js';
export { registerHost, currentHost, type LoomHost, type BootRequest } from './host.js';
export { renderTable } from './table.js';
export { createInProcessRunner, type InProcessRunner, type CommandOutcome } from './in-process.js';
