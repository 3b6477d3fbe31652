import { existsSync } from 'node:fs';
import { Flags } from '@oclif/core';
import { LoomError, listTrusted, readConfigFile, revokeTrust, trustConfig, withoutWeakeningKeys } from '@loomkit/kernel';
import { LoomCommand, renderTable } from '@loomkit/kernel/command';

interface TrustOutput {
  file: string;
  trusted: boolean;
  sha256: string | null;
  /** The security-weakening keys this config sets, honoured only while it is trusted. */
  weakeningKeys: string[];
  projects?: Array<{ file: string; sha256: string; trustedAt: string; current: boolean }>;
}

/**
 * A core command, not the security plugin's: trust is checked by the kernel before any
 * plugin loads, covers every plugin's keys (llm.baseUrl, session.notesFile,
 * kernel.disabledPlugins) and must keep working when the security plugin is disabled.
 */
export default class Trust extends LoomCommand {
  static override summary = "Trust this project's loom.config.json, so its security-weakening settings count.";
  static override description = `A cloned repository's loom.config.json may not weaken security: settings that disable secret rules, widen the paths Loom reads, allow commands, move the notes file or the API base URL are ignored (with one warning line naming them) until you review the file and trust it here.

Trust is recorded in your data dir by the file's path and a SHA-256 of its content: any change to the file revokes it, so review and trust again after a pull that edits it. Your own config file, LOOM_* variables and --set always count.`;
  static override examples = [
    '<%= config.bin %> trust',
    '<%= config.bin %> trust --revoke',
    '<%= config.bin %> trust --list --json',
  ];
  static override enableJsonFlag = true;
  static override flags = {
    revoke: Flags.boolean({ description: 'Stop trusting this project.', exclusive: ['list'] }),
    list: Flags.boolean({ description: 'List every trusted project and whether its config changed since.' }),
  };

  async run(): Promise<TrustOutput> {
    const { flags } = await this.parse(Trust);
    const kernel = await this.kernel({ setUp: false, strict: false });
    const { dataDir, projectConfigFile: file } = kernel.paths;
    const weakening = withoutWeakeningKeys(readConfigFile(file) ?? { source: file, values: {} }, kernel.weakeningKeys).dropped;
    if (flags.list) {
      const projects = listTrusted(dataDir);
      if (projects.length === 0) this.log('no trusted projects');
      else this.log(renderTable(['config', 'trusted at', 'state'], projects.map((p) => [p.file, p.trustedAt, p.current ? 'trusted' : 'changed since: not trusted'])));
      return { file, trusted: projects.some((p) => p.file === file && p.current), sha256: null, weakeningKeys: weakening, projects };
    }
    if (flags.revoke) {
      const revoked = await revokeTrust(dataDir, file);
      this.log(revoked ? `no longer trusted: ${file}` : `${file} was not trusted`);
      return { file, trusted: false, sha256: null, weakeningKeys: weakening };
    }
    if (!existsSync(file)) {
      throw new LoomError('TRUST_NO_CONFIG', `there is no ${file} to trust`, { hint: 'trust applies to a project\'s loom.config.json; run it in the project folder' });
    }
    const record = (await trustConfig(dataDir, file))!;
    this.log(`trusted ${record.file} (sha256 ${record.sha256.slice(0, 12)}…)`);
    this.log(weakening.length > 0 ? `now honoured: ${weakening.join(', ')}` : 'it sets no security-weakening keys');
    return { file: record.file, trusted: true, sha256: record.sha256, weakeningKeys: weakening };
  }
}
