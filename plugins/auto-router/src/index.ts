export { default } from './plugin.js';

// The route-reading and routing modules are public: an MCP server (or any tool) can list
// the installed routes, their summaries and argument descriptions, and route text itself.
export { readRoutes, ROUTES_FILE, type RouteSource, type ReadRoutes } from './routes/index.js';
export { loadRouter, type RouterEnvironment, type LoadedRouter } from './service.js';
export { oclifEnvironment, specOf } from './environment.js';
export { createRouter, type Router, type RouterData, type RouteOptions } from './router.js';
export { extractArgs, toArgv, type Extraction } from './extract/index.js';
export { evaluate, parseRequests, tuneThresholds, type Evaluation, type LabelledRequest } from './evaluate/index.js';
export { askClaude, FALLBACK_MODEL } from './fallback/index.js';
export { fit, predict, NONE, type ModelData } from './model/index.js';
export { trainingTexts } from './model/training.js';
export { readThresholds, thresholdsPath } from './store.js';
export { DEFAULT_THRESHOLDS, type Band, type CommandSpec, type Decision, type RouteEntry, type Thresholds } from './types.js';
