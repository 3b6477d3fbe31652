export { createTempProject, type TempProject, type TempProjectOptions } from './temp-project.js';
export { createCliRunner, type CliResult, type CliRunOptions, type CliRunner } from './cli-runner.js';
