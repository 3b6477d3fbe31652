import { LoomCommand } from '@loomkit/kernel/command';
import { FutureClock } from '../index.js';

export default class Future extends LoomCommand {
  static override summary = 'Tell the time in the future (needs kernel >=99.0.0).';
  static override enableJsonFlag = true;

  async run(): Promise<{ now: string }> {
    await this.parse(Future);
    // Refused here: LoomCommand will not run a command whose plugin failed to load.
    const kernel = await this.kernel();
    const now = kernel.get(FutureClock).now();
    this.log(now);
    return { now };
  }
}
