// The plugin's hooks, one module for the kernel (the manifest's `hooks`) and for early answers
// (the CLI's `earlyHooks`: a process that answered `query mega` early still keeps its report).
import { keepLatestMega } from './mega-latest.js';

export const plugin = 'mcp';

/** mega-query's event, named as a string: its types are not imported (the plugins meet only through the kernel). */
export const hooks = {
  'mega-query:report': keepLatestMega,
};
