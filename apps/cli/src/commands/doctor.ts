import { Flags } from '@oclif/core';
import { LlmToken } from '@loomkit/llm';
import { isLoomError, type Kernel, type LoomError } from '@loomkit/kernel';
import { LoomCommand, renderTable } from '@loomkit/kernel/command';
import { checkGit, checkLlm, diagnose, type Diagnosis } from '../doctor/diagnose.js';

export default class Doctor extends LoomCommand {
  static override summary = 'Check that Loom can run here, and which plugins loaded.';
  static override description = `Checks Node.js, git, the project root and its .loom/ folder, whether an API key is set (never its value), the model price table, and every plugin: its version, whether it resolved, and why not. With --online it also proves the key works.

Exits 1 when a check fails, so scripts can gate on it.`;
  static override examples = ['<%= config.bin %> doctor', '<%= config.bin %> doctor --online', '<%= config.bin %> doctor --json | jq .plugins'];
  static override enableJsonFlag = true;
  static override flags = {
    online: Flags.boolean({ description: 'Also check the API key with a free count_tokens call (the only network use of doctor).' }),
  };

  async run(): Promise<Diagnosis> {
    const { flags } = await this.parse(Doctor);
    // git starts now and answers while the kernel boots: its start (about 7 ms) overlaps the boot.
    const git = checkGit();
    // Not strict: a broken first-party plugin is exactly what doctor must report.
    const { kernel, configError } = await this.bootEvenIfConfigFails();
    const diagnosis = await diagnose(kernel, kernel.paths, await checkLlm(kernel.getOptional(LlmToken), flags.online), git);
    if (configError) {
      diagnosis.checks.push({ name: 'config', state: 'fail', detail: `[${configError.code}] ${configError.message}`, hint: configError.hint });
      diagnosis.ok = false;
    }
    if (!this.jsonEnabled()) this.print(diagnosis);
    // The table says what still works; the config error then ends the run as every command's would.
    if (configError && !this.jsonEnabled()) throw configError;
    if (!diagnosis.ok) process.exitCode = 1;
    return diagnosis;
  }

  /** A broken config stops every other command; doctor boots on the defaults instead, and reports it. */
  private async bootEvenIfConfigFails(): Promise<{ kernel: Kernel; configError?: LoomError }> {
    try {
      return { kernel: await this.kernel({ strict: false }) };
    } catch (error) {
      if (!isLoomError(error) || !error.code.startsWith('CONFIG_')) throw error;
      return { kernel: await this.kernel({ strict: false, ignoreConfig: true }), configError: error };
    }
  }

  private print(diagnosis: Diagnosis): void {
    const mark = { ok: '✓', warn: '!', fail: '✗', ready: '✓', disabled: '-', failed: '✗' } as const;
    this.log(renderTable(['', 'check', 'result'], diagnosis.checks.map((check) => [mark[check.state], check.name, check.detail])));
    for (const check of diagnosis.checks.filter((c) => c.hint && c.state !== 'ok')) this.log(`  hint (${check.name}): ${check.hint}`);
    this.log('');
    if (diagnosis.plugins.length === 0) {
      this.log('plugins: none installed (add one with `loom plugins install <package>`)');
      return;
    }
    this.log(
      renderTable(
        ['', 'plugin', 'version', 'package', 'source', 'status'],
        diagnosis.plugins.map((plugin) => [
          mark[plugin.state],
          plugin.name,
          plugin.version ?? '?',
          plugin.package,
          plugin.firstParty ? 'bundled' : 'installed',
          plugin.error ? `${plugin.state}: [${plugin.error.code}] ${plugin.error.message}` : plugin.state,
        ]),
      ),
    );
  }
}
