import { join } from 'node:path';
import { format } from 'node:util';
import { Help } from '@oclif/core';
import { helpKey, isRootHelp, keepHelp } from './kept-help.js';

/**
 * oclif's help, unchanged in what it prints. A command line that asks for the root help
 * (`loom --help`, `loom help`) keeps the text for the next one, which the CLI's early entry
 * then answers without loading oclif (./kept-help.ts); not with user or linked plugins.
 */
export default class LoomHelp extends Help {
  private rendered: string[] | undefined;

  override async showHelp(argv: string[]): Promise<void> {
    const plugins = [...this.config.plugins.values()];
    const keep = isRootHelp(process.argv.slice(2)) && argv.every((arg) => arg === '--help') && plugins.every((plugin) => plugin.type === 'core');
    this.rendered = keep ? [] : undefined;
    await super.showHelp(argv);
    if (!this.rendered) return;
    const files = [
      ...plugins.flatMap((plugin) => [join(plugin.root, 'package.json'), join(plugin.root, 'oclif.manifest.json')]),
      join(this.config.dataDir, 'package.json'),
      join(this.config.configDir, 'theme.json'),
    ];
    keepHelp(this.config.cacheDir, helpKey(this.config.version, process.env), files, this.rendered.join(''));
    this.rendered = undefined;
  }

  /** What oclif's `log` prints (`ux.stdout(args)`: `console.log(format(...args))`), also kept when asked. */
  protected override log(...args: string[]): void {
    const text = `${format(...args)}\n`;
    this.rendered?.push(text);
    (this.opts.sendToStderr ? process.stderr : process.stdout).write(text);
  }
}
