// Preloaded with --import: appends every module the process resolves (ESM and CommonJS)
// to the file named by TRACE_IMPORTS_FILE (not a LOOM_* name: those make early answers decline), so a test can prove what start-up did not load:
// ES module URLs, CommonJS request names, and `compiled:<file>` for each CommonJS file compiled.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import process from 'node:process';

const out = process.env.TRACE_IMPORTS_FILE;
const hooks = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(out)}, result.url + '\\n');
  return result;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, import.meta.url);
// The CommonJS files actually compiled (a request served from require's cache compiles none).
const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  appendFileSync(out, `compiled:${filename}\n`);
  return compile.call(this, content, filename);
};
const load = Module._load;
Module._load = function (request, parent, isMain) {
  appendFileSync(out, `${request}\n`);
  return load.call(this, request, parent, isMain);
};
