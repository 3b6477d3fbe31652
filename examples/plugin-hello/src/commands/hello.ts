import { fileURLToPath } from 'node:url';
import { Args } from '@oclif/core';
import { Kernel } from '@loomkit/kernel';
import { LoomCommand } from '@loomkit/kernel/command';
import { Greeter } from '../greeter.js';

export interface HelloResult {
  greeting: string;
  /** The file `@loomkit/kernel` resolves to from this plugin: its own installed copy. */
  kernelModule: string;
  /**
   * Whether the running kernel was built by that same copy. False once installed: the kernel
   * is the host's (the running `loom`), reached through the host bridge. True when linked
   * into a checkout whose `loom` shares this plugin's copy.
   */
  kernelFromOwnCopy: boolean;
}

export default class Hello extends LoomCommand {
  static override summary = 'Greet someone with the configured greeting.';
  static override description = 'The greeting comes from the hello.greeter service this plugin provides to the host kernel; set it with `loom config set hello.greeting Hi`.';
  static override examples = ['<%= config.bin %> hello', '<%= config.bin %> hello Ada --json'];
  static override enableJsonFlag = true;
  static override args = {
    name: Args.string({ description: 'Who to greet', default: 'world' }),
  };

  async run(): Promise<HelloResult> {
    const { args } = await this.parse(Hello);
    const kernel = await this.kernel();
    const greeting = kernel.get(Greeter).greet(args.name);
    this.log(greeting);
    return {
      greeting,
      kernelModule: fileURLToPath(import.meta.resolve('@loomkit/kernel')),
      kernelFromOwnCopy: kernel instanceof Kernel,
    };
  }
}
