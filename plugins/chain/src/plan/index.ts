export { downstreamOf, findCycle, levels, needsOf, upstreamOf } from './graph.js';
export { renderMermaid, renderTerminal } from './render.js';
