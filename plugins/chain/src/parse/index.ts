export { parseWorkflowText, type ParsedFile } from './file.js';
export { parseInline } from './inline.js';
