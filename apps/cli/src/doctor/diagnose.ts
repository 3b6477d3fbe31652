import { execFile } from 'node:child_process';
import { access, constants, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { isLoomError, type Kernel, type Paths, type PluginStatus } from '@loomkit/kernel';
import type { Llm } from '@loomkit/llm';
import semver from 'semver';

export type CheckState = 'ok' | 'warn' | 'fail';

export interface Check {
  name: string;
  state: CheckState;
  detail: string;
  hint?: string;
}

export interface PluginReport {
  name: string;
  package: string;
  version: string | null;
  firstParty: boolean;
  state: PluginStatus['state'];
  error: { code: string; message: string; hint?: string | undefined } | null;
}

export interface Diagnosis {
  ok: boolean;
  checks: Check[];
  plugins: PluginReport[];
}

const NODE_RANGE = '>=20.19';

export function checkNode(version = process.versions.node): Check {
  return semver.satisfies(version, NODE_RANGE)
    ? { name: 'node', state: 'ok', detail: `v${version}` }
    : { name: 'node', state: 'fail', detail: `v${version} (needs ${NODE_RANGE})`, hint: 'install Node.js 20.19 or newer' };
}

export async function checkGit(): Promise<Check> {
  try {
    const { stdout } = await promisify(execFile)('git', ['--version']);
    return { name: 'git', state: 'ok', detail: stdout.trim().replace(/^git version /, '') };
  } catch {
    return { name: 'git', state: 'fail', detail: 'not found on PATH', hint: 'install git: checkpoints, churn and repo walks need it' };
  }
}

/** Writable if it exists and is writable, or if its parent is (so `loom init` can create it). */
async function writable(path: string): Promise<boolean> {
  const target = await stat(path).then(() => path, () => dirname(path));
  return access(target, constants.W_OK).then(() => true, () => false);
}

export async function checkProject(paths: Paths): Promise<Check[]> {
  const hasConfig = await stat(paths.projectConfigFile).then(() => true, () => false);
  const stateWritable = await writable(paths.stateDir);
  return [
    {
      name: 'project',
      state: hasConfig ? 'ok' : 'warn',
      detail: hasConfig ? paths.projectRoot : `${paths.projectRoot} (no loom.config.json)`,
      ...(hasConfig ? {} : { hint: 'run `loom init` to create loom.config.json and .loom/' }),
    },
    stateWritable
      ? { name: 'state dir', state: 'ok', detail: `${paths.stateDir} is writable` }
      : { name: 'state dir', state: 'fail', detail: `${paths.stateDir} is not writable`, hint: 'fix the folder permissions' },
  ];
}

/** Whether a key is set, never its value. */
export function checkApiKey(env: NodeJS.ProcessEnv = process.env): Check {
  return env.ANTHROPIC_API_KEY
    ? { name: 'api key', state: 'ok', detail: 'ANTHROPIC_API_KEY is set' }
    : {
        name: 'api key',
        state: 'warn',
        detail: 'ANTHROPIC_API_KEY is not set: offline features only',
        hint: 'export ANTHROPIC_API_KEY=… to let Loom call Claude',
      };
}

export function pluginReports(kernel: Kernel): PluginReport[] {
  return kernel.status().map((status) => ({
    name: status.name,
    package: status.origin,
    version: status.version ?? null,
    firstParty: status.firstParty,
    state: status.state,
    error: status.error ? { code: status.error.code, message: status.error.message, hint: status.error.hint } : null,
  }));
}

/** The model table always; with `online`, a free count_tokens call proves the key works. */
export async function checkLlm(llm: Llm | undefined, online: boolean): Promise<Check[]> {
  if (!llm) return [{ name: 'llm', state: 'fail', detail: 'the llm plugin did not load', hint: 'run `loom doctor --json` to see why' }];
  const models = Object.keys(llm.models.models).length;
  const prices: Check = { name: 'prices', state: 'ok', detail: `model table of ${llm.models.updated}, ${models} models; default ${llm.defaultModel}` };
  if (!online) return [prices];
  if (!llm.available) return [prices, { name: 'api', state: 'fail', detail: 'cannot check: no API key', hint: 'export ANTHROPIC_API_KEY=…' }];
  try {
    const { inputTokens } = await llm.countTokens({ messages: [{ role: 'user', content: 'ping' }] });
    return [prices, { name: 'api', state: 'ok', detail: `key accepted (count_tokens answered ${inputTokens})` }];
  } catch (error) {
    const detail = isLoomError(error) ? `[${error.code}] ${error.message}` : String(error);
    return [prices, { name: 'api', state: 'fail', detail, hint: isLoomError(error) ? error.hint : undefined }];
  }
}

/** `git`: the git check, started before the kernel booted so its process runs meanwhile. */
export async function diagnose(kernel: Kernel, paths: Paths, llmChecks: Check[] = [], git: Promise<Check> = checkGit()): Promise<Diagnosis> {
  const checks = [checkNode(), await git, ...(await checkProject(paths)), checkApiKey(), ...llmChecks];
  const plugins = pluginReports(kernel);
  const ok = checks.every((check) => check.state !== 'fail') && plugins.every((plugin) => plugin.state !== 'failed');
  return { ok, checks, plugins };
}
