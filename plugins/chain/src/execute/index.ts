export { executeRun, type Checkpointer, type ExecuteDeps } from './scheduler.js';
export { createInProcessRunner, commandIds } from './in-process.js';
export { createShellRunner } from './shell.js';
export { evaluate, parseExpression, references, templateExpressions } from './expressions.js';
export { commandWords, interpolate } from './arguments.js';
