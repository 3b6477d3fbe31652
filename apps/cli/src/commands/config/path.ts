import { existsSync } from 'node:fs';
import { LoomCommand, pathsFor } from '@loomkit/kernel/command';

interface ConfigFiles {
  user: { file: string; exists: boolean };
  project: { file: string; exists: boolean };
}

export default class ConfigPath extends LoomCommand {
  static override summary = 'Print where the user and project config files live.';
  static override description = 'The user file is in the XDG config dir (LOOM_CONFIG_DIR overrides it); the project file is loom.config.json at the project root.';
  static override examples = ['<%= config.bin %> config path', '$EDITOR "$(<%= config.bin %> config path --json | jq -r .project.file)"'];
  static override enableJsonFlag = true;

  async run(): Promise<ConfigFiles> {
    await this.parse(ConfigPath);
    const paths = pathsFor(this.config, process.cwd());
    const files = {
      user: { file: paths.userConfigFile, exists: existsSync(paths.userConfigFile) },
      project: { file: paths.projectConfigFile, exists: existsSync(paths.projectConfigFile) },
    };
    for (const [scope, { file, exists }] of Object.entries(files)) this.log(`${scope.padEnd(8)}${file}${exists ? '' : '  (not created yet)'}`);
    return files;
  }
}
